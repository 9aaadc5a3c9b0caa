"""The batch scheduler: every placement respects availability, one meeting per person per slot and
the table count, and the total weight is the optimum (checked against brute force)."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from cityhive.events.scheduling import Problem, Request, schedule, weight


def _valid(problem: Problem, assignments) -> bool:
    by_id = {r.id: r for r in problem.requests}
    seen_people, seen_tables, seen_requests = set(), set(), set()
    for a in assignments:
        request = by_id[a.request]
        for person in (request.first, request.second):
            if a.slot not in problem.available.get(person, set()):
                return False
            if (person, a.slot) in seen_people or (person, a.slot) in problem.busy:
                return False
            seen_people.add((person, a.slot))
        if (a.slot, a.table) in seen_tables or not 1 <= a.table <= problem.tables:
            return False
        if a.table in problem.tables_used.get(a.slot, set()):
            return False
        seen_tables.add((a.slot, a.table))
        if a.request in seen_requests:
            return False
        seen_requests.add(a.request)
    return True


def _brute_force_best(problem: Problem) -> int:
    options = []
    for request in problem.requests:
        slots = [None] + [
            s
            for s in problem.slots
            if s in problem.available.get(request.first, set())
            and s in problem.available.get(request.second, set())
        ]
        options.append(slots)
    best = 0
    for choice in itertools.product(*options):
        used: dict[int, int] = {}
        people = set()
        total, ok = 0, True
        for request, slot in zip(problem.requests, choice, strict=True):
            if slot is None:
                continue
            used[slot] = used.get(slot, 0) + 1
            if used[slot] > problem.tables:
                ok = False
                break
            for person in (request.first, request.second):
                if (person, slot) in people:
                    ok = False
                people.add((person, slot))
            total += weight(request)
        if ok:
            best = max(best, total)
    return best


@st.composite
def problems(draw):
    people = draw(st.integers(2, 5))
    slots = list(range(1, draw(st.integers(1, 3)) + 1))
    pairs = [(a, b) for a in range(people) for b in range(a + 1, people)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=0, max_size=5, unique=True))
    requests = [
        Request(
            id=i + 1,
            first=a,
            second=b,
            score=draw(st.floats(0, 1)),
            priority=draw(st.booleans()),
        )
        for i, (a, b) in enumerate(chosen)
    ]
    available = {p: set(draw(st.lists(st.sampled_from(slots), unique=True))) for p in range(people)}
    return Problem(
        requests=requests, slots=slots, tables=draw(st.integers(1, 2)), available=available
    )


@settings(max_examples=60, deadline=None)
@given(problems())
def test_the_schedule_is_valid_and_optimal(problem):
    assignments = schedule(problem, time_limit=5)
    assert _valid(problem, assignments)
    by_id = {r.id: r for r in problem.requests}
    assert sum(weight(by_id[a.request]) for a in assignments) == _brute_force_best(problem)


def test_a_priority_request_wins_over_two_ordinary_ones():
    # Given person 0 is wanted by 1 (priority) and by 2 and 3, with one shared slot and two tables
    problem = Problem(
        requests=[
            Request(1, 0, 1, score=0.1, priority=True),
            Request(2, 0, 2, score=0.9),
            Request(3, 0, 3, score=0.9),
        ],
        slots=[10],
        tables=2,
        available={0: {10}, 1: {10}, 2: {10}, 3: {10}},
    )
    # When scheduled
    assignments = schedule(problem)
    # Then the priority meeting takes the slot
    assert [(a.request, a.slot, a.table) for a in assignments] == [(1, 10, 1)]


def test_busy_people_and_taken_tables_are_respected():
    problem = Problem(
        requests=[Request(1, 0, 1, score=0.5), Request(2, 2, 3, score=0.5)],
        slots=[10, 11],
        tables=1,
        available={0: {10, 11}, 1: {10, 11}, 2: {10}, 3: {10}},
        busy={(0, 10)},
        tables_used={11: set()},
    )
    assignments = schedule(problem)
    assert sorted((a.request, a.slot, a.table) for a in assignments) == [(1, 11, 1), (2, 10, 1)]


def test_nothing_to_place_gives_nothing():
    problem = Problem(
        requests=[Request(1, 0, 1)], slots=[1], tables=1, available={0: {1}, 1: set()}
    )
    assert schedule(problem) == []


@settings(max_examples=60, deadline=None)
@given(problems())
def test_the_greedy_fallback_is_valid_and_never_beats_the_optimum(problem):
    from cityhive.events.scheduling import _total, greedy, upper_bound

    fallback = greedy(problem)
    assert _valid(problem, fallback)
    exact = schedule(problem, time_limit=5)
    assert _total(problem, fallback) <= _total(problem, exact)
    assert len(exact) <= upper_bound(problem)
