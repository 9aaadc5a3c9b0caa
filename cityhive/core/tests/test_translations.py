"""Every visible template text goes through translation, and the shipped catalogues are complete.

The template check reads each template as Django's lexer does: text outside {% translate %},
{% blocktranslate %}, comments and {% verbatim %} is what a person reads untranslated. Tags are
taken apart so that their readable attributes (alt, title, placeholder, aria-label, data-label)
are checked too. The catalogue check reads the .po files of the languages we ship complete and
the committed .mo files compiled from them (ADR 0006).
"""

import ast
import csv
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils import translation

from cityhive.content.forms import country_choices
from cityhive.matching.documents import language_names
from cityhive.matching.engine import NeedsProfile, SolutionDoc
from cityhive.matching.engine.fit import language_check
from cityhive.matching.wording import factor_text
from cityhive.taxonomy.vocabulary_labels import TERM_LABELS

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted((ROOT / "cityhive").glob("*/templates/**/*.html"))
COMPLETE_LANGUAGES = ("fr", "es", "pt", "ar")
# Brand names and proper nouns that read the same in every language.
ALLOWED = {"CityHive", "GeoNames", "U4SSC", "JSON", "AGPL-3.0-or-later"}
SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
SKIPPED_BLOCKS |= {"comment": "endcomment", "verbatim": "endverbatim"}
MARK = "\x00"  # where a variable or tag stood
READABLE_ATTRIBUTES = re.compile(
    r"""\b(alt|title|placeholder|aria-label|data-label)\s*=\s*(["'])(.*?)\2""", re.S
)
LETTERS = re.compile(r"[^\W\d_]{2,}")
# Symbols and samples of code are no words to translate.
SYMBOLS = re.compile(r"\bCO2e?\b|km²")
CODE = re.compile(r"<(code|kbd|samp|pre)\b[^>]*>.*?</\1>", re.S)


def _visible_source(source: str) -> str:
    """The template with tags and variables as MARK and translated or skipped blocks removed."""
    parts, closing = [], None
    for token in Lexer(source).tokenize():
        if closing is not None:
            if token.token_type == TokenType.BLOCK and token.split_contents()[0] == closing:
                closing = None
                parts.append(MARK)
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.BLOCK:
            name = token.split_contents()[0]
            closing = SKIPPED_BLOCKS.get(name)
            parts.append(MARK)
        elif token.token_type == TokenType.VAR:
            parts.append(MARK)
    return "".join(parts)


def _readable(text: str) -> bool:
    text = SYMBOLS.sub(" ", re.sub(r"&[#\w]+;", " ", text.replace(MARK, " ")))
    words = LETTERS.findall(text)
    return any(word not in ALLOWED for word in words) and text.strip(" \n" + MARK) not in ALLOWED


def untranslated_texts(source: str) -> list[str]:
    """Texts of a template that a person reads and that no translation tag covers."""
    visible = _visible_source(source)
    visible = re.sub(
        r"<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>", "", visible, flags=re.S
    )
    visible = CODE.sub("", visible)
    found = []
    for tag in re.findall(r"<[^<>]*>", visible):
        found += [value for _, _, value in READABLE_ATTRIBUTES.findall(tag) if _readable(value)]
    for text in re.split(r"<[^<>]*>", visible):
        if _readable(text):
            found.append(" ".join(text.replace(MARK, "…").split()))
    return found


