"""The mapping from CityCatalyst's climate actions to exchange solution lines."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "data" / "build_climate_actions.py"
spec = importlib.util.spec_from_file_location("build_climate_actions", SCRIPT)
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)


def action(**fields) -> dict:
    base = {
        "ActionID": "icare_0001",
        "ActionName": " Green corridors ",
        "ActionType": ["adaptation"],
        "Hazard": ["heatwaves"],
        "Sector": ["biodiversity", "transportation"],
        "Subsector": None,
        "PrimaryPurpose": ["climate_resilience"],
        "Description": "First sentence. Second one!",
        "CoBenefits": {"habitat": 2, "air_quality": 1},
        "EquityAndInclusionConsiderations": None,
        "GHGReductionPotential": {"transportation": "60-79", "waste": None},
        "AdaptationEffectiveness": "medium",
        "CostInvestmentNeeded": "low",
        "TimelineForImplementation": "5-10 years",
        "Dependencies": None,
        "KeyPerformanceIndicators": ["Shade cover (EN: EN: PSN: 1C)", "Trees planted"],
        "PowersAndMandates": ["local"],
    }
    return {**base, **fields}


def test_hazards_and_sectors_become_weighted_addresses():
    assert build.addresses_of(action()) == [
        {"facet": "hazard", "value": "heatwaves", "strength": 0.66},
        {"facet": "impact_sector", "value": "biodiversity", "strength": 0.66},
        {"facet": "emission_sector", "value": "transportation", "strength": 0.7},
    ]
    plain = action(AdaptationEffectiveness=None, GHGReductionPotential=None)
    assert [a["strength"] for a in build.addresses_of(plain)] == [0.5, 0.5, 0.5]


def test_categories_come_from_sectors_and_adaptation_without_redundant_parents():
    assert build.categories_of(action()) == [
        "environment/climate_adaptation",
        "environment/green_spaces",
        "mobility",
    ]
    assert build.categories_of(action(Sector=["afolu", "waste"], ActionType=["mitigation"])) == [
        "environment/waste"
    ]


def test_the_summary_is_the_first_sentences_within_600_characters():
    assert build.summary_of("First sentence. Second one!") == "First sentence. Second one!"
    long = "A" * 590 + ". Then more."
    assert build.summary_of(long) == "A" * 590 + "."
    endless = "word " * 200
    summary = build.summary_of(endless)
    assert len(summary) <= 600 and summary.endswith("word…")


def test_kpis_are_only_u4ssc_codes_named_in_the_texts():
    codes = frozenset({"EN: EN: PSN: 1C", "EC: I: T: 1C"})
    assert build.kpis_of(action(), codes) == ["EN: EN: PSN: 1C"]


def test_a_solution_line_keeps_the_source_fields_as_extra_fields():
    line = build.solution_line(action(), frozenset())
    assert (line["id"], line["provider"], line["title"], line["status"]) == (
        "icare_0001",
        "lib-icare",
        "Green corridors",
        "published",
    )
    assert line["cobenefits"] == {"air_quality": 1, "habitat": 2}
    assert line["kpi_texts"] == ["Shade cover (EN: EN: PSN: 1C)", "Trees planted"]
    assert line["ghg_reduction_potential"] == {"transportation": "60-79"}
    assert list(line)[-10:] == sorted(list(line)[-10:])
