"""Match explanations in words people read: factor labels, and the engine's improvement hints
worded for the members of the organisation that can act on them, in the interface language."""

import re

from django.utils.translation import gettext_lazy as _

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
    """A factor's sentence in the interface language where the engine's wording is known (the
    practical fit and the fixed sentences); the others keep the engine's English sentence."""
    if text in FIXED_FACTOR_TEXTS:
        return str(FIXED_FACTOR_TEXTS[text])
    if match := SIMILAR_MEANING.fullmatch(text):
        return _("similar in meaning (%(value)s)") % match.groupdict()
    if name != "fit":
        return text
    return "; ".join(_fit_part(part) for part in text.split("; "))
