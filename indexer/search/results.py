"""What a search is asked and what it answers: the request, hits with their versions and snippets, facets."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .facets import Bucket
from .filters import Filters
from .significant import SignificantTerm
from .snippets import Snippet

MAX_LIMIT = 1000
RESULT_WINDOW = 10_000  # deepest rank a page may reach, as in Elasticsearch
SORTS = ("relevance", "newest", "oldest")


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
    significant: bool = False  # the terms most distinctive of the matches

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
        if self.page < 1:
            raise ValueError("page must be 1 or more")
        if self.page * self.limit > max(RESULT_WINDOW, self.limit):
            raise ValueError(f"results beyond the first {RESULT_WINDOW:,} are not available; refine the query")
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")

    @property
    def key(self) -> tuple:
        """Equal for requests that get the same answer from one generation."""
        return (self.q, self.page, self.limit, self.sort, self.filters.key, self.snippets, self.facets,
                self.collapse, self.significant)


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
    snippet: Snippet
    authors: list[str] = field(default_factory=list)
    language: str = ""
    rank: int = 0
    versions: list[Version] = field(default_factory=list)

    @property
    def duplicates(self) -> list[str]:
        """Ids of the other versions of the story."""
        return [v.id for v in self.versions]

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "url": self.url, "source": self.source,
                "published": self.published, "score": self.score, "snippet": self.snippet.html(),
                "snippet_text": self.snippet.text, "highlights": [list(span) for span in self.snippet.spans],
                "authors": self.authors, "language": self.language, "rank": self.rank, "duplicates": self.duplicates,
                "versions": [asdict(v) for v in self.versions]}


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
    significant_terms: list[SignificantTerm] | None = None  # when asked for

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
            "hits": [h.to_dict() for h in self.hits],
        }
        if self.significant_terms is not None:
            data["significant_terms"] = [term.to_dict() for term in self.significant_terms]
        if self.facets:
            data["facets"] = self.facets
            data["timeline"] = {"unit": self.timeline_unit, "buckets": [asdict(b) for b in self.timeline]}
        return data
