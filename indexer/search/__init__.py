"""Searching: query parsing, ranking, filters, facets, snippets, and the one search function."""
from .engine import SORTS, SearchRequest, SearchResults, get_article, newest_published, related, search
from .facets import Bucket
from .filters import FACETS, Filters
from .live import LiveIndex

__all__ = ["FACETS", "SORTS", "Bucket", "Filters", "LiveIndex", "SearchRequest", "SearchResults", "get_article",
           "newest_published", "related", "search"]
