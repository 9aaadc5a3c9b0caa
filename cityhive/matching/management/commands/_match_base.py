"""Shared parts of `cityhive recommend` and `cityhive match`."""

import json

from django.core.management.base import BaseCommand, CommandError

from cityhive.core.actors import SYSTEM
from cityhive.core.errors import DomainError
from cityhive.exchange.lookups import rows_by_exchange_id
from cityhive.matching.results import matches_json


class MatchCommand(BaseCommand):
    """A command that ranks for one subject given by its exchange id and prints stable JSON."""

    subject_option = ""
    subject_type = ""

    def add_arguments(self, parser):
        parser.add_argument(f"--{self.subject_option}", required=True, help="Its exchange id.")
        parser.add_argument("--top", type=int, default=10, help="How many results (1-100).")
        parser.add_argument("--all", action="store_true", help="Every result, not only the top.")

    def handle(self, *args, **options):
        ident = options[self.subject_option]
        subject = rows_by_exchange_id(self.subject_type, [ident]).get(ident)
        if subject is None:
            raise CommandError(f"No {self.subject_type} has the id {ident!r}.")
        top = None if options["all"] else options["top"]
        try:
            matches = self.rank(actor=SYSTEM, subject=subject, top=top)
        except DomainError as error:
            raise CommandError(f"{error.message} {error.field_errors or ''}".strip()) from error
        body = matches_json(subject_key=self.subject_option, subject=subject, matches=matches)
        self.stdout.write(json.dumps(body, ensure_ascii=False))

    def rank(self, *, actor, subject, top):
        raise NotImplementedError
