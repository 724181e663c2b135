"""The one search function behind the web pages, the JSON API, the feeds and the CLI."""
from __future__ import annotations

import heapq
import time
from collections.abc import KeysView
from dataclasses import asdict, dataclass, field
from datetime import date

from whoosh import query as wq
from whoosh.collectors import TimeLimitCollector
from whoosh.searching import TimeLimit

from ..docvalues import NO_DATE, from_seconds
from ..schema import RANKED_FIELD
from .facets import Bucket, facet_counts, timeline
from .filters import Filters, predicate
from .live import LiveIndex, OpenGeneration
from .query import MAX_QUERY_CHARS, ParsedQuery, parse_query
from .ranking import (
    QUERY_STOPWORDS,
    Budget,
    bm25_scores,
    dependence_bonus,
    expand,
    feedback_terms,
    query_weights,
    rescore,
    top,
)
from .snippets import lead_snippet, make_snippet

MAX_LIMIT = 1000
RESULT_WINDOW = 10_000  # deepest rank a page may reach, as in Elasticsearch
TIME_BUDGET_SECONDS = 2.0
SORTS = ("relevance", "newest", "oldest")
RELATED_TERMS = 25
FEW_RESULTS = 3  # below this many matches, a spelling correction is looked for


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: query text, filters, order, and which page of results to return."""

    q: str
    page: int = 1
    limit: int = 10
    sort: str = "relevance"
    filters: Filters = field(default_factory=Filters)
    snippets: bool = True
    facets: bool = False  # facet counts and a timeline of the whole match set
    collapse: bool = True  # each group of duplicate articles appears once

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
        if self.page < 1:
            raise ValueError("page must be 1 or more")
        if self.page * self.limit > max(RESULT_WINDOW, self.limit):
            raise ValueError(f"results beyond the first {RESULT_WINDOW:,} are not available; refine the query")
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")


@dataclass
class Version:
    """Another copy of a hit's story (a syndicated or reposted version)."""

    id: str
    title: str
    source: str
    published: str | None


@dataclass
class Hit:
    id: str
    title: str
    url: str
    source: str
    published: str | None
    score: float
    snippet: str
    authors: list[str] = field(default_factory=list)
    rank: int = 0
    duplicates: list[str] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)


