"""The OCDS export of a project validates, carries one release per stage reached, and leaves the
confidential parts out."""

import datetime
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft4Validator

from cityhive.assessment.measures import measure_of
from cityhive.projects import ocds
from cityhive.projects.models import MemberStatus, ProjectStage, SourceStatus
from cityhive.projects.ocds_schema import (
    extended_package_errors,
    extended_package_validator,
    extensions_used,
    merged_release_schema,
    package_errors,
    package_validator,
)
from cityhive.projects.tests.factories import (
    ConsortiumMemberFactory,
    FinancierFactory,
    FinancingSourceFactory,
    ProjectFactory,
    ProjectTargetFactory,
)

pytestmark = pytest.mark.django_db

URI = "https://example.org/projects/1/ocds.json"
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
# ocdskit 1.7.0's tests/fixtures/b/release-schema.json, as shipped (schemas/README.md).
MERGED_SHA256 = "89785a835fd2ca9e791b0b90855e76bc87c3bda57c4642c5f646a1f873854e9f"


def _errors(package: dict) -> list[str]:
    return package_errors(package)


def test_a_project_being_identified_has_one_planning_release():
    project = ProjectFactory(objectives="Stay dry.")
    package = ocds.release_package(project, uri=URI)

    assert _errors(package) == []
    assert [r["tag"] for r in package["releases"]] == [["planning"]]
    planning = package["releases"][0]["planning"]
    assert planning["budget"]["amount"] == {"amount": 1000000.0, "currency": "EUR"}
    assert planning["rationale"] == "Stay dry."


def test_a_closed_ppp_in_its_contract_has_every_stage_and_its_funders():
    project = ProjectFactory(stage=ProjectStage.CONTRACT, financial_close_at=timezone.now())
    company = ConsortiumMemberFactory(project=project, status=MemberStatus.ACTIVE).organisation
    bank = FinancierFactory(name="Green Bank")
    FinancingSourceFactory(
        project=project,
        financier=bank,
        instrument="ppp_availability",
        ppp_model="dbfo",
        status=SourceStatus.CLOSED,
    )
    project.milestones.create(title="Barrier built", due_on=timezone.localdate())

    package = ocds.release_package(project, uri=URI)

    assert _errors(package) == []
    assert [r["tag"] for r in package["releases"]] == [
        ["planning"],
        ["tender"],
        ["award"],
        ["contract"],
    ]
    award = package["releases"][2]
    assert award["awards"][0]["suppliers"] == [
        {"id": f"cityhive-org-{company.pk}", "name": company.name}
    ]
    roles = {p["name"]: p["roles"] for p in award["parties"]}
    assert roles["Green Bank"] == ["funder"]
    tender = package["releases"][1]["tender"]
    assert tender["procurementMethodDetails"] == "Design-build-finance-operate (DBFO)"
    contract = package["releases"][3]["contracts"][0]
    assert [m["title"] for m in contract["implementation"]["milestones"]] == ["Barrier built"]


def test_an_unclosed_plan_names_no_funder():
    project = ProjectFactory(stage=ProjectStage.TRANSACTION)
    FinancingSourceFactory(project=project, financier=FinancierFactory(name="Quiet Bank"))

    package = ocds.release_package(project, uri=URI)

    names = {p["name"] for r in package["releases"] for p in r["parties"]}
    assert "Quiet Bank" not in names


def test_a_broken_package_is_caught_by_the_schema():
    package = ocds.release_package(ProjectFactory(), uri=URI)
    package["releases"][0]["tag"] = ["finished"]
    del package["releases"][0]["ocid"]
    assert len(_errors(package)) == 2


def test_the_export_is_checked_against_the_official_schema():
    validator = package_validator()
    release_id = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"

    assert validator.schema["id"].endswith("/1__1__5/release-package-schema.json")
    assert validator.schema["properties"]["releases"]["items"] == {"$ref": release_id}
    package = ocds.release_package(ProjectFactory(), uri=URI)
    package["releases"][0]["parties"][0]["roles"] = "buyer"  # a list in the release schema
    assert package_errors(package) == ["'buyer' is not of type 'array', 'null'"]


