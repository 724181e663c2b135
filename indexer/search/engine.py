"""The one search function behind the web pages, the JSON API and the CLI."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from whoosh.query import NullQuery

from .live import LiveIndex
from .query import make_parser, parse_query
from .snippets import FRAGMENTS, lead_snippet, make_highlighter

MAX_LIMIT = 1000
RESULT_WINDOW = 10_000  # deepest rank a page may reach, as in Elasticsearch


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
            "hits": [asdict(h) for h in self.hits],
        }


def search(index: LiveIndex, request: SearchRequest) -> SearchResults:
    """Rank the live index for `request` and return one page of hits with snippets."""
    started = time.perf_counter()
    with index.searcher() as searcher:
        query = parse_query(request.q, searcher.schema, make_parser(searcher.schema))
        if query is NullQuery:
            return SearchResults(request.q, 0, request.page, request.limit, [], generation=index.generation() or "",
                                 message="Type some words to search for." if not request.q.strip()
                                 else "Nothing searchable in that query; try other words.")
        offset = (request.page - 1) * request.limit
        results = searcher.search(query, limit=offset + request.limit, terms=request.snippets)
        if request.snippets:
            results.highlighter = make_highlighter()
        hits = []
        for rank, hit in enumerate(results[offset:offset + request.limit], start=offset + 1):
            stored = hit.fields()
            snippet = ""
            if request.snippets:
                snippet = hit.highlights("body", top=FRAGMENTS) or lead_snippet(stored.get("body", ""))
            hits.append(Hit(
                id=stored["id"],
                title=stored.get("title", ""),
                url=stored.get("url", ""),
                source=stored.get("source", ""),
                published=stored.get("published_iso"),
                score=round(float(hit.score or 0.0), 4),
                snippet=snippet,
                authors=list(stored.get("author") or []),
                rank=rank,
            ))
        return SearchResults(request.q, len(results), request.page, request.limit, hits,
                             elapsed_ms=(time.perf_counter() - started) * 1000,
                             generation=index.generation() or "")


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
    with index.searcher() as searcher:
        docnum = searcher.document_number(id=article_id)
        return None if docnum is None else article_record(searcher.stored_fields(docnum))
