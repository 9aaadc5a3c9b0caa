"""Filters for the match pages: factor labels and hints in words."""

from django import template

from cityhive.matching.wording import factor_label, factor_text, hint_text

register = template.Library()


@register.filter(name="factor_label")
def factor_label_filter(name: str) -> str:
    """The label people read for an engine factor ("shared_needs" -> "Shared needs")."""
    return factor_label(name)


@register.filter(name="hint_texts")
def hint_texts_filter(hints) -> list[str]:
    """The engine's improvement hints as translated advice."""
    return [hint_text(hint) for hint in hints or []]


@register.filter(name="factor_text")
def factor_text_filter(factor) -> str:
    """A factor's sentence, the practical fit's in the interface language."""
    if isinstance(factor, dict):  # a stored explanation: {"factor", "contribution", "text"}
        return factor_text(factor.get("factor", ""), factor.get("text", ""))
    return factor_text(factor.name, factor.text)
