import math

import pytest

from cityhive.sdg.engine.aurora import (
    AuroraQueries,
    Node,
    Term,
    TextIndex,
    evaluate,
    parse,
    positive_terms,
)
from cityhive.sdg.engine.reference import AuroraLine


def holds(query: str, text: str) -> bool:
    return bool(evaluate(parse(query), TextIndex(text)))


def test_or_binds_tighter_than_proximity_and_and():
    assert parse('"a" OR "b" W/3 "c" AND "d"') == Node(
        "and",
        (
            Node("near", (Node("or", (Term(("a",)), Term(("b",)))), Term(("c",))), 3),
            Term(("d",)),
        ),
    )


def test_wildcards_are_prefixes_and_plain_words_match_plurals():
    assert holds('"eradicat*"', "the eradication of hunger")
    assert holds('"poverty line"', "below national poverty lines")
    assert not holds('"poverty"', "impoverished regions")


def test_proximity_is_a_window_of_n_words_plus_slack():
    query = '("poverty") W/3 ("reduc*")'
    assert holds(query, "we reduce extreme rural urban poverty")
    assert not holds(
        query, "we reduce the cost of housing for all of the families living in poverty"
    )


def test_and_not_excludes_and_its_terms_do_not_count():
    query = '("fish*") AND NOT ("aquarium*")'
    assert holds(query, "small-scale fisheries")
    assert not holds(query, "fish in an aquarium")
    assert positive_terms(parse(query)) == [Term(("fish*",))]


def test_unbalanced_or_empty_queries_do_not_raise():
    assert parse("") is None
    assert parse('(("water" OR') == Term(("water",))
    assert holds('(("water" OR', "clean water")


def test_evidence_counts_lines_per_target_and_specific_keywords_per_goal():
    queries = AuroraQueries.from_lines(
        [
            AuroraLine(1, "1.1", '("poverty") W/3 ("eradicat*")'),
            AuroraLine(10, "10.1", '("income") W/3 ("inequalit*" OR "poverty")'),
        ]
    )
    evidence = queries.evidence("Policies to eradicate poverty")
    assert evidence.line_hits == {"1.1": 1}
    # eradicat* is goal 1's alone (log 17); poverty is shared by goals 1 and 10 (log 17/2).
    assert evidence.keywords == {
        1: pytest.approx(math.log(17) + math.log(17 / 2)),
        10: pytest.approx(math.log(17 / 2)),
    }
    assert queries.evidence("").line_hits == {}
