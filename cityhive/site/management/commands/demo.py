"""`cityhive demo`: migrate, load the reference data, seed a demo world, print logins, serve."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cityhive.accounts.seeds import DEMO_PASSWORD, DEMO_TOTP_SECRET
from cityhive.assessment.seeds import assessment_demo_seed
from cityhive.directory.seeds import demo_world_seed
from cityhive.engagement.seeds import engagement_demo_seed
from cityhive.events.seeds import events_demo_seed
from cityhive.exchange.demo import demo_content_import
from cityhive.groups.seeds import groups_demo_seed
from cityhive.notifications.emails import mail_destination
from cityhive.partnership.seeds import demo_partnership_seed
from cityhive.places.services import places_load
from cityhive.projects.seeds import projects_demo_seed
from cityhive.taxonomy.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Set up a demo site (reference data and demo organisations), print the logins and serve it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up only; do not start the server."
        )

    def handle(self, *args, host, port, no_serve, **options):
        self.stdout.write("Applying migrations…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading reference data (SDGs, U4SSC KPIs, vocabularies)…")
        reference_data_load()
        self.stdout.write("Loading GeoNames world cities…")
        places_load()
        self.stdout.write("Seeding the demo world…")
        logins = demo_world_seed()
        self.stdout.write(f"Seeding the partnership programme… {demo_partnership_seed()}")
        self.stdout.write("Importing demo content through the exchange format…")
        for name, report in demo_content_import():
            self.stdout.write(f"  {name}:")
            for line in report.summary():
                self.stdout.write(f"    {line}")
        self.stdout.write(f"Seeding a demo assessment… {assessment_demo_seed() or 'no demo city'}")
        self.stdout.write(f"Seeding demo requests to connect… {engagement_demo_seed()}")
        self.stdout.write(f"Seeding a demo event… {events_demo_seed()}")
        self.stdout.write(f"Seeding a demo project… {projects_demo_seed()}")
        self.stdout.write(f"Seeding demo groups… {groups_demo_seed()}")
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD})"))
        for login in logins:
            self.stdout.write(f"  {login.email:55} {login.role}")
        self.stdout.write(
            f"\nThe programme manager signs in with two-factor authentication: add the key "
            f"{DEMO_TOTP_SECRET} to an authenticator app (TOTP, 30 s, 6 digits).\n"
        )
        self.stdout.write(f"{mail_destination()}; set EMAIL_BACKEND to change it.\n")
        if not no_serve:
            call_command("serve", host=host, port=port, no_migrate=True)
