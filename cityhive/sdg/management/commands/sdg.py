"""`cityhive sdg classify [FILE]`: tag JSON Lines {"id", "text"} with SDG goals and targets."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from cityhive.sdg.tagging import sdg_suggest


class Command(BaseCommand):
    help = (
        "Tag texts with SDGs: reads JSON Lines {id, text} (a file or stdin), writes one line each."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        classify = commands.add_parser("classify", help="Tag JSON Lines of {id, text}.")
        classify.add_argument("file", nargs="?", default="-", help="A .jsonl file, or - for stdin.")

    def handle(self, *args, action, file, **options):
        stream = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
        with stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    self.stdout.write(json.dumps(self._tag(number, line), ensure_ascii=False))

    def _tag(self, number: int, line: str) -> dict:
        try:
            record = json.loads(line)
            text_id, text = record["id"], record["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise CommandError(
                f'line {number}: expected a JSON object with "id" and "text"'
            ) from error
        if not isinstance(text, str):
            raise CommandError(f"line {number}: text must be a string")
        return sdg_suggest(text=text).as_exchange(text_id)
