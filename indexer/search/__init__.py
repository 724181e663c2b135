"""Searching: query parsing, ranking, filters, facets, snippets, and the one search function.

These names are what front ends (the CLI, `search_web`) use; nothing else of `indexer`.
"""
from ..config import INDEX_ENV, default_index_dir
from ..fields import PUBLIC_FIELDS as ARTICLE_FIELDS
from ..languages import language_name, text_direction
from ..storage import FACETS, IndexFormatError
from ..store import NoIndex
from .cluster import ClusterIndex
from .engine import get_article, newest_published, related, search, warm_up
from .export import EXPORT_COLUMNS, Export, csv_chunks, export, jsonl_chunks
from .facets import Bucket
from .filters import Filters
from .overview import ArchiveOverview, archive_overview
from .generation import RESULTS_KEPT
from .live import LiveIndex
from .query import MAX_QUERY_CHARS
from .results import SORTS, Hit, SearchRequest, SearchResults, Version
from .snippets import Snippet
from .trends import INTERVALS, MAX_QUERIES, TrendPoint, Trends, TrendSeries, trends

__all__ = ["ARTICLE_FIELDS", "EXPORT_COLUMNS", "FACETS", "INDEX_ENV", "INTERVALS", "MAX_QUERIES", "MAX_QUERY_CHARS",
           "RESULTS_KEPT", "SORTS", "ArchiveOverview", "Bucket", "ClusterIndex", "Export", "Filters", "Hit",
           "IndexFormatError", "LiveIndex", "NoIndex", "SearchRequest", "SearchResults", "Snippet", "TrendPoint",
           "TrendSeries", "Trends", "Version", "archive_overview", "csv_chunks", "default_index_dir", "export",
           "get_article", "jsonl_chunks", "language_name", "newest_published", "related", "search", "text_direction",
           "trends", "warm_up"]
