"""Implementation progress: a project's milestones (reached, with evidence) and the KPI targets it
aims to move (baseline, target, and the value after: recorded by the city's members, confirmed by
its admins). Each write checks the actor's permission first."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhive.core.errors import Conflict, ValidationFailed
from cityhive.core.permissions import require
from cityhive.core.storable import storable_check
from cityhive.projects.errors import ProjectErrorCode
from cityhive.projects.models import Milestone, Project, ProjectTarget
from cityhive.projects.services import decimal_check, user_or_none

RUN = "projects.change_project"
CONFIRM = "projects.approve_gate"
AFTER_FIELDS = ("after", "recorded_by", "recorded_at")
FOUR_PLACES = Decimal("0.0001")


def _milestone_check(title: str, evidence: str = "") -> dict:
    errors = storable_check(Milestone, {"title": title, "evidence": evidence})
    if not title.strip():
        errors.setdefault("title", []).append(_("Name the milestone."))
    return errors


def milestone_add(*, actor, project: Project, title: str, due_on: datetime.date) -> Milestone:
    """Add a dated step to the project's timeline."""
    require(actor, RUN, project)
    errors = _milestone_check(title)
    if errors:
        raise ValidationFailed(errors)
    return Milestone.objects.create(project=project, title=title.strip(), due_on=due_on)


def milestone_update(
    *, actor, milestone: Milestone, title: str, due_on: datetime.date
) -> Milestone:
    """Rename or reschedule a milestone."""
    require(actor, RUN, milestone.project)
    errors = _milestone_check(title)
    if errors:
        raise ValidationFailed(errors)
    milestone.title, milestone.due_on = title.strip(), due_on
    milestone.save(update_fields=["title", "due_on"])
    return milestone


def milestone_remove(*, actor, milestone: Milestone) -> None:
    """Take a milestone off the timeline."""
    require(actor, RUN, milestone.project)
    milestone.delete()


def milestone_reach(
    *, actor, milestone: Milestone, done_on: datetime.date, evidence: str = ""
) -> Milestone:
    """Mark a milestone reached on a day (today or before), with a note of the evidence."""
    require(actor, RUN, milestone.project)
    errors = _milestone_check(milestone.title, evidence)
    if done_on > timezone.localdate():
        errors.setdefault("done_on", []).append(_("A milestone is reached today or earlier."))
    if errors:
        raise ValidationFailed(errors)
    milestone.done_on, milestone.evidence = done_on, evidence.strip()
    milestone.save(update_fields=["done_on", "evidence"])
    return milestone


def _target_values(*, kpi: str, sdg_target: str, baseline, target) -> dict:
    errors: dict = {}
    values = {
        "baseline": decimal_check(baseline, "baseline", errors),
        "target": decimal_check(target, "target", errors),
    }
    errors = storable_check(
        ProjectTarget, {"kpi": kpi, "sdg_target": sdg_target, **values}, errors=errors
    )
    if not kpi.strip():
        errors.setdefault("kpi", []).append(_("Choose a KPI."))
    if errors:
        raise ValidationFailed(errors)
    return values


def target_set(
    *, actor, project: Project, kpi: str, baseline, target, sdg_target: str = ""
) -> ProjectTarget:
    """Set the baseline and target of a KPI the project aims to move (one row per KPI)."""
    require(actor, RUN, project)
    values = _target_values(kpi=kpi, sdg_target=sdg_target, baseline=baseline, target=target)
    row, _created = ProjectTarget.objects.update_or_create(
        project=project, kpi=kpi, defaults={"sdg_target": sdg_target, **values}
    )
    return row


def target_update(
    *, actor, target: ProjectTarget, baseline, target_value, sdg_target: str = ""
) -> ProjectTarget:
    """Change a KPI target's baseline, target value or SDG target (the value after stays)."""
    require(actor, RUN, target.project)
    values = _target_values(
        kpi=target.kpi, sdg_target=sdg_target, baseline=baseline, target=target_value
    )
    target.sdg_target, target.baseline, target.target = sdg_target, *values.values()
    target.save(update_fields=["sdg_target", "baseline", "target"])
    return target


def target_remove(*, actor, target: ProjectTarget) -> None:
    """Stop following a KPI in the project."""
    require(actor, RUN, target.project)
    target.delete()


def _after(value) -> object:
    errors: dict = {}
    after = decimal_check(value, "after", errors)
    if errors:
        raise ValidationFailed(errors)
    return after


def target_after_record(*, actor, target: ProjectTarget, after) -> ProjectTarget:
    """A city member records the KPI's value after implementation; it waits for an admin's
    confirmation (a changed value is confirmed again)."""
    require(actor, RUN, target.project)
    value = _after(after)
    target.after, target.recorded_by, target.recorded_at = (
        value,
        user_or_none(actor),
        timezone.now(),
    )
    target.confirmed_by, target.confirmed_at = None, None
    target.save(
        update_fields=["after", "recorded_by", "recorded_at", "confirmed_by", "confirmed_at"]
    )
    return target


def target_confirm(*, actor, target: ProjectTarget, after=None) -> ProjectTarget:
    """The city's admin confirms the value after implementation: the one recorded, or `after`
    (recorded and confirmed at once)."""
    require(actor, CONFIRM, target.project)
    with transaction.atomic():
        if after is not None:
            target = target_after_record(actor=actor, target=target, after=after)
        elif target.after is None:
            raise Conflict(
                _("Record the value after implementation first."),
                code=ProjectErrorCode.NOT_RECORDED,
            )
        target.confirmed_by, target.confirmed_at = user_or_none(actor), timezone.now()
        target.save(update_fields=["confirmed_by", "confirmed_at"])
    return target


def progress_replace(*, project: Project, milestones: list[dict], targets: list[dict]) -> None:
    """Make a project's milestones and KPI targets the given ones (checked by the caller: the
    exchange import). Targets are matched by KPI, so the values after of those kept stay."""
    project.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(
            project=project,
            title=m["title"],
            due_on=m["due_on"],
            done_on=m.get("done_on"),
            evidence=m.get("evidence", ""),
        )
        for m in milestones
    )
    project.targets.exclude(kpi__in=[t["kpi"] for t in targets]).delete()
    for t in targets:
        values = {f: Decimal(str(t[f])).quantize(FOUR_PLACES) for f in ("baseline", "target")}
        ProjectTarget.objects.update_or_create(
            project=project,
            kpi=t["kpi"],
            defaults={"sdg_target": t.get("sdg_target", ""), **values},
        )
