"""TF-IDF vectors of each SDG target's official texts, one index per UN language.

A target's document is its title, its indicators' titles and (in English) the U4SSC KPI
definitions linked to it; each goal's own title is one more document. A text is compared with
the documents in its own language only, so other languages' words never dilute the weights.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from cityhive.sdg.engine.reference import RefText
from cityhive.text.analysis import terms

Vector = dict[str, float]


def tfidf(counts: Counter, idf: dict[str, float]) -> Vector:
    """Unit-length sublinear TF-IDF vector over the known terms."""
    vector = {term: (1 + math.log(n)) * idf[term] for term, n in counts.items() if term in idf}
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {term: value / norm for term, value in vector.items()} if norm else {}


@dataclass(frozen=True)
class LanguageIndex:
    """The target documents of one language as an inverted index."""

    keys: tuple[tuple[int, str], ...]  # (goal, target code or the goal number)
    idf: dict[str, float]
    postings: dict[str, tuple[tuple[int, float], ...]]

    def similarities(self, counts: Counter) -> list[float]:
        """Cosine similarity of a text's term counts with every document (keys' order)."""
        scores = [0.0] * len(self.keys)
        for term, weight in tfidf(counts, self.idf).items():
            for position, doc_weight in self.postings.get(term, ()):
                scores[position] += weight * doc_weight
        return scores


def _document_counts(texts: list[RefText]) -> dict[tuple[int, str], Counter]:
    """Term counts per (goal, target) document."""
    documents: dict[tuple[int, str], Counter] = defaultdict(Counter)
    for text in texts:
        documents[(text.goal, text.target or str(text.goal))].update(terms(text.text, text.lang))
    return documents


def language_index(texts: list[RefText]) -> LanguageIndex:
    """Index the reference texts of one language."""
    documents = _document_counts(texts)
    keys = tuple(sorted(documents, key=lambda key: (key[0], key[1])))
    frequency = Counter(term for key in keys for term in documents[key])
    idf = {term: math.log(1 + len(keys) / count) for term, count in frequency.items()}
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for position, key in enumerate(keys):
        for term, weight in tfidf(documents[key], idf).items():
            postings[term].append((position, weight))
    return LanguageIndex(keys, idf, {term: tuple(items) for term, items in postings.items()})


def language_indexes(texts: tuple[RefText, ...]) -> dict[str, LanguageIndex]:
    """One index per language present in the reference texts."""
    by_language: dict[str, list[RefText]] = defaultdict(list)
    for text in texts:
        by_language[text.lang].append(text)
    return {lang: language_index(items) for lang, items in sorted(by_language.items())}
