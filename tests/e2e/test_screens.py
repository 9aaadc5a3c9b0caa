"""Every page, for each role, at a desktop and a phone width, as a reviewer would look at them.

Each visit fails on: sideways scrolling (the page wider than the window), an error in the browser's
console (a script error or a blocked resource), a raw vocabulary code shown as text where a label
belongs, a searchable picker that its script never made one (a long plain list instead), or a
serious or critical accessibility violation found by axe-core (vendored in
tests/e2e/vendor/axe-core, injected before the page's own scripts, so nothing is fetched).
Screenshots are saved for review under $CITYHIVE_SCREENSHOTS_DIR, or else in pytest's temporary
folder (its path is printed); never inside the repository.
"""

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver, resolve, reverse
from django.utils import timezone

from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.accounts.tests.sessions import sign_in as session_sign_in
from cityhive.challenges import services as challenge_services
from cityhive.directory.models import Membership, MembershipRole
from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.engagement.tests.factories import (
    ConversationFactory,
    InterestFactory,
    IntroductionContactFactory,
    IntroductionFactory,
    MessageFactory,
    ParticipantFactory,
)
from cityhive.events.tests.factories import EventFactory, MeetingSlotFactory, RegistrationFactory
from cityhive.groups.tests.factories import ConvenerFactory, GroupFactory, GroupMembershipFactory
from cityhive.groups.tests.factories import PostFactory as GroupPostFactory
from cityhive.partnership.tests.factories import ApplicationFactory, TierFactory
from cityhive.projects.models import MemberStatus, SourceStatus
from cityhive.projects.tests.factories import (
    ConsortiumMemberFactory,
    FinancingSourceFactory,
    MandateFactory,
    MilestoneFactory,
    OpportunityFactory,
    ProjectDocumentFactory,
    ProjectFactory,
    ProjectTargetFactory,
)
from cityhive.taxonomy.models import FacetTerm, Kpi
from cityhive.taxonomy.services import reference_data_load
from tests.authz import PAGES, Access
from tests.e2e.test_matching_journeys import build_scene

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (1366, 390)
SERIOUS = ("serious", "critical")

# Codes people must never read as text: the vocabularies' multi-word codes (read from the loaded
# reference data: sea-level-rise, stationary_energy, environment/air_quality, ...), and the names
# co-benefits and match factors use inside the product.
INTERNAL_NAMES = (
    "air_quality",
    "water_quality",
    "cost_of_living",
    "stakeholder_engagement",
    "shared_needs",
    "Shared_needs",
    "cobenefits",
    "Cobenefits",
)
# Codes still shown on a page, by URL name, while their labels are on the way (each one reported);
# every other page, and every other code on these pages, is checked in full.
KNOWN_CODES: dict[str, set[str]] = {}

AXE_RUN = """async (impacts) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null)
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return {scrollWidth: document.documentElement.scrollWidth, widest: wide};
}"""


@dataclass
class Screens:
    """The pages each role visits, with the world they show."""

    users: dict
    city: str
    pages: dict = field(default_factory=dict)

    def paths(self, role: str) -> list[str]:
        """The role's pages: those listed in _world, then every other one it may open."""
        listed = {url_name(path) for paths in self.pages.values() for path in paths}
        return [*self.pages[role], *discovered(role, self.city, listed)]


