"""HTML page bytes in, cleaned article out: no file or network access here."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

from .decoding import decode_bytes
from .metadata import page_metadata
from .text import normalize_body, normalize_inline

# Elements that never hold article text.
DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe",
    "svg", "canvas", "button", "select", "input", "textarea", "object", "embed", "video", "audio",
    "map", "dialog", "menu", "link", "meta", "head", "title",
})
# Elements whose start and end break the text into paragraphs.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "table", "tr", "td", "th", "thead", "tbody", "dl", "dt", "dd", "figure",
    "figcaption", "address", "details", "summary", "hr", "br", "center", "body", "html", "caption",
})
_SKIPPED_NODES = (Comment, Declaration, Doctype, ProcessingInstruction)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


@dataclass
class CleanedPage:
    """The article a page holds, or why it holds none (`is_article` false with a `reason`)."""

    title: str = ""
    body: str = ""
    url: str = ""
    published: datetime | None = None
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


def parse_html(data: bytes) -> BeautifulSoup:
    """Decode leniently (declared charset, then detection) and parse with lxml."""
    return BeautifulSoup(decode_bytes(data, declared_charset(data)), "lxml")


def block_paragraphs(root: Tag, drop: frozenset[str] = DROP_TAGS) -> list[str]:
    """The text under `root` as paragraphs, split at block elements, skipping `drop` elements.

    Walks with an explicit stack so that pathologically deep markup cannot exhaust recursion.
    """
    paragraphs: list[str] = []
    line: list[str] = []

    def flush() -> None:
        text = normalize_inline("".join(line))
        if text:
            paragraphs.append(text)
        line.clear()

    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if node is flush:
            flush()
        elif isinstance(node, NavigableString):
            if not isinstance(node, _SKIPPED_NODES):
                line.append(str(node))
        elif isinstance(node, Tag) and node.name not in drop:
            if node.name in BLOCK_TAGS:
                flush()
                stack.append(flush)
            stack.extend(reversed(node.contents))
    flush()
    return paragraphs


def strip_site_suffix(title: str, site_name: str) -> str:
    """`Headline | Outlet` or `Headline - Outlet` becomes `Headline`."""
    parts = re.split(r"\s+[|\u2013\u2014:-]\s+", title)
    if len(parts) > 1 and site_name and parts[-1].strip().lower() in site_name.lower():
        return " - ".join(parts[:-1]).strip()
    if len(parts) > 1 and site_name and parts[0].strip().lower() in site_name.lower():
        return " - ".join(parts[1:]).strip()
    return title


def main_content(soup: BeautifulSoup) -> Tag:
    """The element most likely to hold the article: `<article>`, `<main>`, then `<body>`."""
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda a: len(a.get_text(" ", strip=True)))
    return soup.find("main") or soup.find("body") or soup


def clean_html(data: bytes, url: str = "") -> CleanedPage:
    """Extract the article text and metadata of one HTML page."""
    soup = parse_html(data)
    meta = page_metadata(soup)
    body = normalize_body(meta.json_ld_body) if meta.json_ld_body else ""
    if not body:
        body = "\n\n".join(block_paragraphs(main_content(soup)))
    page = CleanedPage(
        title=strip_site_suffix(meta.title, meta.site_name),
        body=body,
        url=meta.url or url,
        published=meta.published,
        modified=meta.modified,
        authors=meta.authors,
        site_name=meta.site_name,
        language=meta.language,
        description=meta.description,
        section=meta.section,
        keywords=meta.keywords,
    )
    if not body:
        page.is_article, page.reason = False, "no article text"
    return page
