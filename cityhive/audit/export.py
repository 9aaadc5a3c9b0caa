"""The contact log as CSV, streamed row by row (years of contacts never sit in memory)."""

import csv
import json
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from cityhive.audit.models import ContactLogEntry

# A spreadsheet runs a cell that starts with one of these as a formula: such cells get a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def contact_csv_header() -> list[str]:
    """The column titles, in the reader's words."""
    return [
        _("When (UTC)"), _("Action"), _("Action code"), _("City"), _("Company"), _("By"),
        _("On behalf of"), _("About"), _("Summary"), _("Details"),
    ]  # fmt: skip


def contact_csv_row(entry: ContactLogEntry) -> list[str]:
    """One entry as CSV cells: the action's words and its code, names as recorded."""
    return [
        _cell(value)
        for value in (
            entry.created_at.isoformat(),
            entry.get_action_display(),
            entry.action,
            entry.city_label,
            entry.company_label,
            entry.actor_label,
            entry.actor_organisation.name if entry.actor_organisation else "",
            entry.subject_label,
            entry.summary,
            json.dumps(entry.metadata, ensure_ascii=False, sort_keys=True)
            if entry.metadata
            else "",
        )
    ]


def contact_csv_lines(entries: Iterable[ContactLogEntry]) -> Iterator[str]:
    """The CSV text, one line at a time (with a byte-order mark so spreadsheets read UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(contact_csv_header())
    for entry in entries:
        yield writer.writerow(contact_csv_row(entry))
