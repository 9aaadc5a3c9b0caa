"""`cityhive assessments_export > FILE.jsonl`: every assessment, as JSON Lines."""

from django.core.management.base import BaseCommand

from cityhive.assessment.jsonlines import assessments_export
from cityhive.assessment.models import Assessment


class Command(BaseCommand):
    help = "Export every city's assessments (JSON Lines, type assessment) to standard output."

    def handle(self, *args, **options):
        # The command line is the platform's operator: every assessment, whoever may see it.
        for line in assessments_export(Assessment.objects.all()):
            self.stdout.write(line, ending="")
