"""The six official UN languages in which SDG titles are shown."""

UN_LANGUAGES: dict[str, str] = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})


def language_resolve(value: str | None) -> str:
    """The UN language code asked for, or English when it is missing or unknown."""
    code = (value or "").strip().lower()
    return code if code in UN_LANGUAGES else DEFAULT_LANGUAGE


def language_direction(code: str) -> str:
    """Writing direction of a UN language: "rtl" for Arabic, otherwise "ltr"."""
    return "rtl" if code in RTL_LANGUAGES else "ltr"


def text_in_language(texts: dict[str, str], code: str) -> str:
    """The text in `code`, falling back to English when that translation is missing."""
    return texts.get(code) or texts.get(DEFAULT_LANGUAGE, "")