def test_the_check_finds_untranslated_text_and_accepts_translated_text():
    source = (
        '{% load i18n %}<h1>{% translate "Title" %}</h1><p>Plain words</p>'
        '<img alt="A picture" src="x.png"><a aria-label="{% translate "Go" %}">{{ x }} · 3</a>'
        "{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}{# note #}"
        "{% comment %}Not shown{% endcomment %}<span>CityHive</span>"
    )
    assert untranslated_texts(source) == ["A picture", "Plain words"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_visible_template_text_is_marked_for_translation(template):
    assert untranslated_texts(template.read_text()) == []


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def catalogue_entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr forms and flags."""
    entries = []
    for block in path.read_text().split("\n\n"):
        entry, field = {"flags": set(), "msgstr": {}}, None
        values: dict[str, list[str]] = {}
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"') and field:
                values[field].append(line)
            elif match := re.match(
                r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line
            ):
                field = match.group(1)
                values[field] = [match.group(2)]
        for field, lines in values.items():
            if field.startswith("msgstr"):
                index = int(field[7:-1]) if "[" in field else 0
                entry["msgstr"][index] = _unquote(lines)
            else:
                entry[field] = _unquote(lines)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def _catalogue(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)s|%s|%d", text))


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_a_shipped_catalogue_has_no_missing_or_fuzzy_entry(language):
    entries = catalogue_entries(_catalogue(language))
    assert len(entries) > 500
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries if not all(e["msgstr"].values())] == []


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = [
        (e["msgid"], text)
        for e in catalogue_entries(_catalogue(language))
        for text in e["msgstr"].values()
        if text
        and _placeholders(text) != _placeholders(e.get("msgid_plural", e["msgid"]))
        and _placeholders(text) != _placeholders(e["msgid"])
    ]
    assert wrong == []


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_a_plural_entry_has_every_form_of_its_language(language):
    source = _catalogue(language)
    forms = int(re.search(r"nplurals=(\d+)", source.read_text("utf-8")).group(1))
    entries = [e for e in catalogue_entries(source) if "msgid_plural" in e]
    assert entries
    assert [e["msgid"] for e in entries if sorted(e["msgstr"]) != list(range(forms))] == []


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_the_committed_compiled_catalogue_matches_its_source(language):
    source = _catalogue(language)
    with source.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = []
    for entry in catalogue_entries(source):
        if not entry["msgstr"].get(0) or "fuzzy" in entry["flags"]:
            continue
        if "msgid_plural" in entry:
            for count in (1, 2, 5, 11, 100):  # every form some count reaches in our languages
                shown = translations.ngettext(entry["msgid"], entry["msgid_plural"], count)
                if shown not in entry["msgstr"].values():
                    stale.append(entry["msgid"])
            continue
        if "msgctxt" in entry:
            shown = translations.pgettext(entry["msgctxt"], entry["msgid"])
        else:
            shown = translations.gettext(entry["msgid"])
        if shown != entry["msgstr"][0]:
            stale.append(entry["msgid"])
    assert stale == []


def test_every_vocabulary_label_is_in_the_catalogues():
    rows = (ROOT / "cityhive/taxonomy/data/facet_terms.csv").read_text().splitlines()[1:]
    assert {row[2] for row in csv.reader(rows)} == set(TERM_LABELS)


def test_a_match_reason_names_the_languages_instead_of_their_codes():
    with translation.override("fr"):
        names = language_names(["pt", "ES", "xx"])
    city = NeedsProfile(city_id="1", languages=("pt", "es"), language_names=names)

    offered = language_check(SolutionDoc(id="s", languages=("PT",)), city)
    missing = language_check(SolutionDoc(id="s", languages=("de",)), city)

    assert names == {"pt": "Portugais", "es": "Espagnol"}
    assert offered.text == "offered in Portugais"
    assert missing.text == "not offered in Espagnol, Portugais"


def test_the_practical_fit_sentence_reads_in_the_interface_language():
    text = "offered in Portugais; low cost, within budget; delivers in 5-10 years; maturity TRL 7"

    with translation.override("fr"):
        shown = factor_text("fit", text)
        unknown = factor_text("fit", "something new")
        other = factor_text("lexical", "mentions floods")

    assert shown == (
        "proposée en Portugais; coût faible, dans le budget; livrée en 5 à 10 ans;"
        " maturité : niveau de maturité technologique 7"
    )
    assert (unknown, other) == ("something new", "mentions floods")


def test_the_fixed_factor_sentences_read_in_the_interface_language():
    with translation.override("es"):
        shown = [
            factor_text("evidence", "no confirmed implementations yet"),
            factor_text("semantic", "similar in meaning (0.42)"),
        ]

    assert shown == ["aún no hay implementaciones confirmadas", "de significado similar (0.42)"]


def test_the_country_filter_agrees_with_its_noun_where_the_other_filters_do_not():
    with translation.override("fr"):
        assert str(country_choices()[0][1]) == "Tous"  # « Pays » is masculine
        assert translation.gettext("Any") == "Toutes"  # « Catégorie », « Région »…
