"""Pass 1 of an import: check every line, keeping only ids and one byte per line in memory.

References are resolved once the whole file has been read (lines may come in any order): against
the file's own ids first, then against the platform's rows.
"""

from dataclasses import dataclass

from cityhive.exchange.errors import LineError
from cityhive.exchange.lookups import (
    CHUNK,
    MODELS,
    exchange_id_of,
    generated_key,
    is_generated_form,
    rows_by_exchange_id,
)
from cityhive.exchange.permissions import ImportScope
from cityhive.exchange.reader import LINE_LIMIT, Unreadable, line_parse
from cityhive.exchange.records import GENERATED_PREFIX
from cityhive.exchange.registry import LineType, all_types, contributed
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
MISSING = "unknown {what} {id!r}: it is neither in this file nor on the platform"
# One answer for "not yours" and "not there", so that errors do not tell what exists.
NOT_YOURS = "{id!r} is not a {what} you may change"
RESERVED = (
    "{id!r} names no {what} on the platform, "
    "and ids beginning with {prefix!r} are the platform's own"
)


def type_codes() -> dict[str, int]:
    """The one-byte code of every type, contributed ones included (0 marks a blank line)."""
    return {kind: index + 1 for index, kind in enumerate(all_types())}


@dataclass(frozen=True)
class Owned:
    """A row a restricted import would change, whose current owner must be one of the actor's."""

    line: int
    path: str
    kind: str
    id: str | None
    is_id: bool = False  # the line's own id (else a reference): a new row may not take it


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
        self.codes = type_codes()
        self.places: dict[int, bool] = {}
        self.generated: dict[str, dict[str, int]] = {}  # type -> generated-form id -> its line
        self.reserved_slugs: set[str] = set()  # slugs that organizations of the file take

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
        if not isinstance(kind, str) or kind not in self.codes:
            self._unknown_type(number, kind)
            return
        self.types[number - 1] = self.codes[kind]
        for path, messages in line_check(kind, data, vocabulary=self.vocabulary).items():
            for message in messages:
                self.error(number, f"{kind}.{path}", message)
        self._remember(number, kind, data)
        if self.scope.restricted:
            self._scope_check(number, kind, data)

    def _unknown_type(self, number: int, kind) -> None:
        if kind is None:
            self.error(number, "type", f"is required: one of {', '.join(all_types())}")
        else:
            choices = ", ".join(all_types())
            self.error(number, "type", f"unknown type {kind!r}: must be one of {choices}")

    def _remember(self, number: int, kind: str, data: dict) -> None:
        line_type = contributed(kind)
        if line_type is not None:
            self._remember_contributed(number, line_type, data)
            return
        ident = data.get("id")
        if kind != "needs" and isinstance(ident, str) and ident:
            first = self.first_line.setdefault(f"{kind}\x1f{ident}", number)
            if first != number:
                self.error(number, f"{kind}.id", f"repeats the id {ident!r} of line {first}")
            else:
                self._defined(number, kind, ident, data)
        for field, target in REFERENCES[kind]:
            value = data.get(field)
            if isinstance(value, str) and value:
                self._reference(Reference(number, f"{kind}.{field}", target, value))
        if kind == "needs" and isinstance(data.get("city"), str):
            self.needs_last[data["city"]] = number

    def _remember_contributed(self, number: int, line_type: LineType, data: dict) -> None:
        """A contributed line: its key once per file, and its references to resolve."""
        key = [data.get(field) for field in line_type.key_fields]
        if all(isinstance(part, str | int) for part in key):
            identity = "\x1f".join([line_type.name, *map(str, key)])
            first = self.first_line.setdefault(identity, number)
            if first != number:
                fields = " and ".join(line_type.key_fields)
                path = f"{line_type.name}.{line_type.key_fields[-1]}"
                self.error(number, path, f"repeats the {fields} of line {first}")
        for field, target in line_type.references:
            value = data.get(field)
            if isinstance(value, str) and value:
                self._reference(Reference(number, f"{line_type.name}.{field}", target, value))

    def _defined(self, number: int, kind: str, ident: str, data: dict) -> None:
        if is_generated_form(kind, ident):
            self.generated.setdefault(kind, {})[ident] = number
        if kind == "organization":
            self._organization(number, ident, data)

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
            self.owned.append(
                Owned(number, "implementation.id", "implementation", data.get("id"), is_id=True)
            )
            if f"solution\x1f{data.get('solution')}" not in self.first_line:
                self.owned.append(
                    Owned(number, "implementation.solution", "solution", data.get("solution"))
                )
            return
        line_type = contributed(kind)
        field = OWNER_FIELD[kind] if line_type is None else line_type.owner
        if not self.scope.allows(data.get(field)):
            self.error(
                number,
                f"{kind}.{field}",
                f"{data.get(field)!r} is not an organization you administer",
            )
        elif kind in ("solution", "challenge"):
            self.owned.append(Owned(number, f"{kind}.id", kind, data.get("id"), is_id=True))
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
        else:
            self._resolve_generated()
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
                    # A restricted import may only name its own solutions: missing is "not yours".
                    missing = NOT_YOURS if self.scope.restricted else MISSING
                    self.error(ref.line, ref.path, missing.format(what="solution", id=ref.id))
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
            if row is None:
                # Only the platform gives a new row an id of its generated form.
                refused = owned.is_id and is_generated_form(owned.kind, owned.id or "")
            else:
                refused = not self.scope.allows(
                    exchange_id_of("organization", OWNER[owned.kind](row))
                )
            if refused:
                self.error(owned.line, owned.path, NOT_YOURS.format(id=owned.id, what=owned.kind))
        self.owned = []

    def _resolve_generated(self) -> None:
        """A new row takes a generated-form id only as the platform would have: its free key."""
        for kind, lines in self.generated.items():
            existing = rows_by_exchange_id(kind, lines, _identified(kind))
            new = {ident: generated_key(kind, ident) for ident in lines if ident not in existing}
            taken = _keys_taken(kind, [key for key in new.values() if key is not None])
            for ident, key in new.items():
                if key is None or key in taken:
                    message = RESERVED.format(id=ident, what=kind, prefix=GENERATED_PREFIX[kind])
                    self.error(lines[ident], f"{kind}.id", message)
                elif kind == "organization":
                    self.reserved_slugs.add(key)
        self.generated = {}


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


def _identified(kind: str):
    return MODELS[kind].objects.only(
        "pk", "external_id", *(["slug"] if kind == "organization" else [])
    )


def _keys_taken(kind: str, keys: list) -> set:
    """The slugs (organizations) or pks (other types) that rows already hold."""
    field = "slug" if kind == "organization" else "pk"
    taken: set = set()
    for start in range(0, len(keys), CHUNK):
        rows = MODELS[kind].objects.filter(**{f"{field}__in": keys[start : start + CHUNK]})
        taken.update(rows.values_list(field, flat=True))
    return taken
