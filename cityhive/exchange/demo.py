"""Demo content through the exchange importer: real climate actions, demo offers and needs.

`climate_actions.jsonl` holds the 325 actions of CityCatalyst's climate action library (built by
data/build_climate_actions.py); `demo_content.jsonl` holds the demo companies' solutions, their
implementations in the demo cities, the cities' challenges and needs profiles. Only the invented
demo content is marked as demo data: the climate actions are real, so they carry no "Demo" badge.
Importing twice changes nothing.
"""

import io
from importlib import resources

from django.db import transaction

from cityhive.directory.models import Membership, MembershipRole, Organisation
from cityhive.exchange.importer import ImportReport, exchange_import
from cityhive.exchange.permissions import OPERATOR
from cityhive.exchange.reader import line_parse
from cityhive.sdg.suggestions import solutions_sdg_suggest_task
from cityhive.solutions.models import Implementation, Solution
from cityhive.solutions.services import implementation_confirm

DATA = resources.files("cityhive.exchange").joinpath("data")
# Implementations their (demo) city confirms.
CONFIRMED = (
    "demo-impl-recife-flood-warning",
    "demo-impl-nairobi-rooftop-solar",
    "demo-impl-valencia-on-demand",
    "demo-impl-medellin-slope-stabilisation",
)


def demo_content_import() -> list[tuple[str, ImportReport]]:
    """Import the demo content (idempotent) and confirm some implementations; the reports."""
    reports = []
    with DATA.joinpath("climate_actions.jsonl").open("rb") as source:
        report = exchange_import(actor=OPERATOR, source=source, demo=False)
        reports.append(("climate action library", report))
    _suggest_sdgs_for_the_library()
    content = _lines_of_present_organisations(DATA.joinpath("demo_content.jsonl").read_bytes())
    report = exchange_import(actor=OPERATOR, source=content, demo=True)
    reports.append(("demo offers, implementations, needs and challenges", report))
    _confirm_implementations()
    return reports


def _suggest_sdgs_for_the_library() -> None:
    """The library's actions come without SDG targets: the tagger suggests some, in the
    background, for their provider to accept (the SDG pages list them as suggestions)."""
    ids = list(
        Solution.objects.filter(provider__external_id__startswith="lib-").values_list(
            "pk", flat=True
        )
    )
    transaction.on_commit(lambda: solutions_sdg_suggest_task.enqueue(solution_ids=ids))


def _lines_of_present_organisations(text: bytes) -> io.BytesIO:
    """The demo lines whose demo organisations were seeded (a city may lack its GeoNames place)."""
    present = set(
        Organisation.objects.filter(external_id__startswith="demo:").values_list(
            "external_id", flat=True
        )
    )
    kept, solutions = io.BytesIO(), set()
    for raw in text.splitlines(keepends=True):
        data = line_parse(raw)
        owners = [data.get(field) for field in ("provider", "city") if field in data]
        if any(owner.startswith("demo:") and owner not in present for owner in owners):
            continue
        solution = data.get("solution", "")
        if solution.startswith("demo-") and solution not in solutions:
            continue  # an implementation of a demo solution that was left out
        if data["type"] == "solution":
            solutions.add(data["id"])
        kept.write(raw)
    kept.seek(0)
    return kept


def _confirm_implementations() -> None:
    pending = Implementation.objects.filter(external_id__in=CONFIRMED, confirmed_at__isnull=True)
    for implementation in pending.select_related("city", "solution"):
        admin = (
            Membership.objects.filter(organisation=implementation.city, role=MembershipRole.ADMIN)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if admin is not None:
            implementation_confirm(actor=admin.user, implementation=implementation)
