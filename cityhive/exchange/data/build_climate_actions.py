"""Build climate_actions.jsonl (exchange format) from CityCatalyst's merged climate-action library.

Source: Open-Earth-Foundation/CityCatalyst @47afbbb6,
hiap/app/prioritizer/ml_pipeline/data/references/merged.json (AGPL-3.0), as copied to the team's
shared data folder. Users do not have that folder: the generated .jsonl is what ships.

    python cityhive/exchange/data/build_climate_actions.py [SOURCE.json]

The lines are written in the exchange format's canonical form (the form `cityhive export` writes),
so importing the file and exporting it again gives the same bytes. The mapping is documented in
docs/exchange-format.md ("Demo content: the climate action library").
"""

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = Path("/work/shared/data/reference/climate_actions/climate_actions.json")
TARGET = HERE / "climate_actions.jsonl"
KPI_CODES = HERE.parents[1] / "taxonomy" / "data" / "u4ssc_kpis.csv"
ORIGIN = "Open-Earth-Foundation/CityCatalyst@47afbbb6 (merged.json), AGPL-3.0"

LIBRARIES = {
    "c40": {
        "id": "lib-c40",
        "name": "C40 Climate Action Library",
        "description": (
            "City climate actions from the C40 Cities Climate Leadership Group's action library, "
            "as compiled in Open Earth Foundation's CityCatalyst."
        ),
        "website": "https://www.c40.org",
    },
    "ipcc": {
        "id": "lib-ipcc",
        "name": "IPCC",
        "description": (
            "Urban mitigation options from the Intergovernmental Panel on Climate Change (IPCC), "
            "as compiled in Open Earth Foundation's CityCatalyst."
        ),
        "website": "https://www.ipcc.ch",
    },
    "icare": {
        "id": "lib-icare",
        "name": "ICARE",
        "description": (
            "Climate adaptation and mitigation actions from the ICARE catalogue, as compiled in "
            "Open Earth Foundation's CityCatalyst."
        ),
        "website": "",
    },
}
GPC_SECTORS = ("stationary_energy", "transportation", "waste", "ippu", "afolu")
# Smart-city categories of each source sector (GPC emission sectors and impact sectors).
SECTOR_CATEGORIES = {
    "transportation": "mobility",
    "stationary_energy": "environment/energy",
    "waste": "environment/waste",
    "afolu": "environment",
    "ippu": "economy",
    "water_resources": "environment/water",
    "food_security": "environment",
    "biodiversity": "environment/green_spaces",
    "public_health": "living/health",
    "energy_security": "environment/energy",
    "geo-hydrological_disasters": "environment/climate_adaptation",
    "road_infrastructure": "mobility",
}
ADAPTATION_CATEGORY = "environment/climate_adaptation"
EFFECTIVENESS = {"high": 1.0, "medium": 0.66, "low": 0.33}
GHG_BANDS = {"0-19": 0.1, "20-39": 0.3, "40-59": 0.5, "60-79": 0.7, "80-100": 0.9}
DEFAULT_STRENGTH = 0.5
SUMMARY_MAX = 600
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def summary_of(description: str) -> str:
    """The first sentence(s) of a description, at most SUMMARY_MAX characters."""
    summary = ""
    for sentence in SENTENCE_END.split(description.strip()):
        joined = f"{summary} {sentence}".strip()
        if len(joined) > SUMMARY_MAX:
            break
        summary = joined
    if not summary:  # a first sentence longer than the limit: cut at a word
        summary = description[: SUMMARY_MAX - 1].rsplit(" ", 1)[0] + "…"
    return summary


def addresses_of(action: dict) -> list[dict]:
    """Hazards (strength: adaptation effectiveness) and sectors (GHG band or effectiveness)."""
    effect = EFFECTIVENESS.get(action["AdaptationEffectiveness"] or "", DEFAULT_STRENGTH)
    bands = action["GHGReductionPotential"] or {}
    addresses = [
        {"facet": "hazard", "value": hazard, "strength": effect}
        for hazard in action["Hazard"] or []
    ]
    for sector in action["Sector"] or []:
        if sector in GPC_SECTORS:
            strength = GHG_BANDS.get(bands.get(sector) or "", DEFAULT_STRENGTH)
            addresses.append({"facet": "emission_sector", "value": sector, "strength": strength})
        else:
            addresses.append({"facet": "impact_sector", "value": sector, "strength": effect})
    return addresses


