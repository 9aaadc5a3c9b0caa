import pytest
from django.urls import reverse

from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import MembershipFactory
from cityhive.notifications.emails import unsubscribe_token
from cityhive.notifications.models import (
    Channel,
    EmailDelivery,
    EmailStatus,
    MatchThreshold,
    Notification,
    NotificationPreference,
)
from cityhive.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_members_own_notifications_and_the_header_count(client):
    member = UserFactory()
    NotificationFactory(recipient=member, title="Acme is interested")
    NotificationFactory(title="Someone else's news")
    sign_in(client, member)
    response = client.get(reverse("notification_list"))
    page = response.content.decode()
    assert "Acme is interested" in page and "Someone else&#x27;s news" not in page
    assert response.context["notifications_unread"] == 1
    assert "1 unread notification" in page


def test_opening_marks_read_and_follows_the_link(client):
    notification = NotificationFactory(url="/solutions/")
    sign_in(client, notification.recipient)
    response = client.post(
        reverse("notification_read"), {"notification": notification.pk, "open": "1"}
    )
    assert response.status_code == 302 and response["Location"] == "/solutions/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_outside_link_is_not_followed(client):
    notification = NotificationFactory(url="https://evil.example/")
    sign_in(client, notification.recipient)
    response = client.post(
        reverse("notification_read"), {"notification": notification.pk, "open": "1"}
    )
    assert response["Location"] == reverse("notification_list")


def test_marking_another_members_notification_is_not_found_and_changes_nothing(client):
    theirs = NotificationFactory()
    sign_in(client, UserFactory())
    response = client.post(reverse("notification_read"), {"notification": theirs.pk})
    assert response.status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_htmx_mark_read_answers_the_item_and_mark_all_read_the_list(client):
    member = UserFactory()
    first, _second = NotificationFactory.create_batch(2, recipient=member)
    sign_in(client, member)
    item = client.post(
        reverse("notification_read"), {"notification": first.pk}, HTTP_HX_REQUEST="true"
    )
    assert f'id="notification-{first.pk}"' in item.content.decode()
    assert "1 unread notification" in item.content.decode()
    listing = client.post(reverse("notification_read_all"), HTTP_HX_REQUEST="true")
    assert "0 unread notifications" in listing.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_preferences_save_a_channel_per_kind(client):
    member = UserFactory()
    sign_in(client, member)
    page = client.get(reverse("notification_preferences"))
    assert "New matches above your threshold" in page.content.decode()
    response = client.post(reverse("notification_preferences"), {"kind_new_matches": "daily"})
    assert response.status_code == 302
    assert (
        NotificationPreference.objects.get(user=member, kind="new_matches").channel == Channel.DAILY
    )


def test_an_admin_sets_the_threshold_and_a_member_cannot(client):
    admin_membership = MembershipFactory(role=MembershipRole.ADMIN)
    organisation = admin_membership.organisation
    member = MembershipFactory(organisation=organisation, role=MembershipRole.MEMBER).user
    url = reverse("notification_threshold", args=[organisation.slug])
    sign_in(client, member)
    assert client.post(url, {"threshold": "80"}).status_code in (403, 404)
    assert not MatchThreshold.objects.exists()
    sign_in(client, admin_membership.user)
    client.post(url, {"threshold": "101"})
    assert not MatchThreshold.objects.exists()
    client.post(url, {"threshold": "80"})
    assert MatchThreshold.objects.get(organisation=organisation).threshold == 80


def test_unsubscribing_works_without_signing_in(client):
    member = UserFactory()
    token = unsubscribe_token(user_id=member.pk, kinds=["new_matches"])
    url = reverse("notification_unsubscribe", args=[token])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "New matches above your threshold" in confirm.content.decode()
    assert not NotificationPreference.objects.exists()  # looking changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert (
        NotificationPreference.objects.get(user=member, kind="new_matches").channel == Channel.OFF
    )


def test_a_tampered_unsubscribe_link_is_refused_and_changes_nothing(client):
    member = UserFactory()
    token = unsubscribe_token(user_id=member.pk, kinds=["new_matches"])
    other = unsubscribe_token(user_id=UserFactory().pk, kinds=["new_matches"])
    forged = other.split(":")[0] + token[token.index(":") :]  # another member's payload
    for bad in (token[:-1] + ("x" if token[-1] != "x" else "y"), forged, "not-a-token"):
        response = client.post(reverse("notification_unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "This unsubscribe link is not valid." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_visitors_get_no_unread_count_and_members_get_theirs_in_the_header(client):
    assert "notifications_unread" not in client.get("/").context
    member = UserFactory()
    NotificationFactory.create_batch(3, recipient=member)
    sign_in(client, member)
    page = client.get("/solutions/")
    assert page.context["notifications_unread"] == 3
    assert 'href="/notifications/"' in page.content.decode()


def test_the_dashboard_shows_unread_notifications_and_managers_the_failed_emails(client):
    notification = NotificationFactory(title="Acme accepted your interest")
    EmailDelivery.objects.create(
        recipient=notification.recipient,
        notification=notification,
        status=EmailStatus.FAILED,
        last_error="ConnectionRefusedError: Connection refused",
    )
    sign_in(client, notification.recipient)
    assert "Acme accepted your interest" in client.get("/dashboard/").content.decode()
    sign_in(client, ProgrammeManagerFactory())
    page = client.get("/dashboard/").content.decode()
    assert "Emails that could not be sent" in page
    assert notification.recipient.email in page
