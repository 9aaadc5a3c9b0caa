"""CSV files of an assessment: KPI values (one row per KPI), climate risks and emissions.

Reading turns a file into the rows the services take, and a problem of row `values[3].unit` into
"line 5, column unit" (line 1 is the header). Writing gives the same columns back, so an exported
file imports unchanged.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cityhive.core.errors import ValidationFailed

MAX_CSV_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CsvFormat:
    """The columns of one kind of file: those read, and those written for people only."""

    field: str  # the service's list name, e.g. "values"
    columns: tuple[str, ...]
    required: tuple[str, ...]
    informative: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()  # (column, row key) where they differ


KPI_VALUES = CsvFormat(
    field="values",
    columns=("kpi_code", "value", "unit", "data_source", "data_quality", "notes"),
    required=("kpi_code", "value"),
    informative=("dimension", "sub_dimension", "kind", "definition"),
    renamed=(("kpi_code", "kpi"),),
)
CLIMATE_RISKS = CsvFormat(
    field="risks", columns=("hazard", "key_impact", "risk"), required=("hazard", "risk")
)
EMISSIONS = CsvFormat(
    field="emissions", columns=("sector", "tonnes_co2e"), required=("sector", "tonnes_co2e")
)


@dataclass(frozen=True)
class CsvRows:
    rows: list[dict]
    lines: list[int]  # the file line of each row


def csv_text(upload) -> str:
    """The text of an uploaded CSV file (UTF-8, with or without a byte-order mark)."""
    if upload.size > MAX_CSV_BYTES:
        raise ValidationFailed({"file": [_("The file is larger than 2 MB.")]})
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationFailed({"file": [_("The file is not UTF-8 text.")]}) from error


def csv_read(text: str, fmt: CsvFormat) -> CsvRows:
    """The rows of a CSV text (blank lines and, for KPI values, rows without a value skipped)."""
    if "\x00" in text:
        raise ValidationFailed({"line 1": [_("The file must not contain the NUL character.")]})
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _header_check(reader.fieldnames or [], fmt)
    renamed = dict(fmt.renamed)
    rows, lines = [], []
    for record in reader:
        if None in record:
            raise ValidationFailed(
                {f"line {reader.line_num}": [_("has more cells than the header")]}
            )
        cells = {key: _unescaped((value or "").strip()) for key, value in record.items()}
        if not any(cells.values()) or (fmt is KPI_VALUES and not cells.get("value")):
            continue
        rows.append({renamed.get(c, c): cells.get(c, "") for c in fmt.columns if c in cells})
        lines.append(reader.line_num)
    return CsvRows(rows=rows, lines=lines)


def _header_check(header: list[str], fmt: CsvFormat) -> None:
    names = [name.strip() for name in header]
    missing = [c for c in fmt.required if c not in names]
    unknown = [n for n in names if n not in (*fmt.columns, *fmt.informative)]
    problems = []
    if missing:
        problems.append(_("missing column(s): %(names)s") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown column(s): %(names)s") % {"names": ", ".join(unknown)})
    if problems:
        raise ValidationFailed({"line 1": problems})


PATH = re.compile(r"^(?P<field>\w+)\[(?P<index>\d+)\](?:\.(?P<key>\w+))?$")


def errors_by_line(errors: dict[str, list[str]], parsed: CsvRows, fmt: CsvFormat) -> dict:
    """A service's field errors (`values[3].unit`) as "line 5, column unit"."""
    columns = {key: column for column, key in fmt.renamed}
    located: dict[str, list[str]] = {}
    for path, messages in errors.items():
        found = PATH.match(path)
        if found is None or found["field"] != fmt.field:
            located.setdefault(path, []).extend(messages)
            continue
        line = parsed.lines[int(found["index"])]
        key = found["key"]
        where = (
            _("line %(line)s, column %(column)s") % {"line": line, "column": columns.get(key, key)}
            if key
            else _("line %(line)s") % {"line": line}
        )
        located.setdefault(where, []).extend(messages)
    return located


def csv_write(rows: list[dict], columns: tuple[str, ...]) -> str:
    """A CSV text with a header and one line per row (cells that would start a spreadsheet
    formula are prefixed with an apostrophe)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


# A cell a spreadsheet would read as a formula is written with a leading apostrophe (as
# spreadsheets mark text), and so is one that starts with an apostrophe; reading removes one.
ESCAPED_STARTS = ("=", "+", "@", "'")


def _cell(value) -> str:
    if value is None:
        return ""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return "'" + text if text[:1] in ESCAPED_STARTS else text


def _unescaped(text: str) -> str:
    return text[1:] if text.startswith("'") else text
