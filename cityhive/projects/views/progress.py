"""Pages that change a project: its fields (refused when someone saved it meanwhile), its
milestones (reached, with evidence) and its KPI targets with the values after implementation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cityhive.content.catalogue import Taxonomy
from cityhive.content.forms import errors_show
from cityhive.content.views import form_page
from cityhive.core.errors import Conflict, DomainError
from cityhive.core.permissions import require
from cityhive.core.views import action_run
from cityhive.projects import progress, selectors, services
from cityhive.projects.forms import (
    AfterForm,
    MilestoneForm,
    MilestoneReachForm,
    ProjectEditForm,
    TargetForm,
)
from cityhive.projects.models import Project

RUN = "projects.change_project"
CONFIRM = "projects.approve_gate"
EDITABLE = tuple(f for f in services.PROJECT_FIELDS if f != "path")


@login_required
def project_edit(request, project_id: int):
    project = selectors.project_get_run_by(actor=request.user, project_id=project_id)
    initial = {**{f: getattr(project, f) for f in EDITABLE}, "version": project.version}
    post = request.POST.copy() if request.method == "POST" else None
    form = ProjectEditForm(post, initial=initial, taxonomy=Taxonomy())
    if post is not None and form.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=project,
                fields=form.project_fields(),
                version=form.cleaned_data["version"],
            )
        except Conflict as conflict:
            # Everything typed stays; saving again knowingly replaces the other edit.
            form.data["version"] = Project.objects.get(pk=project.pk).version
            form.add_error(None, conflict.message)
        except DomainError as error:
            errors_show(form, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect("project_detail", project_id=project.pk)
    return form_page(request, "projects/project_edit.html", {"project": project, "form": form})


def _ids(prefix: str, pk: int) -> str:
    return f"id_{prefix}{pk}_%s"


def _milestone_rows(project, replaced: dict) -> list[dict]:
    rows = []
    for m in project.milestones.all():
        form = MilestoneForm(
            initial={"title": m.title, "due_on": m.due_on}, auto_id=_ids("milestone", m.pk)
        )
        reach = MilestoneReachForm(
            initial={"done_on": m.done_on or timezone.localdate(), "evidence": m.evidence},
            auto_id=_ids("reach", m.pk),
        )
        rows.append(
            {
                "milestone": m,
                "form": replaced.get(("milestone", m.pk), form),
                "reach_form": replaced.get(("reach", m.pk), reach),
            }
        )
    return rows


def _target_rows(project, taxonomy, replaced: dict) -> list[dict]:
    rows = []
    for t in project.targets.select_related("recorded_by", "confirmed_by"):
        initial = {"sdg_target": t.sdg_target, "baseline": t.baseline, "target": t.target}
        form = TargetForm(
            initial=initial, taxonomy=taxonomy, with_kpi=False, auto_id=_ids("target", t.pk)
        )
        after = AfterForm(initial={"after": t.after}, auto_id=_ids("after", t.pk))
        rows.append(
            {
                "target": t,
                "label": taxonomy.label("kpi", t.kpi),
                "form": replaced.get(("target", t.pk), form),
                "after_form": replaced.get(("after", t.pk), after),
            }
        )
    return rows


def _progress_page(request, project, replaced: dict | None = None):
    replaced = replaced or {}
    taxonomy = Taxonomy()
    context = {
        "project": project,
        "milestones": _milestone_rows(project, replaced),
        "targets": _target_rows(project, taxonomy, replaced),
        "milestone_form": replaced.get("milestone_add", MilestoneForm(auto_id="id_new_m_%s")),
        "target_form": replaced.get(
            "target_add", TargetForm(taxonomy=taxonomy, auto_id="id_new_t_%s")
        ),
        "can_confirm": request.user.has_perm(CONFIRM, project),
    }
    if replaced:
        context["form"] = next(iter(replaced.values()))  # the refused form: a 400 page
    else:
        context["form"] = context["milestone_form"]
    return form_page(request, "projects/project_progress.html", context)


@login_required
def project_progress(request, project_id: int):
    project = selectors.project_get_run_by(actor=request.user, project_id=project_id)
    return _progress_page(request, project)


def _act(request, project, key, form, run, done: str):
    """Run a progress change from a bound form; the page again with the form on refusal."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except DomainError as error:
            if error.status in (403, 404):
                raise
            errors_show(form, error)
            if not form.errors:
                form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("project_progress", project_id=project.pk)
    return _progress_page(request, project, {key: form})


