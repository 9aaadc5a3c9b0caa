"""Writes for projects and their stages; each checks the actor's permission first."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhive.challenges.models import Challenge
from cityhive.core.errors import Conflict, ValidationFailed
from cityhive.core.locking import row_for_update
from cityhive.core.permissions import require
from cityhive.core.storable import storable_check
from cityhive.directory.models import Organisation
from cityhive.projects.currencies import currency_valid
from cityhive.projects.errors import ProjectErrorCode
from cityhive.projects.models import (
    ConsortiumMember,
    ConsortiumRole,
    GateApproval,
    MemberStatus,
    Project,
    ProjectPath,
    ProjectVisibility,
)
from cityhive.projects.stages import NEEDS_FINANCIAL_CLOSE, ORDER, gate_missing, next_stage

PROJECT_FIELDS = (
    "title",
    "objectives",
    "scope",
    "location",
    "path",
    "visibility",
    "capital_cost",
    "operating_cost",
    "currency",
    "starts_on",
    "ends_on",
    "categories",
    "sdg_targets",
    "kpis",
)


def decimal_check(value, path: str, errors: dict) -> Decimal | None:
    """The value as a Decimal of zero or more; None (and a message at `path`) otherwise."""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        errors.setdefault(path, []).append(_("Enter a number."))
        return None
    if not number.is_finite() or number < 0:
        errors.setdefault(path, []).append(_("Enter an amount of zero or more."))
        return None
    return number


def project_check(data: dict) -> dict:
    """Problems of a project's fields (field path -> messages)."""
    errors = storable_check(Project, {k: v for k, v in data.items() if k in PROJECT_FIELDS})
    if not str(data.get("title", "")).strip():
        errors.setdefault("title", []).append(_("Give the project a title."))
    if not currency_valid(str(data.get("currency", ""))):
        errors.setdefault("currency", []).append(_("Choose an ISO 4217 currency, e.g. EUR."))
    for field in ("capital_cost", "operating_cost"):
        decimal_check(data.get(field, 0), field, errors)
    if data.get("path", ProjectPath.PPP) not in ProjectPath.values:
        errors.setdefault("path", []).append(_("Choose a path."))
    if data.get("visibility", ProjectVisibility.CONSORTIUM) not in ProjectVisibility.values:
        errors.setdefault("visibility", []).append(_("Choose who may see the project."))
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        errors.setdefault("ends_on", []).append(_("The end comes before the start."))
    return errors


def _money(data: dict) -> dict:
    """The checked fields with the costs as Decimals rounded to the cent."""
    costs = {f: Decimal(str(data.get(f, 0))).quantize(Decimal("0.01")) for f in COSTS}
    return {**data, **costs}


COSTS = ("capital_cost", "operating_cost")


def project_create(
    *, actor, city: Organisation, fields: dict, challenge: Challenge | None = None
) -> Project:
    """A city turns a challenge (or its own idea) into a project; the city leads its consortium."""
    require(actor, "projects.add_project_for", city)
    if challenge is not None and challenge.city_id != city.pk:
        raise ValidationFailed({"challenge": [_("Choose one of the city's own challenges.")]})
    data = _from_challenge(challenge, fields)
    errors = project_check(data)
    if errors:
        raise ValidationFailed(errors)
    project = Project(city=city, challenge=challenge, created_by=user_or_none(actor))
    return project_store(project=project, data=data, actor=actor)


def project_store(*, project: Project, data: dict, actor=None) -> Project:
    """Save checked fields onto a project (new or not); a new one gets its city as the lead of
    its consortium. For `project_create` and the exchange import, whose callers checked who may
    write; the stage is never among the fields."""
    is_new = project._state.adding
    with transaction.atomic():
        for field, value in _money(data).items():
            if field in PROJECT_FIELDS:
                setattr(project, field, value)
        project.save()
        if is_new:
            ConsortiumMember.objects.create(
                project=project,
                organisation=project.city,
                role=ConsortiumRole.LEAD_CITY,
                status=MemberStatus.ACTIVE,
                invited_by=user_or_none(actor),
                answered_by=user_or_none(actor),
            )
    return project


def _from_challenge(challenge: Challenge | None, fields: dict) -> dict:
    if challenge is None:
        return dict(fields)
    inherited = {
        "title": challenge.title,
        "categories": list(challenge.categories),
        "sdg_targets": list(challenge.sdg_targets),
        "kpis": list(challenge.kpis),
    }
    return {**inherited, **{k: v for k, v in fields.items() if v not in (None, "", [])}}


def user_or_none(actor):
    """The acting member, or None for the command line and tasks."""
    return (
        actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    )


def project_update(*, actor, project: Project, fields: dict, version: int | None = None) -> Project:
    """Change a project's own fields; its stage is not among them (see `project_advance`). With
    the `version` the edit started from, a project saved since is refused (409 stale_version)."""
    require(actor, "projects.change_project", project)
    data = {**{f: getattr(project, f) for f in PROJECT_FIELDS}, **fields}
    data = {k: v for k, v in data.items() if k in PROJECT_FIELDS}
    errors = project_check(data)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        current = row_for_update(
            Project,
            pk=project.pk,
            version=project.version if version is None else version,
            what="project",
            code=ProjectErrorCode.STALE_VERSION,
        )
        for field, value in _money(data).items():
            setattr(current, field, value)
        current.version += 1
        current.save()
    return current


def project_advance(*, actor, project: Project, from_stage: str, checklist: dict) -> Project:
    """Move the project past the gate out of `from_stage`: every checklist item confirmed, the
    approver recorded. Of two concurrent moves from the same stage only the first succeeds."""
    require(actor, "projects.approve_gate", project)
    target = next_stage(project.path, from_stage) if from_stage in _stages(project) else None
    if from_stage != project.stage:
        raise Conflict(_("The project has already moved on."), code=ProjectErrorCode.STALE_STAGE)
    if target is None:
        raise Conflict(_("This is the project's last stage."), code=ProjectErrorCode.LAST_STAGE)
    missing = gate_missing(from_stage, checklist)
    if missing:
        raise ValidationFailed(
            {f"checklist.{code}": [_("Confirm this item with a note.")] for code in missing},
            message=_("The gate's checklist is not complete."),
        )
    if from_stage in NEEDS_FINANCIAL_CLOSE and project.financial_close_at is None:
        raise Conflict(
            _("The financing plan has not reached financial close."),
            code=ProjectErrorCode.NOT_FINANCIALLY_CLOSED,
        )
    return _move(
        actor=actor, project=project, from_stage=from_stage, to_stage=target, notes=checklist
    )


def _stages(project: Project) -> tuple[str, ...]:
    return ORDER[project.path]


def _move(*, actor, project: Project, from_stage: str, to_stage: str, notes: dict) -> Project:
    with transaction.atomic():
        moved = Project.objects.filter(pk=project.pk, stage=from_stage).update(
            stage=to_stage, version=project.version + 1, updated_at=timezone.now()
        )
        if not moved:
            raise Conflict(
                _("The project has already moved on."), code=ProjectErrorCode.STALE_STAGE
            )
        GateApproval.objects.create(
            project=project,
            from_stage=from_stage,
            to_stage=to_stage,
            checklist={code: str(note).strip() for code, note in notes.items()},
            approved_by=user_or_none(actor),
            approved_at=timezone.now(),
        )
    project.refresh_from_db()
    return project
