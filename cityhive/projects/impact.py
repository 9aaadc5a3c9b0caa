"""An organisation's SDG contribution, shown with evidence rather than claimed: per SDG goal, what
it does (a company: published solutions, city-confirmed implementations, projects it is in; a city:
challenges, projects) and the KPI changes its projects' cities confirmed. Only what the actor may
see is counted."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from cityhive.challenges.selectors import challenge_visibility_filter
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.projects.models import MemberStatus, ProjectTarget
from cityhive.projects.selectors import project_list_visible_to
from cityhive.solutions.models import Implementation, Solution, SolutionStatus

COUNTED = ("solutions", "implementations", "challenges", "projects")


@dataclass
class GoalRow:
    goal: int
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    targets: set[str] = field(default_factory=set)
    kpi_changes: list[dict] = field(default_factory=list)


def _goals(sdg_targets) -> dict[int, set[str]]:
    goals: dict[int, set[str]] = defaultdict(set)
    for target in sdg_targets:
        head = str(target).split(".", 1)[0]
        if head.isdigit() and 1 <= int(head) <= 17:
            goals[int(head)].add(str(target))
    return goals


def _add(rows: dict[int, GoalRow], what: str, sdg_targets) -> None:
    for goal, targets in _goals(sdg_targets).items():
        row = rows.setdefault(goal, GoalRow(goal=goal))
        row.counts[what] += 1
        row.targets |= targets


def _company_parts(rows, organisation: Organisation) -> None:
    solutions = Solution.objects.filter(provider=organisation, status=SolutionStatus.PUBLISHED)
    for targets in solutions.values_list("sdg_targets", flat=True):
        _add(rows, "solutions", targets)
    confirmed = Implementation.objects.filter(
        solution__in=solutions, confirmed_at__isnull=False
    ).values_list("solution__sdg_targets", flat=True)
    for targets in confirmed:
        _add(rows, "implementations", targets)


def _city_parts(rows, organisation: Organisation, actor) -> None:
    from cityhive.challenges.models import Challenge

    challenges = Challenge.objects.filter(challenge_visibility_filter(actor), city=organisation)
    for targets in challenges.values_list("sdg_targets", flat=True):
        _add(rows, "challenges", targets)


def sdg_contribution(*, actor, organisation: Organisation) -> list[GoalRow]:
    """The organisation's contribution per SDG goal, goals in order."""
    rows: dict[int, GoalRow] = {}
    if organisation.kind == OrganisationKind.CITY:
        _city_parts(rows, organisation, actor)
        projects = project_list_visible_to(actor=actor).filter(city=organisation)
    else:
        _company_parts(rows, organisation)
        projects = project_list_visible_to(actor=actor).filter(
            members__organisation=organisation, members__status=MemberStatus.ACTIVE
        )
    projects = list(projects)
    for project in projects:
        _add(rows, "projects", project.sdg_targets)
    confirmed = ProjectTarget.objects.filter(project__in=projects, confirmed_at__isnull=False)
    for target in confirmed.select_related("project"):
        goal = int(target.sdg_target.split(".")[0]) if target.sdg_target[:1].isdigit() else None
        if goal is not None and goal in rows:
            rows[goal].kpi_changes.append(
                {
                    "project": target.project.title,
                    "kpi": target.kpi,
                    "baseline": target.baseline,
                    "target": target.target,
                    "after": target.after,
                }
            )
    return [rows[goal] for goal in sorted(rows)]


def contribution_table(rows: list[GoalRow]) -> list[dict]:
    """The report as flat rows, for CSV and JSON downloads and the API."""
    return [
        {
            "goal": row.goal,
            **row.counts,
            "targets": sorted(row.targets),
            "kpi_changes": row.kpi_changes,
        }
        for row in rows
    ]


def programme_contribution(*, actor) -> list[dict]:
    """The programme's projects by country, year (of starting) and SDG goal, with the number of
    KPI changes their cities confirmed; only projects the actor may see."""
    counts: dict[tuple[str, int, int], dict] = {}
    projects = project_list_visible_to(actor=actor)
    confirmed = dict(
        ProjectTarget.objects.filter(project__in=projects, confirmed_at__isnull=False)
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )
    for project in projects:
        country, year = str(project.city.country), project.created_at.year
        for goal in _goals(project.sdg_targets):
            row = counts.setdefault(
                (country, year, goal),
                {
                    "country": country,
                    "year": year,
                    "goal": goal,
                    "projects": 0,
                    "confirmed_kpi_changes": 0,
                },
            )
            row["projects"] += 1
            row["confirmed_kpi_changes"] += confirmed.get(project.pk, 0)
    return [counts[key] for key in sorted(counts)]
