"""`cityhive partnership expire`: mark the partnerships whose period has ended (partner status
already ends with the period; this records it). Safe to run again, e.g. daily from cron."""

from django.core.management.base import BaseCommand

from cityhive.core.actors import SYSTEM
from cityhive.partnership.services import partnerships_expire


class Command(BaseCommand):
    help = "Partnership programme upkeep."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("expire", help="Mark partnerships whose period has ended as expired.")

    def handle(self, *args, action, **options):
        expired = partnerships_expire(actor=SYSTEM)
        self.stdout.write(f"Marked {expired} partnership(s) as expired.")
