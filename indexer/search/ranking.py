"""Scoring: BM25F over the title-weighted `text` field, accumulated term by term."""
from __future__ import annotations

import heapq
import time
from collections.abc import Collection, Mapping

from .postings import PostingCache


class Budget:
    """A deadline for one search; past it, work stops and the results are marked partial."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds
        self.exceeded = False

    def spent(self) -> bool:
        if not self.exceeded and time.perf_counter() > self.deadline:
            self.exceeded = True
        return self.exceeded


def bm25_scores(cache: PostingCache, terms: Mapping[str, float], allowed: Collection[int] | None,
                budget: Budget) -> dict[int, float]:
    """Sum of the terms' BM25 weights per document, over `allowed` documents only if given.

    The longest posting list seeds the accumulator in one C-level step; the rest are added
    in a loop, shortest lists being cheap.
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


def top(scores: Mapping[int, float], count: int) -> list[tuple[int, float]]:
    """The `count` best (docnum, score) pairs, best first, ties in index order."""
    return heapq.nsmallest(count, scores.items(), key=lambda item: (-item[1], item[0]))
