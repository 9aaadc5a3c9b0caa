"""`cityhive index rebuild`: embed every published solution into a new index version, and every
challenge whose text changed since its stored vector."""

import sys
import time

from django.core.management.base import BaseCommand

from cityhive.challenges.models import Challenge
from cityhive.matching.semantic import (
    challenge_vectors_update,
    solution_index_rebuild,
    solution_index_store,
)
from cityhive.solutions.models import Solution, SolutionStatus


class Command(BaseCommand):
    help = "Rebuild the matching index of published solutions (shows progress)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser(
            "rebuild", help="Embed every published solution into a new version, and challenges."
        )
        commands.add_parser("status", help="Show the current index version.")

    def handle(self, *args, action, **options):
        store = solution_index_store()
        if action == "status":
            self.stdout.write(f"current version: {store.current_version()}")
            return
        total = Solution.objects.filter(status=SolutionStatus.PUBLISHED).count()
        started = time.monotonic()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            sys.stderr.write(f"\rindexed {done:,}/{total:,} solutions ({rate:,.0f}/s)")
            sys.stderr.flush()

        version = solution_index_rebuild(progress=progress)
        sys.stderr.write("\n")
        self.stdout.write(f"Published index version {version} with {total:,} solutions.")
        ids = list(Challenge.objects.values_list("pk", flat=True))
        embedded = challenge_vectors_update(challenge_ids=ids)
        self.stdout.write(f"Embedded {embedded:,} of {len(ids):,} challenges (others unchanged).")
