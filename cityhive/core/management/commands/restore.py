"""`cityhive restore ARCHIVE`: put a backup's database and uploads into this data folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cityhive.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `cityhive backup` into this data folder and database. "
        "Refuses when they already hold data (unless --force), when the archive is damaged or "
        "when it holds another database vendor. Stop the site first."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database and uploads that are there now.",
        )

    def handle(self, *args, archive, force, **options):
        try:
            figures = backup_restore(
                archive=archive.resolve(),
                database=settings.DATABASES["default"],
                media_root=Path(settings.MEDIA_ROOT),
                data_dir=Path(settings.DATA_DIR),
                force=force,
            )
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {figures.summary()}; the backup was made on {figures.created} "
                f"by CityHive {figures.cityhive_version}."
            )
        )
        self.stdout.write(
            "Next: `cityhive migrate` if this CityHive is newer, and `cityhive index rebuild` "
            "for the semantic signal (the embedding index is not part of a backup)."
        )