def test_a_reached_milestone_says_when_and_with_what_evidence():
    project = ProjectFactory()
    project.milestones.create(
        title="Design",
        due_on=datetime.date(2026, 3, 1),
        done_on=datetime.date(2026, 3, 4),
        evidence="Signed design report.",
    )

    package = ocds.release_package(project, uri=URI)

    assert _errors(package) == []
    milestone = package["releases"][0]["planning"]["milestones"][0]
    assert {k: milestone[k] for k in ("status", "dateMet", "description")} == {
        "status": "met",
        "dateMet": "2026-03-04T00:00:00Z",
        "description": "Signed design report.",
    }


# The PPP profile's extensions: finance, metrics; checked against the merged extension schema.


def _closed_contract(**kwargs):
    return ProjectFactory(stage=ProjectStage.CONTRACT, financial_close_at=timezone.now(), **kwargs)


def _contract_of(package: dict) -> dict:
    return package["releases"][-1]["contracts"][0]


def test_the_closed_plan_is_the_contract_finance_with_only_what_the_instrument_says():
    project = _closed_contract()
    bank = FinancierFactory(name="Green Bank")
    fund = FinancierFactory(name="Climate Fund")
    loan = FinancingSourceFactory(
        project=project,
        financier=bank,
        label="Green Bank loan",
        instrument="concessional_loan",
        amount=400_000,
        status=SourceStatus.CLOSED,
    )
    grant = FinancingSourceFactory(
        project=project,
        financier=fund,
        label="Adaptation grant",
        instrument="grant",
        amount=100_000,
        status=SourceStatus.CLOSED,
    )
    ppp = FinancingSourceFactory(
        project=project,
        label="Availability payments",
        instrument="ppp_availability",
        ppp_model="dbfo",
        amount=300_000,
        status=SourceStatus.CLOSED,
    )
    FinancingSourceFactory(
        project=project,
        financier=bank,
        label="Sponsor equity",
        instrument="equity",
        amount=200_000,
        currency="USD",
        status=SourceStatus.CLOSED,
    )

    package = ocds.release_package(project, uri=URI)

    assert package_errors(package) == []
    assert extended_package_errors(package) == []
    assert package["extensions"] == [ocds.FINANCE_EXTENSION]
    finance = _contract_of(package)["finance"]
    assert finance[0] == {
        "id": f"source-{loan.pk}",
        "title": "Green Bank loan",
        "description": "Concessional loan",
        "value": {"amount": 400000.0, "currency": "EUR"},
        "financingParty": {"id": f"cityhive-org-{bank.pk}", "name": "Green Bank"},
        "type": "loan",
        "concessional": True,
    }
    assert {k: finance[1][k] for k in ("id", "type", "concessional")} == {
        "id": f"source-{grant.pk}",
        "type": "grant",
        "concessional": True,
    }
    # A PPP source has no arrangement type and here no financier to name.
    assert finance[2] == {
        "id": f"source-{ppp.pk}",
        "title": "Availability payments",
        "description": "Availability-payment PPP: Design-build-finance-operate (DBFO)",
        "value": {"amount": 300000.0, "currency": "EUR"},
    }
    # Equity: listed or unlisted shares is not recorded, so no type; its own currency.
    assert "type" not in finance[3] and "concessional" not in finance[3]
    assert not any("financeCategory" in row or "financingPartyType" in row for row in finance)
    assert finance[3]["value"] == {"amount": 200000.0, "currency": "USD"}
    # Every financing party is a party with the role funder.
    roles = {p["id"]: p["roles"] for p in package["releases"][-1]["parties"]}
    for row in finance:
        if "financingParty" in row:
            assert "funder" in roles[row["financingParty"]["id"]]


