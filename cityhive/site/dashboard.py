"""Each role's dashboard: what needs the person's action, what is new for them, shortcuts to
their organisations' items and, for programme managers, the programme's queues.

Apps above the dashboard's own reads contribute their parts through page-section slots
(cityhive.core.sections), registered in their AppConfig.ready:

- DASHBOARD_ACTIONS ("dashboard_actions"): provider(user) -> list of DashboardItem-like dicts
  {"label", "url", "detail"} that need this person's action (answer an interest, ...).
- DASHBOARD_NEW ("dashboard_new"): provider(user) -> the same kind of list, what is new for them.
- DASHBOARD_SHORTCUTS ("dashboard_shortcuts"): provider(user, organisation) -> list of
  {"label", "url"} shown with each of the member's organisations.
- DASHBOARD_PROGRAMME ("dashboard_programme"): provider(user) -> {"title", "items", "empty"},
  one queue of the programme; asked only for programme managers.
- DASHBOARD_FIGURES ("dashboard_figures"): provider(user, organisation) -> {"title", and any of
  "figures" (a list of (label, value) pairs), "items" (DashboardItem-like dicts), "empty",
  "url" and "link"} or None: a panel in each of the member's organisation cards (its
  conversion, its new matches).
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from cityhive.challenges.selectors import (
    ChallengeFilters,
    challenge_list_visible_to,
    need_item_list_for_cities,
)
from cityhive.core.sections import first_few, sections
from cityhive.directory.models import MembershipRole, Organisation, OrganisationKind
from cityhive.directory.selectors import (
    OrganisationFilters,
    invitation_list_addressed_to,
    membership_list_for,
    organisation_list_visible_to,
)
from cityhive.solutions.selectors import SolutionFilters, solution_list_visible_to

DASHBOARD_ACTIONS = "dashboard_actions"
DASHBOARD_NEW = "dashboard_new"
DASHBOARD_SHORTCUTS = "dashboard_shortcuts"
DASHBOARD_PROGRAMME = "dashboard_programme"
DASHBOARD_FIGURES = "dashboard_figures"
NEW_SHOWN = 4


@dataclass(frozen=True)
class DashboardItem:
    label: str
    url: str
    detail: str = ""


@dataclass
class OrganisationCard:
    organisation: Organisation
    role: str
    shortcuts: list = field(default_factory=list)
    panels: list = field(default_factory=list)


def _contributed(slot: str, **arguments) -> list["DashboardItem"]:
    """Every item the contributors of a list slot give, in registration order."""
    return [_item(item) for part in sections(slot, **arguments).values() for item in (part or [])]


def _item(item) -> "DashboardItem":
    """A contributed item as a DashboardItem (contributors may give plain dicts)."""
    if isinstance(item, DashboardItem):
        return item
    return DashboardItem(str(item["label"]), str(item["url"]), str(item.get("detail") or ""))


def _needs_prompts(memberships) -> list[DashboardItem]:
    """A city admin whose city has no needs profile is asked to fill it in (matches follow it)."""
    administered = [
        m
        for m in memberships
        if m.organisation.kind == OrganisationKind.CITY and m.role == MembershipRole.ADMIN
    ]
    cities = [m.organisation_id for m in administered]
    with_needs = set(need_item_list_for_cities(city_ids=cities).values_list("city_id", flat=True))
    return [
        DashboardItem(
            _("Fill in the needs profile of %(city)s") % {"city": m.organisation.name},
            reverse("needs_edit", args=[m.organisation.slug]),
            _("Recommendations and matches follow what your city says it needs."),
        )
        for m in administered
        if m.organisation_id not in with_needs
    ]


def actions_for(user, memberships, invitations) -> list[DashboardItem]:
    """What waits for this person: invitations, an empty needs profile, contributed items."""
    items = [
        DashboardItem(
            _("%(organisation)s invites you as %(role)s")
            % {"organisation": i.organisation.name, "role": i.get_role_display().lower()},
            reverse("organisation_detail", args=[i.organisation.slug]),
            _("Open the link in the invitation email to accept."),
        )
        for i in invitations
    ]
    return items + _needs_prompts(memberships) + _contributed(DASHBOARD_ACTIONS, user=user)


def new_for(user, memberships) -> list[DashboardItem]:
    """Newest challenges for companies, newest solutions for cities, then contributed news."""
    kinds = {m.organisation.kind for m in memberships}
    own = {m.organisation_id for m in memberships}
    items = []
    if kinds & {OrganisationKind.COMPANY, OrganisationKind.FINANCIER}:
        challenges = challenge_list_visible_to(actor=user, filters=ChallengeFilters(status="open"))
        items += [
            DashboardItem(c.title, reverse("challenge_detail", args=[c.pk]), c.city.name)
            for c in challenges.exclude(city_id__in=own)[:NEW_SHOWN]
        ]
    if OrganisationKind.CITY in kinds:
        solutions = solution_list_visible_to(actor=user, filters=SolutionFilters())
        items += [
            DashboardItem(s.title, reverse("solution_detail", args=[s.pk]), s.provider.name)
            for s in solutions.exclude(provider_id__in=own)[:NEW_SHOWN]
        ]
    return items + _contributed(DASHBOARD_NEW, user=user)


def _shortcuts(user, membership) -> list[DashboardItem]:
    organisation = membership.organisation
    slug = organisation.slug
    links = [DashboardItem(_("Members"), reverse("organisation_members", args=[slug]))]
    if organisation.kind != OrganisationKind.FINANCIER:
        links.append(DashboardItem(_("Solutions"), reverse("solution_list") + f"?provider={slug}"))
    if organisation.kind == OrganisationKind.CITY:
        links += [
            DashboardItem(_("Needs profile"), reverse("needs_edit", args=[slug])),
            DashboardItem(_("Recommended solutions"), reverse("city_recommendations", args=[slug])),
            DashboardItem(_("Peer cities"), reverse("city_peers", args=[slug])),
        ]
    if organisation.kind == OrganisationKind.COMPANY:
        links.append(DashboardItem(_("Cities for us"), reverse("company_cities", args=[slug])))
    return links + _contributed(DASHBOARD_SHORTCUTS, user=user, organisation=organisation)


def organisation_cards(user, memberships) -> list[OrganisationCard]:
    """The member's organisations, each with its shortcuts."""
    return [
        OrganisationCard(
            m.organisation,
            m.get_role_display(),
            _shortcuts(user, m),
            _panels(user, m.organisation),
        )
        for m in memberships
    ]


