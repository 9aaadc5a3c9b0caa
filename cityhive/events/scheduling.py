"""The batch meeting scheduler: accepted requests into slots and tables, as an exact CP-SAT model.

Pure: no Django. The organiser's batch run hands it the accepted requests that have no meeting
yet, who is free when, and what earlier meetings already hold; it returns a slot and a table for
as many requests as can be placed, maximising the total weight (the match score, with priority
requests first), with one meeting per person per slot and no more meetings in a slot than tables.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

# Scores are floats in 0..1; CP-SAT wants integers. A priority request outweighs any number of
# ordinary ones a single slot could hold, so it is never traded for two lesser meetings.
SCALE = 1000
PRIORITY_BONUS = 100 * SCALE


@dataclass(frozen=True)
class Request:
    """An accepted request between two participants, with its weight in 0..1."""

    id: int
    first: int
    second: int
    score: float = 0.0
    priority: bool = False


@dataclass
class Problem:
    """What the scheduler must respect."""

    requests: list[Request]
    slots: list[int]
    tables: int
    available: dict[int, set[int]]
    busy: set[tuple[int, int]] = field(default_factory=set)  # (participant, slot) already taken
    tables_used: dict[int, set[int]] = field(default_factory=dict)  # slot -> tables taken


@dataclass(frozen=True)
class Assignment:
    request: int
    slot: int
    table: int


def weight(request: Request) -> int:
    """The objective's integer weight of placing one request."""
    base = 1 + round(max(0.0, min(1.0, request.score)) * SCALE)
    return base + (PRIORITY_BONUS if request.priority else 0)


def _free_slots(problem: Problem, request: Request) -> list[int]:
    both = problem.available.get(request.first, set()) & problem.available.get(
        request.second, set()
    )
    return [
        slot
        for slot in problem.slots
        if slot in both
        and (request.first, slot) not in problem.busy
        and (request.second, slot) not in problem.busy
        and len(problem.tables_used.get(slot, ())) < problem.tables
    ]


@dataclass(frozen=True)
class Outcome:
    """The placements, which method found them, and whether the solver proved them optimal."""

    assignments: list[Assignment]
    method: str  # "exact" or "greedy"
    optimal: bool


def plan(problem: Problem, *, time_limit: float = 20.0) -> Outcome:
    """The exact schedule when the solver finds one in time; else (or when it is worse) the greedy
    one, so a run always ends with a complete, valid schedule."""
    fallback = greedy(problem)
    exact, optimal = _exact(problem, time_limit=time_limit, hint=fallback)
    if exact is not None and _total(problem, exact) >= _total(problem, fallback):
        return Outcome(exact, "exact", optimal)
    return Outcome(fallback, "greedy", False)


def _total(problem: Problem, assignments: list[Assignment]) -> int:
    weights = {request.id: weight(request) for request in problem.requests}
    return sum(weights[a.request] for a in assignments)


def greedy(problem: Problem) -> list[Assignment]:
    """Heaviest request first, each into the earliest slot both are free in with a free table."""
    busy = set(problem.busy)
    used = {slot: len(tables) for slot, tables in problem.tables_used.items()}
    chosen = []
    for request in sorted(problem.requests, key=lambda r: (-weight(r), r.id)):
        for slot in _free_slots(problem, request):
            if (request.first, slot) in busy or (request.second, slot) in busy:
                continue
            if used.get(slot, 0) >= problem.tables:
                continue
            busy.update({(request.first, slot), (request.second, slot)})
            used[slot] = used.get(slot, 0) + 1
            chosen.append((slot, request.id))
            break
    return _tables(sorted(chosen), problem)


def upper_bound(problem: Problem) -> int:
    """At most this many requests can be placed: no person meets more often than they have free
    slots, and no slot holds more meetings than tables."""
    degree: dict[int, int] = defaultdict(int)
    possible = [r for r in problem.requests if _free_slots(problem, r)]
    for request in possible:
        degree[request.first] += 1
        degree[request.second] += 1
    per_person = sum(
        min(count, len(problem.available.get(person, ()))) for person, count in degree.items()
    )
    return min(len(possible), per_person // 2, problem.tables * len(problem.slots))


def schedule(problem: Problem, *, time_limit: float = 20.0) -> list[Assignment]:
    """The placements of `plan`."""
    return plan(problem, time_limit=time_limit).assignments


def _exact(
    problem: Problem, *, time_limit: float, hint: list[Assignment] = ()
) -> tuple[list[Assignment] | None, bool]:
    """The solver's best placements within the time limit (None when it found none); `hint`
    (e.g. the greedy schedule) is where its search starts."""
    model = cp_model.CpModel()
    placed: dict[tuple[int, int], cp_model.IntVar] = {}
    by_request: dict[int, list] = defaultdict(list)
    by_person_slot: dict[tuple[int, int], list] = defaultdict(list)
    by_slot: dict[int, list] = defaultdict(list)
    for request in problem.requests:
        for slot in _free_slots(problem, request):
            var = model.new_bool_var(f"r{request.id}s{slot}")
            placed[request.id, slot] = var
            by_request[request.id].append(var)
            by_person_slot[request.first, slot].append(var)
            by_person_slot[request.second, slot].append(var)
            by_slot[slot].append(var)
    for group in (*by_request.values(), *by_person_slot.values()):
        model.add_at_most_one(group)
    for slot, group in by_slot.items():
        model.add(sum(group) <= problem.tables - len(problem.tables_used.get(slot, ())))
    weights = {request.id: weight(request) for request in problem.requests}
    model.maximize(sum(weights[rid] * var for (rid, _slot), var in placed.items()))
    if not placed:
        return [], True
    hinted = {(a.request, a.slot) for a in hint}
    for key, var in placed.items():
        model.add_hint(var, key in hinted)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    chosen = sorted((slot, rid) for (rid, slot), var in placed.items() if solver.value(var))
    return _tables(chosen, problem), status == cp_model.OPTIMAL


def _tables(chosen: list[tuple[int, int]], problem: Problem) -> list[Assignment]:
    """Give each placed request the lowest free table of its slot."""
    taken = {slot: set(tables) for slot, tables in problem.tables_used.items()}
    result = []
    for slot, rid in chosen:
        used = taken.setdefault(slot, set())
        table = next(t for t in range(1, problem.tables + 1) if t not in used)
        used.add(table)
        result.append(Assignment(request=rid, slot=slot, table=table))
    return result
