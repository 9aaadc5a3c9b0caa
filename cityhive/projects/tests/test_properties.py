"""Generated plans and stage walks: the plan's sum is exact and its verdict matches the services',
and no path lets a project skip a gate."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityhive.core.errors import Conflict, ValidationFailed
from cityhive.projects import financing, services
from cityhive.projects.models import ProjectPath
from cityhive.projects.plan import SourceLine, plan_gap, plan_total
from cityhive.projects.stages import GATES, ORDER, gate_missing, next_stage

# Each example builds its own project; the shared `world` only lends its city and members.
FRESH_PROJECT_EACH_TIME = [HealthCheck.function_scoped_fixture]
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)
currencies = st.sampled_from(["EUR", "USD", "GBP"])
rates = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("10"), places=4)


@given(st.lists(amounts, min_size=1, max_size=8))
def test_a_plan_in_one_currency_adds_up_exactly(values):
    lines = [SourceLine(amount=v, currency="EUR") for v in values]
    total, missing = plan_total(lines, currency="EUR", rates={})
    assert (total, missing) == (sum(values), [])
    assert plan_gap(lines, currency="EUR", rates={}, cost=sum(values)) == 0


@given(st.lists(st.tuples(amounts, currencies), min_size=1, max_size=8), rates, rates)
def test_every_foreign_currency_needs_a_rate(lines, usd, gbp):
    sources = [SourceLine(amount=a, currency=c) for a, c in lines]
    foreign = sorted({c for _a, c in lines} - {"EUR"})
    _total, missing = plan_total(sources, currency="EUR", rates={})
    assert missing == foreign
    total, missing = plan_total(sources, currency="EUR", rates={"USD": usd, "GBP": gbp})
    expected = sum(a * {"EUR": 1, "USD": usd, "GBP": gbp}[c] for a, c in lines)
    assert missing == []
    assert total == expected.quantize(Decimal("0.01"))


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=FRESH_PROJECT_EACH_TIME)
@given(
    values=st.lists(amounts, min_size=1, max_size=4), off=st.sampled_from(["0", "0.01", "-0.01"])
)
def test_the_service_stores_a_plan_exactly_when_it_adds_up(world, values, off):
    from cityhive.projects.tests.factories import ProjectFactory

    cost = sum(values) + Decimal(off)
    if cost <= 0:
        return
    project = ProjectFactory(city=world.org_a, capital_cost=cost, operating_cost=0)
    sources = [
        {"label": f"S{i}", "instrument": "grant", "amount": str(v), "currency": "EUR"}
        for i, v in enumerate(values)
    ]
    if off == "0":
        financing.plan_replace(actor=world.member_a, project=project, sources=sources)
        assert project.sources.count() == len(values)
    else:
        with pytest.raises(ValidationFailed):
            financing.plan_replace(actor=world.member_a, project=project, sources=sources)
        assert project.sources.count() == 0


@given(st.sampled_from(ProjectPath.values))
def test_each_path_is_a_chain_from_identify_to_the_contract(path):
    stage, seen = "identify", ["identify"]
    while (stage := next_stage(path, stage)) is not None:
        seen.append(stage)
    assert tuple(seen) == ORDER[path]
    assert seen[-1] == "contract"


@given(st.sampled_from(sorted(GATES)), st.data())
def test_a_gate_is_passed_only_with_every_item(stage, data):
    items = sorted(GATES[stage])
    kept = data.draw(st.lists(st.sampled_from(items), unique=True)) if items else []
    checklist = {code: "ok" for code in kept}
    assert gate_missing(stage, checklist) == [c for c in GATES[stage] if c not in kept]


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=FRESH_PROJECT_EACH_TIME)
@given(
    path=st.sampled_from(ProjectPath.values),
    moves=st.lists(st.tuples(st.integers(0, 6), st.booleans()), min_size=1, max_size=10),
)
def test_random_moves_never_skip_a_stage(world, path, moves):
    """Whatever stage a request names and whether its checklist is complete, the project only
    ever moves one stage along its path, and only with a complete checklist."""
    from cityhive.projects.tests.factories import ProjectFactory

    project = ProjectFactory(city=world.org_a, path=path)
    order = ORDER[path]
    for index, complete in moves:
        named = order[min(index, len(order) - 1)]
        before = project.stage
        checklist = {code: "ok" for code in GATES[before]} if complete else {}
        try:
            services.project_advance(
                actor=world.admin_a, project=project, from_stage=named, checklist=checklist
            )
        except (Conflict, ValidationFailed):
            project.refresh_from_db()
            assert project.stage == before
            continue
        assert named == before and (complete or not GATES[before])
        assert order.index(project.stage) == order.index(before) + 1
    assert project.gates.count() == order.index(project.stage)
