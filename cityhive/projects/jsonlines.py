"""Projects in the exchange format: one `"type": "project"` line per project with its public
fields, milestones and KPI targets, registered with the exchange (`PROJECT_LINES`, from
AppConfig.ready) so the general import and export carry it: all or nothing, errors by line and
field path, upsert by id, export by id.

A project's exchange id is its external id, or `project-<n>` as the platform writes it; an
import names an existing project by either (its city stays its city) and creates a new one for
an id it does not know (a `project-<n>` id takes the number n, so that an export imported into an
empty platform exports the same lines). The stage, the consortium, the financing plan, gate
notes, values after and documents are not in the line: the stage moves only through gates, the
rest is confidential or confirmed on the platform. Writes go through `services.project_store`
and `progress.progress_replace`.
"""

import datetime
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from importlib import resources

from django.db import transaction

from cityhive.core.bulk import sequence_past
from cityhive.core.checks import FieldErrors, add_error
from cityhive.directory.models import Organisation
from cityhive.exchange.lookups import exchange_id_of
from cityhive.exchange.permissions import OPERATOR
from cityhive.exchange.records import canonical
from cityhive.exchange.registry import LineType
from cityhive.projects import progress, selectors, services
from cityhive.projects.currencies import currency_valid
from cityhive.projects.models import Project
from cityhive.taxonomy.vocabulary import Vocabulary

TYPE = "project"
PREFIX = "project-"
GENERATED = re.compile(r"project-([1-9][0-9]{0,17})")
OWN = services.PROJECT_FIELDS  # the fields a page or the API changes; never the stage
FIELDS = ("type", "id", "city", *OWN, "milestones", "targets")
FACETS = (("categories", "category"), ("sdg_targets", "sdg_target"), ("kpis", "kpi"))
DEFAULTS = {
    "objectives": "",
    "scope": "",
    "location": "",
    "path": "ppp",
    "visibility": "consortium",
    "operating_cost": 0,
    "starts_on": None,
    "ends_on": None,
    "categories": [],
    "sdg_targets": [],
    "kpis": [],
}


