"""Which documents a query matches, as a mask over the generation: set algebra, field terms, phrases.

Ranked-field and headline terms come from the posting arrays; outlet, author, category and
language terms from the document values (each word of those fields maps to the values that
contain it); phrases are checked on the forward index, only for the documents that hold all
their words, all at once. Whatever else the parser may produce goes to Whoosh's own matchers.
Every step checks the time budget.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.collectors import TimeLimitCollector
from whoosh.searching import TimeLimit

from ..fields import FACET_FIELDS, NAME_FIELDS, RANKED_FIELD
from .budget import Budget
from .generation import Generation
from .postings import Term

HEADLINE_FIELD = "title"
FACET_OF = {f.index: f.facet for f in FACET_FIELDS}  # name field -> the facet holding its values


def _mask(count: int, docs: np.ndarray) -> np.ndarray:
    mask = np.zeros(count, dtype=bool)
    mask[docs] = True
    return mask


def _whoosh(generation: Generation, node: wq.Query, budget: Budget) -> np.ndarray:
    """Documents matching a query with Whoosh's matchers, stopping when the budget runs out."""
    collector = TimeLimitCollector(generation.searcher.collector(limit=None, scored=False),
                                   timelimit=max(0.01, budget.remaining()), use_alarm=False)
    try:
        generation.searcher.search_with_collector(node, collector)
    except TimeLimit:
        budget.exceeded = True
    return _mask(generation.count, np.fromiter(collector.results().docs(), dtype=np.int64))


def term_documents(generation: Generation, fieldname: str, text: str) -> np.ndarray | None:
    """Documents (sorted) holding a word in the ranked field or the headline; None for other fields."""
    if fieldname not in (RANKED_FIELD, HEADLINE_FIELD):
        return None
    term = generation.postings.term(text)
    if term is None:
        return np.empty(0, dtype=np.int64)
    return generation.postings.documents(term) if fieldname == RANKED_FIELD \
        else generation.postings.title_documents(term)


def _name_mask(generation: Generation, fieldname: str, text: str) -> np.ndarray:
    """Documents whose outlet, author, category or language names hold the word."""
    codes = generation.vocabularies[fieldname].value_codes_of(text)
    return generation.values.columns[FACET_OF[fieldname]].documents_with(codes.tolist(), generation.count)


def _phrase_held(generation: Generation, docs: np.ndarray, terms: list[Term], slop: int,
                 headline_only: bool) -> np.ndarray:
    """Which of `docs` hold the terms in order, each at most `slop` positions after the one before
    (1: side by side), as Whoosh's SpanNear2 reads a phrase."""
    reached, *rest = generation.occurrences(docs, terms, headline_only)
    for following in rest:
        before = np.searchsorted(reached, following, side="left") - 1  # the nearest occurrence before
        ok = before >= 0
        gap = following[ok] - reached[before[ok]]  # a gap across documents is at least 2**32 - positions
        ok[ok] = (gap >= 1) & (gap <= slop)
        reached = following[ok]
    return _mask(len(docs), np.unique(reached >> 32))


def phrase_mask(generation: Generation, node: wq.Phrase, budget: Budget) -> np.ndarray:
    """Documents holding the phrase: in each part, the documents holding every word (the shortest list
    narrowed by the others), then the forward index decides for all of them at once."""
    found = np.zeros(generation.count, dtype=bool)
    terms = [generation.postings.term(word) for word in node.words]
    if None in terms:
        return found
    headline = node.fieldname == HEADLINE_FIELD
    for part in generation.postings.matched_parts:
        located = [term.in_part(part.base) for term in terms]
        if None in located or budget.spent():
            continue
        lists = sorted((p.postings.title(p.number) if headline else p.postings.text(p.number)[0] for p in located),
                       key=len)
        candidates = lists[0]
        held = np.zeros(int(lists[0].max(initial=0)) + 1, dtype=bool)
        for docs in lists[1:]:
            held[:] = False
            held[docs[docs < len(held)]] = True
            candidates = candidates[held[candidates]]
        candidates = candidates.astype(np.int64) + part.base
        found[candidates[_phrase_held(generation, candidates, terms, max(1, node.slop), headline)]] = True
    return found


def matches(generation: Generation, node: wq.Query, budget: Budget) -> np.ndarray:
    """A mask of the searchable documents matching an operator query.

    Whoosh 2.7's AND NOT matcher misses exclusions before the first match, so the operators
    are evaluated here, on masks.
    """
    searchable = generation.values.searchable
    if budget.spent():
        return np.zeros(generation.count, dtype=bool)
    if isinstance(node, wq.AndNot):
        return matches(generation, node.a, budget) & ~matches(generation, node.b, budget)
    if isinstance(node, wq.AndMaybe):
        return matches(generation, node.a, budget)
    if isinstance(node, wq.Not):
        return searchable & ~matches(generation, node.query, budget)
    if isinstance(node, (wq.And, wq.Or)):
        parts = [matches(generation, child, budget) for child in node.subqueries]
        if not parts:
            return np.zeros(generation.count, dtype=bool)
        combined = parts[0].copy()
        for part in parts[1:]:
            if isinstance(node, wq.And):
                combined &= part
            else:
                combined |= part
        return combined
    if isinstance(node, wq.Every):
        return searchable.copy()
    if type(node) is wq.Term:
        docs = term_documents(generation, node.fieldname, node.text)
        if docs is not None:
            return _mask(generation.count, docs) & searchable
        if node.fieldname in NAME_FIELDS:
            return generation.mask((node.fieldname, node.text),
                                   lambda: _name_mask(generation, node.fieldname, node.text)) & searchable
    if type(node) is wq.Phrase and node.fieldname in (RANKED_FIELD, HEADLINE_FIELD):
        return phrase_mask(generation, node, budget) & searchable
    return _whoosh(generation, node, budget) & searchable
