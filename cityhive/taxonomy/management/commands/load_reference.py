from time import perf_counter

from django.core.management.base import BaseCommand

from cityhive.taxonomy.services import reference_data_load


class Command(BaseCommand):
    help = "Load the SDGs, U4SSC KPIs and facet vocabularies shipped with CityHive; safe to rerun."

    def handle(self, *args, **options):
        started = perf_counter()
        report = reference_data_load()
        lines = [
            f"{report.sdg_goals} SDG goals",
            f"{report.sdg_targets} SDG targets",
            f"{report.sdg_indicators} SDG indicators",
            f"{report.kpis} U4SSC KPIs ({report.kpi_dimensions} dimensions, "
            f"{report.kpi_sub_dimensions} sub-dimensions, {report.kpi_categories} categories)",
            f"{report.facet_terms} facet vocabulary terms",
        ]
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"Reference data loaded in {perf_counter() - started:.2f} s.")
