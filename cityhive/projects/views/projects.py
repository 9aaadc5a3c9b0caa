"""Project pages: the list, a project with its stage, gate, consortium, builder and plan; the
investment opportunities financiers see; a financier's mandate; the OCDS export."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cityhive.challenges.selectors import challenge_list_all
from cityhive.content.forms import errors_show
from cityhive.core.charts import bars
from cityhive.core.errors import DomainError, Forbidden, NotFound
from cityhive.core.permissions import require
from cityhive.core.views import action_run
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.selectors import membership_list_for
from cityhive.projects import consortium, financing, ocds, selectors, services
from cityhive.projects.forms import (
    GateForm,
    InterestForm,
    InviteForm,
    MandateForm,
    OpportunityForm,
    ProjectForm,
    RatesForm,
    SourceFormSet,
)
from cityhive.projects.impact import COUNTED, contribution_table, programme_contribution
from cityhive.projects.impact import sdg_contribution as contribution_of
from cityhive.projects.models import Instrument, Mandate
from cityhive.projects.permissions import verified_financier_ids
from cityhive.projects.stages import ORDER, gate_items, next_stage


def project_list(request):
    projects = selectors.project_list_visible_to(actor=request.user)[:200]
    cities = _cities(request.user) if request.user.is_authenticated else []
    return render(
        request, "projects/project_list.html", {"projects": projects, "can_create": bool(cities)}
    )


def _cities(user) -> list[Organisation]:
    return [
        m.organisation
        for m in membership_list_for(actor=user)
        if m.organisation.kind == OrganisationKind.CITY
    ]


def _project_form(request, cities, data=None) -> ProjectForm:
    form = ProjectForm(data, initial={"challenge": request.GET.get("challenge")})
    form.fields["city"].choices = [(c.slug, c.name) for c in cities]
    challenges = challenge_list_all().filter(city__in=cities).order_by("title")
    form.fields["challenge"].choices = [("", _("None"))] + [(c.pk, c.title) for c in challenges]
    return form


@login_required
def project_create(request):
    cities = _cities(request.user)
    if not cities:
        messages.info(request, _("Projects are started by the members of a city."))
        return redirect("project_list")
    form = _project_form(request, cities, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        city = next(c for c in cities if c.slug == data.pop("city"))
        challenge_id = data.pop("challenge")
        challenge = challenge_list_all().filter(pk=challenge_id, city=city).first()
        data["operating_cost"] = data.get("operating_cost") or 0
        data["currency"] = data["currency"].upper()
        try:
            project = services.project_create(
                actor=request.user, city=city, challenge=challenge, fields=data
            )
        except DomainError as error:
            errors_show(form, error)
        else:
            messages.success(request, _("Project created. Your city leads its consortium."))
            return redirect("project_detail", project_id=project.pk)
    return render(request, "projects/project_form.html", {"form": form})


def _stage_steps(project) -> list[dict]:
    order = ORDER[project.path]
    position = order.index(project.stage)
    labels = dict(project._meta.get_field("stage").choices)
    return [
        {"label": labels[stage], "done": i < position, "current": i == position}
        for i, stage in enumerate(order)
    ]


def project_detail(request, project_id: int, gate_form=None, invite_form=None):
    project = selectors.project_get_visible_to(actor=request.user, project_id=project_id)
    member = selectors.project_is_member(actor=request.user, project=project)
    runs = selectors.project_runs(actor=request.user, project=project)
    has_next = next_stage(project.path, project.stage) is not None
    opportunity = getattr(project, "opportunity", None) if member else None
    context = {
        "project": project,
        "steps": _stage_steps(project),
        "is_member": member,
        "runs": runs,
        "can_approve": request.user.has_perm("projects.approve_gate", project),
        "gate_form": gate_form or (GateForm(items=gate_items(project.stage)) if has_next else None),
        "gates": project.gates.select_related("approved_by") if member else [],
        "members": project.members.select_related("organisation"),
        "invite_form": invite_form or InviteForm(),
        "proposals": selectors.consortium_proposals_for(actor=request.user, project=project),
        "sources": list(project.sources.select_related("financier")) if member else [],
        "opportunity": opportunity,
        "financiers": selectors.financiers_for_opportunity(
            actor=request.user, opportunity=opportunity
        )
        if opportunity
        else [],
        "my_invitations": [
            m
            for m in project.members.filter(status="invited").select_related("organisation")
            if request.user.has_perm("projects.answer_invitation", m)
        ],
        "targets": project.targets.all(),
        "milestones": project.milestones.all(),
    }
    return render(request, "projects/project_detail.html", context)


@login_required
@require_POST
def project_advance(request, project_id: int):
    project = selectors.project_get_visible_to(actor=request.user, project_id=project_id)
    form = GateForm(request.POST, items=gate_items(project.stage))
    if not form.is_valid():
        return project_detail(request, project_id, gate_form=form)
    from_stage = request.POST.get("from_stage", "")
    try:
        services.project_advance(
            actor=request.user, project=project, from_stage=from_stage, checklist=form.cleaned_data
        )
    except DomainError as error:
        if error.status in (403, 404):
            raise
        errors_show(form, error, aliases={f"checklist.{c}": c for c in form.fields})
        messages.error(request, error.message)
        return project_detail(request, project_id, gate_form=form)
    messages.success(request, _("Gate passed: the project moved to the next stage."))
    return redirect("project_detail", project_id=project.pk)


@login_required
@require_POST
def member_invite(request, project_id: int):
    project = selectors.project_get_run_by(actor=request.user, project_id=project_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return project_detail(request, project_id, invite_form=form)
    organisation = Organisation.objects.filter(slug=form.cleaned_data["organisation"]).first()
    if organisation is None:
        form.add_error("organisation", _("No organisation has this address name."))
        return project_detail(request, project_id, invite_form=form)
    action_run(
        request,
        lambda: consortium.member_invite(
            actor=request.user,
            project=project,
            organisation=organisation,
            role=form.cleaned_data["role"],
        ),
        _("Invitation sent to %(name)s.") % {"name": organisation.name},
        error_pages=(),
    )
    return redirect("project_detail", project_id=project.pk)


@login_required
@require_POST
def member_answer(request, member_id: int):
    member = selectors.member_get(actor=request.user, member_id=member_id)
    require(request.user, "projects.answer_invitation", member)
    accept = request.POST.get("answer") == "accept"
    if request.POST.get("answer") not in ("accept", "decline"):
        return HttpResponseBadRequest(_("Choose to accept or decline."))
    action_run(
        request,
        lambda: consortium.member_answer(actor=request.user, member=member, accept=accept),
        _("You joined the consortium.") if accept else _("Declined."),
        error_pages=(403,),
    )
    return redirect("project_detail", project_id=member.project_id)


@login_required
@require_POST
def member_withdraw(request, member_id: int):
    member = selectors.member_get(actor=request.user, member_id=member_id)
    action_run(
        request,
        lambda: consortium.member_withdraw(actor=request.user, member=member),
        _("%(name)s left the consortium.") % {"name": member.organisation.name},
        error_pages=(403,),
    )
    return (
        redirect("project_list")
        if not selectors.project_is_member(actor=request.user, project=member.project)
        else redirect("project_detail", project_id=member.project_id)
    )


def _source_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data if form.is_valid() else {}
        if data:
            rows.append({**data, "currency": data["currency"].upper()})
    return rows


@login_required
def plan_edit(request, project_id: int):
    project = selectors.project_get_run_by(actor=request.user, project_id=project_id)
    initial = [
        {
            "label": s.label,
            "financier": s.financier.slug if s.financier else "",
            "instrument": s.instrument,
            "ppp_model": s.ppp_model,
            "amount": s.amount,
            "currency": s.currency,
            "status": s.status,
        }
        for s in project.sources.select_related("financier")
    ]
    rates = "\n".join(f"{code} {rate}" for code, rate in project.exchange_rates.items())
    formset = SourceFormSet(request.POST or None, initial=initial, prefix="sources")
    rates_form = RatesForm(request.POST or None, initial={"rates": rates})
    problems = []
    if request.method == "POST" and formset.is_valid() and rates_form.is_valid():
        try:
            financing.plan_replace(
                actor=request.user,
                project=project,
                sources=_source_rows(formset),
                rates=rates_form.cleaned_data["rates"],
            )
        except DomainError as error:
            problems = [
                error.message,
                *[
                    f"{path}: {message}" if path.startswith("sources.") else message
                    for path, items in error.field_errors.items()
                    for message in items
                    if message != error.message
                ],
            ]
        else:
            messages.success(request, _("Financing plan saved: it adds up to the project's cost."))
            return redirect("project_detail", project_id=project.pk)
    context = {
        "project": project,
        "formset": formset,
        "rates_form": rates_form,
        "problems": problems,
    }
    return render(request, "projects/plan_form.html", context)


@login_required
@require_POST
def financial_close(request, project_id: int):
    project = selectors.project_get_visible_to(actor=request.user, project_id=project_id)
    action_run(
        request,
        lambda: financing.financial_close(actor=request.user, project=project),
        _("Financial close recorded."),
        error_pages=(403,),
    )
    return redirect("project_detail", project_id=project.pk)


@login_required
def opportunity_open(request, project_id: int):
    project = selectors.project_get_run_by(actor=request.user, project_id=project_id)
    form = OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = financing.opportunity_open(
                actor=request.user, project=project, fields=form.cleaned_data
            )
        except DomainError as error:
            errors_show(form, error)
        else:
            messages.success(request, _("The project is open to verified financiers."))
            return redirect("opportunity_detail", opportunity_id=opportunity.pk)
    return render(request, "projects/opportunity_form.html", {"project": project, "form": form})


@login_required
def opportunity_list(request):
    financiers = Organisation.objects.filter(pk__in=verified_financier_ids(request.user))
    matched = [
        (financier, selectors.opportunities_for_financier(actor=request.user, financier=financier))
        for financier in financiers
    ]
    opportunities = selectors.opportunity_list_visible_to(actor=request.user)[:200]
    context = {"matched": matched, "opportunities": opportunities}
    return render(request, "projects/opportunity_list.html", context)


def _interest_form(request, data=None) -> InterestForm:
    form = InterestForm(data)
    own = Organisation.objects.filter(pk__in=verified_financier_ids(request.user))
    form.fields["financier"].choices = [(o.slug, o.name) for o in own]
    return form


@login_required
def opportunity_detail(request, opportunity_id: int, interest_form=None):
    opportunity = selectors.opportunity_get_visible_to(
        actor=request.user, opportunity_id=opportunity_id
    )
    form = interest_form or _interest_form(request)
    interested = opportunity.interests.filter(financier__in=verified_financier_ids(request.user))
    context = {
        "opportunity": opportunity,
        "project": opportunity.project,
        "interest_form": form
        if form.fields["financier"].choices and not interested.exists()
        else None,
        "interested": interested.exists(),
        "is_member": selectors.project_is_member(actor=request.user, project=opportunity.project),
        "instrument_labels": [Instrument(i).label for i in opportunity.instruments],
        "interests": opportunity.interests.select_related("financier")
        if selectors.project_is_member(actor=request.user, project=opportunity.project)
        else [],
    }
    return render(request, "projects/opportunity_detail.html", context)


@login_required
@require_POST
def opportunity_interest(request, opportunity_id: int):
    opportunity = selectors.opportunity_get_visible_to(
        actor=request.user, opportunity_id=opportunity_id
    )
    if not verified_financier_ids(request.user):
        raise Forbidden(_("Only members of verified financiers express interest."))
    form = _interest_form(request, request.POST)
    if not form.is_valid():
        return opportunity_detail(request, opportunity_id, interest_form=form)
    financier = Organisation.objects.get(slug=form.cleaned_data["financier"])
    action_run(
        request,
        lambda: financing.interest_express(
            actor=request.user,
            opportunity=opportunity,
            financier=financier,
            note=form.cleaned_data["note"],
        ),
        _("The city knows you are interested."),
    )
    return redirect("opportunity_detail", opportunity_id=opportunity.pk)


@login_required
def mandate_edit(request, slug: str):
    financier = Organisation.objects.filter(slug=slug).first()
    if financier is None:
        raise NotFound()
    require(request.user, "projects.change_mandate", financier)
    mandate = Mandate.objects.filter(financier=financier).first()
    initial = {}
    if mandate is not None:
        initial = {
            "sectors": mandate.sectors,
            "countries": mandate.countries,
            "instruments": mandate.instruments,
            "sdgs": mandate.sdgs,
            "ticket_min": mandate.ticket_min,
            "ticket_max": mandate.ticket_max,
            "currency": mandate.currency,
        }
    sectors = mandate.sectors if mandate is not None else []
    form = MandateForm(request.POST or None, initial=initial, sectors=sectors)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "currency": form.cleaned_data["currency"].upper()}
        try:
            financing.mandate_set(actor=request.user, financier=financier, fields=data)
        except DomainError as error:
            errors_show(form, error)
        else:
            messages.success(request, _("Mandate saved. Matching opportunities are listed below."))
            return redirect("opportunity_list")
    return render(request, "projects/mandate_form.html", {"financier": financier, "form": form})


def project_ocds(request, project_id: int):
    project = selectors.project_get_visible_to(actor=request.user, project_id=project_id)
    package = ocds.release_package(project, uri=request.build_absolute_uri())
    response = JsonResponse(package, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="project-{project.pk}-ocds.json"'
    return response


def sdg_contribution(request, slug: str):
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise NotFound()
    rows = contribution_of(actor=request.user, organisation=organisation)
    table = contribution_table(rows)
    wanted = request.GET.get("format")
    if wanted == "json":
        return JsonResponse({"organisation": organisation.slug, "goals": table}, safe=True)
    if wanted == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["goal", *COUNTED, "targets", "confirmed_kpi_changes"])
        for row in table:
            counts = [row[name] for name in COUNTED]
            writer.writerow(
                [row["goal"], *counts, " ".join(row["targets"]), len(row["kpi_changes"])]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{organisation.slug}-sdg.csv"'
        return response
    chart = bars([(_("SDG %(goal)d") % {"goal": r.goal}, sum(r.counts.values())) for r in rows])
    context = {"organisation": organisation, "rows": rows, "chart": chart}
    return render(request, "projects/sdg_contribution.html", context)


PROGRAMME_COLUMNS = ("country", "year", "goal", "projects", "confirmed_kpi_changes")


def programme_sdg_report(request):
    rows = programme_contribution(actor=request.user)
    wanted = request.GET.get("format")
    if wanted == "json":
        return JsonResponse({"rows": rows})
    if wanted == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=PROGRAMME_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="programme-sdg.csv"'
        return response
    per_goal: dict[int, int] = {}
    for row in rows:
        per_goal[row["goal"]] = per_goal.get(row["goal"], 0) + row["projects"]
    chart = bars([(_("SDG %(goal)d") % {"goal": g}, n) for g, n in sorted(per_goal.items())])
    return render(request, "projects/programme_report.html", {"rows": rows, "chart": chart})
