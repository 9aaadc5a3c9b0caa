"""`cityhive assessments_import FILE.jsonl`: many cities' assessments at once, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cityhive.assessment.jsonlines import assessments_import
from cityhive.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Import assessment lines (JSON Lines, type assessment: a city's KPI values, climate "
        "risks and emissions for a year); a file with any error writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            count = assessments_import(text=file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except ValidationFailed as error:
            for where, messages in error.field_errors.items():
                self.stderr.write(f"{where}: {'; '.join(messages)}")
            raise CommandError("Nothing was imported.") from error
        self.stdout.write(f"{count} assessments imported.")
