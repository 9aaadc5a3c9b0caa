"""Template filters that turn codes into words in the interface language."""

from django import template

from cityhive.core.languages import language_names

register = template.Library()


@register.filter(name="language_names")
def language_names_filter(codes) -> str:
    """ISO 639-1 codes ("en", "pt") as names in the interface language ("English, Portuguese")."""
    return ", ".join(language_names(codes or []))
