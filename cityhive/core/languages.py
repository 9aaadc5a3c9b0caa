"""The languages an organisation works in: ISO 639-1 codes, named in the interface language."""

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext, gettext_lazy

LANGUAGE_CHOICES: list[tuple[str, str]] = sorted(
    (
        (code, gettext_lazy(info["name"]))
        for code, info in LANG_INFO.items()
        if len(code) == 2 and "name" in info
    ),
    key=lambda pair: LANG_INFO[pair[0]]["name"],
)
LANGUAGE_CODES = frozenset(code for code, _ in LANGUAGE_CHOICES)


def language_names(codes) -> list[str]:
    """Each code's language name in the active interface language (Django's catalogue names
    them); an unknown code is shown as it is."""
    return [
        gettext(LANG_INFO[code]["name"])
        if code in LANG_INFO and "name" in LANG_INFO[code]
        else code
        for code in codes
    ]
