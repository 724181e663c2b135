"""Following news feeds: download new items' pages politely and archive them as WARC files in the corpus.

The archive is the record: a rebuild reads the WARC files like any other corpus file, so what was
fetched can always be indexed again.
"""
from .run import FetchReport, fetch_feeds

__all__ = ["FetchReport", "fetch_feeds"]
