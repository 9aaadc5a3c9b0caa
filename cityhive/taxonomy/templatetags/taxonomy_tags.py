"""Showing multilingual reference titles in templates."""

from django import template

from cityhive.taxonomy.languages import DEFAULT_LANGUAGE, text_in_language

register = template.Library()


@register.filter
def in_language(texts: dict[str, str], code: str) -> str:
    """`{{ goal.titles|in_language:lang }}`: the text in that language, else English."""
    return text_in_language(texts or {}, code)


@register.filter
def language_of(texts: dict[str, str], code: str) -> str:
    """The language `in_language` actually shows: `code` when translated, else English."""
    return code if (texts or {}).get(code) else DEFAULT_LANGUAGE