def _world() -> Screens:
    """Recife (needs with multi-word codes), AquaSense, their solutions, challenges; a manager."""
    scene = build_scene()
    items = [
        {"facet": "hazard", "value": "floods", "weight": 0.92, "source": "climate_risk"},
        {"facet": "hazard", "value": "sea-level-rise", "weight": 0.7, "source": "climate_risk"},
        {
            "facet": "emission_sector",
            "value": "stationary_energy",
            "weight": 0.5,
            "source": "emissions_inventory",
        },
    ]
    challenge_services.needs_replace(
        actor=scene.official, city=scene.recife, items=items, visibility="public"
    )
    manager = ProgrammeManagerFactory()
    OrganisationFactory(name="Waiting for verification Ltd", is_verified=False)
    kpi = Kpi.objects.order_by("code").first()
    city, company = scene.recife.slug, scene.company.slug
    solution, public, private = scene.flood.pk, scene.public.pk, scene.private.pk
    ids = _objects(scene)
    event, project = ids["event"], ids["project"]
    public_pages = [
        "/",
        "/solutions/",
        f"/solutions/{solution}/",
        f"/solutions/{solution}/opportunities/",
        "/challenges/",
        f"/challenges/{public}/",
        f"/challenges/{public}/matches/",
        "/organisations/",
        f"/organisations/{city}/",
        f"/organisations/{company}/",
        "/sdgs/",
        "/sdgs/6/",
        "/sdgs/11/",
        "/kpis/",
        f"/kpis/{kpi.slug}/",
        "/sources/",
        "/events/",
        f"/events/{event}/",
        f"/groups/{ids['group']}/",
    ]
    account_pages = [
        "/dashboard/",
        "/organisations/new/",
        "/me/tokens/",
        "/me/data/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
    ]
    return Screens(
        users={"company": scene.member, "city": scene.official, "manager": manager},
        city=city,
        pages={
            "anonymous": [
                *public_pages,
                "/accounts/login/",
                "/accounts/signup/",
                "/accounts/password/reset/",
            ],
            "company": [
                *account_pages,
                *public_pages[:4],
                f"/organisations/{company}/",
                f"/solutions/new/?provider={company}",
                f"/solutions/{solution}/edit/",
                f"/solutions/{solution}/files/",
                f"/solutions/{solution}/implementations/new/",
                f"/organisations/{company}/members/",
                f"/organisations/{company}/cities/",
                f"/challenges/{public}/",
                f"/challenges/{public}/respond/",
                f"/events/{event}/",
                f"/events/{event}/register/",
                f"/partnership/applications/{ids['application']}/",
                f"/partnership/applications/{ids['application']}/edit/",
                f"/engagement/interests/{ids['interest']}/",
                f"/groups/{ids['expert_group']}/",
            ],
            "city": [
                *account_pages,
                f"/organisations/{city}/",
                f"/challenges/{private}/",
                f"/challenges/new/?city={city}",
                f"/challenges/{private}/edit/",
                f"/challenges/{private}/matches/",
                f"/organisations/{city}/needs/",
                f"/organisations/{city}/recommendations/",
                f"/organisations/{city}/peers/",
                f"/organisations/{city}/members/",
                f"/organisations/{city}/edit/",
                f"/challenges/{private}/responses/",
                f"/events/{event}/",
                f"/events/{event}/edit/",
                f"/events/{event}/manage/",
                f"/events/{event}/meetings/",
                f"/registrations/{ids['registration']}/badge/",
                f"/engagement/interests/{ids['interest']}/",
                f"/engagement/interests/new/?subject=organisation:{scene.recife.pk}"
                f"&candidate=solution:{solution}",
                f"/engagement/introductions/{ids['introduction']}/",
                f"/engagement/conversations/{ids['conversation']}/",
                f"/projects/{project}/",
                f"/projects/{project}/plan/",
                f"/projects/{project}/edit/",
                f"/projects/{project}/progress/",
                f"/projects/{project}/documents/",
                f"/projects/{ids['project_without_opportunity']}/opportunity/",
                f"/opportunities/{ids['opportunity']}/",
                f"/groups/{ids['group']}/",
            ],
            "manager": [
                "/dashboard/",
                "/styleguide/",
                "/organisations/?verified=no",
                f"/organisations/{city}/",
                f"/challenges/{private}/",
                f"/organisations/{city}/needs/",
                f"/partnership/tiers/{ids['tier']}/edit/",
                f"/projects/{project}/",
                f"/opportunities/{ids['opportunity']}/",
                f"/financiers/{ids['financier']}/mandate/",
                f"/groups/{ids['group']}/edit/",
            ],
        },
    )