def _panels(user, organisation) -> list[dict]:
    """The panels contributed for one of the member's organisations (conversion, matches)."""
    parts = sections(DASHBOARD_FIGURES, user=user, organisation=organisation).values()
    # "items" is optional for a provider, but a template reading a dict without it would iterate
    # the dict's own items() method (empty links, one per key).
    return [{"items": [], **part} for part in parts if part]


def programme_queues(user) -> dict:
    """Organisations waiting for verification, then each contributed queue of the programme."""
    unverified = organisation_list_visible_to(
        actor=user, filters=OrganisationFilters(verified=False)
    )
    shown, count = first_few(unverified.order_by("-created_at", "-pk"))
    return {
        "to_verify": shown,
        "to_verify_count": count,
        "queues": list(sections(DASHBOARD_PROGRAMME, user=user).values()),
    }


def dashboard_context(user) -> dict:
    """Everything the dashboard shows this person."""
    memberships = list(membership_list_for(actor=user))
    invitations = list(invitation_list_addressed_to(actor=user))
    context = {
        "memberships": memberships,
        "organisations": organisation_cards(user, memberships),
        "invitations": invitations,
        "actions": actions_for(user, memberships, invitations),
        "news": new_for(user, memberships),
        "is_programme_manager": user.is_staff,
    }
    if user.is_staff:
        context["programme"] = programme_queues(user)
    return context
