"""A project's public information as an OCDS 1.1 release package: one release per stage reached
(planning, tender, award at financial close, contract with its implementation milestones).

The confidential parts stay out: the plan's sources appear only as funders once the plan reached
financial close; gate notes and risk notes never appear. The PPP model of a PPP source is given in
`tender.procurementMethodDetails`; the PPP extension's own fields are not emitted (see
docs/projects.md).
"""

from django.conf import settings

from cityhive.projects.models import (
    ConsortiumRole,
    MemberStatus,
    Project,
    ProjectStage,
    SourceStatus,
)
from cityhive.projects.stages import ORDER

# The ocid prefix the Open Contracting Partnership registers for a publisher; set it in settings.
DEFAULT_PREFIX = "ocds-cityhive"
PUBLISHER = "CityHive"
SUPPLIER_ROLES = {ConsortiumRole.SOLUTION_PROVIDER, ConsortiumRole.OPERATOR}
TENDER_STAGES = (ProjectStage.TRANSACTION, ProjectStage.TENDER)


def ocid_of(project: Project) -> str:
    """The project's open contracting id."""
    prefix = getattr(settings, "CITYHIVE_OCDS_PREFIX", DEFAULT_PREFIX)
    return f"{prefix}-project-{project.pk}"


def _value(amount, currency: str) -> dict:
    return {"amount": float(amount), "currency": currency}


def _org_id(organisation) -> str:
    return f"cityhive-org-{organisation.pk}"


def _parties(project: Project, *, closed: bool) -> list[dict]:
    parties = {
        project.city_id: {
            "id": _org_id(project.city),
            "name": project.city.name,
            "roles": ["buyer", "procuringEntity"],
        }
    }
    members = project.members.filter(status=MemberStatus.ACTIVE).select_related("organisation")
    for member in members:
        if member.role in SUPPLIER_ROLES and closed:
            entry = parties.setdefault(
                member.organisation_id,
                {"id": _org_id(member.organisation), "name": member.organisation.name, "roles": []},
            )
            entry["roles"].append("supplier")
    if closed:
        for source in project.sources.filter(financier__isnull=False).select_related("financier"):
            entry = parties.setdefault(
                source.financier_id,
                {"id": _org_id(source.financier), "name": source.financier.name, "roles": []},
            )
            if "funder" not in entry["roles"]:
                entry["roles"].append("funder")
    return [p for p in parties.values() if p["roles"]]


def _reached(project: Project, stage: str) -> bool:
    order = ORDER[project.path]
    return stage in order and order.index(project.stage) >= order.index(stage)


def _planning(project: Project) -> dict:
    return {
        "rationale": project.objectives or project.title,
        "budget": {
            "description": project.scope or project.title,
            "amount": _value(project.total_cost, project.currency),
        },
        "milestones": [_milestone(m) for m in project.milestones.all()],
    }


def _milestone(m) -> dict:
    """A milestone; a reached one with the day it was met and its evidence."""
    row = {
        "id": f"milestone-{m.pk}",
        "title": m.title,
        "type": "preProcurement",
        "dueDate": f"{m.due_on.isoformat()}T00:00:00Z",
        "status": "met" if m.done_on else "scheduled",
    }
    if m.done_on:
        row["dateMet"] = f"{m.done_on.isoformat()}T00:00:00Z"
    if m.evidence:
        row["description"] = m.evidence
    return row


def _tender(project: Project, *, closed: bool) -> dict:
    models = sorted({s.get_ppp_model_display() for s in project.sources.exclude(ppp_model="")})
    tender = {
        "id": f"{ocid_of(project)}-tender",
        "title": project.title,
        "description": project.scope or project.objectives or project.title,
        "status": "complete" if closed else "active",
        "value": _value(project.capital_cost, project.currency),
        "procurementMethod": "open",
    }
    if models:
        tender["procurementMethodDetails"] = "; ".join(str(m) for m in models)
    return tender


def _release(project: Project, tag: str, sections: dict, *, closed: bool) -> dict:
    date = (project.financial_close_at or project.updated_at).isoformat().replace("+00:00", "Z")
    return {
        "ocid": ocid_of(project),
        "id": f"{ocid_of(project)}-{tag}-{project.version}",
        "date": date,
        "tag": [tag],
        "initiationType": "tender",
        "language": "en",
        "parties": _parties(project, closed=closed),
        "buyer": {"id": _org_id(project.city), "name": project.city.name},
        **sections,
    }


def _award(project: Project) -> dict:
    suppliers = project.members.filter(status=MemberStatus.ACTIVE, role__in=SUPPLIER_ROLES)
    return {
        "id": f"{ocid_of(project)}-award",
        "title": project.title,
        "status": "active",
        "date": project.financial_close_at.isoformat().replace("+00:00", "Z"),
        "value": _value(project.total_cost, project.currency),
        "suppliers": [
            {"id": _org_id(m.organisation), "name": m.organisation.name}
            for m in suppliers.select_related("organisation")
        ],
    }


def _contract(project: Project) -> dict:
    return {
        "id": f"{ocid_of(project)}-contract",
        "awardID": f"{ocid_of(project)}-award",
        "title": project.title,
        "status": "active",
        "value": _value(project.total_cost, project.currency),
        "implementation": {
            "milestones": _planning(project)["milestones"],
        },
    }


def project_releases(project: Project) -> list[dict]:
    """One release per stage the project reached."""
    closed = (
        project.financial_close_at is not None
        and not project.sources.exclude(status=SourceStatus.CLOSED).exists()
    )
    releases = [_release(project, "planning", {"planning": _planning(project)}, closed=closed)]
    if any(_reached(project, stage) for stage in TENDER_STAGES) or closed:
        releases.append(
            _release(project, "tender", {"tender": _tender(project, closed=closed)}, closed=closed)
        )
    if closed:
        releases.append(_release(project, "award", {"awards": [_award(project)]}, closed=closed))
    if _reached(project, ProjectStage.CONTRACT) and closed:
        releases.append(
            _release(project, "contract", {"contracts": [_contract(project)]}, closed=closed)
        )
    return releases


def release_package(project: Project, *, uri: str) -> dict:
    """The project's releases as an OCDS 1.1 release package."""
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": project.updated_at.isoformat().replace("+00:00", "Z"),
        "publisher": {"name": PUBLISHER},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "releases": project_releases(project),
    }