def test_kpi_targets_are_forecasts_and_only_a_confirmed_value_after_is_a_result():
    project = _closed_contract()
    FinancingSourceFactory(project=project, status=SourceStatus.CLOSED)
    confirmed = ProjectTargetFactory(
        project=project,
        kpi="EC: I: WS: 3C",
        sdg_target="6.1",
        baseline=Decimal("40"),
        target=Decimal("60"),
        after=Decimal("57.5"),
        confirmed_at=timezone.now(),
    )
    ProjectTargetFactory(project=project, kpi="EN: E: AQ: 1C", after=Decimal("12"))

    package = ocds.release_package(project, uri=URI)

    assert package_errors(package) == []
    assert extended_package_errors(package) == []
    assert ocds.METRICS_EXTENSION in package["extensions"]
    forecasts = package["releases"][0]["planning"]["forecasts"]
    assert [m["id"] for m in forecasts] == ["EC: I: WS: 3C", "EN: E: AQ: 1C"]
    first = forecasts[0]
    assert first["description"] == "U4SSC KPI EC: I: WS: 3C, for SDG target 6.1."
    assert [(o["id"], o["measure"], o["notes"]) for o in first["observations"]] == [
        ("EC: I: WS: 3C-baseline", 40.0, "Baseline"),
        ("EC: I: WS: 3C-target", 60.0, "Target"),
    ]
    assert first["observations"][0]["unit"] == {"name": measure_of(confirmed.kpi).unit}
    metrics = _contract_of(package)["implementation"]["metrics"]
    assert [(m["id"], [o["measure"] for o in m["observations"]]) for m in metrics] == [
        ("EC: I: WS: 3C", [57.5])
    ]


def test_a_project_without_targets_or_closed_plan_lists_no_extension():
    package = ocds.release_package(ProjectFactory(), uri=URI)

    assert "extensions" not in package
    assert "forecasts" not in package["releases"][0]["planning"]
    assert extended_package_errors(package) == []


def _ppp_package() -> dict:
    project = _closed_contract()
    FinancingSourceFactory(
        project=project,
        financier=FinancierFactory(),
        instrument="grant",
        status=SourceStatus.CLOSED,
    )
    ProjectTargetFactory(project=project, after=Decimal("50"), confirmed_at=timezone.now())
    package = ocds.release_package(project, uri=URI)
    assert extended_package_errors(package) == []
    return package


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (
            lambda p: _contract_of(p)["finance"][0].update(concessional="yes"),
            "'yes' is not of type 'boolean', 'null'",
        ),
        (
            lambda p: _contract_of(p)["finance"][0].update(financingPartyType="bank"),
            "'bank' is not one of ['institutional', 'commercial', 'bilateral', 'multilateral', "
            "'vendor', 'other', None]",
        ),
        (
            lambda p: p["releases"][0]["planning"]["forecasts"][0]["observations"][0].update(
                measure=[40]
            ),
            "[40] is not of type 'string', 'number', 'null'",
        ),
        (
            lambda p: _contract_of(p)["finance"][0].update(type="concessionalLoan"),
            "'concessionalLoan' is not one of ['bond', 'loan', 'hybrid', 'shares.listed', "
            "'shares.unlisted', 'grant', 'guarantee', None]",
        ),
        (
            lambda p: _contract_of(p)["finance"][0].update(
                financingParty=_contract_of(p)["finance"][0]["financingParty"]["name"]
            ),
            None,  # a string where an organisation reference goes: checked below
        ),
        (
            lambda p: p["releases"][0]["planning"]["forecasts"][0]["observations"].clear(),
            "[] should be non-empty",
        ),
    ],
)
def test_a_mistyped_ppp_field_fails_the_merged_schema_only(mutate, error):
    package = _ppp_package()

    mutate(package)

    errors = extended_package_errors(package)
    assert len(errors) == 1
    if error is not None:
        assert errors == [error]
    else:
        assert "is not of type 'object'" in errors[0]
    assert package_errors(package) == []  # the official schema knows nothing of these fields


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("concessional", "isConcessional", "/contracts/0/finance/0/isConcessional"),
        ("financingParty", "financier", "/contracts/0/finance/0/financier"),
        ("type", "arrangementType", "/contracts/0/finance/0/arrangementType"),
    ],
)
def test_a_misnamed_ppp_field_fails_the_merged_schema(old, new, where):
    package = _ppp_package()
    finance = _contract_of(package)["finance"][0]

    finance[new] = finance.pop(old)

    errors = extended_package_errors(package)
    assert f"/releases/3{where} is not a field of OCDS or its extensions" in errors
    assert package_errors(package) == []


