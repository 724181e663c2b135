"""Searching: query parsing, ranking, filters, facets, snippets, and the one search function.

These names are what front ends (the CLI, `search_web`) use; nothing else of `indexer`.
"""
from ..config import INDEX_ENV, default_index_dir
from ..fields import PUBLIC_FIELDS as ARTICLE_FIELDS
from ..languages import language_name, text_direction
from ..storage import FACETS, IndexFormatError
from ..store import NoIndex
from .engine import get_article, newest_published, related, search, warm_up
from .facets import Bucket
from .filters import Filters
from .generation import RESULTS_KEPT
from .live import LiveIndex
from .query import MAX_QUERY_CHARS
from .results import SORTS, Hit, SearchRequest, SearchResults, Version
from .snippets import Snippet

__all__ = ["ARTICLE_FIELDS", "FACETS", "INDEX_ENV", "MAX_QUERY_CHARS", "RESULTS_KEPT", "SORTS", "Bucket", "Filters",
           "Hit", "IndexFormatError", "LiveIndex", "NoIndex", "SearchRequest", "SearchResults", "Snippet", "Version",
           "default_index_dir", "get_article", "language_name", "newest_published", "related", "search",
           "text_direction", "warm_up"]
