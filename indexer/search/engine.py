"""The one search function behind the web pages, the JSON API, the feeds and the CLI.

A search matches documents into arrays (document numbers and first-stage scores), narrows
them by dates and facets with masks, orders the few it must show (by relevance, with
re-ranking of the top, or by date), folds the versions of a story into one hit, and counts
facets and the timeline over all matches. Only the hits of the requested page are read
from Whoosh's stored fields.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from whoosh import query as wq

from ..analysis import analysis_of
from ..dates import from_seconds
from ..fields import record_of
from ..storage import NO_DATE, WORDS
from .arrays import distinct
from .budget import TIME_BUDGET_SECONDS, Budget
from .facets import facet_counts, timeline
from .filters import Filters, accepted
from .generation import Generation
from .live import LiveIndex
from .matching import matches
from .query import MAX_QUERY_CHARS, ParsedQuery, parse_query, plain_words
from .ranking import (
    QUERY_STOPWORDS,
    RankingConfig,
    bm25_scores,
    dependence_bonus,
    expand,
    feedback_terms,
    ranking_terms,
    rescore,
    top,
)
from .results import Hit, SearchRequest, SearchResults, Version
from .significant import SAMPLE_SIZE, significant_terms
from .snippets import Snippet, lead_snippet, make_snippet
from .versions import version_history

RELATED_TERMS = 25
FEW_RESULTS = 3  # below this many matches, a spelling correction is looked for


@dataclass(frozen=True)
class Matches:
    """Matched documents in increasing order, with their first-stage scores."""

    docs: np.ndarray
    scores: np.ndarray

    def where(self, keep: np.ndarray | None) -> Matches:
        return self if keep is None else Matches(self.docs[keep], self.scores[keep])

    def __len__(self) -> int:
        return len(self.docs)


def ranked_words(parsed: ParsedQuery, config: RankingConfig) -> dict[str, frozenset[str] | None]:
    """The query's terms that rank, each with the analyses it ranks under (see `ranking_terms`)."""
    return ranking_terms(parsed.terms, config, len(parsed.words(parsed.terms)), parsed.analyses_of)


def ranked_terms(generation: Generation, parsed: ParsedQuery, ranked: dict[str, frozenset[str] | None]) -> dict:
    """The ranking terms with their query weights, each scoring in the documents of the languages it ranks
    under."""
    scopes = {term: scope for term, made in ranked.items()
              if made is not None and (scope := generation.scope(made)) is not None}
    return generation.postings.weighted({term: parsed.terms[term] for term in ranked}, scopes)


def in_analysis(ranked: dict[str, frozenset[str] | None], analysis: str) -> list[str]:
    """The ranking terms that rank under `analysis`, in the query's order."""
    return [term for term, made in ranked.items() if made is None or analysis in made]


def query_mass(parsed: ParsedQuery, ranked: dict[str, frozenset[str] | None], analysis: str) -> float:
    """The query's total weight as read by one language's rules (each word once): what feedback terms from
    documents in that language are mixed against."""
    heaviest: dict[str, float] = {}
    for term in in_analysis(ranked, analysis):
        word = parsed.word_of.get(term, term)
        heaviest[word] = max(heaviest.get(word, 0.0), parsed.terms[term])
    return sum(heaviest.values())


def match(generation: Generation, parsed: ParsedQuery, filters: Filters, budget: Budget) -> Matches:
    """Every searchable document that matches the query and passes `filters`, with its first-stage score:
    found here, or by the shards of a cluster, which each run this same function on their parts."""
    if generation.shards is not None:
        return Matches(*generation.shards.match(parsed, filters, budget))
    inside = generation.matched_documents
    searchable = generation.values.searchable[inside.start:inside.stop]
    terms = ranked_terms(generation, parsed, ranked_words(parsed, generation.config))
    if isinstance(parsed.query, wq.Every):
        docs = np.flatnonzero(searchable) + inside.start
        found = Matches(docs, np.zeros(len(docs)))
    elif parsed.plain:
        scores = bm25_scores(generation.postings, terms, generation.count, budget)
        docs = np.flatnonzero((scores[inside.start:inside.stop] > 0) & searchable) + inside.start
        found = Matches(docs, scores[docs])
    else:
        docs = np.flatnonzero(matches(generation, parsed.query, budget)[inside.start:inside.stop]) + inside.start
        found = Matches(docs, bm25_scores(generation.postings, terms, generation.count, budget)[docs] if terms
                        else np.zeros(len(docs)))
    return found.where(accepted(generation, found.docs, filters, parsed.periods))


