"""Engagement over the API: the same services, answers as JSON or RFC 7807 problems."""

from cityhive.engagement.models import Interest, Introduction


def _interest(api, pair, user=None):
    payload = {
        "subject": {"kind": "solution", "id": pair.solution.pk},
        "candidate": {"kind": "challenge", "id": pair.challenge.pk},
        "message": "Shall we talk?",
    }
    return api(
        "POST", "/api/v1/engagement/interests", user=user or pair.company_member, json=payload
    )


def test_interest_to_introduction_to_messages(api, pair):
    created = _interest(api, pair)
    interest_id = created.json()["id"]

    received = api("GET", "/api/v1/engagement/interests", user=pair.city_member)
    accepted = api(
        "POST", f"/api/v1/engagement/interests/{interest_id}/accept", user=pair.city_admin
    )
    introduction = api("GET", "/api/v1/engagement/introductions", user=pair.company_member).json()
    conversation_id = introduction[0]["conversation_id"]
    posted = api(
        "POST",
        f"/api/v1/engagement/conversations/{conversation_id}/messages",
        user=pair.company_member,
        json={"body": "Hello, Riverton."},
    )
    unread = api("GET", "/api/v1/engagement/conversations", user=pair.city_member).json()
    thread = api(
        "GET", f"/api/v1/engagement/conversations/{conversation_id}/messages", user=pair.city_member
    )

    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    assert [i["id"] for i in received.json()["results"]] == [interest_id]
    assert accepted.json()["status"] == "accepted"
    assert [o["slug"] for o in introduction[0]["organisations"]] == ["riverton", "floodsense"]
    assert sorted(c["email"] for c in introduction[0]["contacts"]) == sorted(
        [pair.city_admin.email, pair.company_member.email]
    )
    assert posted.status_code == 201
    assert unread[0]["unread"] == 1
    assert [m["body"] for m in thread.json()] == ["Hello, Riverton."]


def test_a_declined_request_cannot_be_accepted(api, pair):
    interest_id = _interest(api, pair).json()["id"]
    api(
        "POST",
        f"/api/v1/engagement/interests/{interest_id}/decline",
        user=pair.city_member,
        json={"reason": "not_now", "note": "Next year."},
    )

    refused = api(
        "POST", f"/api/v1/engagement/interests/{interest_id}/accept", user=pair.city_admin
    )

    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "interest_answered"
    assert Interest.objects.get().status == "declined"
    assert Introduction.objects.count() == 0


def test_an_outsider_gets_404_for_someone_elses_request(api, pair):
    interest_id = _interest(api, pair).json()["id"]

    answer = api("GET", f"/api/v1/engagement/interests/{interest_id}", user=pair.outsider)

    assert answer.status_code == 404
    assert answer.json()["code"] == "interest_not_found"


def test_responses_over_the_api(api, pair):
    url = f"/api/v1/engagement/challenges/{pair.challenge.pk}/responses"
    created = api(
        "POST",
        url,
        user=pair.company_member,
        json={
            "solution_id": pair.solution.pk,
            "approach": "A pilot.",
            "cost_amount": "1500.50",
            "cost_currency": "EUR",
        },
    )
    response_id = created.json()["id"]

    declined = api(
        "POST",
        f"/api/v1/engagement/responses/{response_id}/decline",
        user=pair.city_member,
        json={"reason": "Over budget."},
    )
    seen_by_city = api("GET", url, user=pair.city_member).json()
    seen_by_outsider = api("GET", url, user=pair.outsider).json()

    assert created.status_code == 201
    assert (created.json()["company"]["slug"], created.json()["cost_amount"]) == (
        "floodsense",
        "1500.50",
    )
    assert (declined.json()["status"], declined.json()["decline_reason"]) == (
        "declined",
        "Over budget.",
    )
    assert [r["id"] for r in seen_by_city] == [response_id]
    assert seen_by_outsider == []
