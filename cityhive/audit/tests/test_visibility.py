"""Who reads which contact-log entries: the policy's two halves, the pages, the export, the API."""

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.audit.models import ContactAction, ContactLogEntry, SecurityEvent
from cityhive.audit.permissions import CONTACT_VISIBLE
from cityhive.audit.selectors import LogFilters, contact_log_visible_to
from cityhive.audit.tests.factories import ContactLogEntryFactory
from cityhive.core.errors import Forbidden
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log():
    """Porto's two contacts, Lisbon's one, and the people around them."""
    porto, lisbon = CityFactory(slug="porto"), CityFactory(slug="lisbon")
    acme = OrganisationFactory(slug="acme", name="Acme")
    entries = {
        "porto_interest": ContactLogEntryFactory(city=porto, company=acme),
        "porto_intro": ContactLogEntryFactory(
            city=porto, company=acme, action=ContactAction.INTRODUCTION_MADE
        ),
        "lisbon_interest": ContactLogEntryFactory(city=lisbon, company=acme),
    }
    people = {
        "manager": ProgrammeManagerFactory(),
        "porto_admin": MembershipFactory(organisation=porto, role=MembershipRole.ADMIN).user,
        "porto_member": MembershipFactory(organisation=porto, role=MembershipRole.MEMBER).user,
        "acme_admin": MembershipFactory(organisation=acme, role=MembershipRole.ADMIN).user,
        "outsider": UserFactory(),
    }
    return entries, people


def _visible(actor) -> set[int]:
    return set(
        contact_log_visible_to(actor=actor, filters=LogFilters()).values_list("pk", flat=True)
    )


def test_managers_see_all_and_a_city_admin_sees_their_citys_entries(log):
    entries, people = log
    assert _visible(people["manager"]) == {entry.pk for entry in entries.values()}
    assert _visible(people["porto_admin"]) == {
        entries["porto_interest"].pk,
        entries["porto_intro"].pk,
    }


@pytest.mark.parametrize("who", ["porto_member", "acme_admin", "outsider"])
def test_anyone_else_is_refused_the_log(log, who):
    _entries, people = log
    with pytest.raises(Forbidden):
        contact_log_visible_to(actor=people[who], filters=LogFilters())


def test_the_policys_filter_and_object_check_agree_for_every_actor_and_entry(log):
    entries, people = log
    for actor in people.values():
        listed = set(
            ContactLogEntry.objects.filter(CONTACT_VISIBLE.q(actor)).values_list("pk", flat=True)
        )
        checked = {entry.pk for entry in entries.values() if CONTACT_VISIBLE.allows(actor, entry)}
        assert listed == checked


def test_a_city_in_the_company_slot_of_a_city_to_city_contact_sees_it():
    porto, lisbon = CityFactory(), CityFactory()
    admin = MembershipFactory(organisation=lisbon, role=MembershipRole.ADMIN).user
    entry = ContactLogEntryFactory(city=porto, company=lisbon)
    assert _visible(admin) == {entry.pk}


# The fixture's rows are only read, so sharing them between examples is safe.
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    organisation=st.sampled_from(["", "porto", "lisbon", "acme", "nowhere"]),
    action=st.sampled_from(["", ContactAction.INTEREST_SENT, ContactAction.INTRODUCTION_MADE]),
)
def test_filters_narrow_to_entries_matching_every_filter(log, organisation, action):
    entries, people = log
    filters = LogFilters(organisation=organisation, action=action)
    found = set(
        contact_log_visible_to(actor=people["manager"], filters=filters).values_list(
            "pk", flat=True
        )
    )
    expected = {
        entry.pk
        for entry in entries.values()
        if (not organisation or organisation in (entry.city.slug, entry.company.slug))
        and (not action or entry.action == action)
    }
    assert found == expected


def test_the_page_lists_only_the_city_admins_entries(client, log):
    entries, people = log
    sign_in(client, people["porto_admin"])
    response = client.get("/contact-log/")
    assert response.status_code == 200
    shown = [entry.pk for entry in response.context["page"].object_list]
    assert shown == [entries["porto_intro"].pk, entries["porto_interest"].pk]
    assert "Introduction made" in response.content.decode()


def test_the_page_refuses_a_company_admin_and_logs_the_refusal(client, log):
    _entries, people = log
    sign_in(client, people["acme_admin"])
    response = client.get("/contact-log/", HTTP_USER_AGENT="Probe/1.0")
    assert response.status_code == 403
    denial = SecurityEvent.objects.get(event="access_denied")
    assert (denial.user, denial.path, denial.user_agent, denial.ip) == (
        people["acme_admin"],
        "/contact-log/",
        "Probe/1.0",
        "127.0.0.1",
    )
    assert denial.detail == "audit.view_contact_log"


def test_a_bad_date_range_shows_the_error_and_no_entries(client, log):
    _entries, people = log
    sign_in(client, people["manager"])
    response = client.get("/contact-log/", {"date_from": "2026-12-01", "date_to": "2026-11-01"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "The first day comes after the last day." in response.content.decode()


def test_the_csv_export_has_words_and_codes_for_the_admins_entries_only(client, log):
    entries, people = log
    ContactLogEntryFactory(
        city=entries["porto_interest"].city,
        company=entries["porto_interest"].company,
        action=ContactAction.MESSAGE_SENT,
        summary='=HYPERLINK("http://evil")',
        metadata={"attachments": 2},
    )
    sign_in(client, people["porto_admin"])
    response = client.get("/contact-log/export.csv", {"action": ContactAction.MESSAGE_SENT})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "When (UTC)", "Action", "Action code", "City", "Company", "By", "On behalf of", "About",
        "Summary", "Details",
    ]  # fmt: skip
    assert len(rows) == 2
    row = rows[1]
    assert row[1:5] == [
        "Message sent",
        "message_sent",
        entries["porto_interest"].city_label,
        "Acme",
    ]
    assert row[8] == '\'=HYPERLINK("http://evil")'
    assert json.loads(row[9]) == {"attachments": 2}


def test_the_api_filters_the_same_way(api, log):
    entries, people = log
    response = api(
        "GET",
        "/api/v1/audit/contacts",
        user=people["porto_admin"],
        data={"action": "introduction_made"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    result = body["results"][0]
    assert (result["id"], result["action"], result["action_label"]) == (
        entries["porto_intro"].pk,
        "introduction_made",
        "Introduction made",
    )
    assert result["city"] == {"slug": "porto", "name": entries["porto_intro"].city_label}
    refused = api("GET", "/api/v1/audit/contacts", user=people["acme_admin"])
    assert refused.status_code == 403
    bad = api(
        "GET",
        "/api/v1/audit/contacts",
        user=people["manager"],
        data={"date_from": "2026-12-02", "date_to": "2026-12-01"},
    )
    assert bad.status_code == 422
