"""`cityhive export [--types organization,solution,...] > FILE.jsonl`: everything, as JSON Lines."""

from django.core.management.base import BaseCommand, CommandError

from cityhive.core.errors import ValidationFailed
from cityhive.exchange.exporter import exchange_export, export_types_parse
from cityhive.exchange.permissions import OPERATOR


class Command(BaseCommand):
    help = (
        "Export the platform's data in the CityHive exchange format (JSON Lines) to standard "
        "output: organization, solution, implementation, needs, challenge lines, each by id, "
        "then the types other apps contribute (assessment)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--types", default="", help="comma-separated types to export (default: all)"
        )

    def handle(self, *args, types: str, **options):
        try:
            kinds = export_types_parse(types)
        except ValidationFailed as error:
            raise CommandError("; ".join(error.field_errors["types"])) from error
        stream = self.stdout._out  # bytes go to the binary buffer when there is one (a console)
        binary = getattr(stream, "buffer", None)
        for line in exchange_export(actor=OPERATOR, types=kinds):
            binary.write(line) if binary is not None else stream.write(line.decode())
        stream.flush()
