"""Pass 1 of an import: check every line, keeping only ids and one byte per line in memory.

References are resolved once the whole file has been read (lines may come in any order): against
the file's own ids first, then against the platform's rows.
"""

from dataclasses import dataclass

from cityhive.exchange.errors import LineError
from cityhive.exchange.lookups import MODELS, exchange_id_of, rows_by_exchange_id
from cityhive.exchange.permissions import ImportScope
from cityhive.exchange.reader import LINE_LIMIT, Unreadable, line_parse
from cityhive.exchange.records import TYPES
from cityhive.exchange.validation import line_check
from cityhive.places.models import Place
from cityhive.places.services import places_load
from cityhive.taxonomy.vocabulary import Vocabulary

# The fields of each type that name another object, and what they must name.
REFERENCES = {
    "organization": (),
    "solution": (("provider", "organization"),),
    "implementation": (("solution", "solution"), ("city", "city")),
    "needs": (("city", "city"),),
    "challenge": (("city", "city"),),
}
TYPE_CODE = {kind: index + 1 for index, kind in enumerate(TYPES)}
MISSING = "unknown {what} {id!r}: it is neither in this file nor on the platform"


@dataclass(frozen=True)
class Owned:
    """A row a restricted import would change, whose current owner must be one of the actor's."""

    line: int
    path: str
    kind: str
    id: str | None


@dataclass(frozen=True)
class Reference:
    line: int
    path: str
    target: str  # "organization", "city" or "solution"
    id: str