def match_filtered(generation: Generation, parsed: ParsedQuery, filters: Filters,
                   budget: Budget) -> tuple[Matches, Matches]:
    """The matches within the filters' dates (what facet counts start from), and those also passing the
    facet filters (what is shown)."""
    dates = Filters(date_from=filters.date_from, date_to=filters.date_to)
    unfaceted = match(generation, parsed, dates, budget)
    return unfaceted, unfaceted.where(accepted(generation, unfaceted.docs, Filters(values=filters.values)))


def parse(generation: Generation, text: str, budget: Budget) -> ParsedQuery:
    """The query as this generation reads it (its fields, vocabularies and languages)."""
    return parse_query(text, generation.reader.schema, generation.parser, generation.expander, budget,
                       generation.analyses)


def by_relevance(generation: Generation, parsed: ParsedQuery, matched: Matches, count: int,
                 budget: Budget) -> tuple[np.ndarray, np.ndarray]:
    """The best `count` matches: BM25F, then RM3 feedback and proximity re-ranking of the top."""
    config, postings = generation.config, generation.postings
    ranked = ranked_words(parsed, config)
    terms = ranked_terms(generation, parsed, ranked)
    docs, scores = top(matched.docs, matched.scores, max(count, config.feedback_depth if config.feedback_docs else 0,
                                                          config.rerank_depth if config.proximity else 0))
    if config.feedback_docs and ranked and len(docs) and not budget.spent():
        seed = docs[:config.feedback_docs].tolist()
        expansion = feedback_terms(postings, [generation.term_counts(d) for d in seed], scores[:len(seed)], config)
        head = np.sort(docs[:config.feedback_depth])
        leading = generation.analyses[generation.document_analyses[docs[0]]]  # the feedback's language
        mixed = expand(terms, query_mass(parsed, ranked, leading), expansion, config.feedback_weight)
        head_docs, head_scores = top(head, rescore(postings, mixed, head), len(head))
        docs = np.concatenate((head_docs, docs[len(head):]))
        scores = np.concatenate((head_scores, scores[len(head):]))
    if config.proximity and len(parsed.words(ranked)) > 1 and not budget.spent():
        depth = min(config.rerank_depth, len(docs))
        bonus = proximity_bonus(generation, ranked, docs[:depth])
        head_docs, head_scores = top(docs[:depth], scores[:depth] + config.proximity * bonus, depth)
        docs = np.concatenate((head_docs, docs[depth:]))
        scores = np.concatenate((head_scores, scores[depth:]))
    return docs[:count], scores[:count]


def proximity_bonus(generation: Generation, ranked: dict[str, frozenset[str] | None],
                    docs: np.ndarray) -> np.ndarray:
    """How close together the query's words are in each of `docs`, read in each document's language: its
    terms for the words, in the query's order."""
    bonus = np.zeros(len(docs))
    groups = generation.document_analyses[docs]
    for place in np.unique(groups).tolist():
        analysis = generation.analyses[place]
        inside = np.flatnonzero(groups == place)
        in_order = [generation.postings.term(t) for t in in_analysis(ranked, analysis)]
        if len(in_order) > 1:
            bonus[inside] = dependence_bonus(generation.occurrences(docs[inside], in_order),
                                             [term.idf if term else 0.0 for term in in_order], len(inside))
    return bonus


def by_date(generation: Generation, matched: Matches, count: int, newest: bool) -> tuple[np.ndarray, np.ndarray]:
    """The `count` newest (or oldest) matches; undated articles come last either way, ties by score."""
    published = generation.values.published[matched.docs]
    key = -published if newest else np.where(published == NO_DATE, np.iinfo(np.int64).max, published)
    docs, scores = matched.docs, matched.scores
    if len(key) > count:
        keep = key <= np.partition(key, count)[count]
        docs, scores, key = docs[keep], scores[keep], key[keep]
    order = np.lexsort((docs, -scores, key))[:count]
    return docs[order], scores[order]