@dataclass
class SearchResults:
    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit]
    elapsed_ms: float = 0.0
    generation: str = ""
    message: str = ""
    partial: bool = False
    sort: str = "relevance"
    facets: dict[str, list[dict]] = field(default_factory=dict)
    timeline_unit: str = ""
    timeline: list[Bucket] = field(default_factory=list)
    suggestion: str | None = None  # "did you mean": the query with likelier words

    @property
    def pages(self) -> int:
        """Pages that can be requested: all results, up to the result window."""
        return max(1, min(-(-self.total // self.limit), RESULT_WINDOW // self.limit))

    def to_dict(self) -> dict:
        """The JSON shape shared by `news-index search --format json` and `/api/search`."""
        data = {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "pages": self.pages,
            "sort": self.sort,
            "elapsed_ms": round(self.elapsed_ms, 2),
            "generation": self.generation,
            "message": self.message,
            "partial": self.partial,
            "suggestion": self.suggestion,
            "hits": [asdict(h) for h in self.hits],
        }
        if self.facets:
            data["facets"] = self.facets
            data["timeline"] = {"unit": self.timeline_unit, "buckets": [asdict(b) for b in self.timeline]}
        return data


def _whoosh_matches(live: OpenGeneration, query: wq.Query, budget: Budget) -> set[int]:
    """Documents matching one leaf of a query with Whoosh's matchers, stopping when the budget runs out."""
    collector = TimeLimitCollector(live.searcher.collector(limit=None, scored=False),
                                   timelimit=max(0.01, budget.remaining()), use_alarm=False)
    try:
        live.searcher.search_with_collector(query, collector)
    except TimeLimit:
        budget.exceeded = True
    return set(collector.results().docs())


def boolean_matches(live: OpenGeneration, node: wq.Query, budget: Budget) -> set[int]:
    """Documents matching an operator query: set algebra over the matches of its leaves.

    Whoosh 2.7's AND NOT matcher misses exclusions before the first match, so the operators
    are evaluated here; ranked-field words come from the cached posting arrays.
    """
    if budget.spent():
        return set()
    if isinstance(node, wq.AndNot):
        return boolean_matches(live, node.a, budget) - boolean_matches(live, node.b, budget)
    if isinstance(node, wq.AndMaybe):
        return boolean_matches(live, node.a, budget)
    if isinstance(node, wq.Not):
        return set(live.docvalues.live_docs()) - boolean_matches(live, node.query, budget)
    if isinstance(node, (wq.And, wq.Or)):
        parts = [boolean_matches(live, child, budget) for child in node.subqueries]
        if not parts:
            return set()
        return set.intersection(*parts) if isinstance(node, wq.And) else set().union(*parts)
    if isinstance(node, wq.Every):
        return set(live.docvalues.live_docs())
    if type(node) is wq.Term and node.fieldname == RANKED_FIELD:
        postings = live.postings.get(node.text)
        return set(postings.docs) if postings else set()
    if type(node) is wq.Term:  # outlet, author, category, language, title: few distinct, often repeated
        return set(live.field_matches(node, lambda: _whoosh_matches(live, node, budget)))
    return _whoosh_matches(live, node, budget)


def match(live: OpenGeneration, parsed: ParsedQuery, request: SearchRequest, budget: Budget,
          facet_filters: bool = True) -> dict[int, float]:
    """Every document that matches the query and its dates (and facet filters), with its first-stage score."""
    accept = predicate(live.docvalues, request.filters if facet_filters else Filters(
        date_from=request.filters.date_from, date_to=request.filters.date_to), parsed.periods)
    terms = query_weights(parsed.terms, live.config)
    if isinstance(parsed.query, wq.Every):
        scores = dict.fromkeys(live.docvalues.live_docs(), 0.0)
    elif parsed.plain:
        scores = bm25_scores(live.postings, terms, None, budget)
    else:
        allowed = boolean_matches(live, parsed.query, budget)
        scores = bm25_scores(live.postings, terms, allowed, budget) if terms else {}
        for docnum in allowed:
            scores.setdefault(docnum, 0.0)
    if accept is not None:
        scores = {d: s for d, s in scores.items() if accept(d)}
    return scores


def by_relevance(live: OpenGeneration, parsed: ParsedQuery, scores: dict[int, float], count: int,
                 budget: Budget) -> list[tuple[int, float]]:
    """The best `count` matches: BM25F, then RM3 feedback and proximity re-ranking of the top."""
    config = live.config
    terms = query_weights(parsed.terms, config)
    ranked = top(scores, max(count, config.feedback_depth if config.feedback_docs else 0,
                             config.rerank_depth if config.proximity else 0))
    if config.feedback_docs and terms and ranked and not budget.spent():
        seed = ranked[:config.feedback_docs]
        expansion = feedback_terms([live.document_terms(d) for d, _ in seed], [s for _, s in seed], config)
        head = ranked[:config.feedback_depth]
        ranked = rescore(live.postings, expand(terms, expansion, config.feedback_weight), [d for d, _ in head]) \
            + ranked[config.feedback_depth:]
    if config.proximity and len(terms) > 1 and not budget.spent():
        idf = {t: p.idf for t in terms if (p := live.postings.get(t))}
        reranked = [(docnum, score + config.proximity * dependence_bonus(live.document_terms(docnum), list(terms), idf))
                    for docnum, score in ranked[:config.rerank_depth]]
        ranked = sorted(reranked, key=lambda item: (-item[1], item[0])) + ranked[config.rerank_depth:]
    return ranked[:count]


def by_date(live: OpenGeneration, scores: dict[int, float], count: int, newest: bool) -> list[tuple[int, float]]:
    """The `count` newest (or oldest) matches; undated articles come last either way."""
    published = live.docvalues.published
    if newest:
        def key(item):
            return (-published[item[0]], -item[1], item[0])
    else:
        def key(item):
            return (published[item[0]] == NO_DATE, published[item[0]], -item[1], item[0])
    return heapq.nsmallest(count, scores.items(), key=key)


def collapse(live: OpenGeneration, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Keep the first (best placed) article of each duplicate group."""
    group, seen, kept = live.docvalues.group, set(), []
    for docnum, score in ranked:
        leader = group[docnum]
        if leader >= 0:
            if leader in seen:
                continue
            seen.add(leader)
        kept.append((docnum, score))
    return kept


def stories(live: OpenGeneration, docs: KeysView[int]) -> int:
    """How many stories the matched documents tell: each duplicate group counts once."""
    grouped = live.grouped & docs
    return len(docs) - len(grouped) + len({live.docvalues.group[d] for d in grouped})


def facets_of(live: OpenGeneration, request: SearchRequest, scores: dict[int, float],
              unfaceted: dict[int, float]) -> dict[str, list[dict]]:
    """Facet counts over the filtered matches; a facet with chosen values counts as if they were not
    chosen (with every other filter applied), so more values of it can be added, as in Solr or Kibana.

    `unfaceted` are the matches before facet filters (dates applied), from the same search.
    """
    counts = facet_counts(live.docvalues, scores.keys(), stories=request.collapse, grouped=live.grouped)
    for name in (name for name, values in request.filters.values.items() if values):
        accept = predicate(live.docvalues, Filters({k: v for k, v in request.filters.values.items() if k != name}))
        docs = [d for d in unfaceted if accept is None or accept(d)]
        counts[name] = facet_counts(live.docvalues, docs, names=(name,), stories=request.collapse,
                                    grouped=live.grouped)[name]
    return counts


def order(live: OpenGeneration, parsed: ParsedQuery, request: SearchRequest, scores: dict[int, float],
          budget: Budget) -> list[tuple[int, float]]:
    """The matches up to the end of the requested page, in the requested order, duplicates folded."""
    wanted = request.page * request.limit
    count = wanted
    # with no word to rank by (`*`, or only field and date filters), the newest come first
    relevance = request.sort == "relevance" and bool(query_weights(parsed.terms, live.config))
    while True:
        if relevance:
            ranked = by_relevance(live, parsed, scores, count, budget)
        else:
            ranked = by_date(live, scores, count, newest=request.sort != "oldest")
        kept = collapse(live, ranked) if request.collapse else ranked
        if len(kept) >= wanted or len(ranked) >= len(scores):
            return kept[:wanted]
        count = min(len(scores), count * 2 + 10)


def _version(live: OpenGeneration, docnum: int) -> Version:
    stored = live.reader.stored_fields(docnum)
    return Version(stored["id"], stored.get("title", ""), stored.get("source", ""), stored.get("published_iso"))


def _hit(live: OpenGeneration, docnum: int, score: float, rank: int, parsed: ParsedQuery | None,
         snippets: bool) -> Hit:
    stored = live.reader.stored_fields(docnum)
    versions = [_version(live, d) for d in live.versions_of(docnum)]
    snippet = ""
    if snippets:
        body = stored.get("body", "")
        snippet = make_snippet(body, parsed.terms) if parsed else lead_snippet(body)
    return Hit(
        id=stored["id"],
        title=stored.get("title", ""),
        url=stored.get("url", ""),
        source=stored.get("source", ""),
        published=stored.get("published_iso"),
        score=round(score, 4),
        snippet=snippet,
        authors=list(stored.get("author") or []),
        rank=rank,
        duplicates=[v.id for v in versions],
        versions=versions,
    )


def suggestion(live: OpenGeneration, request: SearchRequest, found: int, budget: Budget) -> str | None:
    """A corrected query, if one exists and finds more than the query as typed.

    Asked when the query finds little, or when one of its words is in no document at all.
    """
    corrected = live.speller.suggest(request.q[:MAX_QUERY_CHARS])
    if corrected is None or budget.spent():
        return None
    parsed = parse_query(corrected, live.reader.schema, live.parser, live.reader)
    return corrected if not parsed.empty and len(match(live, parsed, request, budget)) > found else None


def search(index: LiveIndex, request: SearchRequest) -> SearchResults:
    """Match, filter, order and page the live index for `request`, with snippets and facets."""
    started = time.perf_counter()
    budget = Budget(TIME_BUDGET_SECONDS)
    with index.generation() as live:
        parsed = parse_query(request.q, live.reader.schema, live.parser, live.reader)
        if parsed.empty:
            return SearchResults(request.q, 0, request.page, request.limit, [], generation=live.name,
                                 sort=request.sort,
                                 message="Type some words to search for." if not request.q.strip()
                                 else "Nothing searchable in that query; try other words.")
        unfaceted = match(live, parsed, request, budget, facet_filters=False)
        by_facets = predicate(live.docvalues, Filters(values=request.filters.values))
        scores = unfaceted if by_facets is None else {d: s for d, s in unfaceted.items() if by_facets(d)}
        offset = (request.page - 1) * request.limit
        ranked = order(live, parsed, request, scores, budget)[offset:]
        hits = [_hit(live, docnum, score, position, parsed, request.snippets)
                for position, (docnum, score) in enumerate(ranked, start=offset + 1)]
        results = SearchResults(request.q, stories(live, scores.keys()) if request.collapse else len(scores),
                                request.page, request.limit, hits, generation=live.name, sort=request.sort)
        if len(scores) < FEW_RESULTS or any(live.postings.get(term) is None for term in parsed.terms):
            results.suggestion = suggestion(live, request, len(scores), budget)
        if request.facets:
            results.facets = facets_of(live, request, scores, unfaceted)
            results.timeline_unit, results.timeline = timeline(live.docvalues, scores.keys(), stories=request.collapse,
                                                               grouped=live.grouped)
        if budget.exceeded:
            results.partial = True
            results.message = "The search took too long; these results are partial."
        results.elapsed_ms = (time.perf_counter() - started) * 1000
        return results


def article_record(stored: dict) -> dict:
    """An article as pages and the API present it, from the index's stored fields."""
    return {
        "id": stored["id"],
        "title": stored.get("title", ""),
        "body": stored.get("body", ""),
        "url": stored.get("url", ""),
        "source": stored.get("source", ""),
        "published": stored.get("published_iso"),
        "authors": list(stored.get("author") or []),
        "categories": list(stored.get("category") or []),
        "language": stored.get("language", ""),
        "section": stored.get("section", ""),
        "content_hash": stored.get("content_hash", ""),
    }


def get_article(index: LiveIndex, article_id: str) -> dict | None:
    """One article by id, with its other versions, for the article page and its JSON twin."""
    with index.generation() as live:
        docnum = live.searcher.document_number(id=article_id)
        if docnum is None:
            return None
        record = article_record(live.reader.stored_fields(docnum))
        record["versions"] = [asdict(_version(live, d)) for d in live.versions_of(docnum)]
        return record


def newest_published(index: LiveIndex) -> date | None:
    """The latest publication day in the index, so date presets work for old archives too."""
    with index.generation() as live:
        return from_seconds(live.newest).date() if live.newest is not None else None


def related(index: LiveIndex, article_id: str, limit: int = 5) -> list[Hit]:
    """More like this: articles sharing the article's most distinctive words, other versions excluded."""
    with index.generation() as live:
        docnum = live.searcher.document_number(id=article_id)
        if docnum is None:
            return []
        positions = live.document_terms(docnum)
        weights = {}
        for term, occurrences in positions.items():
            postings = live.postings.get(term)
            if postings is not None and term not in QUERY_STOPWORDS and not term.isdigit():
                weights[term] = len(occurrences) * postings.idf
        best = dict(sorted(weights.items(), key=lambda kv: -kv[1])[:RELATED_TERMS])
        scores = bm25_scores(live.postings, best, None, Budget(TIME_BUDGET_SECONDS))
        excluded = {docnum, *live.versions_of(docnum)}
        ranked = collapse(live, [(d, s) for d, s in top(scores, limit * 3 + len(excluded)) if d not in excluded])
        return [_hit(live, d, s, rank, None, snippets=True) for rank, (d, s) in enumerate(ranked[:limit], start=1)]