class FileCheck:
    """Collects every error of a file, line by line, then resolves its references."""

    def __init__(self, *, scope: ImportScope, vocabulary: Vocabulary) -> None:
        self.scope = scope
        self.vocabulary = vocabulary
        self.errors: list[LineError] = []
        self.first_line: dict[str, int] = {}  # "<type>\x1f<id>" -> the line defining it
        self.org_kinds: dict[str, str] = {}  # organizations defined in the file -> kind
        self.pending: list[Reference] = []  # references to resolve after the last line
        self.owned: list[Owned] = []  # restricted imports: rows whose owner to check
        self.needs_last: dict[str, int] = {}  # city -> its last needs line (the one that counts)
        self.types = bytearray()  # type code of each line (0: blank)
        self.places: dict[int, bool] = {}

    def error(self, line: int, path: str, message: str) -> None:
        self.errors.append(LineError(line, path, message))

    def line(self, number: int, raw: bytes | None) -> None:
        """Check one line (raw is None for a line over the length limit)."""
        self.types.extend(bytes(number - 1 - len(self.types)))
        self.types.append(0)
        if raw is None:
            self.error(number, "", f"is longer than {LINE_LIMIT} bytes")
            return
        try:
            data = line_parse(raw)
        except Unreadable as error:
            self.error(number, "", str(error))
            return
        kind = data.get("type")
        if not isinstance(kind, str) or kind not in TYPE_CODE:
            self._unknown_type(number, kind)
            return
        self.types[number - 1] = TYPE_CODE[kind]
        for path, messages in line_check(kind, data, vocabulary=self.vocabulary).items():
            for message in messages:
                self.error(number, f"{kind}.{path}", message)
        self._remember(number, kind, data)
        if self.scope.restricted:
            self._scope_check(number, kind, data)

    def _unknown_type(self, number: int, kind) -> None:
        if kind is None:
            self.error(number, "type", f"is required: one of {', '.join(TYPES)}")
        else:
            self.error(number, "type", f"unknown type {kind!r}: must be one of {', '.join(TYPES)}")

    def _remember(self, number: int, kind: str, data: dict) -> None:
        ident = data.get("id")
        if kind != "needs" and isinstance(ident, str) and ident:
            first = self.first_line.setdefault(f"{kind}\x1f{ident}", number)
            if first != number:
                self.error(number, f"{kind}.id", f"repeats the id {ident!r} of line {first}")
            elif kind == "organization":
                self._organization(number, ident, data)
        for field, target in REFERENCES[kind]:
            value = data.get(field)
            if isinstance(value, str) and value:
                self._reference(Reference(number, f"{kind}.{field}", target, value))
        if kind == "needs" and isinstance(data.get("city"), str):
            self.needs_last[data["city"]] = number

    def _organization(self, number: int, ident: str, data: dict) -> None:
        if isinstance(data.get("kind"), str):
            self.org_kinds[ident] = data["kind"]
        place = data.get("geonames_id")
        if isinstance(place, int) and data.get("kind") == "city" and not self._place(place):
            self.error(number, "organization.geonames_id", f"no GeoNames city has id {place}")

    def _place(self, geonames_id: int) -> bool:
        if not self.places and not Place.objects.exists():
            places_load()  # the first city of a fresh platform: load the GeoNames cities
        if geonames_id not in self.places:
            self.places[geonames_id] = Place.objects.filter(pk=geonames_id).exists()
        return self.places[geonames_id]

    def _reference(self, ref: Reference) -> None:
        if ref.target == "solution":
            if f"solution\x1f{ref.id}" not in self.first_line:
                self.pending.append(ref)
        elif ref.id not in self.org_kinds:
            self.pending.append(ref)
        elif ref.target == "city":
            self._city_kind(ref, self.org_kinds[ref.id])

    def _city_kind(self, ref: Reference, kind: str) -> None:
        if kind != "city":
            self.error(ref.line, ref.path, f"must name a city; {ref.id!r} is of kind {kind!r}")

    def _scope_check(self, number: int, kind: str, data: dict) -> None:
        if kind == "implementation":
            self.owned.append(Owned(number, "implementation.id", "implementation", data.get("id")))
            if f"solution\x1f{data.get('solution')}" not in self.first_line:
                self.owned.append(
                    Owned(number, "implementation.solution", "solution", data.get("solution"))
                )
            return
        field = OWNER_FIELD[kind]
        if not self.scope.allows(data.get(field)):
            self.error(
                number,
                f"{kind}.{field}",
                f"{data.get(field)!r} is not an organization you administer",
            )
        elif kind in ("solution", "challenge"):
            self.owned.append(Owned(number, f"{kind}.id", kind, data.get("id")))
        elif kind == "organization" and data.get("kind") != self.scope.kinds[data["id"]]:
            current = self.scope.kinds[data["id"]]
            self.error(
                number,
                "organization.kind",
                f"must stay {current!r}: only programme managers change a kind",
            )

    def finish(self) -> list[LineError]:
        """Resolve the references and ownerships; every error of the file, by line."""
        self._resolve_references()
        if self.scope.restricted:
            self._resolve_ownership()
        return sorted(self.errors)

    def _resolve_references(self) -> None:
        org_ids = {
            r.id for r in self.pending if r.target != "solution" and r.id not in self.org_kinds
        }
        solution_ids = {
            r.id
            for r in self.pending
            if r.target == "solution" and f"solution\x1f{r.id}" not in self.first_line
        }
        orgs = rows_by_exchange_id("organization", org_ids)
        solutions = rows_by_exchange_id("solution", solution_ids)
        for ref in self.pending:
            if ref.target == "solution":
                if ref.id in solution_ids and ref.id not in solutions:
                    self.error(ref.line, ref.path, MISSING.format(what="solution", id=ref.id))
                continue
            kind = self.org_kinds.get(ref.id) or getattr(orgs.get(ref.id), "kind", None)
            if kind is None:
                self.error(ref.line, ref.path, MISSING.format(what="organization", id=ref.id))
            elif ref.target == "city":
                self._city_kind(ref, kind)
        self.pending = []

    def _resolve_ownership(self) -> None:
        wanted: dict[str, set[str]] = {}
        for owned in self.owned:
            if isinstance(owned.id, str):
                wanted.setdefault(owned.kind, set()).add(owned.id)
        rows = {
            kind: rows_by_exchange_id(kind, ids, _with_owner(kind)) for kind, ids in wanted.items()
        }
        for owned in self.owned:
            row = rows.get(owned.kind, {}).get(owned.id)
            owner = exchange_id_of("organization", OWNER[owned.kind](row)) if row else None
            if owner is not None and not self.scope.allows(owner):
                self.error(
                    owned.line,
                    owned.path,
                    f"{owned.id!r} belongs to {owner!r}, which you do not administer",
                )
        self.owned = []


OWNER_FIELD = {"organization": "id", "solution": "provider", "challenge": "city", "needs": "city"}
OWNER_RELATION = {
    "solution": "provider",
    "challenge": "city",
    "implementation": "solution__provider",
}
OWNER = {
    "solution": lambda row: row.provider,
    "challenge": lambda row: row.city,
    "implementation": lambda row: row.solution.provider,
}


def _with_owner(kind: str):
    return MODELS[kind].objects.select_related(OWNER_RELATION[kind])
