"""`cityhive notifications send | digest --period daily|weekly`: the email side of notifications.

`send` sends every email whose time has come (new ones a lost task left behind, and retries when
the task backend cannot wait); run it every few minutes. `digest` makes and sends one period's
digests; run it daily and weekly (running it twice in a period sends nothing new).
"""

from django.core.management.base import BaseCommand

from cityhive.notifications.digests import PERIODS
from cityhive.notifications.tasks import digests_send, emails_due_send


class Command(BaseCommand):
    help = "Send due notification emails, or one period's digests."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("send", help="Send every email whose time has come (and retries).")
        digest = actions.add_parser("digest", help="Make and send one period's digests.")
        digest.add_argument("--period", choices=[str(period) for period in PERIODS], required=True)

    def handle(self, *args, action: str, period: str | None = None, **options):
        if action == "send":
            sent = emails_due_send.call()
            self.stdout.write(f"{sent} notification email(s) sent.")
            return
        sent = digests_send.call(period)
        self.stdout.write(f"{sent} {period} digest email(s) sent.")
