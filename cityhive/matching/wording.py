"""Match explanations in words people read, in the interface language: factor labels, the
factors' sentences worded from the engine's reasons (keys with values, engine/reasons.py), and
the engine's improvement hints worded for the members of the organisation that can act on them."""

import re

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cityhive.content.cobenefits import cobenefit_label
from cityhive.matching.engine.reasons import Reason
from cityhive.matching.engine.signals import HINTS

FACTOR_LABELS = {
    "lexical": _("Words in common"),
    "semantic": _("Similar meaning"),
    "coverage": _("Needs covered"),
    "fit": _("Practical fit"),
    "evidence": _("Proven in cities"),
    "cobenefits": _("Co-benefits"),
    "solved": _("Solved with confirmed solutions"),
    "similarity": _("Similar city"),
    "shared_needs": _("Shared needs"),
    "feedback": _("Your organisation's feedback"),
}

# The engine's hints by key (side of the match, signal), reworded as advice to the members of
# the organisation that owns that side.
HINT_TEXTS = {
    ("solution", "coverage"): _(
        "Add the hazards, sectors and SDG targets your solution addresses."
    ),
    ("solution", "lexical"): _(
        "Describe your solution in more detail (summary, description, tags)."
    ),
    ("solution", "evidence"): _("Add the cities where your solution is in use (implementations)."),
    ("solution", "cobenefits"): _("Add your solution's co-benefits."),
    ("solution", "region"): _("Add the regions your solution serves."),
    ("solution", "languages"): _("Add the languages your solution is offered in."),
    ("solution", "population"): _("Add the city sizes (population range) your solution suits."),
    ("solution", "budget"): _("Add your solution's cost level."),
    ("solution", "maturity"): _("Add your solution's maturity (technology readiness level)."),
    ("solution", "timeline"): _("Add how long your solution takes to deliver."),
    ("profile", "coverage"): _(
        "Add your city's needs (climate risks, KPI assessment, emissions) to its needs profile."
    ),
    ("challenge", "coverage"): _(
        "Add the hazards, sectors and SDG targets your challenge addresses."
    ),
    ("challenge", "lexical"): _("Describe your challenge in more detail."),
    ("city", "languages"): _("Add your city's languages to its profile."),
    ("city", "population"): _("Add your city's population to its profile."),
    ("city", "budget"): _("Add your city's budget to its challenges."),
    ("peer", "solved"): _(
        "Confirm the implementations of solutions in use in your city: other cities learn"
        " from them."
    ),
    ("peer", "shared_needs"): _(
        "Add your city's needs (climate risks, KPI assessment, emissions) to its needs profile."
    ),
}
_KEY_OF_TEXT = {text: key for key, text in HINTS.items()}


def factor_label(name: str) -> str:
    """A factor's label; an unknown factor reads as words rather than as a code."""
    label = FACTOR_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ").capitalize()


def hint_text(hint: str) -> str:
    """An engine hint as advice in the interface language (the engine's words when unknown)."""
    key = _KEY_OF_TEXT.get(hint)
    text = HINT_TEXTS.get(key) if key else None
    return str(text) if text is not None else hint[:1].upper() + hint[1:]


# The practical-fit sentences of the engine (matching.engine.fit), each part reworded in the
# interface language; a part the patterns do not know stays as the engine wrote it.
COST_LEVELS = {"low": _("low"), "medium": _("medium"), "high": _("high")}
TIMELINES = {
    "<5 years": _("delivers in under 5 years"),
    "5-10 years": _("delivers in 5 to 10 years"),
    ">10 years": _("delivers in over 10 years"),
}
FIXED_FIT_TEXTS = {
    "city size within its range": _("city size within its range"),
    "city size outside its range": _("city size outside its range"),
    "no practical details to compare": _("no practical details to compare"),
    "practical details missing": _("practical details missing"),
}
FIT_PATTERNS = (
    (re.compile(r"not offered in (?P<languages>.+)"), _("not offered in %(languages)s")),
    (re.compile(r"offered in (?P<languages>.+)"), _("offered in %(languages)s")),
    (
        re.compile(r"(?P<level>low|medium|high) cost, within budget"),
        _("%(level)s cost, within budget"),
    ),
    (
        re.compile(r"(?P<level>low|medium|high) cost, above budget"),
        _("%(level)s cost, above budget"),
    ),
    (re.compile(r"maturity TRL (?P<trl>\d+)"), _("maturity: technology readiness level %(trl)s")),
)


