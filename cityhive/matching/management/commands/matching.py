"""`cityhive matching notify-new`: compute each city's and company's top matches and announce
those at or above its threshold to its members, once per match (schedule it, e.g. daily)."""

from django.core.management.base import BaseCommand, CommandError

from cityhive.directory.models import Organisation
from cityhive.matching.announce import new_matches_announce_all


class Command(BaseCommand):
    help = "Matching upkeep: announce new matches above each organisation's threshold."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        notify = commands.add_parser(
            "notify-new",
            help="Notify each city's and company's members of new matches at or above its "
            "threshold (each match once).",
        )
        notify.add_argument(
            "--organisation", action="append", default=[], help="Only this organisation (slug)."
        )

    def handle(self, *args, action, organisation, **options):
        ids = None
        if organisation:
            found = dict(
                Organisation.objects.filter(slug__in=organisation).values_list("slug", "pk")
            )
            missing = sorted(set(organisation) - set(found))
            if missing:
                raise CommandError(f"No organisation with the address name: {', '.join(missing)}")
            ids = list(found.values())
        done = new_matches_announce_all(organisation_ids=ids)
        self.stdout.write(
            f"{done['organisations']} organisations checked, "
            f"{done['notifications']} notifications of new matches made"
        )
