"""HTML page bytes in, cleaned article out: no file or network access here.

The steps live in their own modules: decoding, metadata (what the page says about
itself), content (which elements hold the story), body (which of their lines to keep,
or the structured body instead) and pagetype (whether the page is an article at all).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from bs4 import BeautifulSoup

from .body import body_paragraphs, choose_body
from .content import article_blocks, flatten, headline_block, main_container
from .decoding import decode_bytes
from .metadata import page_metadata
from .pagetype import article_verdict
from .publication_day import publication
from .shown_days import page_days

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


@dataclass
class CleanedPage:
    """The article a page holds, or why it holds none (`is_article` false with a `reason`)."""

    title: str = ""
    body: str = ""
    url: str = ""
    published: datetime | None = None
    # where the date came from: json-ld, meta, time, byline, url, modified, dateline or htmldate
    published_source: str = ""
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str = ""
    language: str = ""
    description: str = ""
    section: str = ""
    keywords: list[str] = field(default_factory=list)
    is_article: bool = True
    reason: str = ""


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (meta tag or XML declaration)."""
    head = data[:4096]
    found = _CHARSET.search(head) or _XML_ENCODING.search(head)
    return found.group(1).decode("ascii", "replace") if found else None


def decode_html(data: bytes) -> str:
    """Decode leniently: the declared charset, then detection."""
    return decode_bytes(data, declared_charset(data))


def parse_html(data: bytes) -> BeautifulSoup:
    """Decode leniently and parse with lxml."""
    return BeautifulSoup(decode_html(data), "lxml")


def clean_html(data: bytes, url: str = "") -> CleanedPage:
    """Extract the article text and metadata of one HTML page."""
    html = decode_html(data)
    soup = BeautifulSoup(html, "lxml")
    meta = page_metadata(soup, url)
    layout = flatten(soup)
    blocks = [block.text for block in layout.blocks]
    shown = page_days(blocks, headline_block(layout, meta.title))
    published, published_source = publication(meta, html, shown)
    paragraphs = body_paragraphs(article_blocks(layout, main_container(layout)), meta.title)
    body = choose_body(paragraphs, meta.json_ld_body)
    is_article, reason = article_verdict(meta, body, layout.link_share())
    return CleanedPage(
        title=meta.title,
        body=body,
        url=meta.url,
        published=published,
        published_source=published_source,
        modified=meta.modified,
        authors=meta.authors,
        site_name=meta.site_name,
        language=meta.language,
        description=meta.description,
        section=meta.section,
        keywords=meta.keywords,
        is_article=is_article,
        reason=reason,
    )
