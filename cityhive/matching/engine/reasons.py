"""The parts of a factor's sentence as keys with values, and their English wording.

The engine translates nothing: each factor carries its reasons (`Reason(key, values)`) beside
its English sentence (`Factor.text`, the reasons worded by `english` and joined by "; "), so a
caller can word the same reasons in its reader's language (the platform: matching/wording.py).
Values are plain data: numbers, codes, and the names the caller passed in (need labels, city
names, solution titles), never a sentence.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reason:
    """One part of a factor's sentence: a stable key and the values it names."""

    key: str
    values: dict = field(default_factory=dict)


def reason(key: str, **values) -> Reason:
    """A reason with these values."""
    return Reason(key, values)


# How a need of each facet is named in explanations ("your highest climate risk").
FACET_NOUNS = {
    "hazard": "climate risk",
    "impact_sector": "climate impact",
    "emission_sector": "emission source",
    "kpi": "KPI gap",
    "sdg_goal": "SDG priority",
    "sdg_target": "SDG target",
    "category": "priority",
}
EVIDENCE_VERBS = {"scaled": "scaled up in", "deployed": "deployed in", "pilot": "piloted in"}
# How two cities are alike (evidence.city_similarity), by key.
CITY_TRAITS = {
    "size": "similar in size",
    "country": "in the same country",
    "continent": "on the same continent",
    "climate": "with the same climate",
}
FIXED = {
    "no_words": "no words in common",
    "no_needs_to_compare": "no needs to compare with",
    "lists_no_needs": "lists no needs it addresses",
    "addresses_none": "addresses none of the needs listed",
    "no_practical_details": "no practical details to compare",
    "practical_details_missing": "practical details missing",
    "city_size_within": "city size within its range",
    "city_size_outside": "city size outside its range",
    "no_confirmed_implementations": "no confirmed implementations yet",
    "no_cobenefits": "no co-benefits listed",
    "no_positive_cobenefits": "no positive co-benefits",
    "no_confirmed_solutions": "no confirmed solutions yet",
    "solved_other_needs": "its confirmed solutions address other needs",
    "different_city": "a different kind of city",
    "no_shared_needs_to_compare": "no needs to compare",
    "different_needs": "different needs",
}


def _addresses(values: dict) -> str:
    owner = "your" if values["viewer"] == "city" else "its"
    noun = FACET_NOUNS.get(values["facet"], "need")
    rank = f"{owner} highest {noun}" if values["highest"] else f"one of {owner} needs"
    subject = f"{values['subject']} " if values["subject"] else ""
    return f"{subject}addresses {values['need']}, {rank} ({values['weight']:.2f})"


def _also(values: dict) -> str:
    noun = f" as {FACET_NOUNS.get(values['facet'], 'need')}" if values["facet"] else ""
    return f"also {values['need']}{noun} ({values['weight']:.2f})"


def _implemented(values: dict) -> str:
    places = " and ".join(values["cities"])
    more = values["more"]
    if more:
        places += f" (and {more} more {'city' if more == 1 else 'cities'})"
    traits = [CITY_TRAITS[trait] for trait in values["traits"]]
    verb = EVIDENCE_VERBS.get(values["status"], "deployed in")
    return f"{verb} {places}" + (f", {', '.join(traits)}" if traits else "")


def _cobenefits(values: dict) -> str:
    named = ", ".join(f"{name.replace('_', ' ')} (+{value:g})" for name, value in values["items"])
    return f"co-benefits: {named}"


WORDED = {
    "mentions": lambda v: f"mentions {', '.join(v['words'])}",
    "similar_meaning": lambda v: f"similar in meaning ({v['value']:.2f})",
    "addresses": _addresses,
    "also": _also,
    "offered_in": lambda v: f"offered in {', '.join(v['languages'])}",
    "not_offered_in": lambda v: f"not offered in {', '.join(v['languages'])}",
    "cost_within_budget": lambda v: f"{v['level']} cost, within budget",
    "cost_above_budget": lambda v: f"{v['level']} cost, above budget",
    "maturity": lambda v: f"maturity TRL {v['trl']}",
    "delivers_in": lambda v: f"delivers in {v['timeline']}",
    "implemented_in": _implemented,
    "awaiting_confirmation": lambda v: (
        f"implementations in {', '.join(v['cities'])} await confirmation by the city"
    ),
    "cobenefits": _cobenefits,
    "solved": lambda v: f"solved {' and '.join(v['needs'])} with {', '.join(v['solutions'])}",
    "similar_city": lambda v: ", ".join(CITY_TRAITS[trait] for trait in v["traits"]),
    "shares_needs": lambda v: f"shares your needs: {', '.join(v['needs'])}",
}


def english(item: Reason) -> str:
    """One reason in English."""
    if item.key in FIXED:
        return FIXED[item.key]
    return WORDED[item.key](item.values)


def sentence(reasons) -> str:
    """The reasons in English, joined as one sentence."""
    return "; ".join(english(item) for item in reasons)
