"""Scoring: BM25F over the headline-weighted ranked field, then re-ranking of the top.

First-stage scores are accumulated term by term from the posting arrays into one float per
document. The query can then be expanded from the top documents (RM3 pseudo-relevance
feedback) and the top re-scored with it, and the very top re-ranked with a bonus for query
words that stand close together.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from whoosh.lang import NoStopWords, stopwords_for_language

from ..analysis import ENGLISH, index_term
from .budget import Budget
from .postings import Postings, Term

# Function words dropped from sentence-like queries (the index keeps them for phrases).
QUERY_STOPWORDS = frozenset(filter(None, map(index_term, stopwords_for_language("en"))))
SENTENCE_WORDS = 3


@lru_cache(maxsize=64)
def stopword_terms(analysis: str) -> frozenset[str]:
    """The function words of the language whose rules `analysis` names, as its index terms (Whoosh's Snowball
    lists: Danish, Dutch, English, Finnish, French, German, Hungarian, Italian, Norwegian, Portuguese,
    Romanian, Russian, Spanish, Swedish, Turkish); none for the others."""
    if analysis == ENGLISH:
        return QUERY_STOPWORDS
    try:
        words = stopwords_for_language(analysis) if analysis else ()
    except NoStopWords:
        words = ()
    return frozenset(filter(None, (index_term(word, analysis) for word in words)))


@dataclass(frozen=True)
class RankingConfig:
    """Every knob of the ranking at search time; defaults are the configuration chosen on the TIME collection.

    (BM25F's k1 and b are the build's: the stored weights are made with them.)
    """

    sentence_stopwords: bool = True
    proximity: float = 0.1  # weight of the closeness bonus; 0 turns re-ranking by proximity off
    rerank_depth: int = 20
    feedback_depth: int = 100  # documents re-scored with the expanded query
    feedback_docs: int = 10  # RM3 expansion from this many top documents; 0 turns it off
    feedback_terms: int = 20
    feedback_weight: float = 0.3  # share of the expansion in the final query


def ranking_terms(terms: Collection[str], config: RankingConfig, words: int | None = None,
                  analyses_of: Mapping[str, Collection[str]] | None = None) -> dict[str, frozenset[str] | None]:
    """The terms that rank, each with the analyses (languages' rules) it ranks under; None: every one (a
    term that no analysis made, such as an expanded prefix).

    Function words leave sentence-like queries (of at least SENTENCE_WORDS `words`, by default the
    terms), unless nothing would remain: a term is left out of the languages it is a function word of
    (`analyses_of` says which made it; English by default). German `die` goes, the English verb stays."""
    made = {t: frozenset(analyses_of[t]) if analyses_of and t in analyses_of else None for t in terms}
    if config.sentence_stopwords and (len(terms) if words is None else words) >= SENTENCE_WORDS:
        kept = {t: frozenset(a for a in m if t not in stopword_terms(a)) if m is not None
                else (None if t not in QUERY_STOPWORDS else frozenset()) for t, m in made.items()}
        kept = {t: m for t, m in kept.items() if m is None or m}
        if kept:
            return kept
    return made


def bm25_scores(postings: Postings, terms: Mapping[Term, float], count: int, budget: Budget) -> np.ndarray:
    """Each document's sum of the terms' BM25F scores times their query weights (zero: no term)."""
    scores = np.zeros(count)
    for term, weight in terms.items():
        if not budget.spent():
            postings.accumulate(term, weight, scores)
    return scores


def rescore(postings: Postings, terms: Mapping[Term, float], docs: np.ndarray) -> np.ndarray:
    """Scores of a few chosen documents (sorted) under other query weights."""
    scores = np.zeros(len(docs))
    for term, weight in terms.items():
        scores += weight * postings.weights_of(term, docs)
    return scores


def top(docs: np.ndarray, scores: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The `count` best documents and their scores, best first; equal scores in document order."""
    if len(docs) > count:
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= threshold
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:count]
    return docs[order], scores[order]


def _saturate(count: float, k1: float = 1.2) -> float:
    return count * (k1 + 1.0) / (count + k1)


def dependence_bonus(occurrences: list[np.ndarray], idf: list[float], count: int, window: int = 8) -> np.ndarray:
    """Sequential dependence, for `count` documents at once: adjacent query words found side by side, or close.

    As in Metzler & Croft's model, each neighbouring pair of query words counts its exact
    ordered occurrences and its co-occurrences within a small window, each saturated
    like a term frequency and weighted by the rarer word's idf. `occurrences` hold each query
    word's places as `Generation.occurrences` gives them.
    """
    bonus = np.zeros(count)
    for (first, first_idf), (second, second_idf) in zip(zip(occurrences, idf), zip(occurrences[1:], idf[1:])):
        if not len(first) or not len(second):
            continue
        exact = np.bincount(first[np.isin(first + 1, second)] >> 32, minlength=count)
        nearest = np.searchsorted(second, first)  # the first occurrence of `second` at or after each of `first`
        after = second[np.minimum(nearest, len(second) - 1)] - first
        before = first - second[np.maximum(nearest - 1, 0)]
        near = ((nearest < len(second)) & (after < window)) | ((nearest > 0) & (before < window))
        bonus += min(first_idf, second_idf) * (_saturate(exact) + 0.5 * _saturate(np.bincount(
            first[near] >> 32, minlength=count)))
    return bonus


def feedback_terms(postings: Postings, documents: list[tuple[np.ndarray, np.ndarray]], scores: np.ndarray,
                   config: RankingConfig) -> dict[Term, float]:
    """RM3's expansion: terms most likely under the top documents, weighted by document score.

    `documents` are (term ids, counts) of each top document, in the order its words first appear;
    of equally likely terms, the one met first wins.
    """
    doc_weights = np.exp(scores - scores[0])
    doc_weights /= doc_weights.sum() or 1.0
    ids = np.concatenate([terms for terms, _ in documents])
    shares = np.concatenate([w * counts / (counts.sum() or 1) for (_, counts), w in zip(documents, doc_weights)])
    unique, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    relevance = np.bincount(inverse, weights=shares)
    best: dict[Term, float] = {}
    for position in np.lexsort((first, -relevance)).tolist():
        word = postings.text(int(unique[position]))
        if word not in QUERY_STOPWORDS and not word.isdigit():
            best[postings.by_id(int(unique[position]))] = float(relevance[position])
            if len(best) == config.feedback_terms:
                break
    norm = sum(best.values()) or 1.0
    return {term: weight / norm for term, weight in best.items()}


def expand(terms: Mapping[Term, float], total: float, expansion: Mapping[Term, float],
           weight: float) -> dict[Term, float]:
    """Interpolate the query with the expansion terms, keeping the query's total weight `total` (and so
    the score scale)."""
    mixed: Counter = Counter({t: (1.0 - weight) * w for t, w in terms.items()})
    for term, w in expansion.items():
        mixed[term] += weight * total * w
    return dict(mixed)
