"""Exporting in the exchange format: what the actor may see, by type then id, as a stream."""

from collections.abc import Iterable, Iterator
from itertools import groupby

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Coalesce

from cityhive.challenges.models import NEEDS_DEFAULT_VISIBILITY, Challenge, NeedItem
from cityhive.challenges.permissions import needs_visibility_filter
from cityhive.challenges.selectors import challenge_visibility_filter
from cityhive.core.errors import ValidationFailed
from cityhive.directory.models import Organisation
from cityhive.exchange.lookups import exchange_id_expression, exchange_id_order
from cityhive.exchange.permissions import OPERATOR
from cityhive.exchange.records import (
    challenge_record,
    implementation_record,
    line_encode,
    need_items_canonical,
    needs_record,
    organization_record,
    solution_record,
)
from cityhive.exchange.registry import all_types, contributed
from cityhive.solutions.models import Implementation, Solution
from cityhive.solutions.selectors import SolutionFilters, solution_list_visible_to

CHUNK = 2000


def export_types_parse(text: str | None) -> list[str]:
    """The types named in a comma-separated list (all when empty), in export order."""
    names = [name.strip() for name in (text or "").split(",") if name.strip()]
    kinds = all_types()
    unknown = sorted(set(names) - set(kinds))
    if unknown:
        choices = ", ".join(kinds)
        raise ValidationFailed(
            {"types": [f"unknown type {name!r}: choose from {choices}" for name in unknown]}
        )
    return [kind for kind in kinds if kind in names] if names else list(kinds)


def exchange_export(*, actor, types: Iterable[str] | None = None) -> Iterator[bytes]:
    """Exchange lines of everything the actor may see (OPERATOR: everything), by type then id
    (all types when none are named)."""
    wanted = set(all_types() if types is None else types)
    for kind in [kind for kind in all_types() if kind in wanted]:
        line_type = contributed(kind)
        if line_type is None:
            yield from EXPORTERS[kind](actor)
        else:
            yield from (line_encode(record) for record in line_type.export(actor))


def _by_id(queryset: QuerySet, kind: str) -> QuerySet:
    identified = queryset.annotate(xid=exchange_id_expression(kind))
    return identified.order_by(exchange_id_order(F("xid")))


def _organizations(actor) -> Iterator[bytes]:
    organisations = _by_id(Organisation.objects.select_related("exchange_extra"), "organization")
    for row in organisations.iterator(chunk_size=CHUNK):
        extra = row.exchange_extra.organization if hasattr(row, "exchange_extra") else {}
        yield line_encode(organization_record(row, id=row.xid, extra=extra))


def _visible_solutions(actor) -> QuerySet[Solution]:
    if actor is OPERATOR:
        return Solution.objects.all()
    return solution_list_visible_to(actor=actor, filters=SolutionFilters()).select_related(None)


def _solutions(actor) -> Iterator[bytes]:
    solutions = _visible_solutions(actor).annotate(
        provider_xid=exchange_id_expression("organization", "provider__")
    )
    for row in _by_id(solutions, "solution").iterator(chunk_size=CHUNK):
        yield line_encode(solution_record(row, id=row.xid, provider=row.provider_xid))


def _implementations(actor) -> Iterator[bytes]:
    implementations = Implementation.objects.all()
    if actor is not OPERATOR:
        visible = _visible_solutions(actor).order_by().values("pk")
        implementations = implementations.filter(solution__in=visible)
    implementations = implementations.annotate(
        solution_xid=exchange_id_expression("solution", "solution__"),
        city_xid=exchange_id_expression("organization", "city__"),
    )
    for row in _by_id(implementations, "implementation").iterator(chunk_size=CHUNK):
        yield line_encode(
            implementation_record(row, id=row.xid, solution=row.solution_xid, city=row.city_xid)
        )


def _needs(actor) -> Iterator[bytes]:
    needs = NeedItem.objects.all()
    if actor is not OPERATOR:
        shown = Organisation.objects.filter(needs_visibility_filter(actor)).values("pk")
        needs = needs.filter(city__in=shown)
    city = exchange_id_expression("organization", "city__")
    shared_with = Coalesce(
        F("city__needs_profile__visibility"),
        Value(NEEDS_DEFAULT_VISIBILITY),
        output_field=CharField(),
    )
    items = (
        needs.annotate(city_xid=city, extra=F("city__exchange_extra__needs"), shown=shared_with)
        .order_by(exchange_id_order(F("city_xid")), "-weight", "facet", "value")
        .values("city_xid", "extra", "shown", "facet", "value", "weight", "source")
    )
    for city_xid, rows in groupby(items.iterator(chunk_size=CHUNK), key=lambda r: r["city_xid"]):
        rows = list(rows)
        first = rows[0]
        yield line_encode(
            needs_record(
                city=city_xid,
                visibility=first["shown"],
                items=need_items_canonical(rows),
                extra=first["extra"],
            )
        )


def _challenges(actor) -> Iterator[bytes]:
    scope = None if actor is OPERATOR else challenge_visibility_filter(actor)
    challenges = Challenge.objects.all() if scope is None else Challenge.objects.filter(scope)
    challenges = challenges.annotate(city_xid=exchange_id_expression("organization", "city__"))
    for row in _by_id(challenges, "challenge").iterator(chunk_size=CHUNK):
        yield line_encode(challenge_record(row, id=row.xid, city=row.city_xid))


EXPORTERS = {
    "organization": _organizations,
    "solution": _solutions,
    "implementation": _implementations,
    "needs": _needs,
    "challenge": _challenges,
}