def _item_change(load, subject: str, prefix: str, form_class, change, done):
    """A POST view that changes one milestone or KPI target from a bound `form_class`: `load`
    gets the item (and checks the permission), `change(actor=, <subject>=item, **data)` runs, and
    on refusal the progress page comes again with the form, its ids made from `prefix`."""

    @login_required
    @require_POST
    def view(request, **ids):
        (item_id,) = ids.values()
        item = load(request, item_id)
        form = form_class(request.POST, auto_id=_ids(prefix, item.pk))

        def run(data):
            return change(actor=request.user, **{subject: item}, **data)

        return _act(request, item.project, (prefix, item.pk), form, run, done)

    view.__name__ = view.__qualname__ = change.__name__  # what error reports and resolve() name
    return view


@login_required
@require_POST
def milestone_add(request, project_id: int):
    project = selectors.project_get_run_by(actor=request.user, project_id=project_id)
    form = MilestoneForm(request.POST, auto_id="id_new_m_%s")
    return _act(
        request,
        project,
        "milestone_add",
        form,
        lambda data: progress.milestone_add(actor=request.user, project=project, **data),
        _("Milestone added."),
    )


def _milestone(request, milestone_id: int):
    milestone = selectors.milestone_get_visible_to(actor=request.user, milestone_id=milestone_id)
    require(request.user, RUN, milestone.project)
    return milestone


milestone_update = _item_change(
    _milestone, "milestone", "milestone", MilestoneForm, progress.milestone_update,
    gettext_lazy("Milestone saved."),
)  # fmt: skip
milestone_reach = _item_change(
    _milestone, "milestone", "reach", MilestoneReachForm, progress.milestone_reach,
    gettext_lazy("Milestone marked reached."),
)  # fmt: skip


@login_required
@require_POST
def milestone_remove(request, milestone_id: int):
    milestone = _milestone(request, milestone_id)
    progress.milestone_remove(actor=request.user, milestone=milestone)
    messages.success(request, _("Milestone removed."))
    return redirect("project_progress", project_id=milestone.project_id)


@login_required
@require_POST
def target_add(request, project_id: int):
    project = selectors.project_get_run_by(actor=request.user, project_id=project_id)
    form = TargetForm(request.POST, taxonomy=Taxonomy(), auto_id="id_new_t_%s")
    return _act(
        request,
        project,
        "target_add",
        form,
        lambda data: progress.target_set(actor=request.user, project=project, **data),
        _("KPI target saved."),
    )


def _target(request, target_id: int, permission: str = RUN):
    target = selectors.target_get_visible_to(actor=request.user, target_id=target_id)
    require(request.user, permission, target.project)
    return target


@login_required
@require_POST
def target_update(request, target_id: int):
    target = _target(request, target_id)
    form = TargetForm(
        request.POST, taxonomy=Taxonomy(), with_kpi=False, auto_id=_ids("target", target.pk)
    )
    return _act(
        request,
        target.project,
        ("target", target.pk),
        form,
        lambda data: progress.target_update(
            actor=request.user,
            target=target,
            baseline=data["baseline"],
            target_value=data["target"],
            sdg_target=data["sdg_target"],
        ),
        _("KPI target saved."),
    )


@login_required
@require_POST
def target_remove(request, target_id: int):
    target = _target(request, target_id)
    progress.target_remove(actor=request.user, target=target)
    messages.success(request, _("KPI target removed."))
    return redirect("project_progress", project_id=target.project_id)


target_after = _item_change(
    _target, "target", "after", AfterForm, progress.target_after_record,
    gettext_lazy("Value after recorded: the city's admins confirm it."),
)  # fmt: skip


@login_required
@require_POST
def target_confirm(request, target_id: int):
    target = _target(request, target_id, permission=CONFIRM)
    action_run(
        request,
        lambda: progress.target_confirm(actor=request.user, target=target),
        _("Value after confirmed."),
    )
    return redirect("project_progress", project_id=target.project_id)