def test_a_misnamed_metric_and_an_unlisted_extension_fail():
    package = _ppp_package()
    package["releases"][0]["planning"]["forecast"] = package["releases"][0]["planning"].pop(
        "forecasts"
    )
    package["extensions"].remove(ocds.FINANCE_EXTENSION)

    assert extended_package_errors(package) == [
        "/releases/0/planning/forecast is not a field of OCDS or its extensions",
        f"extension not listed in 'extensions': {ocds.FINANCE_EXTENSION}",
    ]


def test_a_field_of_an_undeclared_extension_is_caught():
    """financeCategory lives only in the PPP profile's 1.0.0-beta extension, which the export
    does not declare (its schema wants initiationType "ppp"): emitting it is an error."""
    package = _ppp_package()
    _contract_of(package)["finance"][0]["financeCategory"] = "grant"

    assert extended_package_errors(package) == [
        "extension not listed in 'extensions': "
        "http://standard.open-contracting.org/profiles/ppp/extension/1__0__0__beta/extension.json"
    ]


def test_the_listed_extensions_are_those_the_merged_schema_names_for_the_fields():
    package = _ppp_package()

    assert extensions_used(package) == set(package["extensions"])
    assert extensions_used(ocds.release_package(ProjectFactory(), uri=URI)) == set()


def test_the_merged_schema_is_ocdskits_fixture_unchanged_and_checked_offline():
    text = (SCHEMAS / "release-schema-merged-extensions.json").read_bytes()
    assert hashlib.sha256(text).hexdigest() == MERGED_SHA256
    schema = merged_release_schema()
    release_id = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
    assert schema["id"] == release_id
    assert extended_package_validator().schema["properties"]["releases"]["items"] == {
        "$ref": release_id
    }
    finance = schema["definitions"]["Finance"]["properties"]
    assert finance["financingPartyType"]["enum"][:-1] == [
        "institutional",
        "commercial",
        "bilateral",
        "multilateral",
        "vendor",
        "other",
    ]
    # Not quite a valid Draft 4 schema: a third-party options extension set `"type": ""` in
    # nine places, all under Option and OptionGroup, which the export never reaches.
    meta = Draft4Validator(Draft4Validator.META_SCHEMA)
    broken = {tuple(e.absolute_path)[:2] for e in meta.iter_errors(schema)}
    assert broken == {("definitions", "Option"), ("definitions", "OptionGroup")}


def test_the_merged_schema_disagrees_with_the_official_one_on_initiation_type_only():
    """Its release address is answered by the local merged copy (no network: the registry has no
    retrieval), which says "ppp" is the only initiation type (PPP profile 1.0.0-beta) where the
    official schema allows only "tender"; that one disagreement is set aside, nothing else."""
    package = _ppp_package()

    raw = [
        (list(e.absolute_path), e.message)
        for e in extended_package_validator().iter_errors(package)
    ]

    assert raw == [
        (["releases", index, "initiationType"], "'tender' is not one of ['ppp']")
        for index in range(4)
    ]
    assert extended_package_errors(package) == []
    package["releases"][0]["initiationType"] = "ppp"
    assert package_errors(package) == ["'ppp' is not one of ['tender']"]
