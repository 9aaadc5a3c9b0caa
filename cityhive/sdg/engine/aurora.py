"""Aurora SDG boolean queries: parsed once, then evaluated against a text's words.

Scopus precedence is kept: OR binds tightest, then W/n and PRE/n, then AND, then AND NOT.
A quoted term is a phrase whose words may end in `*` (a prefix match); an unstarred word also
matches its plain plural (`line` matches `lines`), as Scopus does. Proximity is approximated:
`A W/n B` holds when a start of A and a start of B are at most n + PROXIMITY_SLACK words
apart (the slack covers multi-word phrases and the stop words Scopus does not count); PRE/n is
read as W/n.
"""

import math
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

PROXIMITY_SLACK = 2
_TOKEN = re.compile(r'"[^"]*"|\(|\)|AND\s+NOT\b|AND\b|OR\b|NOT\b|(?:W|PRE)/\d+|[^\s()"]+')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Term:
    """A phrase of word patterns (`poverty`, `eradicat*`)."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Node:
    """An operator (or, near, and, not) over its operands; `distance` for near."""

    op: str
    children: tuple["Term | Node", ...]
    distance: int = 0


def fold(text: str) -> str:
    """Case-folded text without accents, as both queries and texts are compared."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The word patterns of a quoted phrase; a trailing `*` stays on its word."""
    pieces = re.findall(r"\w+\*?", fold(phrase))
    return tuple(piece for piece in pieces if piece.strip("*"))


class _Parser:
    """A recursive-descent parser over the query's tokens, one method per precedence level."""

    def __init__(self, query: str):
        self.tokens = _TOKEN.findall(query)
        self.index = 0

    def peek(self) -> str | None:
        """The next token, None at the end."""
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> str:
        """Consume and return the next token."""
        self.index += 1
        return self.tokens[self.index - 1]

    def binary(self, operand, matches, op: str):
        """Operands joined by operators that `matches`, as one node (or the lone operand)."""
        parts = [operand()]
        distance = 0
        while (token := self.peek()) is not None and matches(token):
            self.take()
            distance = max(distance, int(token.split("/")[1]) if "/" in token else 0)
            parts.append(operand())
        parts = [part for part in parts if part is not None]
        if len(parts) <= 1:
            return parts[0] if parts else None
        return Node(op, tuple(parts), distance)

    def query(self):
        """Lowest precedence: AND NOT."""
        return self.binary(self.conjunction, lambda t: t.startswith("AND") and "NOT" in t, "not")

    def conjunction(self):
        """AND."""
        return self.binary(self.near, lambda t: t == "AND", "and")

    def near(self):
        """W/n and PRE/n."""
        return self.binary(self.disjunction, lambda t: "/" in t, "near")

    def disjunction(self):
        """Highest precedence: OR."""
        return self.binary(self.atom, lambda t: t == "OR", "or")

    def atom(self):
        """A parenthesised query or a quoted phrase; None for a stray operator."""
        piece = self.peek()
        if piece is None or piece == ")" or piece in ("OR", "AND", "NOT") or "/" in piece:
            return None
        self.take()
        if piece == "(":
            inner = self.query()
            if self.peek() == ")":
                self.take()
            return inner
        words = phrase_words(piece.strip('"'))
        return Term(words) if words else None


def parse(query: str) -> "Term | Node | None":
    """The query as a tree; None when nothing usable is left."""
    return _Parser(query).query()


def positive_terms(node: "Term | Node | None") -> list[Term]:
    """Terms whose presence counts for the query (the right side of AND NOT is left out)."""
    if node is None:
        return []
    if isinstance(node, Term):
        return [node]
    children = node.children[:1] if node.op == "not" else node.children
    return [term for child in children for term in positive_terms(child)]


