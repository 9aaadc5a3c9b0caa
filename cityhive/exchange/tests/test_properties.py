"""Properties: any corrupted line is refused with its line number; the fast schema check agrees."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from cityhive.accounts.tests.factories import UserFactory
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.services import organisation_create
from cityhive.directory.tests.factories import CityFactory, OrganisationFactory
from cityhive.exchange.errors import ImportInvalid
from cityhive.exchange.fastschema import compile_schema
from cityhive.exchange.records import TYPES
from cityhive.exchange.tests import helpers as h
from cityhive.exchange.validation import schema
from cityhive.solutions.tests.factories import SolutionFactory

HAZARDS = {"floods", "heatwaves", "droughts", "storms", "landslides", "sea-level-rise"}
HAZARDS |= {"diseases", "wildfires"}
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _set(path: list, value):
    def corrupt(line: dict) -> dict:
        target = line
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return line

    return corrupt


def _drop(field: str):
    def corrupt(line: dict) -> dict:
        del line[field]
        return line

    return corrupt


out_of_range = st.one_of(
    st.floats(min_value=1.0001, max_value=1e9), st.floats(max_value=-0.0001, min_value=-1e9)
)
# NUL and lone surrogates make the whole line invalid (tested elsewhere), not just this field.
unknown_text = st.text(
    alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",)),
    min_size=1,
    max_size=12,
)
CORRUPTIONS = st.one_of(
    out_of_range.map(lambda v: (_set(["addresses", 0, "strength"], v), "addresses[0].strength")),
    unknown_text.filter(lambda t: not t.startswith(("EC:", "EN:", "SC:"))).map(
        lambda v: (_set(["kpis", 0], v), "kpis[0]")
    ),
    unknown_text.filter(lambda t: t not in HAZARDS).map(
        lambda v: (_set(["addresses", 0, "value"], v), "addresses[0].value")
    ),
    st.sampled_from(
        [
            (_set(["title"], 17), "title"),
            (_set(["categories"], "mobility"), "categories"),
            (_set(["maturity"], "high"), "maturity"),
            (_set(["addresses", 0], "floods"), "addresses[0]"),
            (_set(["cobenefits"], {"air": 3}), "cobenefits.air"),
            (_set(["maturity"], 10), "maturity"),
            (_drop("title"), "title"),
            (_drop("provider"), "provider"),
            (_set(["provider"], "nobody-we-know"), "provider"),
        ]
    ),
)


@pytest.mark.django_db
@SETTINGS
@given(
    corruption=CORRUPTIONS,
    position=st.integers(min_value=0, max_value=11),
)
def test_a_corrupted_solution_line_is_refused_with_its_line_and_nothing_is_written(
    corruption, position
):
    corrupt, path = corruption
    lines = [h.organization("acme")] + [h.solution(f"s{n}") for n in range(12)]
    lines[position + 1] = corrupt(copy.deepcopy(lines[position + 1]))
    before = h.row_counts()
    with pytest.raises(ImportInvalid) as raised:
        h.run_import(h.jsonl(*lines))
    errors = raised.value.errors
    assert {error.line for error in errors} == {position + 2}
    assert any(error.path == f"solution.{path}" for error in errors), errors
    assert h.row_counts() == before


# --- the compiled schema check gives the jsonschema library's verdict -------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**65), max_value=2**65),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=4),
    st.sampled_from(["", "city", "low", "<5 years", "public", "draft", "floods", "EUR", "BR"]),
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["facet", "value", "strength", "kpi", "x"]), children)
    ),
    max_leaves=8,
)


def _valid_lines() -> dict[str, dict]:
    return {
        "organization": h.organization("acme", geonames_id=None, context={"a": 1}),
        "solution": h.solution("s1", cobenefits={"air": 1}, population_range=[1, 2]),
        "implementation": h.implementation(
            "i1", "s1", "c", kpi_changes=[{"kpi": "EC: I: WS: 3C", "before": 1}]
        ),
        "needs": h.needs("c"),
        "challenge": h.challenge("c1", "c", budget={"min": 1, "max": 2, "currency": "EUR"}),
    }


@SETTINGS
@given(
    kind=st.sampled_from(TYPES),
    replacements=st.dictionaries(st.text(max_size=12), json_values, max_size=3),
    field_index=st.integers(min_value=0, max_value=30),
    value=json_values,
)
def test_the_fast_schema_check_agrees_with_jsonschema(kind, replacements, field_index, value):
    line = _valid_lines()[kind]
    fields = sorted(schema(kind)["properties"])
    line[fields[field_index % len(fields)]] = value
    line.update(replacements)
    expected = Draft202012Validator(schema(kind)).is_valid(line)
    assert compile_schema(schema(kind))(line) is expected


def test_the_valid_examples_pass_both_checks():
    for kind, line in _valid_lines().items():
        assert compile_schema(schema(kind))(line)
        assert Draft202012Validator(schema(kind)).is_valid(line)


@pytest.mark.parametrize("kind", TYPES)
def test_each_schema_is_a_valid_draft_2020_12_schema(kind):
    Draft202012Validator.check_schema(schema(kind))
    assert schema(kind)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# --- ids of the generated form never collide, and the round trip holds ------------------------

NAMES = ["Acme Water", "New Co", "Blue Sky", "Acme Water 2"]
SLUGS = ["acme-water", "new-co", "blue-sky", "acme-water-2"]


def _distinct_ids(line_ids: list[str]) -> bool:
    return len(line_ids) == len(set(line_ids))


@pytest.mark.django_db
@settings(SETTINGS, max_examples=25)
@given(
    solution_offsets=st.lists(st.integers(min_value=1, max_value=8), unique=True, max_size=4),
    challenge_offsets=st.lists(st.integers(min_value=1, max_value=8), unique=True, max_size=3),
    org_slugs=st.lists(st.sampled_from(SLUGS), unique=True, max_size=3),
    org_names=st.lists(st.sampled_from(NAMES), max_size=3),
    created=st.integers(min_value=0, max_value=6),
    stored_squatter=st.integers(min_value=0, max_value=8),
)
def test_the_round_trip_holds_when_imported_ids_look_generated_and_others_create_rows(
    solution_offsets, challenge_offsets, org_slugs, org_names, created, stored_squatter
):
    # Given a platform with a company and a city, and the numbers they allocate next
    h.wipe()
    company, city = OrganisationFactory(slug="acme"), CityFactory(slug="recife")
    solution_base = SolutionFactory(provider=company).pk
    challenge_base = ChallengeFactory(city=city).pk
    if stored_squatter:  # a row stored with a generated-form id before imports refused them
        SolutionFactory(provider=company, external_id=f"solution-{solution_base + stored_squatter}")
    # When a file names new rows with ids of the generated form (and organisations by name)
    lines = [h.organization(f"org-{slug}", name=NAMES[0]) for slug in org_slugs]
    lines += [h.organization(f"ext-{n}", name=name) for n, name in enumerate(org_names)]
    lines += [h.solution(f"solution-{solution_base + k}", "org-acme") for k in solution_offsets]
    lines += [
        h.challenge(f"challenge-{challenge_base + k}", "org-recife") for k in challenge_offsets
    ]
    h.run_import(h.jsonl(*lines))
    # And other organisations then create rows on the platform
    for n in range(created):
        member = UserFactory()
        other = organisation_create(actor=member, kind="company", name=NAMES[n % 4], country="NL")
        SolutionFactory(provider=other)
        ChallengeFactory(city=city)
    # Then every exported id is distinct, re-importing changes nothing, and an empty platform
    # exports the same bytes
    first = h.export()
    exported = [json.loads(line) for line in first.splitlines()]
    for kind in ("organization", "solution", "challenge"):
        assert _distinct_ids([line["id"] for line in exported if line["type"] == kind]), kind
    before = h.snapshot()
    h.run_import(first)
    assert h.snapshot() == before
    h.wipe()
    h.run_import(first)
    assert h.export() == first
