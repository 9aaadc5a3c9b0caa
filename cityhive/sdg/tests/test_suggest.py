"""SDG suggestions in the editing forms: the fragment endpoint and accepting a suggestion."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cityhive.challenges.models import Challenge
from cityhive.challenges.tests.test_pages import form_data as challenge_form_data
from cityhive.solutions.models import Solution
from cityhive.solutions.tests.test_pages import form_data as solution_form_data

pytestmark = pytest.mark.django_db

URL = "/sdgs/suggest/"
WATER = {
    "title": "Leak detection for drinking water",
    "summary": "Sensors find leaks in the water supply network so every household keeps safe "
    "drinking water.",
}
CHECKBOX = re.compile(r'<input type="checkbox" name="sdg_targets" value="([^"]+)"( checked)?>')


# A goal's score adds 0.2 x the cosine of two MiniLM embeddings; the runtime's float kernels differ
# by CPU and version in the third decimal, so goal scores are compared to within 0.005.
def goal_score(value: float):
    return pytest.approx(value, abs=0.005)


def shown(response) -> list[tuple]:
    """The suggested goals and targets of a response, scores rounded to 4 places."""
    return [
        (
            goal["number"],
            goal["label"],
            round(goal["score"], 4),
            [(t["code"], round(t["score"], 4), t["chosen"]) for t in goal["targets"]],
        )
        for goal in response.context["goals"]
    ]


def test_the_url_is_named_sdg_suggest():
    assert reverse("sdg_suggest") == URL


def test_a_water_text_suggests_goal_6_and_target_6_1_tuned_on_sdg_tagging_dev(client):
    response = client.post(URL, WATER)
    assert response.status_code == 200
    assert shown(response) == [
        (6, "6 · Clean water and sanitation", goal_score(0.5657), [
            ("6.1", 0.6666, False), ("6.3", 0.1601, False), ("6.4", 0.1577, False),
        ]),
    ]  # fmt: skip
    html = response.content.decode()
    assert "<strong>SDG 6 · Clean water and sanitation</strong>" in html
    assert '<span class="sdg-score">score 0.57</span>' in html
    assert CHECKBOX.findall(html) == [("6.1", ""), ("6.3", ""), ("6.4", "")]


def test_targets_already_chosen_come_back_ticked_tuned_on_sdg_tagging_dev(client):
    response = client.post(URL, {**WATER, "sdg_targets": ["6.4", "11.5"]})
    assert CHECKBOX.findall(response.content.decode()) == [
        ("6.1", ""), ("6.3", ""), ("6.4", " checked"),
    ]  # fmt: skip


def test_the_challenge_form_s_description_is_read_too_tuned_on_sdg_tagging_dev(client):
    response = client.post(URL, {"description": WATER["summary"]})
    assert shown(response) == [
        (6, "6 · Clean water and sanitation", goal_score(0.5502), [
            ("6.1", 0.6087, False), ("6.3", 0.1734, False), ("6.4", 0.163, False),
        ]),
    ]  # fmt: skip


def test_an_empty_text_asks_for_text(client):
    response = client.post(URL, {"title": "  ", "summary": "", "description": "\n"})
    assert (response.status_code, response.context["goals"]) == (200, [])
    assert response.content.decode().strip() == (
        "<p>Write a title, summary or description first: the suggestions come from the text.</p>"
    )


def test_a_text_without_a_clear_goal_suggests_nothing_tuned_on_sdg_tagging_dev(client):
    response = client.post(URL, {"title": "Quarterly meeting", "description": "On Tuesday."})
    assert (response.status_code, response.context["goals"]) == (200, [])
    assert "No Sustainable Development Goal stands out in this text." in response.content.decode()


def test_a_text_of_100_000_characters_is_read(client):
    response = client.post(URL, {"description": "x" * 100_000})
    assert (response.status_code, response.context["goals"]) == (200, [])


def test_a_longer_text_is_refused(client):
    response = client.post(URL, {"title": "Water", "description": "x" * 100_000})
    assert response.status_code == 400
    assert response.content.decode().strip() == (
        '<p class="errorlist">The text is too long for suggestions: at most 100,000 characters.</p>'
    )


def test_a_post_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, WATER).status_code == 403


def test_a_post_with_the_csrf_header_htmx_sends_is_answered():
    client = Client(enforce_csrf_checks=True)
    client.get("/")  # every page sets the cookie: base.html puts the token in hx-headers
    token = client.cookies["csrftoken"].value
    response = client.post(URL, WATER, headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert (response.status_code, shown(response)[0][0]) == (200, 6)


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


# --- in the editing forms ----------------------------------------------------------------------


def test_the_solution_and_challenge_forms_offer_the_suggest_button(client, world):
    client.force_login(world.admin_a)
    for path in ("/solutions/new/", "/challenges/new/"):
        html = client.get(path).content.decode()
        assert 'hx-post="/sdgs/suggest/"' in html, path
        assert ">Suggest SDGs from the text</button>" in html, path
        assert '<div id="sdg-suggestions" aria-live="polite"></div>' in html, path
        assert "checkboxes named sdg_targets" not in html, path


def test_an_accepted_suggestion_is_saved_with_the_solution_tuned_on_sdg_tagging_dev(client, world):
    client.force_login(world.member_b)
    fragment = client.post(URL, {**WATER, "sdg_targets": ["11.5"]}).content.decode()
    accepted = CHECKBOX.findall(fragment)[0][0]
    # The select keeps 11.5; the ticked suggestion's checkbox posts 6.1 under the same name.
    form = solution_form_data(**WATER, sdg_targets=["11.5", accepted])
    response = client.post("/solutions/new/", form)
    solution = Solution.objects.get()
    assert response["Location"] == f"/solutions/{solution.pk}/"
    assert (accepted, solution.sdg_targets) == ("6.1", ["11.5", "6.1"])
    page = client.get(response["Location"]).content.decode()
    assert '<a href="/sdgs/6/#target-6.1">6.1 · By 2030, achieve universal' in page


def test_a_target_both_selected_and_ticked_is_saved_once(client, world):
    client.force_login(world.member_b)
    client.post("/solutions/new/", solution_form_data(sdg_targets=["6.1", "11.5", "6.1"]))
    assert Solution.objects.get().sdg_targets == ["6.1", "11.5"]


def test_a_challenge_target_both_selected_and_ticked_is_saved_once(client, world):
    client.force_login(world.member_a)
    client.post("/challenges/new/", challenge_form_data(sdg_targets=["11.5", "6.1", "11.5"]))
    assert Challenge.objects.get().sdg_targets == ["11.5", "6.1"]


def test_without_a_ticked_suggestion_nothing_is_added(client, world):
    client.force_login(world.member_b)
    client.post(URL, WATER)
    client.post("/solutions/new/", solution_form_data(**WATER, sdg_targets=[]))
    assert Solution.objects.get().sdg_targets == []
