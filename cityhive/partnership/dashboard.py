"""What the partnership programme adds to the dashboard (its page-section slots): the steps
waiting for a company's admins, a shortcut per company, and the managers' review queue."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cityhive.core.sections import first_few
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.permissions import organisation_roles
from cityhive.partnership import selectors, services
from cityhive.partnership.models import ApplicationStatus
from cityhive.partnership.permissions import administered_ids


def _item(label: str, url: str, detail: str = "") -> dict:
    return {"label": label, "url": url, "detail": detail}


def _detail_url(application) -> str:
    return reverse("partnership_application_detail", args=[application.pk])


def _company_steps(company: Organisation) -> list[dict]:
    open_application = selectors.application_open_for(company)
    names = {"name": company.name}
    if open_application is not None:
        if open_application.status == ApplicationStatus.CHANGES_REQUESTED:
            label = _("Change and resubmit the partnership application of %(name)s") % names
            return [_item(label, _detail_url(open_application), open_application.decision_reason)]
        if open_application.status == ApplicationStatus.DRAFT:
            label = _("Submit the partnership application of %(name)s") % names
            return [_item(label, _detail_url(open_application))]
        return []
    current = selectors.partnership_current(company)
    if current is not None and services.can_apply_now(company):
        detail = _("It ends on %(end)s.") % {"end": current.ends_on.isoformat()}
        url = f"{reverse('partnership_apply')}?organisation={company.slug}"
        return [_item(_("Renew the partnership of %(name)s") % names, url, detail)]
    return []


def actions(user) -> list[dict]:
    """For each company the member administers: a draft to submit, changes to make, or a
    partnership to renew."""
    companies = Organisation.objects.filter(
        pk__in=administered_ids(user), kind=OrganisationKind.COMPANY
    )
    return [step for company in companies for step in _company_steps(company)]


def shortcuts(user, organisation) -> list[dict]:
    """A company's partnership: its latest application, or where to apply."""
    if organisation.kind != OrganisationKind.COMPANY or organisation.pk not in organisation_roles(
        user
    ):
        return []
    latest = organisation.partnership_applications.order_by("-created_at").first()
    if latest is not None:
        return [_item(_("Partnership"), _detail_url(latest))]
    return [_item(_("Become a partner"), reverse("partnership_apply"))]


def programme_queue(user) -> dict:
    """Submitted applications waiting for a decision, oldest first (programme managers)."""
    waiting = selectors.application_list_visible_to(actor=user, status=ApplicationStatus.SUBMITTED)
    shown, count = first_few(waiting)
    items = [
        _item(a.organisation.name, _detail_url(a), f"{a.tier.name} · {a.get_kind_display()}")
        for a in shown
    ]
    if count > len(shown):
        queue = reverse("partnership_application_queue")
        items.append(_item(_("All %(count)d waiting applications") % {"count": count}, queue))
    return {
        "title": _("Partnership applications to review"),
        "items": items,
        "empty": _("No application is waiting for a decision."),
    }
