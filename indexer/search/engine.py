"""The one search function behind the web pages, the JSON API and the CLI."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from .live import LiveIndex, OpenGeneration
from .query import ParsedQuery, parse_query
from .ranking import Budget, bm25_scores, dependence_bonus, expand, feedback_terms, query_weights, rescore, top
from .snippets import make_snippet

MAX_LIMIT = 1000
RESULT_WINDOW = 10_000  # deepest rank a page may reach, as in Elasticsearch
TIME_BUDGET_SECONDS = 2.0


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: the query text and which page of results to return."""

    q: str
    page: int = 1
    limit: int = 10
    snippets: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
        if self.page < 1:
            raise ValueError("page must be 1 or more")
        if self.page * self.limit > max(RESULT_WINDOW, self.limit):
            raise ValueError(f"results beyond the first {RESULT_WINDOW:,} are not available; refine the query")


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

    @property
    def pages(self) -> int:
        """Pages that can be requested: all results, up to the result window."""
        return max(1, min(-(-self.total // self.limit), RESULT_WINDOW // self.limit))

    def to_dict(self) -> dict:
        """The JSON shape shared by `news-index search --format json` and `/api/search`."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "pages": self.pages,
            "elapsed_ms": round(self.elapsed_ms, 2),
            "generation": self.generation,
            "message": self.message,
            "partial": self.partial,
            "hits": [asdict(h) for h in self.hits],
        }


def rank(live: OpenGeneration, parsed: ParsedQuery, count: int, budget: Budget) -> tuple[int, list[tuple[int, float]]]:
    """How many documents match, and the best `count` of them with their scores.

    Documents matched only by a filter (a field query, say) score 0 and keep index order.
    """
    config = live.config
    terms = query_weights(parsed.terms, config)
    allowed = None if parsed.plain else set(live.searcher.docs_for_query(parsed.query))
    scores = bm25_scores(live.postings, terms, allowed, budget) if terms else {}
    for docnum in allowed or ():
        scores.setdefault(docnum, 0.0)
    ranked = top(scores, max(count, config.feedback_depth if config.feedback_docs else 0,
                             config.rerank_depth if config.proximity else 0))
    if config.feedback_docs and terms and ranked and not budget.spent():
        seed = ranked[:config.feedback_docs]
        expansion = feedback_terms([live.document_terms(d) for d, _ in seed], [s for _, s in seed],
                                   config, live.postings)
        head = ranked[:config.feedback_depth]
        ranked = rescore(live.postings, expand(terms, expansion, config.feedback_weight), [d for d, _ in head]) \
            + ranked[config.feedback_depth:]
    if config.proximity and len(terms) > 1 and not budget.spent():
        idf = {t: p.idf for t in terms if (p := live.postings.get(t))}
        reranked = [(docnum, score + config.proximity * dependence_bonus(live.document_terms(docnum),
                                                                           list(terms), idf))
                    for docnum, score in ranked[:config.rerank_depth]]
        ranked = sorted(reranked, key=lambda item: (-item[1], item[0])) + ranked[config.rerank_depth:]
    return len(scores), ranked[:count]


def _hit(live: OpenGeneration, docnum: int, score: float, rank: int, parsed: ParsedQuery, snippets: bool) -> Hit:
    stored = live.reader.stored_fields(docnum)
    return Hit(
        id=stored["id"],
        title=stored.get("title", ""),
        url=stored.get("url", ""),
        source=stored.get("source", ""),
        published=stored.get("published_iso"),
        score=round(score, 4),
        snippet=make_snippet(stored.get("body", ""), parsed.terms) if snippets else "",
        authors=list(stored.get("author") or []),
        rank=rank,
    )


def search(index: LiveIndex, request: SearchRequest) -> SearchResults:
    """Rank the live index for `request` and return one page of hits with snippets."""
    started = time.perf_counter()
    budget = Budget(TIME_BUDGET_SECONDS)
    with index.generation() as live:
        parsed = parse_query(request.q, live.reader.schema, live.parser)
        if parsed.empty:
            return SearchResults(request.q, 0, request.page, request.limit, [], generation=live.name,
                                 message="Type some words to search for." if not request.q.strip()
                                 else "Nothing searchable in that query; try other words.")
        offset = (request.page - 1) * request.limit
        total, ranked = rank(live, parsed, offset + request.limit, budget)
        hits = [_hit(live, docnum, score, position, parsed, request.snippets)
                for position, (docnum, score) in enumerate(ranked[offset:], start=offset + 1)]
        return SearchResults(request.q, total, request.page, request.limit, hits,
                             elapsed_ms=(time.perf_counter() - started) * 1000, generation=live.name,
                             partial=budget.exceeded,
                             message="The search took too long; these results are partial." if budget.exceeded else "")


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
        "path": stored.get("path", ""),
        "content_hash": stored.get("content_hash", ""),
    }


def get_article(index: LiveIndex, article_id: str) -> dict | None:
    """One article by id, for the article page and its JSON twin; None if it is not indexed."""
    with index.generation() as live:
        docnum = live.searcher.document_number(id=article_id)
        return None if docnum is None else article_record(live.reader.stored_fields(docnum))
