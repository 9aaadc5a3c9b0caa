import math

import pytest

from cityhive.matching.engine import lexical
from cityhive.matching.engine.lexical import Bm25sIndex, LexicalIndex, PythonBm25, normalised


def lucene(tf: int, df: int, size: int, length: int, average: float) -> float:
    idf = math.log(1 + (size - df + 0.5) / (df + 0.5))
    return idf * tf / (tf + 1.5 * (1 - 0.75 + 0.75 * length / average))


def test_python_bm25_is_the_lucene_formula():
    index = PythonBm25([["flood", "drain", "sensor"], ["bus", "rout"], ["flood", "map"]])
    assert index.scores(["flood", "flood", "unknown"]) == pytest.approx(
        [lucene(1, 2, 3, 3, 7 / 3), 0.0, lucene(1, 2, 3, 2, 7 / 3)]
    )


@pytest.mark.parametrize("backend", ["auto", "python", "bm25s"])
def test_backends_agree_on_texts(backend):
    texts = ["Flood sensors for drainage", "Bus routes", "Flood maps", ""]
    scores = LexicalIndex(texts, backend).scores("floods and drainage")
    expected = PythonBm25([["flood", "sensor", "drainag"], ["bus", "rout"], ["flood", "map"], []])
    assert scores == pytest.approx(expected.scores(["flood", "drainag"]), rel=1e-5)


@pytest.mark.parametrize("backend", ["auto", "python", "bm25s"])
def test_nothing_to_match_scores_zero(backend):
    assert LexicalIndex([], backend).scores("floods") == []
    assert LexicalIndex(["", "!!!"], backend).scores("floods") == [0.0, 0.0]
    assert LexicalIndex(["floods"], backend).scores("") == [0.0]


def test_normalised_divides_by_the_best():
    assert normalised([2.0, 1.0, 0.0]) == [1.0, 0.5, 0.0]
    assert normalised([0.0, 0.0]) == [0.0, 0.0]
    assert normalised([]) == []


def test_large_corpora_use_bm25s_and_agree_with_python(monkeypatch):
    monkeypatch.setattr(lexical, "PYTHON_MAX_TEXTS", 3)
    texts = ["Flood sensors for flood drainage", "Bus routes", "Flood maps", "Heat maps"]
    large = LexicalIndex(texts)
    assert isinstance(large.index, Bm25sIndex)
    assert isinstance(LexicalIndex(texts[:3]).index, PythonBm25)
    python = LexicalIndex(texts, "python").scores("flood maps")
    assert large.scores("flood maps") == pytest.approx(python, rel=1e-5)