def _fit_part(part: str) -> str:
    if part in FIXED_FIT_TEXTS:
        return str(FIXED_FIT_TEXTS[part])
    if part.startswith("delivers in ") and part[12:] in TIMELINES:
        return str(TIMELINES[part[12:]])
    for pattern, text in FIT_PATTERNS:
        if match := pattern.fullmatch(part):
            values = match.groupdict()
            if "level" in values:
                values["level"] = str(COST_LEVELS[values["level"]])
            return str(text) % values
    return part


# Whole sentences of the other factors that quote nothing of people's own words.
FIXED_FACTOR_TEXTS = {
    "no needs to compare with": _("no needs to compare with"),
    "lists no needs it addresses": _("lists no needs it addresses"),
    "addresses none of the needs listed": _("addresses none of the needs listed"),
    "no confirmed implementations yet": _("no confirmed implementations yet"),
    "no co-benefits listed": _("no co-benefits listed"),
    "no positive co-benefits": _("no positive co-benefits"),
    "no words in common": _("no words in common"),
}
SIMILAR_MEANING = re.compile(r"similar in meaning \((?P<value>[\d.]+)\)")


def factor_text(name: str, text: str) -> str:
    """An English factor sentence without reasons (one made before the engine gave them) in the
    interface language where its wording is known; the others keep the English sentence."""
    if text in FIXED_FACTOR_TEXTS:
        return str(FIXED_FACTOR_TEXTS[text])
    if match := SIMILAR_MEANING.fullmatch(text):
        return _("similar in meaning (%(value)s)") % match.groupdict()
    if name != "fit":
        return text
    return "; ".join(_fit_part(part) for part in text.split("; "))


# --- sentences from the engine's reasons --------------------------------------------------------

REASON_FIXED = {
    "no_words": _("no words in common"),
    "no_needs_to_compare": _("no needs to compare with"),
    "lists_no_needs": _("lists no needs it addresses"),
    "addresses_none": _("addresses none of the needs listed"),
    "no_practical_details": _("no practical details to compare"),
    "practical_details_missing": _("practical details missing"),
    "city_size_within": _("city size within its range"),
    "city_size_outside": _("city size outside its range"),
    "no_confirmed_implementations": _("no confirmed implementations yet"),
    "no_cobenefits": _("no co-benefits listed"),
    "no_positive_cobenefits": _("no positive co-benefits"),
    "no_confirmed_solutions": _("no confirmed solutions yet"),
    "solved_other_needs": _("its confirmed solutions address other needs"),
    "different_city": _("a different kind of city"),
    "no_shared_needs_to_compare": _("no needs to compare"),
    "different_needs": _("different needs"),
}
# "your highest climate risk" (a city reads its own matches) and "its highest climate risk" (a
# provider reads a city's), by facet; whole phrases, so each language agrees them as it must.
HIGHEST = {
    "city": {
        "hazard": _("your highest climate risk"),
        "impact_sector": _("your highest climate impact"),
        "emission_sector": _("your highest emission source"),
        "kpi": _("your highest KPI gap"),
        "sdg_goal": _("your highest SDG priority"),
        "sdg_target": _("your highest SDG target"),
        "category": _("your highest priority"),
        "": _("your highest need"),
    },
    "provider": {
        "hazard": _("its highest climate risk"),
        "impact_sector": _("its highest climate impact"),
        "emission_sector": _("its highest emission source"),
        "kpi": _("its highest KPI gap"),
        "sdg_goal": _("its highest SDG priority"),
        "sdg_target": _("its highest SDG target"),
        "category": _("its highest priority"),
        "": _("its highest need"),
    },
}
ONE_OF = {"city": _("one of your needs"), "provider": _("one of its needs")}
FACET_NOUNS = {
    "hazard": _("climate risk"),
    "impact_sector": _("climate impact"),
    "emission_sector": _("emission source"),
    "kpi": _("KPI gap"),
    "sdg_goal": _("SDG priority"),
    "sdg_target": _("SDG target"),
    "category": _("priority"),
    "": _("need"),
}
EVIDENCE_VERBS = {
    "scaled": _("scaled up in %(places)s"),
    "deployed": _("deployed in %(places)s"),
    "pilot": _("piloted in %(places)s"),
}
CITY_TRAITS = {
    "size": _("similar in size"),
    "country": _("in the same country"),
    "continent": _("on the same continent"),
    "climate": _("with the same climate"),
}


def _listed(names) -> str:
    return ", ".join(str(name) for name in names)


