"""Text analysis shared by the engines: script-aware tokens with Snowball stems, no Django."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

TERMS_CACHE_SIZE = 200_000

# Texts are cut here so a pasted book cannot stall a ranking or tagging request.
MAX_CHARS = 50_000

_WORD = re.compile(r"\w+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

STEMMER_NAMES = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}


def _word_set(text: str) -> frozenset[str]:
    """The space-separated words of a string."""
    return frozenset(text.split())


# Function words: enough to tell English, French and Spanish apart and to drop them from queries.
STOPWORDS = {
    "en": _word_set(
        "a an and are as at be by for from has have in into is it its of on or our that the "
        "their this to was were which with we will not all"
    ),
    "fr": _word_set(
        "au aux avec ce ces dans de des du elle en est et il ils la le les leur leurs mais ne "
        "par pas plus pour qui que se sont sur un une"
    ),
    "es": _word_set("al con de del el en es la las lo los más para por que se sin su sus un una y"),
    "ru": _word_set("в во и к на не о об от по с со у для из за или как что это"),  # noqa: RUF001
    "ar": _word_set("في من على إلى الى عن مع أو او و ما هذا هذه التي الذي"),
}
_ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())

# Words that carry no subject: they still count in relevance (dropping them would change every
# score), but a reason never names them ("mentions temperature, should" says nothing).
FILLER_WORDS = _ALL_STOPWORDS | _word_set(
    # en
    "about above across after also any been before being between both but can could did do does "
    "done during each either else even every few further here how however including less made "
    "make makes many may might more most much must new no nor now often once only other others "
    "over own per same shall should since so some such than then there these they those through "
    "too under until up upon use used uses using very via was what when where whether while who "
    "whom why within without would yet you your"
    # fr
    " ainsi aussi autre autres avoir bien cette comme donc dont doit être entre faire fait leur "
    "même nous ont où peut peuvent plusieurs sans selon sous tous tout toutes très vers"
    # es
    " así cada como cual debe desde donde entre está están hacer hay mismo muy otra otras otro "
    "otros pero puede pueden ser sobre son también tiene tienen todo todos"
)


def normalise(text: str) -> str:
    """Unicode-normalised, case-folded text cut to MAX_CHARS; non-strings become empty."""
    if not isinstance(text, str):
        return ""
    return unicodedata.normalize("NFKC", text[:MAX_CHARS]).casefold()


def fold_accents(word: str) -> str:
    """The word without combining accents (pauvreté -> pauvrete)."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """Case-folded word tokens, accents kept; Chinese runs stay whole here."""
    return _WORD.findall(normalise(text))


def guess_latin_language(tokens: list[str]) -> str:
    """en, fr or es from function-word counts; English when nothing decides."""
    counts = {
        lang: sum(token in STOPWORDS[lang] for token in tokens) for lang in ("en", "fr", "es")
    }
    best = max(counts, key=lambda lang: (counts[lang], lang == "en"))
    return best if counts[best] else "en"


def script_language(token: str, latin: str) -> str:
    """The stemmer language for one token: by script, else the text's Latin language."""
    if _ARABIC.search(token):
        return "ar"
    if _CYRILLIC.search(token):
        return "ru"
    return latin


@lru_cache(maxsize=8)
def _stemmer(lang: str):
    """One Snowball stemmer per language, reused."""
    return snowballstemmer.stemmer(STEMMER_NAMES[lang])


@lru_cache(maxsize=200_000)
def stem(token: str, lang: str) -> str:
    """Snowball stem of one token in a language, accents folded afterwards."""
    if lang not in STEMMER_NAMES:
        return fold_accents(token)
    return fold_accents(_stemmer(lang).stemWord(token))


def han_bigrams(run: str) -> list[str]:
    """Overlapping character bigrams of a Chinese run (one character stays a unigram)."""
    if len(run) == 1:
        return [run]
    return [run[index : index + 2] for index in range(len(run) - 1)]


def _is_content(token: str) -> bool:
    """Not a function word, a number or a single character."""
    return len(token) > 1 and not token.isdigit() and token not in _ALL_STOPWORDS


@lru_cache(maxsize=200_000)
def token_terms(token: str, latin: str) -> tuple[str, ...]:
    """The terms of one word token: its stem, Chinese bigrams, or none for function words.

    Cached: a catalogue's vocabulary repeats, so most tokens are looked up, not worked out."""
    if _HAN.search(token):
        return tuple(bigram for run in _HAN.findall(token) for bigram in han_bigrams(run))
    return (stem(token, script_language(token, latin)),) if _is_content(token) else ()


def terms(text: str, lang: str | None = None) -> list[str]:
    """Stemmed content terms of a text in any of the six UN languages; Chinese as bigrams."""
    return list(_cached_terms(text, lang))


# A long-lived worker sees the same catalogue texts on every match: stem each text once.
@lru_cache(maxsize=TERMS_CACHE_SIZE)
def _cached_terms(text: str, lang: str | None) -> tuple[str, ...]:
    tokens = words(text)
    latin = lang if lang in ("en", "fr", "es") else guess_latin_language(tokens)
    return tuple(term for token in tokens for term in token_terms(token, latin))


def matching_words(text: str, wanted: set[str], limit: int = 3) -> list[str]:
    """The first words of a text whose terms are in `wanted`, one per term (Chinese: bigrams);
    never a filler word, so a reason names what the texts share."""
    tokens = words(text)
    latin = guess_latin_language(tokens)
    shown: dict[str, str] = {}  # term -> the word first seen for it
    for token in dict.fromkeys(tokens):
        if token in FILLER_WORDS:
            continue
        for term in token_terms(token, latin):
            if term in wanted and term not in shown:
                shown[term] = term if _HAN.search(token) else token
        if len(shown) >= limit:
            break
    return list(shown.values())[:limit]


def detect_language(text: str) -> str:
    """The text's UN language by its majority script (en, fr or es for Latin script)."""
    sample = normalise(text)[:5_000]
    counts = {
        "latin": sum(char.isalpha() for char in sample),
        "zh": len("".join(_HAN.findall(sample))),
        "ar": len(_ARABIC.findall(sample)),
        "ru": len(_CYRILLIC.findall(sample)),
    }
    counts["latin"] -= counts["zh"] + counts["ar"] + counts["ru"]
    script = max(counts, key=lambda name: counts[name])
    return guess_latin_language(words(sample)) if script == "latin" else script
