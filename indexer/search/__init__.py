"""Searching: query parsing, ranking, snippets, and the one search function."""
from .engine import SearchRequest, SearchResults, get_article, search
from .live import LiveIndex

__all__ = ["LiveIndex", "SearchRequest", "SearchResults", "get_article", "search"]