def categories_of(action: dict) -> list[str]:
    """Categories from the sectors (and climate adaptation for adaptation actions), no parents
    of a listed sub-category."""
    found = {SECTOR_CATEGORIES[sector] for sector in action["Sector"] or []}
    if "adaptation" in (action["ActionType"] or []):
        found.add(ADAPTATION_CATEGORY)
    return sorted(c for c in found if not any(o.startswith(f"{c}/") for o in found))


def kpis_of(action: dict, codes: frozenset[str]) -> list[str]:
    """The U4SSC KPI codes the action's KPI texts name (the texts are kept as an extra field)."""
    texts = action["KeyPerformanceIndicators"] or []
    return sorted({code for text in texts for code in codes if code in text})


def organization_line(library: dict) -> dict:
    return {
        "type": "organization",
        "id": library["id"],
        "kind": "international_org",
        "name": library["name"],
        "country": None,
        "geonames_id": None,
        "population": None,
        "area_km2": None,
        "region": "",
        "description": library["description"],
        "website": library["website"],
        "languages": ["en"],
        "context": {},
        "source": ORIGIN,
    }


def _extras(action: dict) -> dict:
    extras = {
        "action_type": action["ActionType"] or [],
        "adaptation_effectiveness": action["AdaptationEffectiveness"],
        "dependencies": action["Dependencies"] or [],
        "equity_and_inclusion": action["EquityAndInclusionConsiderations"],
        "ghg_reduction_potential": {
            sector: band for sector, band in (action["GHGReductionPotential"] or {}).items() if band
        },
        "kpi_texts": action["KeyPerformanceIndicators"] or [],
        "powers_and_mandates": action["PowersAndMandates"] or [],
        "primary_purpose": action["PrimaryPurpose"] or [],
        "source": ORIGIN,
        "subsectors": action["Subsector"] or [],
    }
    return {key: _sorted_keys(extras[key]) for key in sorted(extras)}


def _sorted_keys(value):
    return {key: value[key] for key in sorted(value)} if isinstance(value, dict) else value


def solution_line(action: dict, codes: frozenset[str]) -> dict:
    library = LIBRARIES[action["ActionID"].split("_", 1)[0]]
    description = action["Description"].strip()
    return {
        "type": "solution",
        "id": action["ActionID"],
        "provider": library["id"],
        "status": "published",
        "title": action["ActionName"].strip(),
        "summary": summary_of(description),
        "description": description,
        "categories": categories_of(action),
        "sdg_targets": [],
        "kpis": kpis_of(action, codes),
        "addresses": addresses_of(action),
        "cost_level": action["CostInvestmentNeeded"] or "",
        "timeline": action["TimelineForImplementation"] or "",
        "cobenefits": _sorted_keys(action["CoBenefits"] or {}),
        "maturity": None,
        "regions_served": ["global"],
        "languages": ["en"],
        "population_range": None,
        "pricing_model": "",
        "tags": [],
        "website": "",
        **_extras(action),
    }


def build(source: Path, target: Path) -> int:
    """Write the exchange file; returns the number of lines."""
    actions = sorted(json.loads(source.read_text(encoding="utf-8")), key=lambda a: a["ActionID"])
    with KPI_CODES.open(encoding="utf-8") as handle:
        codes = frozenset(row["kpi_code"] for row in csv.DictReader(handle))
    libraries = sorted(LIBRARIES.values(), key=lambda library: library["id"])
    lines = [organization_line(library) for library in libraries]
    lines += [solution_line(action, codes) for action in actions]
    with target.open("w", encoding="utf-8", newline="\n") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    return len(lines)


if __name__ == "__main__":
    count = build(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE, TARGET)
    print(f"Wrote {count} lines to {TARGET}")
