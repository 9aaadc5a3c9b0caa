"""A small hand-written catalogue: three cities and four solutions (no real data)."""

from cityhive.matching.engine import ChallengeDoc, Evidence, NeedsProfile, SolutionDoc

RECIFE = Evidence(
    "recife", "Recife", "BR", "SA", 1_650_000, "tropical_rainforest", True, "deployed", 2021
)
FORTALEZA = Evidence(
    "fortaleza", "Fortaleza", "BR", "SA", 2_430_000, "tropical_rainforest", True, "scaled", 2022
)
NAIROBI = Evidence("nairobi", "Nairobi", "KE", "AF", 4_400_000, "savanna", True, "pilot", 2023)

SALVADOR = NeedsProfile(
    "salvador",
    "Salvador",
    country="BR",
    continent="SA",
    population=2_400_000,
    biome="tropical_rainforest",
    languages=("pt",),
    budget_level="medium",
    items={
        ("hazard", "floods"): 0.92,
        ("hazard", "heatwaves"): 0.6,
        ("emission_sector", "transportation"): 0.4,
    },
    labels={("hazard", "floods"): "floods", ("hazard", "heatwaves"): "heatwaves"},
)

FLOOD_SENSORS = SolutionDoc(
    "flood-sensors",
    title="Flood early warning sensors",
    summary="River and drainage sensors warn residents before floods.",
    regions_served=("BR", "AR"),
    languages=("pt", "es"),
    population_min=100_000,
    population_max=5_000_000,
    cost_level="medium",
    maturity=9,
    timeline="<5 years",
    cobenefits={"public_health": 1, "housing": -1},
    addresses={("hazard", "floods"): 1.0, ("hazard", "storms"): 0.5},
    implementations=(RECIFE, FORTALEZA),
)
COOL_ROOFS = SolutionDoc(
    "cool-roofs",
    title="Cool roofs",
    summary="Reflective roofs cut indoor heat during heatwaves.",
    regions_served=("global",),
    languages=("en",),
    cost_level="low",
    maturity=8,
    timeline="<5 years",
    cobenefits={"air_quality": 2, "energy_saving": 2},
    addresses={("hazard", "heatwaves"): 0.8},
    categories=("living/buildings",),
)
KENYA_BUSES = SolutionDoc(
    "kenya-buses",
    title="Electric matatu buses",
    summary="Electric minibuses for floods-free routes.",
    regions_served=("KE",),
    addresses={("emission_sector", "transportation"): 1.0},
    implementations=(NAIROBI,),
)
BARE = SolutionDoc("bare", title="Consulting")

CATALOGUE = (FLOOD_SENSORS, COOL_ROOFS, KENYA_BUSES, BARE)

FLOOD_CHALLENGE = ChallengeDoc(
    "ch-floods",
    SALVADOR,
    title="Warn residents before floods",
    text="Our hillside neighbourhoods flood every rainy season; we need warnings and drainage.",
    addresses={("hazard", "floods"): 1.0},
    budget_level="medium",
)
