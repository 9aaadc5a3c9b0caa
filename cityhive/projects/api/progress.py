"""Implementation progress over the API: milestones and the KPI targets with their values after."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema, Status

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.core.api import Router
from cityhive.projects import progress, selectors

router = Router(auth=token_auth, tags=["projects"])


class MilestoneIn(Schema):
    title: str = Field(..., max_length=200)
    due_on: date


class MilestoneReachIn(Schema):
    done_on: date = Field(..., description="The day it was reached (today or earlier)")
    evidence: str = Field("", max_length=2000, description="What shows it was reached")


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    done_on: date | None
    evidence: str


class TargetIn(Schema):
    kpi: str = Field(..., max_length=40, description="A U4SSC KPI code")
    sdg_target: str = Field("", max_length=10)
    baseline: Decimal = Field(..., max_digits=16, decimal_places=4)
    target: Decimal = Field(..., max_digits=16, decimal_places=4)


class AfterIn(Schema):
    after: Decimal = Field(..., max_digits=16, decimal_places=4)


class ConfirmIn(Schema):
    after: Decimal | None = Field(
        None, max_digits=16, decimal_places=4, description="Empty: confirm the value recorded"
    )


class TargetOut(Schema):
    id: int
    kpi: str
    sdg_target: str
    baseline: Decimal
    target: Decimal
    after: Decimal | None
    recorded_at: datetime | None
    confirmed_at: datetime | None


@router.get("/projects/{project_id}/milestones", response=list[MilestoneOut], auth=public_auth)
def milestone_list(request, project_id: int):
    """A project's milestones, by due date"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    return list(project.milestones.all())


@router.post("/projects/{project_id}/milestones", response={201: MilestoneOut})
def milestone_add(request, project_id: int, payload: MilestoneIn):
    """Add a dated milestone to the project's timeline (its city's members)"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    milestone = progress.milestone_add(
        actor=request.auth, project=project, title=payload.title, due_on=payload.due_on
    )
    return Status(201, milestone)


@router.put("/milestones/{milestone_id}", response=MilestoneOut)
def milestone_update(request, milestone_id: int, payload: MilestoneIn):
    """Rename or reschedule a milestone (its city's members)"""
    milestone = selectors.milestone_get_visible_to(actor=request.auth, milestone_id=milestone_id)
    return progress.milestone_update(actor=request.auth, milestone=milestone, **payload.dict())


@router.delete("/milestones/{milestone_id}", response={204: None})
def milestone_remove(request, milestone_id: int):
    """Take a milestone off the timeline (its city's members)"""
    milestone = selectors.milestone_get_visible_to(actor=request.auth, milestone_id=milestone_id)
    progress.milestone_remove(actor=request.auth, milestone=milestone)
    return Status(204, None)


@router.post("/milestones/{milestone_id}/reached", response=MilestoneOut)
def milestone_reach(request, milestone_id: int, payload: MilestoneReachIn):
    """Mark a milestone reached, with the day and the evidence (its city's members)"""
    milestone = selectors.milestone_get_visible_to(actor=request.auth, milestone_id=milestone_id)
    return progress.milestone_reach(actor=request.auth, milestone=milestone, **payload.dict())


@router.get(
    "/projects/{project_id}/targets",
    response=list[TargetOut],
    auth=public_auth,
    operation_id="project_target_list",
)
def target_list(request, project_id: int):
    """The KPIs a project aims to move, with baseline, target and the value after"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    return list(project.targets.all())


@router.post(
    "/projects/{project_id}/targets", response=TargetOut, operation_id="project_target_set"
)
def target_set(request, project_id: int, payload: TargetIn):
    """Set the baseline and target of a KPI the project aims to move (its city's members)"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    return progress.target_set(actor=request.auth, project=project, **payload.dict())


@router.delete(
    "/project-targets/{target_id}", response={204: None}, operation_id="project_target_remove"
)
def target_remove(request, target_id: int):
    """Stop following a KPI in the project (its city's members)"""
    target = selectors.target_get_visible_to(actor=request.auth, target_id=target_id)
    progress.target_remove(actor=request.auth, target=target)
    return Status(204, None)


@router.post(
    "/project-targets/{target_id}/after",
    response=TargetOut,
    operation_id="project_target_after_record",
)
def target_after_record(request, target_id: int, payload: AfterIn):
    """Record the KPI's value after implementation, to be confirmed (its city's members)"""
    target = selectors.target_get_visible_to(actor=request.auth, target_id=target_id)
    return progress.target_after_record(actor=request.auth, target=target, after=payload.after)


@router.post(
    "/project-targets/{target_id}/confirm",
    response=TargetOut,
    operation_id="project_target_confirm",
)
def target_confirm(request, target_id: int, payload: ConfirmIn):
    """Confirm the KPI's value after implementation (the city's admins)"""
    target = selectors.target_get_visible_to(actor=request.auth, target_id=target_id)
    return progress.target_confirm(actor=request.auth, target=target, after=payload.after)