@cache
def line_schema() -> dict:
    """The JSON Schema of a project line (cityhive/projects/schemas/project.schema.json)."""
    text = resources.files("cityhive.projects").joinpath("schemas/project.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


def project_exchange_id(project: Project) -> str:
    """A project's exchange id: its external id, or the one the platform writes for it."""
    external = project.external_id or ""
    return external if external and not external.startswith(PREFIX) else f"{PREFIX}{project.pk}"


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def project_line(project: Project) -> dict:
    """One project as an exchange line, its rows in a fixed order, then its extra fields."""
    line = {"type": TYPE, "id": project_exchange_id(project)}
    line["city"] = exchange_id_of("organization", project.city)
    for field in OWN:
        value = getattr(project, field)
        if field in ("capital_cost", "operating_cost"):
            value = _number(value)
        elif field in ("starts_on", "ends_on"):
            value = _day(value)
        line[field] = value
    line["milestones"] = [
        {
            "title": m.title,
            "due_on": _day(m.due_on),
            "done_on": _day(m.done_on),
            "evidence": m.evidence,
        }
        for m in project.milestones.all()
    ]
    line["targets"] = [
        {
            "kpi": t.kpi,
            "sdg_target": t.sdg_target,
            "baseline": _number(t.baseline),
            "target": _number(t.target),
        }
        for t in sorted(project.targets.all(), key=lambda t: t.kpi)
    ]
    for key in sorted(project.extra or {}):
        line.setdefault(key, canonical(project.extra[key]))
    return line


def project_records(actor) -> Iterator[dict]:
    """The project lines an actor may see (OPERATOR: every one), by exchange id."""
    if actor is OPERATOR:
        projects = Project.objects.all()
    else:
        projects = selectors.project_list_visible_to(actor=actor)
    projects = projects.select_related("city").prefetch_related("milestones", "targets")
    lines = (project_line(project) for project in projects.iterator(chunk_size=200))
    yield from sorted(lines, key=lambda line: line["id"])


# --- checking ----------------------------------------------------------------------------------


def _date(errors: FieldErrors, path: str, value) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        add_error(errors, path, "must be a date (YYYY-MM-DD)")
        return None


def _milestones_check(errors: FieldErrors, rows) -> None:
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        path = f"milestones[{index}]"
        _date(errors, f"{path}.due_on", row.get("due_on"))
        done = _date(errors, f"{path}.done_on", row.get("done_on"))
        if done and done > datetime.date.today():
            add_error(errors, f"{path}.done_on", "a milestone is reached today or earlier")


def _targets_check(errors: FieldErrors, rows, vocabulary: Vocabulary) -> None:
    seen: dict[str, int] = {}
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        path, kpi, sdg = f"targets[{index}]", row.get("kpi"), row.get("sdg_target")
        if kpi not in vocabulary.codes("kpi"):
            add_error(errors, f"{path}.kpi", f"unknown kpi {kpi!r}")
        if sdg and sdg not in vocabulary.codes("sdg_target"):
            add_error(errors, f"{path}.sdg_target", f"unknown SDG target {sdg!r}")
        if kpi in seen:
            add_error(errors, f"{path}.kpi", f"repeats the KPI of targets[{seen[kpi]}]")
        seen.setdefault(kpi, index)


def _same_city_check(errors: FieldErrors, data: dict) -> None:
    """An id that names an existing project keeps it in its city."""
    project = _existing(str(data.get("id", "")))
    if project is not None and exchange_id_of("organization", project.city) != data.get("city"):
        add_error(errors, "city", "the project belongs to another city: a project stays in it")


def line_fields_check(data: dict, vocabulary: Vocabulary) -> FieldErrors:
    """Every problem of a project line's own fields (its city is resolved by the exchange)."""
    errors: FieldErrors = {}
    if "currency" in data and not currency_valid(str(data["currency"])):
        add_error(errors, "currency", f"unknown ISO 4217 currency {data['currency']!r}")
    starts = _date(errors, "starts_on", data.get("starts_on"))
    ends = _date(errors, "ends_on", data.get("ends_on"))
    if starts and ends and ends < starts:
        add_error(errors, "ends_on", "comes before starts_on")
    for field, facet in (
        ("categories", "category"),
        ("sdg_targets", "sdg_target"),
        ("kpis", "kpi"),
    ):
        if field in data:
            vocabulary.check_codes(data[field], facet=facet, field=field, errors=errors)
    _milestones_check(errors, data.get("milestones", []))
    _targets_check(errors, data.get("targets", []), vocabulary)
    _same_city_check(errors, data)
    return errors


# --- writing -----------------------------------------------------------------------------------


def _existing(ident: str) -> Project | None:
    generated = GENERATED.fullmatch(ident)
    if generated:
        return Project.objects.select_related("city").filter(pk=int(generated[1])).first()
    return (
        Project.objects.select_related("city").filter(external_id=ident).first() if ident else None
    )


def _fields(line: dict) -> dict:
    data = {**DEFAULTS, **{f: line[f] for f in OWN if line.get(f) is not None}}
    for field in ("starts_on", "ends_on"):
        data[field] = datetime.date.fromisoformat(data[field]) if data[field] else None
    return data


def _new_project(line: dict, city: Organisation, actor) -> Project:
    generated = GENERATED.fullmatch(line["id"])
    project = Project(city=city, created_by=services.user_or_none(actor))
    if generated:
        project.pk = int(generated[1])
    else:
        project.external_id = line["id"]
    return project


def _rows(line: dict) -> tuple[list[dict], list[dict]]:
    milestones = [
        {
            **m,
            "due_on": datetime.date.fromisoformat(m["due_on"]),
            "done_on": datetime.date.fromisoformat(m["done_on"]) if m.get("done_on") else None,
        }
        for m in line.get("milestones") or []
    ]
    return milestones, list(line.get("targets") or [])


def line_store(line: dict, city: Organisation, actor) -> str:
    """Write one checked line; "created", "updated" or "unchanged" (then nothing is written)."""
    existing = _existing(line["id"])
    before = project_line(existing) if existing is not None else None
    savepoint = transaction.savepoint()
    project = existing or _new_project(line, city, actor)
    project.extra = {key: line[key] for key in sorted(line) if key not in FIELDS}
    if existing is not None:
        project.version += 1
    services.project_store(project=project, data=_fields(line), actor=actor)
    if existing is None and project.external_id is None:
        sequence_past(Project, [project.pk])
    milestones, targets = _rows(line)
    progress.progress_replace(project=project, milestones=milestones, targets=targets)
    after = project_line(Project.objects.select_related("city").get(pk=project.pk))
    if after == before:
        transaction.savepoint_rollback(savepoint)
        return "unchanged"
    transaction.savepoint_commit(savepoint)
    return "created" if existing is None else "updated"


def exchange_lines_write(batch: list[dict], *, index, actor, counts) -> None:
    """Write a batch of checked project lines (the general import, in its transaction)."""
    index.load(line["city"] for line in batch)
    cities = Organisation.objects.in_bulk({index.pk(line["city"]) for line in batch})
    for line in batch:
        outcome = line_store(line, cities[index.pk(line["city"])], actor)
        setattr(counts, outcome, getattr(counts, outcome) + 1)


PROJECT_LINES = LineType(
    name=TYPE,
    schema=line_schema(),
    check=line_fields_check,
    key_fields=("id",),
    references=(("city", "city"),),
    owner="city",
    write=exchange_lines_write,
    export=project_records,
)
