"""Prefix, wildcard and fuzzy words (`econom*`, `wom?n`, `Lukashenka~`) become the words of the index
they match: at most MAX_EXPANSION, the most frequent.

The candidates come from the field's vocabulary, a sorted table: a prefix is a range of it,
a wildcard a byte pattern run over the range of its literal prefix, and a fuzzy word the
words of the range of its first letter within one or two edits, measured by rapidfuzz in
C (optimal string alignment distance, as Whoosh's own fuzzy terms measure it).
"""
from __future__ import annotations

import re

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import query as wq
from whoosh.reading import IndexReader

from ..storage import Vocabulary
from .budget import Budget

MAX_EXPANSION = 30  # words a prefix, wildcard or fuzzy term may stand for
_CHARACTER = rb"(?:[\x00-\x09\x0b-\x7f]|[\xc0-\xff][\x80-\xbf]*)"  # one UTF-8 character, not the newline


def most_frequent(vocabulary: Vocabulary, positions: np.ndarray, limit: int = MAX_EXPANSION) -> list[str]:
    """The words at these positions of the vocabulary with the highest counts (ties alphabetically)."""
    if len(positions) > limit:
        counts = vocabulary.counts[positions]
        kth = np.partition(counts, len(counts) - limit)[len(counts) - limit]
        positions = positions[counts >= kth]
    ranked = sorted(positions.tolist(), key=lambda p: (-int(vocabulary.counts[p]), p))
    return [vocabulary.words[p] for p in ranked[:limit]]


def within(vocabulary: Vocabulary, word: str, maxdist: int, prefix: int) -> np.ndarray:
    """Positions of the words within `maxdist` edits of `word` that share its first `prefix` characters."""
    first, end = vocabulary.words.prefix_range(word[:prefix])
    candidates = vocabulary.words.slice(first, end)
    found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=maxdist, limit=None, processor=None)
    return np.array(sorted(first + index for _, _, index in found), dtype=np.int64)


def _wildcard(vocabulary: Vocabulary, pattern: str) -> np.ndarray:
    """Positions of the words matching a `*` and `?` pattern."""
    literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
    first, end = vocabulary.words.prefix_range(literal)
    if first >= end:
        return np.empty(0, dtype=np.int64)
    pieces = re.split(r"([*?])", pattern)
    regex = b"".join(_CHARACTER + b"*" if p == "*" else _CHARACTER if p == "?" else re.escape(p.encode("utf-8"))
                     for p in pieces if p)
    words = vocabulary.words
    text = words.text[words.starts[first]:words.starts[end]].tobytes()
    offsets = [m.start() for m in re.finditer(rb"(?m)^" + regex + rb"$", text)]
    return words.first_at(np.array(offsets, dtype=np.int64) + words.starts[first])


class Expander:
    """Expands the pattern terms of parsed queries from a generation's vocabularies."""

    def __init__(self, vocabularies: dict[str, Vocabulary], reader: IndexReader) -> None:
        self.vocabularies = vocabularies
        self.reader = reader

    def words(self, node: wq.PatternQuery | wq.FuzzyTerm, budget: Budget) -> list[str]:
        """The most frequent words of the node's field that it matches (none once the budget is spent)."""
        if budget.spent():
            return []
        vocabulary = self.vocabularies.get(node.fieldname)
        if vocabulary is None:  # a field without a vocabulary of its own: Whoosh expands it
            found = {t.decode("utf-8") if isinstance(t, bytes) else t for _, t in node.expanded_terms(self.reader)}
            return sorted(found, key=lambda w: (-self.reader.doc_frequency(node.fieldname, w), w))[:MAX_EXPANSION]
        if isinstance(node, wq.FuzzyTerm):
            positions = within(vocabulary, node.text, node.maxdist, node.prefixlength)
        elif isinstance(node, wq.Prefix):
            positions = np.arange(*vocabulary.words.prefix_range(node.text))
        else:
            positions = _wildcard(vocabulary, node.text)
        return most_frequent(vocabulary, positions)
