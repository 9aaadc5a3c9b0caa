import pytest
from django.contrib.contenttypes.models import ContentType

from cityhive.accounts.tests.factories import UserFactory
from cityhive.audit.models import AppendOnlyError, ContactAction, ContactLogEntry
from cityhive.audit.services import contact_record
from cityhive.audit.tests.factories import ContactLogEntryFactory
from cityhive.core.actors import SYSTEM
from cityhive.core.errors import DomainError
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_contact_is_recorded_with_both_sides_the_subject_and_the_actors_side():
    # given a company member writing to a city about the city's own page
    city, company = CityFactory(name="City of Porto"), OrganisationFactory(name="Acme Mobility")
    member = MembershipFactory(organisation=company, role=MembershipRole.MEMBER).user
    # when
    entry = contact_record(
        actor=member,
        action=ContactAction.INTEREST_SENT,
        city=city,
        company=company,
        subject=city,
        summary="We would like to pilot our buses.",
        metadata={"message_length": 33},
    )
    # then
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_label, entry.actor_organisation) == (
        member,
        member.email,
        company,
    )
    assert (entry.city, entry.city_label, entry.company, entry.company_label) == (
        city,
        "City of Porto",
        company,
        "Acme Mobility",
    )
    assert entry.subject_type == ContentType.objects.get_for_model(city)
    assert (entry.subject_id, entry.subject_label) == (str(city.pk), "City of Porto")
    assert entry.summary == "We would like to pilot our buses."
    assert entry.metadata == {"message_length": 33}


def test_an_unknown_action_is_refused_and_nothing_is_written():
    with pytest.raises(DomainError) as refused:
        contact_record(
            actor=UserFactory(), action="gossip", city=CityFactory(), company=OrganisationFactory()
        )
    assert refused.value.code == "audit_invalid_action"
    assert ContactLogEntry.objects.count() == 0


def test_a_command_line_contact_has_no_actor_and_long_or_odd_text_is_made_storable():
    entry = contact_record(
        actor=SYSTEM,
        action=ContactAction.INTEREST_EXPIRED,
        city=CityFactory(),
        company=OrganisationFactory(),
        summary="x\x00" * 400,
        metadata={"when": __import__("datetime").date(2026, 11, 30), "text": "a\x00b"},
    )
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_label, entry.actor_organisation) == (None, "system", None)
    assert entry.summary == "x" * 400
    assert entry.metadata == {"when": "2026-11-30", "text": "ab"}


def test_an_entry_cannot_be_changed_or_deleted_one_by_one_or_in_bulk():
    # given
    entry = ContactLogEntryFactory(summary="original")
    # when / then
    entry.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ContactLogEntry.objects.filter(pk=entry.pk).update(summary="rewritten")
    with pytest.raises(AppendOnlyError):
        ContactLogEntry.objects.all().delete()
    assert ContactLogEntry.objects.get().summary == "original"


def test_deleting_an_organisation_keeps_its_entries_with_the_recorded_names():
    entry = ContactLogEntryFactory(company=OrganisationFactory(name="Gone Ltd"))
    entry.company.delete()
    entry.refresh_from_db()
    assert (entry.company, entry.company_label) == (None, "Gone Ltd")
