"""The engagement pages and the buttons engagement adds to match lists and challenge pages."""

from django.urls import reverse

from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.engagement import services
from cityhive.engagement.models import (
    ChallengeResponse,
    Interest,
    InterestStatus,
    Message,
    ProgrammeSettings,
)


def _refs(pair):
    return {
        "subject": f"solution:{pair.solution.pk}",
        "candidate": f"challenge:{pair.challenge.pk}",
    }


def test_a_company_member_sees_express_interest_on_its_solutions_opportunities(client, pair):
    sign_in(client, pair.company_member)

    page = client.get(reverse("solution_opportunities", args=[pair.solution.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Express interest" in html
    assert f"subject=solution%3A{pair.solution.pk}" in html
    assert "Not relevant" in html


def test_a_visitor_sees_no_engagement_buttons_on_a_match_list(client, pair):
    page = client.get(reverse("solution_opportunities", args=[pair.solution.pk]))

    assert "Express interest" not in page.content.decode()


def test_expressing_interest_through_the_form(client, pair):
    sign_in(client, pair.company_member)
    form = client.get(reverse("interest_create"), _refs(pair))
    assert "River level sensors" in form.content.decode()

    sent = client.post(reverse("interest_create"), {**_refs(pair), "message": "Let us talk."})

    interest = Interest.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == reverse("interest_detail", args=[interest.pk])
    assert (interest.message, interest.recipient_organisation) == ("Let us talk.", pair.city)


def test_the_quota_error_shows_on_the_form_and_nothing_is_sent(client, pair):
    ProgrammeSettings.objects.create(pk=1, weekly_request_limit=1)
    sign_in(client, pair.company_member)
    client.post(reverse("interest_create"), _refs(pair))
    Interest.objects.update(status=InterestStatus.DECLINED)

    refused = client.post(reverse("interest_create"), {**_refs(pair), "message": "Again?"})

    assert refused.status_code == 400
    assert "the programme&#x27;s limit" in refused.content.decode()
    assert Interest.objects.count() == 1


def test_the_city_accepts_from_its_inbox_and_both_exchange_messages(client, pair):
    subject, candidate = pair.items()
    interest = services.interest_create(
        actor=pair.company_member, subject=subject, candidate=candidate
    )
    sign_in(client, pair.city_member)
    inbox = client.get(reverse("engagement_inbox"))
    assert "Floodsense" in inbox.content.decode()

    client.post(reverse("interest_accept", args=[interest.pk]))

    interest.refresh_from_db()
    conversation = interest.introduction.conversation
    posted = client.post(
        reverse("conversation_detail", args=[conversation.pk]),
        {"body": "Welcome!"},
        headers={"HX-Request": "true"},
    )
    assert posted.status_code == 200
    assert "Welcome!" in posted.content.decode()
    assert Message.objects.get().body == "Welcome!"
    introduction = client.get(reverse("introduction_detail", args=[interest.introduction_id]))
    assert pair.company_member.email in introduction.content.decode()
    sign_in(client, pair.company_member)
    thread = client.get(reverse("conversation_messages", args=[conversation.pk]))
    assert "Welcome!" in thread.content.decode()


def test_declining_an_expired_request_shows_a_message_and_writes_nothing(client, pair):
    subject, candidate = pair.items()
    interest = services.interest_create(
        actor=pair.company_member, subject=subject, candidate=candidate
    )
    Interest.objects.filter(pk=interest.pk).update(expires_at=interest.created_at)
    sign_in(client, pair.city_member)

    answer = client.post(
        reverse("interest_decline", args=[interest.pk]), {"reason": "not_now"}, follow=True
    )

    assert "This request has expired" in answer.content.decode()
    interest.refresh_from_db()
    assert (interest.status, interest.decline_reason) == (InterestStatus.PENDING, "")


def test_a_company_responds_from_the_challenge_page_and_the_city_sees_it(client, pair):
    sign_in(client, pair.company_member)
    challenge_page = client.get(reverse("challenge_detail", args=[pair.challenge.pk]))
    assert "Respond to this challenge" in challenge_page.content.decode()

    client.post(
        reverse("response_create", args=[pair.challenge.pk]),
        {
            "solution": pair.solution.pk,
            "approach": "Sensors on both rivers.",
            "cost_amount": "90000",
            "cost_currency": "EUR",
            "timeline": "6 months",
        },
    )

    response = ChallengeResponse.objects.get()
    assert (response.solution, response.company) == (pair.solution, pair.company)
    sign_in(client, pair.city_member)
    side_by_side = client.get(reverse("challenge_responses", args=[pair.challenge.pk]))
    html = side_by_side.content.decode()
    assert "Sensors on both rivers." in html
    assert "Why it matches" in html
    assert "Shortlist" in html


def test_only_programme_managers_change_the_programme_settings(client, pair):
    sign_in(client, pair.city_admin)
    assert client.get(reverse("programme_settings")).status_code == 403

    sign_in(client, ProgrammeManagerFactory())
    client.post(
        reverse("programme_settings"), {"request_expiry_days": 7, "weekly_request_limit": 3}
    )

    settings = ProgrammeSettings.objects.get()
    assert (settings.request_expiry_days, settings.weekly_request_limit) == (7, 3)


def test_the_dashboard_shows_waiting_requests_unread_messages_and_the_inbox(client, pair):
    subject, candidate = pair.items()
    interest = services.interest_create(
        actor=pair.company_member, subject=subject, candidate=candidate
    )
    sign_in(client, pair.city_member)

    waiting = client.get(reverse("dashboard")).content.decode()
    services.interest_accept(actor=pair.city_member, interest=interest)
    interest.refresh_from_db()
    services.message_post(
        actor=pair.company_member, conversation=interest.introduction.conversation, body="Hi!"
    )
    unread = client.get(reverse("dashboard")).content.decode()

    assert "1 request to connect waits for an answer" in waiting
    assert "Requests and conversations" in waiting
    assert "1 unread message: City of Riverton and Floodsense" in unread
    assert "request to connect waits" not in unread


def _interest(pair):
    subject, candidate = pair.items()
    return services.interest_create(actor=pair.company_member, subject=subject, candidate=candidate)


def test_declining_without_a_listed_reason_is_refused_and_writes_nothing(client, pair):
    interest = _interest(pair)
    sign_in(client, pair.city_member)

    refused = client.post(reverse("interest_decline", args=[interest.pk]), {"reason": "bored"})

    assert refused.status_code == 400
    assert refused.content.decode() == "Choose one of the listed reasons."
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING


def test_the_sender_may_not_decline_its_own_request_whatever_it_sends(client, pair):
    interest = _interest(pair)
    sign_in(client, pair.company_member)

    refused = client.post(reverse("interest_decline", args=[interest.pk]), {"reason": "bored"})

    assert refused.status_code == 403  # the permission comes before the form's errors
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING


def test_accepting_goes_back_to_the_request_with_what_happened(client, pair):
    interest = _interest(pair)
    sign_in(client, pair.city_member)

    accepted = client.post(reverse("interest_accept", args=[interest.pk]), follow=True)

    assert accepted.redirect_chain == [(reverse("interest_detail", args=[interest.pk]), 302)]
    assert "Accepted: you were introduced." in accepted.content.decode()
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED


def test_a_city_declines_a_response_only_with_a_reason_and_then_goes_back_to_the_responses(
    client, pair
):
    response = services.response_create(
        actor=pair.company_member,
        challenge=pair.challenge,
        company=pair.company,
        approach="Sensors on both rivers.",
        solution=pair.solution,
        cost_amount="90000",
        cost_currency="EUR",
        timeline="6 months",
    )
    sign_in(client, pair.city_member)
    url = reverse("response_decline", args=[response.pk])

    refused = client.post(url, {"reason": ""})
    declined = client.post(url, {"reason": "We chose another approach."}, follow=True)

    assert (refused.status_code, refused.content.decode()) == (400, "Tell the company why.")
    assert declined.redirect_chain == [
        (reverse("challenge_responses", args=[pair.challenge.pk]), 302)
    ]
    assert "The response was declined." in declined.content.decode()
    response.refresh_from_db()
    assert (response.status, response.decline_reason) == ("declined", "We chose another approach.")