def collapse(generation: Generation, docs: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep the first (best placed) article of each duplicate group."""
    group = generation.values.group[docs]
    story = np.where(group >= 0, group, -1 - docs)
    _, first = np.unique(story, return_index=True)
    first.sort()
    return docs[first], scores[first]


def sample(generation: Generation, parsed: ParsedQuery, matched: Matches, count: int) -> np.ndarray:
    """About `count` of the best matches by first-stage score (the newest, with no word to rank by), one
    version of each story: the foreground of significant terms, without re-ranking's cost."""
    if ranked_words(parsed, generation.config):
        docs, scores = top(matched.docs, matched.scores, count)
    else:
        docs, scores = by_date(generation, matched, count, newest=True)
    return collapse(generation, docs, scores)[0]


def stories(generation: Generation, docs: np.ndarray) -> int:
    """How many stories the matched documents tell: each duplicate group counts once."""
    group = generation.values.group[docs]
    grouped = group[group >= 0]
    return len(docs) - len(grouped) + len(distinct(grouped))


def order(generation: Generation, parsed: ParsedQuery, request: SearchRequest, matched: Matches,
          budget: Budget, wanted: int) -> tuple[np.ndarray, np.ndarray]:
    """The first `wanted` matches in the requested order, duplicates folded."""
    count = wanted
    # with no word to rank by (`*`, or only field and date filters), the newest come first
    relevance = request.sort == "relevance" and bool(ranked_words(parsed, generation.config))
    while True:
        if relevance:
            docs, scores = by_relevance(generation, parsed, matched, count, budget)
        else:
            docs, scores = by_date(generation, matched, count, newest=request.sort != "oldest")
        kept = collapse(generation, docs, scores) if request.collapse else (docs, scores)
        if len(kept[0]) >= wanted or len(docs) >= len(matched):
            return kept[0][:wanted], kept[1][:wanted]
        count = min(len(matched), count * 2 + 10)


def facets_of(generation: Generation, request: SearchRequest, matched: Matches,
              unfaceted: Matches) -> dict[str, list[dict]]:
    """Facet counts over the filtered matches; a facet with chosen values counts as if they were not
    chosen (with every other filter applied), so more values of it can be added, as in Solr or Kibana.

    `unfaceted` are the matches before facet filters (dates applied), from the same search.
    """
    counts = facet_counts(generation.values, matched.docs, stories=request.collapse)
    for name in (name for name, values in request.filters.values.items() if values):
        others = Filters({k: v for k, v in request.filters.values.items() if k != name})
        docs = unfaceted.where(accepted(generation, unfaceted.docs, others)).docs
        counts[name] = facet_counts(generation.values, docs, names=(name,), stories=request.collapse)[name]
    return counts


def _version(generation: Generation, docnum: int) -> Version:
    stored = generation.reader.stored_fields(docnum)
    return Version(stored["id"], stored.get("title", ""), stored.get("source", ""), stored.get("published_iso"))


def _hit(generation: Generation, docnum: int, score: float, rank: int, parsed: ParsedQuery | None,
         snippets: bool) -> Hit:
    stored = generation.reader.stored_fields(docnum)
    record = record_of(stored)
    snippet = Snippet()
    if snippets:
        snippet = make_snippet(record["body"], parsed.terms, analysis_of(record["language"])) if parsed \
            else lead_snippet(record["body"])
    return Hit(id=record["id"], title=record["title"], url=record["url"], source=record["source"],
               published=record["published"], score=round(score, 4), snippet=snippet, authors=record["authors"],
               language=record["language"], rank=rank,
               versions=[_version(generation, d) for d in generation.versions_of(docnum)])


def query_languages(generation: Generation, request: SearchRequest) -> frozenset[str] | None:
    """The languages (as their rules) a query is written in, for suggestions from its own words: those of
    the language filter, else those all of its words the index knows are found in; None when every language
    would do (one language in the index, or nothing to tell by)."""
    if len(generation.analyses) == 1:
        return None
    chosen = request.filters.values.get("language")
    if chosen:
        return frozenset(analysis_of(language) for language in chosen)
    known = [found for word in plain_words(request.q) if (found := generation.languages_of(word))]
    if not known:
        return None
    return frozenset.intersection(*known) or None


def suggestion(generation: Generation, request: SearchRequest, found: int, budget: Budget) -> str | None:
    """A corrected query, if one exists and finds more than the query as typed.

    Asked when the query finds little, or when one of its words is in no document at all.
    """
    languages = query_languages(generation, request)
    corrected = generation.speller.suggest(request.q[:MAX_QUERY_CHARS], None if languages is None else
                                           lambda word: bool(generation.languages_of(word) & languages))
    if corrected is None or budget.spent():
        return None
    parsed = parse(generation, corrected, budget)
    return corrected if not parsed.empty and len(match(generation, parsed, request.filters, budget)) > found else None


def search(index: LiveIndex, request: SearchRequest) -> SearchResults:
    """Match, filter, order and page the live index for `request`, with snippets and facets.

    A generation never changes, so it remembers its recent complete answers (as Solr's query result
    cache does): a repeated search, the JSON twin of a page or the way back from an article costs a
    lookup. A partial answer is not kept: the next try may have more time.
    """
    started = time.perf_counter()
    with index.generation() as generation:
        remembered = generation.results.get(request.key)
        if remembered is not None:
            return replace(remembered, elapsed_ms=(time.perf_counter() - started) * 1000)
        results = _search_generation(generation, request)
        return results if results.partial else generation.results.put(request.key, results)


def warm_up(generation: Generation) -> None:
    """Search a new generation once, as a results page does, before any visitor: opening Whoosh's stored-field
    columns, mapping the arrays and first uses of the code would otherwise fall on the first visitor."""
    generation.warm()
    words = generation.vocabularies[WORDS]
    # two words found in about one article in 200: every step of a search runs, on few enough matches
    # that searches going on meanwhile hardly notice
    common = np.flatnonzero(words.counts >= max(2, generation.count // 200))
    least_common_first = common[np.argsort(words.counts[common], kind="stable")]
    chosen = [words.words[n] for n in least_common_first[:200].tolist() if len(words.words[n]) >= 5][:2]
    _search_generation(generation, SearchRequest(" ".join(chosen), facets=True))


def _search_generation(generation: Generation, request: SearchRequest) -> SearchResults:
    started = time.perf_counter()
    budget = Budget(TIME_BUDGET_SECONDS)
    parsed = parse(generation, request.q, budget)
    if parsed.empty:
        return SearchResults(request.q, 0, request.page, request.limit, [], generation=generation.name,
                             sort=request.sort,
                             message="Type some words to search for." if not request.q.strip()
                             else "Nothing searchable in that query; try other words.")
    unfaceted, matched = match_filtered(generation, parsed, request.filters, budget)
    offset = (request.page - 1) * request.limit
    docs, scores = order(generation, parsed, request, matched, budget, request.page * request.limit)
    shown = docs[offset:].tolist()
    if request.collapse:  # each story is shown by its most complete version, at its best placed one's rank
        shown = [generation.most_complete(d, matched.docs) for d in shown]
    hits = [_hit(generation, d, s, position, parsed, request.snippets)
            for position, (d, s) in enumerate(zip(shown, scores[offset:].tolist()), start=offset + 1)]
    results = SearchResults(request.q, stories(generation, matched.docs) if request.collapse else len(matched),
                            request.page, request.limit, hits, generation=generation.name, sort=request.sort)
    unknown_word = any(all(generation.postings.term(t) is None for t in terms) for terms in parsed.alternatives)
    if len(matched) < FEW_RESULTS or unknown_word:
        results.suggestion = suggestion(generation, request, len(matched), budget)
    if request.significant:
        results.significant_terms = significant_terms(generation, sample(generation, parsed, matched, SAMPLE_SIZE),
                                                      parsed.terms)
    if request.facets:
        results.facets = facets_of(generation, request, matched, unfaceted)
        results.timeline_unit, results.timeline = timeline(generation.values, matched.docs,
                                                           stories=request.collapse)
    if budget.exceeded:
        results.partial = True
        results.message = budget.shortfall or "The search took too long; these results are partial."
    results.elapsed_ms = (time.perf_counter() - started) * 1000
    return results


def get_article(index: LiveIndex, article_id: str) -> dict | None:
    """One article by id, with its story's version history, for the article page and its JSON twin."""
    with index.generation() as generation:
        docnum = generation.searcher.document_number(id=article_id)
        if docnum is None:
            return None
        record = record_of(generation.reader.stored_fields(docnum))
        record["versions"] = version_history(generation, docnum)
        return record


def newest_published(index: LiveIndex) -> date | None:
    """The latest publication day in the index, so date presets work for old archives too."""
    with index.generation() as generation:
        return from_seconds(generation.newest).date() if generation.newest is not None else None


def related(index: LiveIndex, article_id: str, limit: int = 5) -> list[Hit]:
    """More like this: articles sharing the article's most distinctive words, other versions excluded."""
    with index.generation() as generation:
        docnum = generation.searcher.document_number(id=article_id)
        if docnum is None:
            return []
        postings = generation.postings
        weights = {}
        for term_id, count in zip(*(part.tolist() for part in generation.term_counts(docnum))):
            text = postings.text(term_id)
            if text not in QUERY_STOPWORDS and not text.isdigit():
                term = postings.by_id(term_id)
                weights[term] = count * term.idf
        best = dict(sorted(weights.items(), key=lambda kv: -kv[1])[:RELATED_TERMS])
        scores = bm25_scores(generation.postings, best, generation.count, Budget(TIME_BUDGET_SECONDS))
        excluded = [docnum, *generation.versions_of(docnum)]
        candidates = np.flatnonzero((scores > 0) & generation.values.searchable)
        candidates = candidates[~np.isin(candidates, excluded)]
        docs, ranked = collapse(generation, *top(candidates, scores[candidates], limit * 3))
        return [_hit(generation, d, s, rank, None, snippets=True)
                for rank, (d, s) in enumerate(zip(docs[:limit].tolist(), ranked[:limit].tolist()), start=1)]
