"""Demo seeds: one expert group, one working group and one standard team, each with a convener,
demo members and a first post, and a request to join waiting in the working group (through the
services, so it looks as it would after people used it; idempotent)."""

from cityhive.core.actors import SYSTEM
from cityhive.directory.models import OrganisationKind
from cityhive.directory.seeds import demo_admin, demo_organisations
from cityhive.groups import services
from cityhive.groups.models import Group, GroupKind, GroupVisibility

DEMO_GROUPS = [
    (
        "demo:group:flood-resilience-experts",
        GroupKind.EXPERT,
        "Flood resilience experts (demo)",
        "Partners and cities compare early-warning systems, sensor data and what a city must "
        "prepare before it procures them.",
        ["11.5", "13.1"],
        GroupVisibility.MEMBERS,
    ),
    (
        "demo:group:u4ssc-kpi-working-group",
        GroupKind.WORKING,
        "U4SSC KPI working group (demo)",
        "Cities share how they collect the U4SSC indicators, and which data sources hold up.",
        ["11.3", "17.18"],
        GroupVisibility.PUBLIC,
    ),
    (
        "demo:group:open-data-standard-team",
        GroupKind.STANDARD_TEAM,
        "Open city data standard team (demo)",
        "Drafts the programme's exchange format for solutions, challenges and needs.",
        ["17.18"],
        GroupVisibility.PUBLIC,
    ),
]


def _group(external_id, kind, title, purpose, targets, visibility, convener) -> Group:
    fields = {
        "kind": kind,
        "title": title,
        "purpose": purpose,
        "sdg_targets": targets,
        "visibility": visibility,
    }
    group = services.group_create(actor=SYSTEM, fields=fields, conveners=[convener])
    group.external_id, group.is_demo = external_id, True
    group.save(update_fields=["external_id", "is_demo"])
    return group


def _join(group: Group, user, organisation, *, approve: bool = True, post: str = "") -> None:
    membership = services.group_join_request(
        actor=user, group=group, organisation=organisation, note="Glad to take part (demo)."
    )
    if approve:
        services.group_request_decide(actor=SYSTEM, membership=membership, approve=True)
    if post:
        services.group_post_create(actor=user, group=group, body=post)


def groups_demo_seed() -> str:
    """Seed the demo groups once; say what was done."""
    if Group.objects.filter(external_id__startswith="demo:group:").exists():
        return "already there"
    cities = [(c, demo_admin(c)) for c in demo_organisations(OrganisationKind.CITY)]
    companies = [(c, demo_admin(c)) for c in demo_organisations(OrganisationKind.COMPANY)]
    cities = [(c, u) for c, u in cities if u is not None]
    companies = [(c, u) for c, u in companies if u is not None]
    if len(cities) < 2 or not companies:
        return "no demo cities and companies"
    conveners = [companies[0][1], cities[0][1], cities[1][1]]
    groups = [_group(*row, convener) for row, convener in zip(DEMO_GROUPS, conveners, strict=True)]
    expert, working, standard = groups
    hello = "Welcome! Tell us what you are working on this quarter (demo)."
    services.group_post_create(actor=conveners[0], group=expert, body=hello)
    _join(expert, cities[1][1], cities[1][0], post="Our river gauges feed the alerts (demo).")
    for city, user in cities[2:4]:
        _join(working, user, city)
    _join(working, companies[-1][1], companies[-1][0], approve=False)
    _join(standard, companies[0][1], companies[0][0], post="Our sensor feeds follow it (demo).")
    return f"{len(groups)} groups"
