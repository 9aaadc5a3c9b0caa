"""Line types that apps above the exchange contribute to the format (like `core.sections`).

The exchange sits below the apps that own some of the platform's data (the city assessment), so
it cannot import them. Such an app registers its line type in its AppConfig.ready: how a line is
checked, what it names, which organisation owns it, how a batch of checked lines is written and
how the lines an actor may see are exported. The general import and export then route those
lines like their own: all-or-nothing, errors by line and path, upsert, export by type then key.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cityhive.core.checks import FieldErrors
from cityhive.exchange.records import TYPES


@dataclass(frozen=True)
class LineType:
    """A contributed line type.

    - `schema`: its JSON Schema (structure; checked first, as for the built-in types).
    - `check(data, vocabulary)`: the domain's errors of one line, by field path (references are
      resolved by the exchange, not here).
    - `key_fields`: the fields that identify the line's object (two lines with the same values
      are an error), e.g. ("city", "year").
    - `references`: (field, target) pairs, target "organization" or "city".
    - `owner`: the field naming the organisation that owns the line (restricted imports may
      only write their own organisations' lines).
    - `write(batch, *, index, actor, counts)`: write checked lines (in the import's transaction);
      `index` gives organisation pks by exchange id, `actor` is None for the command line.
    - `export(actor)`: the records the actor may see (OPERATOR: all), in key order.
    """

    name: str
    schema: dict
    check: Callable[..., FieldErrors]
    key_fields: tuple[str, ...]
    references: tuple[tuple[str, str], ...]
    owner: str
    write: Callable[..., None]
    export: Callable[[object], Iterable[dict]]


_types: dict[str, LineType] = {}


def line_type_register(line_type: LineType) -> None:
    """Add a contributed line type (from an AppConfig.ready; registering twice replaces)."""
    if line_type.name in TYPES:
        raise ValueError(f"{line_type.name!r} is one of the exchange's own types.")
    _types[line_type.name] = line_type


def contributed(name: str) -> LineType | None:
    """The contributed line type of that name, if any."""
    return _types.get(name)


def contributed_types() -> Iterator[LineType]:
    """The contributed line types, by name."""
    for name in sorted(_types):
        yield _types[name]


def all_types() -> tuple[str, ...]:
    """Every type of the format, in export (and import) order: the exchange's own types first,
    then the contributed ones by name."""
    return (*TYPES, *sorted(_types))
