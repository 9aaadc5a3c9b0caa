"""`cityhive backup`: the database and the uploads in one verified archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cityhive.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database (SQLite online backup or pg_dump) and the uploads to one .tar.gz "
        "archive with a manifest of sizes and sha256 sums. Safe while the site runs."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path.cwd(),
            help="The archive file, or a folder for cityhive-backup-<UTC time>.tar.gz "
            "(default: the current folder).",
        )

    def handle(self, *args, output, **options):
        try:
            figures = backup_create(
                output=output,
                database=settings.DATABASES["default"],
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {figures.summary()}"))