def _both(names) -> str:
    """'A', or 'A and B'."""
    names = [str(name) for name in names]
    if len(names) == 2:
        return gettext("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}
    return ", ".join(names)


def _need(label: str) -> str:
    """A need's label in the interface language where the catalogues name it (vocabulary
    labels are stored in English; SDG titles already come in the interface language)."""
    return gettext(label) if label else label


def _weight(value) -> str:
    return number_format(value, 2)


def _addresses(values: dict) -> str:
    viewer = "city" if values["viewer"] == "city" else "provider"
    if values["highest"]:
        phrases = HIGHEST[viewer]
        rank = phrases.get(values["facet"], phrases[""])
    else:
        rank = ONE_OF[viewer]
    found = {"need": _need(values["need"]), "rank": rank, "weight": _weight(values["weight"])}
    if values["subject"]:
        found["subject"] = values["subject"]
        return gettext("%(subject)s addresses %(need)s, %(rank)s (%(weight)s)") % found
    return gettext("addresses %(need)s, %(rank)s (%(weight)s)") % found


def _also(values: dict) -> str:
    found = {"need": _need(values["need"]), "weight": _weight(values["weight"])}
    if values["facet"]:
        found["noun"] = FACET_NOUNS.get(values["facet"], FACET_NOUNS[""])
        return gettext("also %(need)s as %(noun)s (%(weight)s)") % found
    return gettext("also %(need)s (%(weight)s)") % found


def _implemented(values: dict) -> str:
    places = _both(values["cities"])
    if values["more"]:
        more = ngettext(
            "%(places)s (and %(count)s more city)",
            "%(places)s (and %(count)s more cities)",
            values["more"],
        )
        places = more % {"places": places, "count": values["more"]}
    verb = EVIDENCE_VERBS.get(values["status"], EVIDENCE_VERBS["deployed"])
    parts = [str(verb) % {"places": places}]
    parts += [str(CITY_TRAITS[trait]) for trait in values["traits"] if trait in CITY_TRAITS]
    return ", ".join(parts)


def _cobenefits(values: dict) -> str:
    items = ", ".join(f"{cobenefit_label(name)} (+{value:g})" for name, value in values["items"])
    return gettext("co-benefits: %(items)s") % {"items": items}


def _level(values: dict) -> dict:
    return {"level": str(COST_LEVELS.get(values["level"], values["level"]))}


REASON_WORDED = {
    "mentions": lambda v: gettext("mentions %(words)s") % {"words": _listed(v["words"])},
    "similar_meaning": lambda v: (
        gettext("similar in meaning (%(value)s)") % {"value": _weight(v["value"])}
    ),
    "addresses": _addresses,
    "also": _also,
    "offered_in": lambda v: (
        gettext("offered in %(languages)s") % {"languages": _listed(v["languages"])}
    ),
    "not_offered_in": lambda v: (
        gettext("not offered in %(languages)s") % {"languages": _listed(v["languages"])}
    ),
    "cost_within_budget": lambda v: gettext("%(level)s cost, within budget") % _level(v),
    "cost_above_budget": lambda v: gettext("%(level)s cost, above budget") % _level(v),
    "maturity": lambda v: (
        gettext("maturity: technology readiness level %(trl)s") % {"trl": v["trl"]}
    ),
    "delivers_in": lambda v: str(TIMELINES.get(v["timeline"], v["timeline"])),
    "implemented_in": _implemented,
    "awaiting_confirmation": lambda v: (
        gettext("implementations in %(cities)s await confirmation by the city")
        % {"cities": _listed(v["cities"])}
    ),
    "cobenefits": _cobenefits,
    "solved": lambda v: (
        gettext("solved %(needs)s with %(solutions)s")
        % {"needs": _both([_need(n) for n in v["needs"]]), "solutions": _listed(v["solutions"])}
    ),
    "similar_city": lambda v: _listed(CITY_TRAITS[t] for t in v["traits"] if t in CITY_TRAITS),
    "shares_needs": lambda v: (
        gettext("shares your needs: %(needs)s") % {"needs": _listed(_need(n) for n in v["needs"])}
    ),
}


def reason_text(reason: Reason) -> str:
    """One of the engine's reasons as words in the interface language."""
    if reason.key in REASON_FIXED:
        return str(REASON_FIXED[reason.key])
    return REASON_WORDED[reason.key](reason.values)


def factor_sentence(factor) -> str:
    """A factor's sentence in the interface language: worded from its reasons, else (a factor
    the platform wrote itself, such as feedback, or one without reasons) from its text."""
    if isinstance(factor, dict):
        name, text, reasons = factor.get("factor", ""), factor.get("text", ""), ()
    else:
        name, text, reasons = factor.name, factor.text, getattr(factor, "reasons", ())
    if reasons:
        return "; ".join(reason_text(reason) for reason in reasons)
    return factor_text(name, text)
