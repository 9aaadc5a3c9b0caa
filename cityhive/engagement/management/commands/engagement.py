"""`cityhive engagement expire`: expire requests to connect that waited past their date."""

from django.core.management.base import BaseCommand

from cityhive.engagement.services import interests_expire


class Command(BaseCommand):
    help = "Engagement upkeep: `expire` marks unanswered requests past their date as expired."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["expire"])

    def handle(self, *args, action: str, **options) -> None:
        expired = interests_expire()
        self.stdout.write(f"{expired} request(s) expired.")