class TextIndex:
    """Word positions of one text, for phrase, prefix and proximity look-ups."""

    def __init__(self, text: str):
        self.positions: dict[str, list[int]] = {}
        for position, word in enumerate(_WORD.findall(fold(text))):
            self.positions.setdefault(word, []).append(position)
        self.vocabulary = sorted(self.positions)

    def word_positions(self, pattern: str) -> set[int]:
        """Positions of words matching one pattern (prefix when it ends in `*`)."""
        if pattern.endswith("*"):
            prefix = pattern[:-1]
            start = bisect_left(self.vocabulary, prefix)
            found: set[int] = set()
            for word in self.vocabulary[start:]:
                if not word.startswith(prefix):
                    break
                found.update(self.positions[word])
            return found
        variants = (pattern, pattern + "s", pattern + "es", pattern[:-1] + "ies")
        return {p for variant in variants for p in self.positions.get(variant, ())}

    def term_positions(self, term: Term) -> set[int]:
        """Start positions of a phrase."""
        starts = self.word_positions(term.words[0])
        for offset, pattern in enumerate(term.words[1:], start=1):
            if not starts:
                break
            following = self.word_positions(pattern)
            starts = {start for start in starts if start + offset in following}
        return starts


def _within(position: int, ordered: list[int], reach: int) -> bool:
    """Is some position in `ordered` (sorted) within `reach` of `position`."""
    spot = bisect_left(ordered, position - reach)
    return spot < len(ordered) and ordered[spot] <= position + reach


def _near(left: set[int], right: set[int], distance: int) -> set[int]:
    """Positions of either side that have a partner on the other side within the window."""
    reach = distance + PROXIMITY_SLACK
    ordered_right = sorted(right)
    hits_left = {p for p in left if _within(p, ordered_right, reach)}
    ordered_left = sorted(hits_left)
    return hits_left | {q for q in right if _within(q, ordered_left, reach)}


def evaluate(node: "Term | Node | None", index: TextIndex) -> set[int]:
    """Positions where the query holds in the text; empty when it does not."""
    if node is None:
        return set()
    if isinstance(node, Term):
        return index.term_positions(node)
    results = [evaluate(child, index) for child in node.children]
    if node.op == "or":
        return set().union(*results)
    if node.op == "not":
        return results[0] if not any(results[1:]) else set()
    if not all(results):
        return set()
    if node.op == "and":
        return set().union(*results)
    found = results[0]
    for following in results[1:]:
        found = _near(found, following, node.distance)
    return found


@dataclass(frozen=True)
class QueryLine:
    """One parsed Aurora line and the target it stands for."""

    goal: int
    target: str
    tree: "Term | Node"


@dataclass(frozen=True)
class AuroraEvidence:
    """What the Aurora queries found in a text."""

    line_hits: dict[str, int]  # target -> lines that hold
    keywords: dict[int, float]  # goal -> summed specificity of the query terms present


class AuroraQueries:
    """All Aurora lines, plus their terms weighted by how few goals use them."""

    def __init__(self, lines: list[QueryLine]):
        self.lines = lines
        goals_of: dict[Term, set[int]] = {}
        for line in lines:
            for term in positive_terms(line.tree):
                goals_of.setdefault(term, set()).add(line.goal)
        # A term used by one goal weighs log(17) ~ 2.8; one used by every goal weighs nothing.
        self.term_weights = {
            term: (sorted(goals), math.log(17 / len(goals))) for term, goals in goals_of.items()
        }

    @classmethod
    def from_lines(cls, lines) -> "AuroraQueries":
        """Parse (goal, target, query) records, skipping lines that leave nothing."""
        parsed = [QueryLine(line.goal, line.target, parse(line.query)) for line in lines]
        return cls([line for line in parsed if line.tree is not None])

    def evidence(self, text: str) -> AuroraEvidence:
        """Line hits per target and keyword weight per goal for one text."""
        index = TextIndex(text)
        if not index.vocabulary:
            return AuroraEvidence({}, {})
        hits: dict[str, int] = {}
        for line in self.lines:
            if evaluate(line.tree, index):
                hits[line.target] = hits.get(line.target, 0) + 1
        keywords: dict[int, float] = {}
        for term, (goals, weight) in self.term_weights.items():
            if weight and index.term_positions(term):
                for goal in goals:
                    keywords[goal] = keywords.get(goal, 0.0) + weight
        return AuroraEvidence(hits, keywords)
