"""Indexes for the catalogue's filters, measured with bench/catalogue_list.py (docs/benchmarks.md).

- newest first, with the provider: the default order, and the country filter checks each row's
  provider from the index instead of reading the row (a rare country no longer reads the table);
- maturity: "TRL 7 or more", with or without a country, is counted from the index alone;
- cost level: published solutions of one cost level, newest first, without a sort.

They are created with AddIndex (the schema editor's SQL on every database) but kept out of the
migration state, because the models module is not this change's to edit. To move them into
Solution.Meta.indexes, add identical models.Index entries with these names and make this
migration's operations state-only (SeparateDatabaseAndState with state_operations).
"""

from django.db import migrations, models

INDEXES = [
    models.Index(
        fields=["status", "-published_at", "provider"], name="solution_newest_provider_idx"
    ),
    models.Index(
        fields=["status", "maturity", "provider", "published_at"], name="solution_maturity_idx"
    ),
    models.Index(fields=["status", "cost_level", "published_at"], name="solution_cost_idx"),
]


class Migration(migrations.Migration):
    dependencies = [("solutions", "0003_solution_files")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(model_name="solution", index=index) for index in INDEXES
            ],
            state_operations=[],
        )
    ]
