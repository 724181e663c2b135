"""News feeds saved in the corpus (RSS 0.9x, 1.0 and 2.0, Atom): one article per item, read by feedparser.

feedparser is the well-kept library made for exactly this: it reads every RSS and Atom dialect,
their dates and their broken variants. An item's full content is its body when the feed carries
it, else its summary; HTML in either becomes plain paragraphs.
"""
from __future__ import annotations

import calendar
import io
import re
from collections.abc import Iterator
from datetime import datetime, timezone

import feedparser

from ..article import Article, Skip
from ..cleaning.body import structured_text
from ..cleaning.text import normalize_inline
from .source import SourceFile

_FEED_ROOT = re.compile(r"<(?:rss[\s>]|feed[\s>][^>]*?http://www\.w3\.org/2005/Atom|rdf:RDF[\s>][^>]*?purl\.org/rss)",
                        re.I | re.S)


def sniff(head: str) -> bool:
    """Whether a file's opening is an RSS or Atom feed."""
    return bool(_FEED_ROOT.search(head[:4096]))


def _when(entry, *keys: str) -> datetime | None:
    for key in keys:
        parsed = dict.get(entry, key)  # the item's own field: feedparser maps a missing `updated` to `published`
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    return None


def _body(entry) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    return structured_text(max(contents, key=len) if contents else entry.get("summary", ""))


def read(source: SourceFile) -> Iterator[Article | Skip]:
    feed = feedparser.parse(io.BytesIO(source.data))  # given bytes, feedparser would open a body naming a file
    if not feed.entries:
        reason = f"{type(feed.bozo_exception).__name__}" if feed.get("bozo") else "no items"
        yield Skip(source.path, "feed without items", reason)
        return
    channel = feed.feed
    outlet = normalize_inline(channel.get("title", ""))
    language = channel.get("language", "")  # `en-gb` as stated: read_source settles it to a code
    for position, entry in enumerate(feed.entries):
        title, body = normalize_inline(entry.get("title", "")), _body(entry)
        if not title and not body:
            yield Skip(source.where(f"item {position + 1}"), "no title or body")
            continue
        authors = [normalize_inline(a.get("name", "")) for a in entry.get("authors", []) if a.get("name")]
        yield Article(
            id=entry.get("id") or entry.get("link") or source.derived_id(position),
            title=title,
            body=body,
            url=entry.get("link", ""),
            published=_when(entry, "published_parsed", "updated_parsed"),
            modified=_when(entry, "updated_parsed") if dict.get(entry, "published_parsed") else None,
            source=outlet,
            authors=authors,
            categories=[t["term"] for t in entry.get("tags", []) if t.get("term")],
            language=language,
            path=source.path,
        )
