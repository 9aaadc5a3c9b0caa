"""`cityhive index rebuild`: embed every published solution into a new index version, and every
challenge whose text changed since its stored vector; a rebuild stopped part way resumes.
`cityhive index verify` reads every byte of the current version against its checksums."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from cityhive.challenges.models import Challenge
from cityhive.embeddings.files import IndexCorruptError
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
        rebuild = commands.add_parser(
            "rebuild", help="Embed every published solution into a new version, and challenges."
        )
        rebuild.add_argument(
            "--fresh",
            action="store_true",
            help="Encode every text again (reuse no vector) and drop a stopped build.",
        )
        commands.add_parser("status", help="Show the current index version.")
        commands.add_parser("verify", help="Check every byte of the current version.")

    def handle(self, *args, action, fresh=False, **options):
        store = solution_index_store()
        if action == "status":
            self.stdout.write(f"current version: {store.current_version()}")
            return
        if action == "verify":
            self._verify(store)
            return
        total = Solution.objects.filter(status=SolutionStatus.PUBLISHED).count()
        started = time.monotonic()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            sys.stderr.write(f"\rindexed {done:,}/{total:,} solutions ({rate:,.0f}/s)")
            sys.stderr.flush()

        version = solution_index_rebuild(progress=progress, fresh=fresh)
        sys.stderr.write("\n")
        if version is None:
            raise CommandError("Another rebuild is running; it publishes when it is done.")
        self.stdout.write(f"Published index version {version} with {total:,} solutions.")
        ids = list(Challenge.objects.values_list("pk", flat=True))
        embedded = challenge_vectors_update(challenge_ids=ids)
        self.stdout.write(f"Embedded {embedded:,} of {len(ids):,} challenges (others unchanged).")

    def _verify(self, store) -> None:
        version = store.current_version()
        if version is None:
            raise CommandError("There is no current index version.")
        try:
            count = store.verify(version)
        except (IndexCorruptError, OSError) as error:
            raise CommandError(f"Index version {version} is damaged: {error}") from error
        self.stdout.write(f"Index version {version} is intact ({count:,} vectors).")
