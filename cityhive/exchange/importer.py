"""Importing an exchange file, all-or-nothing, streaming it twice and never holding it whole.

Pass 1 checks every line (and collects every error). Only when the whole file is valid does
pass 2 read it again and write, inside one transaction and in batches: organizations first, then
solutions, challenges and needs, then implementations (which name solutions).
"""

from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import transaction

from cityhive.challenges.events import ChallengesChanged
from cityhive.core.errors import Conflict
from cityhive.core.events import announce
from cityhive.directory.bulk import SlugAllocator
from cityhive.exchange.checker import FileCheck
from cityhive.exchange.errors import ImportInvalid
from cityhive.exchange.permissions import OPERATOR, import_scope_for
from cityhive.exchange.reader import LineReader, Progress, line_parse, seekable_source
from cityhive.exchange.registry import all_types, contributed, contributed_types
from cityhive.exchange.writers import (
    BULK,
    OrganisationIndex,
    TypeCounts,
    challenges_write,
    implementations_write,
    needs_lines_write,
    organizations_write,
    solutions_write,
)
from cityhive.solutions.events import SolutionsChanged
from cityhive.taxonomy.vocabulary import Vocabulary

# Pass 2's stages: each reads the file once and writes the lines of its types.
STAGES = (
    ("writing organizations", ("organization",)),
    ("writing solutions, challenges and needs", ("solution", "challenge", "needs")),
    ("writing implementations", ("implementation",)),
)


def stages() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The exchange's own stages, then one per contributed type (they name organizations only)."""
    return (*STAGES, *((f"writing {t.name} lines", (t.name,)) for t in contributed_types()))


@dataclass
class ImportReport:
    """What an import did: lines read and, per type, rows created, updated and unchanged."""

    lines: int = 0
    counts: dict[str, TypeCounts] = field(
        default_factory=lambda: {t: TypeCounts() for t in all_types()}
    )
    # Solutions and challenges created or changed, for matching (not part of the report's output).
    solution_ids: list[int] = field(default_factory=list, repr=False)
    challenge_ids: list[int] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        counts = {kind: vars(self.counts[kind]).copy() for kind in self.counts}
        return {"lines": self.lines, "counts": counts}

    def summary(self) -> list[str]:
        """One line per type that occurred, e.g. `solution: 3 created, 1 updated, 0 unchanged`."""
        return [
            f"{kind}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for kind, c in self.counts.items()
            if c.created or c.updated or c.unchanged
        ]


def exchange_import(
    *, actor, source: BinaryIO, demo: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import a JSON Lines file all-or-nothing; ImportInvalid lists every error by line.

    `actor` is OPERATOR for the command line, else a member (admins import their own
    organisations' data, programme managers anything); `demo` marks every row it writes as demo.
    """
    scope = import_scope_for(actor)
    stream = seekable_source(source)
    check = FileCheck(scope=scope, vocabulary=Vocabulary())
    writer = None if actor is OPERATOR else actor  # who changed what, in contributed histories
    try:
        return _import(stream, check, demo, progress, writer=writer)
    finally:
        if stream is not source:
            stream.close()


def _import(stream: BinaryIO, check: FileCheck, demo: bool, progress, *, writer) -> ImportReport:
    reader = LineReader(stream, stage="checking", progress=progress)
    for number, raw in reader:
        check.line(number, raw)
    errors = check.finish()
    if errors:
        raise ImportInvalid(errors)
    report = ImportReport(lines=len(check.types) - check.types.count(0))
    with transaction.atomic():
        digest = reader.digest.digest()
        batches = _Batches(check, report, demo=demo, writer=writer)
        _write(stream, check, batches, digest=digest, progress=progress)
        _changes_announce(report)
    return report


def _changes_announce(report: ImportReport) -> None:
    """Announce the solutions and challenges the import created or changed (after commit)."""
    if report.solution_ids:
        announce(SolutionsChanged(tuple(report.solution_ids)))
    if report.challenge_ids:
        announce(ChallengesChanged(tuple(report.challenge_ids)))


def _write(stream, check: FileCheck, batches: "_Batches", *, digest, progress) -> None:
    for stage, kinds in stages():
        codes = {check.codes[kind] for kind in kinds}
        if not any(code in check.types for code in codes):
            continue
        stream.seek(0)
        reader = LineReader(stream, stage=stage, progress=progress)
        for number, raw in reader:
            if check.types[number - 1] in codes:
                batches.add(number, line_parse(raw))
        batches.flush_all()
        if reader.digest.digest() != digest:
            raise Conflict("The file changed while it was being imported: nothing was imported.")


class _Batches:
    """Lines waiting to be written, per type, flushed every BULK lines."""

    def __init__(self, check: FileCheck, report: ImportReport, *, demo: bool, writer) -> None:
        self.check, self.report, self.demo, self.writer = check, report, demo, writer
        self.index = OrganisationIndex()
        self.slugs = SlugAllocator(frozenset(check.reserved_slugs))
        self.waiting: dict[str, list[dict]] = {kind: [] for kind in all_types()}

    def add(self, number: int, data: dict) -> None:
        kind = data["type"]
        if kind == "needs" and self.check.needs_last[data["city"]] != number:
            return  # a later needs line for the same city replaces this one
        self.waiting[kind].append(data)
        if len(self.waiting[kind]) >= BULK:
            self.flush(kind)

    def flush_all(self) -> None:
        for kind in self.waiting:
            self.flush(kind)

    def flush(self, kind: str) -> None:
        batch, self.waiting[kind] = self.waiting[kind], []
        if not batch:
            return
        counts, index = self.report.counts[kind], self.index
        line_type = contributed(kind)
        if line_type is not None:
            line_type.write(batch, index=index, actor=self.writer, counts=counts)
        elif kind == "organization":
            organizations_write(batch, index=index, slugs=self.slugs, demo=self.demo, counts=counts)
        elif kind == "solution":
            written = solutions_write(batch, index=index, demo=self.demo, counts=counts)
            self.report.solution_ids.extend(written)
        elif kind == "implementation":
            implementations_write(batch, index=index, demo=self.demo, counts=counts)
        elif kind == "challenge":
            written = challenges_write(batch, index=index, demo=self.demo, counts=counts)
            self.report.challenge_ids.extend(written)
        else:
            needs_lines_write(batch, index=index, counts=counts)
