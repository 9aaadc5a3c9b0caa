"""The languages an organisation works in: ISO 639-1 codes with English names."""

from django.conf.locale import LANG_INFO

LANGUAGE_CHOICES: list[tuple[str, str]] = sorted(
    ((code, info["name"]) for code, info in LANG_INFO.items() if len(code) == 2 and "name" in info),
    key=lambda pair: pair[1],
)
LANGUAGE_CODES = frozenset(code for code, _ in LANGUAGE_CHOICES)