def _objects(scene) -> dict:
    """Recife's event (the official registered, a meeting slot), AquaSense's draft application to
    a tier, its interest in Recife, their introduction and conversation, and Recife's projects (one
    with a plan and an open opportunity that a bank's mandate covers, one without an opportunity).
    The AquaSense member is its admin, who applies for the company."""
    Membership.objects.filter(user=scene.member).update(role=MembershipRole.ADMIN)
    event = EventFactory(organiser=scene.recife, title="Flood resilience forum")
    MeetingSlotFactory(event=event)
    registration = RegistrationFactory(event=event, user=scene.official, organisation=scene.recife)
    RegistrationFactory(event=event, organisation=scene.company)
    tier = TierFactory(name="Gold")
    application = ApplicationFactory(organisation=scene.company, tier=tier)
    interest = InterestFactory(
        sender_organisation=scene.company,
        recipient_organisation=scene.recife,
        sender=scene.member,
    )
    introduction = IntroductionFactory(
        first_organisation=scene.recife, second_organisation=scene.company
    )
    for organisation, user in ((scene.recife, scene.official), (scene.company, scene.member)):
        IntroductionContactFactory(introduction=introduction, organisation=organisation, user=user)
    conversation = ConversationFactory(introduction=introduction)
    for organisation, user in ((scene.recife, scene.official), (scene.company, scene.member)):
        ParticipantFactory(conversation=conversation, organisation=organisation, user=user)
    MessageFactory(conversation=conversation, organisation=scene.company, author=scene.member)
    project = ProjectFactory(city=scene.recife, categories=["environment/water"])
    ConsortiumMemberFactory(
        project=project, organisation=scene.recife, role="lead_city", status=MemberStatus.ACTIVE
    )
    ConsortiumMemberFactory(project=project, organisation=scene.company)
    FinancingSourceFactory(project=project, status=SourceStatus.COMMITTED)
    opportunity = OpportunityFactory(project=project)
    MilestoneFactory(project=project, done_on=timezone.localdate(), evidence="Handover report")
    ProjectTargetFactory(project=project, sdg_target="6.4", after=Decimal("52"))
    ProjectDocumentFactory(project=project, organisation=scene.recife)
    mandate = MandateFactory(sectors=["environment/water"])
    group, expert_group = _groups(scene)
    return {
        "group": group,
        "expert_group": expert_group,
        "event": event.pk,
        "registration": registration.pk,
        "tier": tier.pk,
        "application": application.pk,
        "interest": interest.pk,
        "introduction": introduction.pk,
        "conversation": conversation.pk,
        "project": project.pk,
        "project_without_opportunity": ProjectFactory(city=scene.recife).pk,
        "opportunity": opportunity.pk,
        "financier": mandate.financier.slug,
    }


def _groups(scene) -> tuple[int, int]:
    """A working group the Recife official convenes, with a member, a request and a post; an
    expert group AquaSense (no partner) is refused with the reason."""
    group = GroupFactory(title="Resilience working group", sdg_targets=["11.5"])
    ConvenerFactory(group=group, user=scene.official, organisation=scene.recife)
    GroupMembershipFactory(group=group, organisation=scene.company, status="pending", note="Hi")
    GroupPostFactory(group=group, author=scene.official, organisation=scene.recife)
    expert = GroupFactory(title="Flood experts", kind="expert_group")
    ConvenerFactory(group=expert, organisation=scene.recife)
    return group.pk, expert.pk


def vocabulary_codes() -> list[str]:
    """The codes that must not appear as visible text (they have labels)."""
    codes = FacetTerm.objects.filter(code__regex=r"[-_/]").values_list("code", flat=True)
    return sorted({*codes, *INTERNAL_NAMES})


def codes_shown(text: str, codes: list[str]) -> list[str]:
    """The codes that stand as words of their own in a page's visible text."""
    return [code for code in codes if re.search(rf"(?<![\w/-]){re.escape(code)}(?![\w/-])", text)]


