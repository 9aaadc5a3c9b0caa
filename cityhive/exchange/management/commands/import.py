"""`cityhive import FILE.jsonl` (or `-` for stdin): import an exchange file, all-or-nothing."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, OperationalError

from cityhive.core.errors import DomainError
from cityhive.exchange.errors import ImportInvalid
from cityhive.exchange.importer import exchange_import
from cityhive.exchange.permissions import OPERATOR
from cityhive.exchange.progress import Progress


class Command(BaseCommand):
    help = (
        "Import a CityHive exchange file (JSON Lines, see docs/exchange-format.md). Nothing is "
        "written unless every line is valid; every error is printed with its line number."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .jsonl file, or - to read standard input")
        parser.add_argument("--quiet", action="store_true", help="no progress line")

    def handle(self, *args, file: str, quiet: bool, **options):
        progress = None if quiet else Progress(sys.stderr)
        try:
            report = self._import(file, progress)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        except ImportInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(invalid.message) from invalid
        except DomainError as error:
            raise CommandError(error.message) from error
        except IntegrityError as error:
            raise CommandError(
                "Nothing was imported: another write saved the same record at the same moment "
                "(run the import again)."
            ) from error
        except OperationalError as error:
            raise CommandError(_unavailable_message(error)) from error
        self.stdout.write(f"Imported {report.lines:,} lines.")
        for line in report.summary():
            self.stdout.write(f"  {line}")

    def _import(self, file: str, progress):
        if file == "-":
            return exchange_import(actor=OPERATOR, source=sys.stdin.buffer, progress=progress)
        with open(file, "rb") as source:
            return exchange_import(actor=OPERATOR, source=source, progress=progress)


def _unavailable_message(error: OperationalError) -> str:
    if "locked" in str(error) or "busy" in str(error):
        return (
            "Nothing was imported: the database stayed locked by other writes longer than "
            "the import waits; run it again."
        )
    return f"Nothing was imported: the database is unavailable ({error})."
