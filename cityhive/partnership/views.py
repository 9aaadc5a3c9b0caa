"""Partnership pages: the public tiers and partner directory, the company's application, the
managers' review queue and tier management (HTML)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_countries import countries

from cityhive.core.charts import bars
from cityhive.core.errors import DomainError
from cityhive.core.forms import apply_errors
from cityhive.core.permissions import require
from cityhive.core.public_cache import public_cache
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.permissions import organisation_roles
from cityhive.partnership import selectors, services
from cityhive.partnership.conduct import CONDUCT_TEXT, CONDUCT_VERSION
from cityhive.partnership.errors import PartnershipErrorCode
from cityhive.partnership.forms import (
    ApplicationForm,
    DecisionForm,
    PartnerFilterForm,
    QueueFilterForm,
    TierForm,
    reference_rows,
    references_of,
    sdg_choices,
)
from cityhive.partnership.models import ApplicationStatus
from cityhive.partnership.permissions import administered_ids
from cityhive.partnership.profile import profile_completeness
from cityhive.taxonomy.models import SdgGoal

REFERENCE_PATH = re.compile(r"references\[(\d+)\](?:\.(\w+))?")
REFERENCE_LABELS = {
    "name": gettext_lazy("name"),
    "organisation": gettext_lazy("organisation"),
    "email": gettext_lazy("email"),
    "relation": gettext_lazy("relation"),
}

# --- public: tiers and the partner directory -------------------------------------------------


def tier_list(request):
    tiers = selectors.tier_list_visible_to(actor=request.user)
    context = {
        "tiers": tiers,
        "can_manage": request.user.has_perm("partnership.manage_tiers"),
    }
    return render(request, "partnership/tier_list.html", context)


@public_cache
def partner_directory(request):
    tiers = selectors.tier_list_visible_to(actor=None)
    form = PartnerFilterForm(
        request.GET or None, tiers=tiers, country_codes=selectors.partner_countries()
    )
    filters = selectors.PartnerFilters()
    if form.is_valid():
        tier = form.cleaned_data["tier"]
        filters = selectors.PartnerFilters(
            tier_id=tier.pk if tier else None, country=form.cleaned_data["country"]
        )
    partners = list(selectors.partner_list(filters=filters))
    context = {"form": form, "partners": partners}
    template = "partnership/_partners.html" if request.htmx else "partnership/partner_list.html"
    return render(request, template, context)


# --- applying -------------------------------------------------------------------------------


def _goals():
    return list(SdgGoal.objects.order_by("number"))


def _companies_administered_by(user):
    return Organisation.objects.filter(
        pk__in=administered_ids(user), kind=OrganisationKind.COMPANY
    ).order_by("name")


def _application_page(request, context: dict, *, status: int = 200):
    context.update(conduct_text=CONDUCT_TEXT, conduct_version=CONDUCT_VERSION)
    return render(request, "partnership/application_form.html", context, status=status)


def _save_application(request, form, references, save):
    """Run the service, then submit when asked; errors go back on the form."""
    try:
        # Saving and submitting are one step: a submission that fails saves nothing either.
        with transaction.atomic():
            application = save()
            if request.POST.get("action") == "submit":
                application = services.application_submit(
                    actor=request.user, application=application
                )
        return application
    except DomainError as error:
        apply_errors(form, _named_errors(error))
        return None


def _named_errors(error: DomainError) -> DomainError:
    """Name the reference a message is about (`references[1].email` -> Reference 2, email)."""
    named = {}
    for path, problems in error.field_errors.items():
        match = REFERENCE_PATH.fullmatch(path)
        if match:
            row, field = int(match.group(1)) + 1, REFERENCE_LABELS.get(match.group(2), "")
            prefix = _("Reference %(n)d") % {"n": row} + (f", {field}" if field else "")
            path, problems = "__all__", [f"{prefix}: {problem}" for problem in problems]
        elif path in ("references", "accept_conduct"):
            label = {"references": _("References"), "accept_conduct": _("Code of conduct")}[path]
            path, problems = "__all__", [f"{label}: {problem}" for problem in problems]
        named.setdefault(path, []).extend(problems)
    error.field_errors = named
    return error


def _saved_message(request, application) -> None:
    if application.status == ApplicationStatus.SUBMITTED:
        messages.success(request, _("Your application was submitted to the programme managers."))
    else:
        messages.success(request, _("Your application was saved as a draft."))


@login_required
def application_create(request):
    companies = _companies_administered_by(request.user)
    tiers = selectors.tier_list_visible_to(actor=None)
    initial = {"organisation": companies.filter(slug=request.GET.get("organisation")).first()}
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(
        data, initial=initial, organisations=companies, tiers=tiers, goals=_goals()
    )
    references = reference_rows(data)
    if request.method == "POST" and form.is_valid() and references.is_valid():
        application = _save_application(
            request,
            form,
            references,
            lambda: services.application_create(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                tier=form.cleaned_data["tier"],
                fields=form.service_fields(references_of(references)),
            ),
        )
        if application is not None:
            _saved_message(request, application)
            return redirect("partnership_application_detail", application_id=application.pk)
    context = {"form": form, "references": references, "has_companies": companies.exists()}
    return _application_page(request, context, status=400 if form.errors else 200)


@login_required
def application_edit(request, application_id: int):
    application = selectors.application_get_visible_to(
        actor=request.user, application_id=application_id
    )
    require(
        request.user,
        "partnership.change_application",
        application,
        hide=True,
        code=PartnershipErrorCode.APPLICATION_NOT_FOUND,
    )
    if not application.is_editable:
        messages.info(request, _("This application can no longer be changed."))
        return redirect("partnership_application_detail", application_id=application.pk)
    initial = {
        "tier": application.tier,
        "motivation": application.motivation,
        "sdgs": application.sdgs,
        "accept_conduct": application.conduct_version == CONDUCT_VERSION,
    }
    data = request.POST if request.method == "POST" else None
    tiers = selectors.tier_list_visible_to(actor=None)
    form = ApplicationForm(data, initial=initial, tiers=tiers, goals=_goals())
    references = reference_rows(data, initial=application.references)
    if request.method == "POST" and form.is_valid() and references.is_valid():
        saved = _save_application(
            request,
            form,
            references,
            lambda: services.application_update(
                actor=request.user,
                application=application,
                tier=form.cleaned_data["tier"],
                fields=form.service_fields(references_of(references)),
            ),
        )
        if saved is not None:
            _saved_message(request, saved)
            return redirect("partnership_application_detail", application_id=saved.pk)
    context = {"form": form, "references": references, "application": application}
    return _application_page(request, context, status=400 if form.errors else 200)


def _sdg_labels(goals: list[int]) -> list[str]:
    labels = dict(sdg_choices(SdgGoal.objects.filter(number__in=goals)))
    return [labels[goal] for goal in sorted(goals) if goal in labels]


@login_required
def application_detail(request, application_id: int):
    application = selectors.application_get_visible_to(
        actor=request.user, application_id=application_id
    )
    can_review = request.user.has_perm("partnership.review_application", application)
    context = {
        "application": application,
        "profile": profile_completeness(application.organisation),
        "sdgs": _sdg_labels(application.sdgs),
        "partnership": getattr(application, "partnership", None),
        "can_edit": request.user.has_perm("partnership.change_application", application),
        "can_review": can_review,
        "decision_form": _decision_form(application) if can_review else None,
        "signer": _person(application.conduct_accepted_by, _("a former member")),
        "decider": _person(application.decided_by, _("a programme manager")),
    }
    return render(request, "partnership/application_detail.html", context)


def _person(user, missing: str) -> str:
    """How a page names a member who acted (their account may since have been deleted)."""
    return (user.name or user.email) if user is not None else missing


def _decision_form(application, data=None) -> DecisionForm:
    period = services.period_default(application.organisation)
    initial = {"tier": application.tier, **vars(period)}
    tiers = selectors.tier_list_visible_to(actor=None)
    return DecisionForm(data, initial=initial, tiers=tiers)


@login_required
@require_POST
def application_submit(request, application_id: int):
    application = selectors.application_get_visible_to(
        actor=request.user, application_id=application_id
    )
    try:
        services.application_submit(actor=request.user, application=application)
        messages.success(request, _("Your application was submitted to the programme managers."))
    except DomainError as error:
        if error.status == 403:
            raise
        messages.error(request, _error_text(error))
    return redirect("partnership_application_detail", application_id=application.pk)


def _error_text(error: DomainError) -> str:
    details = [message for messages in error.field_errors.values() for message in messages]
    return " ".join([error.message, *(f"{detail}." for detail in details)])


@login_required
@require_POST
def application_decide(request, application_id: int):
    application = selectors.application_get_visible_to(
        actor=request.user, application_id=application_id
    )
    require(request.user, "partnership.review_application", application)
    form = _decision_form(application, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("partnership_application_detail", application_id=application.pk)
    try:
        messages.success(request, _decide(request.user, application, form.cleaned_data))
    except DomainError as error:
        if error.status == 403:
            raise
        messages.error(request, _error_text(error))
    return redirect("partnership_application_detail", application_id=application.pk)


def _decide(actor, application, data: dict) -> str:
    """Carry out the manager's decision; what to tell them."""
    decision = data["decision"]
    if decision == "approve":
        services.application_approve(
            actor=actor,
            application=application,
            tier=data["tier"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        return _("Approved: %(name)s is a partner.") % {"name": application.organisation.name}
    if decision == "changes":
        services.application_ask_for_changes(
            actor=actor, application=application, reason=data["reason"]
        )
        return _("Changes were asked for; the applicant sees your reason.")
    services.application_reject(actor=actor, application=application, reason=data["reason"])
    return _("The application was rejected; the applicant sees your reason.")


# --- programme managers: the review queue and the tiers --------------------------------------


def _figure_rows(figures: selectors.ProgrammeFigures) -> dict[str, list[tuple[str, int]]]:
    """The programme's figures as (label, count) rows people read: statuses, countries and
    goals by name."""
    labels = dict(ApplicationStatus.choices)
    goals = dict(sdg_choices(_goals()))
    return {
        "applications": [(str(labels[code]), n) for code, n in figures.applications.items()],
        "tiers": list(figures.partners_by_tier),
        "countries": [
            (countries.name(code) or _("No country"), n) for code, n in figures.partners_by_country
        ],
        "sdgs": [(str(goals.get(goal, f"SDG {goal}")), n) for goal, n in figures.sdgs],
    }


@login_required
def application_queue(request):
    figures = selectors.programme_figures(actor=request.user)
    form = QueueFilterForm(request.GET or {"status": ApplicationStatus.SUBMITTED})
    status = form.cleaned_data["status"] if form.is_valid() else ApplicationStatus.SUBMITTED
    applications = selectors.application_list_visible_to(actor=request.user, status=status)
    labels = dict(ApplicationStatus.choices)
    rows = _figure_rows(figures)
    context = {
        "form": form,
        "applications": applications,
        "status_label": labels.get(status, _("Every status")),
        "counts": [(code, labels[code], n) for code, n in figures.applications.items()],
        "figures": figures,
        "partners_by_country": rows["countries"],
        "sdgs": rows["sdgs"],
        # Drawn on the server as SVG (core.charts): no script, no style element, so the
        # content security policy stays as it is; each chart names its figures in its text.
        "charts": {
            name: bars(values) for name, values in rows.items() if any(n for _, n in values)
        },
    }
    return render(request, "partnership/application_queue.html", context)


def _tier_page(request, form, tier=None):
    context = {"form": form, "tier": tier}
    return render(
        request, "partnership/tier_form.html", context, status=400 if form.errors else 200
    )


def _tier_fields(form: TierForm) -> dict:
    data = dict(form.cleaned_data)
    data["currency"] = data["currency"].upper()
    return data


@login_required
def tier_create(request):
    require(request.user, "partnership.manage_tiers")
    form = TierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tier = services.tier_create(actor=request.user, fields=_tier_fields(form))
            messages.success(request, _("The tier %(name)s was added.") % {"name": tier.name})
            return redirect("partnership_tier_list")
        except DomainError as error:
            apply_errors(form, error)
    return _tier_page(request, form)


@login_required
def tier_edit(request, tier_id: int):
    tier = selectors.tier_get_managed_by(actor=request.user, tier_id=tier_id)
    initial = {field: getattr(tier, field) for field in services.TIER_FIELDS}
    form = TierForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.tier_update(actor=request.user, tier=tier, fields=_tier_fields(form))
            messages.success(request, _("The tier %(name)s was saved.") % {"name": tier.name})
            return redirect("partnership_tier_list")
        except DomainError as error:
            apply_errors(form, error)
    return _tier_page(request, form, tier)


# --- the organisation page's section (core.sections) ----------------------------------------


def organisation_section(user, organisation) -> dict:
    """The partner badge for everyone; for the company's members, its partnership and
    application, and whether its admins may apply or renew."""
    current = selectors.partnership_current(organisation)
    section = {"current": current}
    if organisation.kind != OrganisationKind.COMPANY or organisation.pk not in organisation_roles(
        user
    ):
        return section
    section["open_application"] = selectors.application_open_for(organisation)
    section["latest"] = organisation.partnership_applications.order_by("-created_at").first()
    section["can_apply"] = (
        user.has_perm("partnership.apply_for", organisation)
        and section["open_application"] is None
        and services.can_apply_now(organisation)
    )
    return section
