"""Scoring: BM25F over the title-weighted `text` field, then optional re-ranking of the top.

First-stage scores are summed term by term from cached posting arrays. The top documents
can then be re-ranked with a bonus for query words that stand close together, and the
query can be expanded from the top documents (RM3 pseudo-relevance feedback).
"""
from __future__ import annotations

import heapq
import math
import time
from bisect import bisect_left
from collections import Counter, OrderedDict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from operator import itemgetter

from whoosh.lang import stopwords_for_language
from whoosh.reading import IndexReader

from ..analysis import FIELD_BREAK, index_term, term_positions
from ..impacts import BM25F
from .postings import PostingCache

# Function words dropped from sentence-like queries (the index keeps them for phrases).
QUERY_STOPWORDS = frozenset(filter(None, map(index_term, stopwords_for_language("en"))))
SENTENCE_WORDS = 3


@dataclass(frozen=True)
class RankingConfig:
    """Every knob of the ranking; defaults are the configuration chosen on the TIME collection."""

    bm25: BM25F = field(default_factory=BM25F)
    sentence_stopwords: bool = True
    proximity: float = 0.1  # weight of the closeness bonus; 0 turns re-ranking by proximity off
    rerank_depth: int = 20
    feedback_depth: int = 100  # documents re-scored with the expanded query
    feedback_docs: int = 10  # RM3 expansion from this many top documents; 0 turns it off
    feedback_terms: int = 20
    feedback_weight: float = 0.3  # share of the expansion in the final query


class Budget:
    """A deadline for one search; past it, work stops and the results are marked partial."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds
        self.exceeded = False

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()

    def spent(self) -> bool:
        if not self.exceeded and time.perf_counter() > self.deadline:
            self.exceeded = True
        return self.exceeded


def query_weights(terms: Mapping[str, float], config: RankingConfig) -> dict[str, float]:
    """The terms that rank: function words leave sentence-like queries, unless nothing would remain."""
    if config.sentence_stopwords and len(terms) >= SENTENCE_WORDS:
        kept = {t: w for t, w in terms.items() if t not in QUERY_STOPWORDS}
        if kept:
            return kept
    return dict(terms)


def bm25_scores(cache: PostingCache, terms: Mapping[str, float], allowed: Collection[int] | None,
                budget: Budget) -> dict[int, float]:
    """Sum of the terms' BM25F weights per document, over `allowed` documents only if given.

    The longest posting list seeds the accumulator in one C-level step; the rest are added
    in a loop, shorter lists being cheaper.
    """
    lists = sorted(((cache.get(term), weight) for term, weight in terms.items()),
                   key=lambda pw: -len(pw[0].docs) if pw[0] else 0)
    scores: dict[int, float] = {}
    for postings, weight in lists:
        if postings is None or budget.spent():
            continue
        pairs = zip(postings.docs, postings.weights)
        if allowed is not None:
            pairs = ((d, w) for d, w in pairs if d in allowed)
        if not scores:
            scores = dict(pairs) if weight == 1.0 else {d: w * weight for d, w in pairs}
            continue
        get = scores.get
        if weight == 1.0:
            for docnum, w in pairs:
                scores[docnum] = get(docnum, 0.0) + w
        else:
            for docnum, w in pairs:
                scores[docnum] = get(docnum, 0.0) + w * weight
    return scores


def rescore(cache: PostingCache, terms: Mapping[str, float], docs: list[int]) -> list[tuple[int, float]]:
    """Scores of a few chosen documents under other query weights, best first.

    Each term costs the shorter of its posting list and the chosen documents (each found by bisection).
    """
    scores = dict.fromkeys(docs, 0.0)
    chosen = sorted(scores)
    for term, weight in terms.items():
        postings = cache.get(term)
        if postings is None:
            continue
        term_docs, term_weights = postings.docs, postings.weights
        if len(term_docs) <= len(chosen):
            for docnum, w in zip(term_docs, term_weights):
                if docnum in scores:
                    scores[docnum] += weight * w
            continue
        size, start = len(term_docs), 0
        for docnum in chosen:
            start = bisect_left(term_docs, docnum, start)
            if start == size:
                break
            if term_docs[start] == docnum:
                scores[docnum] += weight * term_weights[start]
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def top(scores: Mapping[int, float], count: int) -> list[tuple[int, float]]:
    """The `count` best (docnum, score) pairs, best first (equal scores in accumulation order)."""
    return heapq.nlargest(count, scores.items(), key=itemgetter(1))


class DocumentTerms:
    """Each document's index terms with their positions, re-derived from its stored text.

    Feedback and proximity both need whole documents; the most recently used are kept,
    since the same top documents come back for related queries.
    """

    def __init__(self, reader: IndexReader, size: int = 2000) -> None:
        self.reader = reader
        self.size = size
        self._cache: OrderedDict[int, dict[str, list[int]]] = OrderedDict()

    def __call__(self, docnum: int) -> dict[str, list[int]]:
        found = self._cache.get(docnum)
        if found is not None:
            self._cache.move_to_end(docnum)
            return found
        stored = self.reader.stored_fields(docnum)
        positions = term_positions(f"{stored.get('title', '')}{FIELD_BREAK}{stored.get('body', '')}")
        self._cache[docnum] = positions
        if len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return positions


def _saturate(count: float, k1: float = 1.2) -> float:
    return count * (k1 + 1.0) / (count + k1)


def dependence_bonus(positions: Mapping[str, list[int]], terms: list[str], idf: Mapping[str, float],
                     window: int = 8) -> float:
    """Sequential dependence: adjacent query words found side by side, or close, in the document.

    As in Metzler & Croft's model, each neighbouring pair of query words counts its exact
    ordered occurrences and its co-occurrences within a small window, each saturated
    like a term frequency and weighted by the rarer word's idf.
    """
    bonus = 0.0
    for first, second in zip(terms, terms[1:]):
        if first not in positions or second not in positions:
            continue
        following = set(positions[second])
        exact = sum(1 for p in positions[first] if p + 1 in following)
        near = sum(1 for p in positions[first] if any(p - window < q < p + window for q in positions[second]))
        weight = min(idf.get(first, 0.0), idf.get(second, 0.0))
        bonus += weight * (_saturate(exact) + 0.5 * _saturate(near))
    return bonus


def feedback_terms(documents: list[dict[str, list[int]]], scores: list[float],
                   config: RankingConfig) -> dict[str, float]:
    """RM3's expansion: terms most likely under the top documents, weighted by document score."""
    total = sum(math.exp(s - scores[0]) for s in scores) or 1.0
    relevance: Counter = Counter()
    for positions, score in zip(documents, scores):
        length = sum(len(p) for p in positions.values()) or 1
        doc_weight = math.exp(score - scores[0]) / total
        for term, occurrences in positions.items():
            if term not in QUERY_STOPWORDS and not term.isdigit():
                relevance[term] += doc_weight * len(occurrences) / length
    best = relevance.most_common(config.feedback_terms)
    norm = sum(w for _, w in best) or 1.0
    return {term: weight / norm for term, weight in best}


def expand(terms: Mapping[str, float], expansion: Mapping[str, float], weight: float) -> dict[str, float]:
    """Interpolate the query with the expansion terms, keeping the query's total weight (and score scale)."""
    total = sum(terms.values())
    mixed: Counter = Counter({t: (1.0 - weight) * w for t, w in terms.items()})
    for term, w in expansion.items():
        mixed[term] += weight * total * w
    return dict(mixed)
