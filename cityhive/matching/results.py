"""Matches in the exchange format's stable JSON shape (for the API and the command line)."""

from cityhive.exchange.lookups import exchange_id_of
from cityhive.matching.selectors import Match
from cityhive.matching.wording import factor_sentence, hint_text

ITEM_TYPES = {"Solution": "solution", "Challenge": "challenge", "Organisation": "organization"}
RESULT_KEYS = {"solution": "solution", "challenge": "challenge", "organization": "city"}


def match_json(match: Match) -> dict:
    """One result: the ranked item's exchange id, its score, its reasons and the advice to its
    owner (sentences in the active language: the API's follows Accept-Language, the command
    line's is English)."""
    kind = ITEM_TYPES[type(match.item).__name__]
    return {
        RESULT_KEYS[kind]: exchange_id_of(kind, match.item),
        "score": round(match.result.score, 6),
        "reasons": [
            {"factor": f.name, "contribution": round(f.contribution, 6), "text": factor_sentence(f)}
            for f in match.result.factors
        ],
        "improvements": [hint_text(hint) for hint in match.result.improvements],
    }


def matches_json(*, subject_key: str, subject, matches: list[Match]) -> dict:
    """`{subject_key: id, "results": [...]}`, best first."""
    kind = ITEM_TYPES[type(subject).__name__]
    return {subject_key: exchange_id_of(kind, subject), "results": [match_json(m) for m in matches]}
