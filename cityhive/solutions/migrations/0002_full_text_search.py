from django.db import migrations

from cityhive.core.search import fts_operations


class Migration(migrations.Migration):
    dependencies = [("solutions", "0001_initial")]
    operations = [
        fts_operations("solutions_solution", ["title", "summary", "description"]),
    ]
