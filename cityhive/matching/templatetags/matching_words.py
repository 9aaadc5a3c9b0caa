"""Filters for the match pages: factor labels and hints in words."""

from django import template

from cityhive.matching.wording import factor_label, factor_sentence, hint_text

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
    """A factor's sentence in the interface language (a Factor, or its JSON shape)."""
    return factor_sentence(factor)