def screenshots_dir(tmp_path_factory) -> Path:
    configured = os.environ.get("CITYHIVE_SCREENSHOTS_DIR")
    folder = Path(configured) if configured else tmp_path_factory.mktemp("screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _browser_context(browser, base_url: str, user, width: int, language: str = "en"):
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    context.add_init_script(path=str(AXE))
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}
    context.add_cookies([cookie])
    if user is not None:
        client = Client()
        session_sign_in(client, user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
    return context


def _shot_name(role: str, language: str, path: str, width: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    return f"{role}--{language}--{slug}--{width}.png"


def listen(page) -> list[str]:
    """The page's console errors and uncaught script errors, as they come."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"script: {e}"))
    return errors


def visit(page, path: str, codes: list[str], errors: list[str]) -> list[str]:
    """Open one page and list what is wrong with it (empty when nothing is)."""
    errors.clear()
    response = page.goto(path)
    problems = [] if response.ok else [f"status {response.status}"]
    overflow = page.evaluate(OVERFLOW)
    if overflow:
        problems.append(f"wider than the window: {overflow}")
    known = KNOWN_CODES.get(url_name(path), set())
    shown = [
        code for code in codes_shown(page.locator("body").inner_text(), codes) if code not in known
    ]
    if shown:
        problems.append(f"codes shown as text: {shown}")
    plain = page.locator("[data-picker]:not(.tomselected)").count()
    if plain:
        problems.append(f"{plain} picker(s) left plain: the page lacks content/_form_assets.html")
    violations = page.evaluate(AXE_RUN, list(SERIOUS))
    problems += [f"axe {v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in violations]
    return problems + list(errors)


# Each role in English; the three members' journeys in French too (longer words, other labels).
ROLES = [
    ("anonymous", "en"),
    ("company", "en"),
    ("city", "en"),
    ("manager", "en"),
    ("company", "fr"),
    ("city", "fr"),
    ("manager", "fr"),
]


@pytest.mark.parametrize(("role", "language"), ROLES)
def test_every_page_of_a_role_fits_the_screen_speaks_words_and_passes_axe(
    browser, live_server, tmp_path_factory, role, language
):
    screens = _world()
    codes = vocabulary_codes()
    folder = screenshots_dir(tmp_path_factory)
    failures = {}
    for width in WIDTHS:
        user = screens.users.get(role)
        context = _browser_context(browser, live_server.url, user, width, language)
        page = context.new_page()
        errors = listen(page)
        for path in screens.paths(role):
            problems = visit(page, path, codes, errors)
            shot = folder / _shot_name(role, language, path, width)
            page.screenshot(path=str(shot), full_page=True)
            if problems:
                failures[f"{path} at {width} px"] = problems
        context.close()
    print(f"screenshots: {folder}")
    report = [f"{where}: {problem}" for where, problems in failures.items() for problem in problems]
    assert not report, "\n".join(report)


# Pages a person does not look at (downloads, redirects, one-time links, machine answers) or that
# only exist inside a flow (a sign-in in progress, a code sent by email).
NOT_SCREENS = {
    "healthz",
    "favicon",
    "user_data_download",
    "organisation_logo",
    "solution_file_download",
    "place_autocomplete",
    "account_logout",
    "account_inactive",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_email_verification_sent",
    "account_set_password",
    "account_confirm_login_code",
    "account_confirm_email",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "invitation_accept",
    "admin:login",
    "assessment_export",
    "assessment_snapshot_pdf",
    "event_ics",
    "event_feed",
    "check_in",
    "contact_log_export",
    "project_ocds",
    "project_document_download",  # a file
    "notification_unsubscribe",
    "conversation_messages",  # the new messages a conversation's page fetches, a fragment
    "message_attachment_download",
    "response_attachment_download",
    "group_posts",  # older posts the group's page fetches, a fragment
}
# Pages about one object that the screens' world has none of (none at the moment; a new kind of
# object is added to _objects, or named here with its reason).
NEEDS_OBJECTS_NOT_IN_THE_WORLD: set[str] = set()
# What each role may open beyond its own organisation's pages (those are listed in _world): pages
# whose only argument is an organisation are opened with the city's (the company's member is no
# member there, the city official is its admin, the manager may open every organisation's).
ROLE_ACCESS = {
    "anonymous": {Access.PUBLIC},
    "company": {Access.PUBLIC, Access.SIGNED_IN},
    "city": {
        Access.PUBLIC,
        Access.SIGNED_IN,
        Access.ORG_MEMBER,
        Access.PARTNERS,
        Access.ORG_ADMIN,
        Access.ORG_ADMIN_ONLY,
    },
    "manager": {Access.PROGRAMME_MANAGER},
}


def _arguments(name: str) -> set[str]:
    pattern = get_resolver().reverse_dict.getlist(name)
    return {param for _, params in pattern[0][0] for param in params} if pattern else {"?"}


def url_name(path: str) -> str:
    return resolve(urlsplit(path).path).url_name


def discovered(role: str, slug: str, listed: set[str]) -> list[str]:
    """Every other page the role may open that needs no argument, or only an organisation."""
    paths = []
    for name, (access, method) in sorted(PAGES.items()):
        skipped = NOT_SCREENS | NEEDS_OBJECTS_NOT_IN_THE_WORLD | listed
        if method != "GET" or name in skipped or access not in ROLE_ACCESS[role]:
            continue
        arguments = _arguments(name)
        if arguments <= {"slug"}:
            paths.append(reverse(name, kwargs={"slug": slug} if arguments else {}))
    return paths


def test_every_page_people_look_at_is_in_the_screens():
    """A new page is visited (no argument or an organisation), or has an object in _world, or is
    listed above with its reason."""
    pages = {name for name, (_, method) in PAGES.items() if method == "GET"}
    by_object = {name for name in pages if not _arguments(name) <= {"slug"}}
    unvisited = by_object - OBJECT_PAGES - NOT_SCREENS - NEEDS_OBJECTS_NOT_IN_THE_WORLD
    assert sorted(unvisited) == []


# Pages about one object that _world's lists visit (solution_id, challenge_id, number, kpi slug).
OBJECT_PAGES = {
    "challenge_responses",
    "response_create",
    "solution_detail",
    "solution_edit",
    "implementation_create",
    "solution_files",
    "solution_opportunities",
    "challenge_detail",
    "challenge_edit",
    "challenge_matches",
    "sdg_detail",
    "kpi_detail",
    "event_detail",
    "event_edit",
    "event_manage",
    "event_meetings",
    "event_register",
    "event_badge",
    "partnership_application_detail",
    "partnership_application_edit",
    "partnership_tier_edit",
    "interest_create",
    "interest_detail",
    "introduction_detail",
    "conversation_detail",
    "project_detail",
    "project_plan",
    "project_opportunity_open",
    "project_edit",
    "project_progress",
    "project_documents",
    "opportunity_detail",
    "group_detail",
    "group_edit",
}


def test_arabic_pages_read_right_to_left_and_fit_a_phone(browser, live_server):
    """The layout mirrors (logical properties) and still fits 390 px, with no axe violation."""
    reference_data_load()
    context = _browser_context(browser, live_server.url, None, 390, "ar")
    page = context.new_page()
    errors = listen(page)
    failures = {path: visit(page, path, [], errors) for path in ("/", "/sdgs/11/", "/solutions/")}
    direction = page.locator("html").get_attribute("dir")
    context.close()

    assert direction == "rtl"
    assert {path: problems for path, problems in failures.items() if problems} == {}


def test_a_code_counts_only_as_a_word_of_its_own():
    codes = ["air_quality", "environment/air_quality", "sea-level-rise"]

    assert codes_shown("Sea level rise, Air quality", codes) == []
    assert codes_shown("Tags: environment/air_quality", codes) == ["environment/air_quality"]
    assert codes_shown("air_quality: +1 and sea-level-rise.", codes) == [
        "air_quality",
        "sea-level-rise",
    ]
    assert codes_shown("see /kpis/air_quality-index", codes) == []
