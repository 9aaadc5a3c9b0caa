"""A project's public information as an OCDS 1.1 release package: one release per stage reached
(planning, tender, award at financial close, contract with its implementation milestones).

With the fields of the OCDS for PPPs profile's extensions where our data has them: the KPI and
SDG targets as metrics (`planning.forecasts`: baseline and target; `contracts[].implementation.
metrics`: the value after, once the city confirmed it) and the financing plan's sources as
`contracts[].finance` (after financial close). The package's `extensions` lists the extensions
whose fields it carries.

The confidential parts stay out: the plan's sources appear only once the plan reached financial
close; gate notes and risk notes never appear. The extensions have no field for the PPP model
(BOT, DBFO, ...): it is given in the core `tender.procurementMethodDetails` (see docs/projects.md).
"""

from django.conf import settings
from django.utils import translation

from cityhive.assessment.measures import measure_of
from cityhive.projects.models import (
    ConsortiumRole,
    Instrument,
    MemberStatus,
    Project,
    ProjectStage,
    SourceStatus,
)
from cityhive.projects.stages import ORDER
from cityhive.taxonomy.models import Kpi

# The ocid prefix the Open Contracting Partnership registers for a publisher; set it in settings.
DEFAULT_PREFIX = "ocds-cityhive"
PUBLISHER = "CityHive"
SUPPLIER_ROLES = {ConsortiumRole.SOLUTION_PROVIDER, ConsortiumRole.OPERATOR}
TENDER_STAGES = (ProjectStage.TRANSACTION, ProjectStage.TENDER)

# The extensions whose fields the export may carry, as the merged schema the tests check against
# names them (schemas/README.md); only those a package uses are listed in it.
FINANCE_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_finance_extension/"
    "master/extension.json"
)
METRICS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/"
    "1.1/extension.json"
)

# An instrument's financing arrangement type (the finance extension's closed
# financingArrangementType codelist): only where the instrument says it. Equity may be listed or
# unlisted shares, blended finance mixes types, a PPP or the city's budget is no arrangement type.
ARRANGEMENT_TYPE = {
    Instrument.GRANT: "grant",
    Instrument.CONCESSIONAL_LOAN: "loan",
    Instrument.COMMERCIAL_LOAN: "loan",
    Instrument.GREEN_BOND: "bond",
}
# Not emitted: `financeCategory` (equity, senior or mezzanine debt, grant, ...). Its only home is
# the PPP profile's 1.0.0-beta extension, whose schema also allows no initiation type but "ppp",
# which the official schema refuses; declaring it would make the package invalid against its own
# extensions. `financingPartyType`: we do not record what kind of institution a financier is.

# `concessional`: below market rate. Concessional loans and grants are; commercial loans are not;
# the other instruments may be either.
CONCESSIONAL = {
    Instrument.GRANT: True,
    Instrument.CONCESSIONAL_LOAN: True,
    Instrument.COMMERCIAL_LOAN: False,
}


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
    planning = {
        "rationale": project.objectives or project.title,
        "budget": {
            "description": project.scope or project.title,
            "amount": _value(project.total_cost, project.currency),
        },
        "milestones": [_milestone(m) for m in project.milestones.all()],
    }
    forecasts = _forecasts(project)
    if forecasts:
        planning["forecasts"] = forecasts
    return planning


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


def _finance(source) -> dict:
    """One source of the closed financing plan as a financing arrangement (finance extension);
    a field is left out when the instrument does not say it."""
    row = {
        "id": f"source-{source.pk}",
        "title": source.label,
        "description": str(source.get_instrument_display()),
        "value": _value(source.amount, source.currency),
    }
    if source.ppp_model:
        row["description"] += f": {source.get_ppp_model_display()}"
    if source.financier_id:
        row["financingParty"] = {"id": _org_id(source.financier), "name": source.financier.name}
    if source.instrument in ARRANGEMENT_TYPE:
        row["type"] = ARRANGEMENT_TYPE[source.instrument]
    if source.instrument in CONCESSIONAL:
        row["concessional"] = CONCESSIONAL[source.instrument]
    return row


def _metric(target, titles: dict[str, str], observations: list[dict]) -> dict:
    metric = {"id": target.kpi, "title": titles.get(target.kpi, target.kpi)}
    if target.sdg_target:
        metric["description"] = f"U4SSC KPI {target.kpi}, for SDG target {target.sdg_target}."
    else:
        metric["description"] = f"U4SSC KPI {target.kpi}."
    metric["observations"] = observations
    return metric


def _observation(target, name: str, value, notes: str) -> dict:
    row = {"id": f"{target.kpi}-{name}", "measure": float(value), "notes": notes}
    unit = measure_of(target.kpi).unit
    if unit:
        row["unit"] = {"name": unit}
    return row


def _kpi_titles(targets) -> dict[str, str]:
    codes = {t.kpi for t in targets}
    return dict(Kpi.objects.filter(code__in=codes).values_list("code", "definition"))


def _forecasts(project: Project) -> list[dict]:
    """Each KPI target as a forecast metric: its baseline and its target (metrics extension)."""
    targets = list(project.targets.all())
    titles = _kpi_titles(targets)
    return [
        _metric(
            t,
            titles,
            [
                _observation(t, "baseline", t.baseline, "Baseline"),
                _observation(t, "target", t.target, "Target"),
            ],
        )
        for t in targets
    ]


def _results(project: Project) -> list[dict]:
    """Each KPI's value after implementation, only once the city confirmed it."""
    targets = list(project.targets.filter(confirmed_at__isnull=False, after__isnull=False))
    titles = _kpi_titles(targets)
    notes = "Value after implementation, confirmed by the city"
    return [_metric(t, titles, [_observation(t, "after", t.after, notes)]) for t in targets]


def _contract(project: Project) -> dict:
    contract = {
        "id": f"{ocid_of(project)}-contract",
        "awardID": f"{ocid_of(project)}-award",
        "title": project.title,
        "status": "active",
        "value": _value(project.total_cost, project.currency),
        "implementation": {
            "milestones": [_milestone(m) for m in project.milestones.all()],
        },
    }
    finance = [_finance(s) for s in project.sources.select_related("financier")]
    if finance:
        contract["finance"] = finance
    results = _results(project)
    if results:
        contract["implementation"]["metrics"] = results
    return contract


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


def _extensions(releases: list[dict]) -> list[str]:
    """The extensions whose fields the releases carry."""
    used = set()
    for release in releases:
        if "forecasts" in release.get("planning", {}):
            used.add(METRICS_EXTENSION)
        for contract in release.get("contracts", []):
            if "metrics" in contract["implementation"]:
                used.add(METRICS_EXTENSION)
            if "finance" in contract:
                used.add(FINANCE_EXTENSION)
    return sorted(used)


def release_package(project: Project, *, uri: str) -> dict:
    """The project's releases as an OCDS 1.1 release package (in English, as its releases say)."""
    with translation.override("en"):
        releases = project_releases(project)
    package = {
        "uri": uri,
        "version": "1.1",
        "publishedDate": project.updated_at.isoformat().replace("+00:00", "Z"),
        "publisher": {"name": PUBLISHER},
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    extensions = _extensions(releases)
    if extensions:
        package["extensions"] = extensions
    package["releases"] = releases
    return package
