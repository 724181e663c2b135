"""Article metadata from a parsed page, each field from the strongest signal it has.

Order of trust: the JSON-LD news article, then Open Graph / article meta tags, then
generic meta tags, then the visible markup (`<title>`, `<h1>`, `<time>`, bylines).
The page is walked once to collect every signal; the fields are then decided from them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from ..dates import parse_date
from .authors import byline_authors, split_authors
from .structured import article_object, object_of_type, parse_json_ld, types_of
from .text import normalize_inline, squash

_MAX_VISIBLE = 5  # h1s, times and bylines kept from the visible markup


@dataclass
class PageSignals:
    """Everything the page states about itself, gathered in one walk over the tree."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    canonical: str = ""
    json_ld: list[str] = field(default_factory=list)
    title: str = ""
    headings: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    html_lang: str = ""

    def first(self, *keys: str) -> str:
        """The first non-empty meta value among `keys`, in the order of the keys."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value:
                    return value
        return ""

    def values(self, *keys: str) -> list[str]:
        """Every non-empty meta value among `keys`."""
        return [value for key in keys for value in self.meta.get(key, ()) if value]


@dataclass
class PageMetadata:
    """What a page says about itself, before its body text is considered."""

    title: str = ""
    published: datetime | None = None
    published_source: str = ""  # which signal gave it: json-ld, meta, time, byline or url
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str = ""
    url: str = ""
    language: str = ""
    description: str = ""
    section: str = ""
    keywords: list[str] = field(default_factory=list)
    og_type: str = ""
    json_ld_body: str = ""
    page_types: set[str] = field(default_factory=set)


def _words_of(value: object) -> list[str]:
    """An attribute's words, whether bs4 gave a list (class, rel) or a string."""
    return value if isinstance(value, list) else str(value or "").split()


def _is_byline(tag: Tag, attrs: dict) -> bool:
    if "author" in _words_of(attrs.get("itemprop")) or "author" in _words_of(attrs.get("rel")):
        return True
    classes = " ".join(_words_of(attrs.get("class"))).lower()
    return tag.name != "body" and ("byline" in classes or "author-name" in classes)


def collect_signals(soup: BeautifulSoup) -> PageSignals:
    """Walk the page once and keep the elements that carry metadata."""
    signals = PageSignals()
    meta = signals.meta
    for node in soup.descendants:
        if type(node) is not Tag:
            continue
        name, attrs = node.name, node.attrs
        if name == "meta":
            content = attrs.get("content")
            if isinstance(content, str):
                for key_attr in ("property", "name", "itemprop", "http-equiv"):
                    for key in _words_of(attrs.get(key_attr)):
                        meta.setdefault(key.lower(), []).append(normalize_inline(content))
        elif name == "link":
            if not signals.canonical and "canonical" in _words_of(attrs.get("rel")):
                signals.canonical = str(attrs.get("href") or "").strip()
        elif name == "script":
            if "ld+json" in str(attrs.get("type", "")).lower():
                signals.json_ld.append(node.get_text())
        elif name == "title":
            if not signals.title and node.find_parent("svg") is None:
                signals.title = normalize_inline(node.get_text())
        elif name == "html":
            signals.html_lang = signals.html_lang or str(attrs.get("lang") or attrs.get("xml:lang") or "")
        elif name == "h1":
            if len(signals.headings) < _MAX_VISIBLE:
                signals.headings.append(normalize_inline(node.get_text(" ")))
        elif name == "time":
            if len(signals.times) < _MAX_VISIBLE:
                signals.times.append(str(attrs.get("datetime") or node.get_text(" ")))
        elif attrs and len(signals.bylines) < _MAX_VISIBLE and _is_byline(node, attrs):
            signals.bylines.append(normalize_inline(node.get_text(" ")))
    return signals


# --- authors -------------------------------------------------------------------------


def _person_names(value: object) -> list[str]:
    """Names from a JSON-LD author: a string, a Person, or a list of them (organisations are no authors)."""
    names: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item[:50]))
        elif isinstance(item, dict):
            if not types_of(item) & {"organization", "newsmediaorganization", "corporation"}:
                stack.append(item.get("name", ""))
        elif isinstance(item, str):
            names.append(item)
    return names


# --- authors -------------------------------------------------------------------------


def authors_of(article: dict, signals: PageSignals, outlets: list[str]) -> list[str]:
    """Authors from the strongest signal that names any: JSON-LD, meta tags, then visible bylines."""
    meta_names = [v for v in signals.values("author", "article:author", "byl", "dc.creator", "sailthru.author",
                                            "parsely-author", "citation_author") if "://" not in v]
    return (split_authors(_person_names(article.get("author")) or _person_names(article.get("creator")), outlets)
            or split_authors(meta_names, outlets)
            or byline_authors(signals.bylines, outlets))


# --- title ---------------------------------------------------------------------------

_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\u2013\u2014:·»-]|::)\s+")


def strip_site_suffix(title: str, site_names: list[str] | str, headings: list[str] = ()) -> str:
    """`Headline | Outlet` or `Outlet - Headline` becomes `Headline`.

    A segment is the outlet when it matches a known site name (ignoring case, spaces and
    dots), or when the rest of the title is exactly the page's main heading.
    """
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    names = [squash(n) for n in ([site_names] if isinstance(site_names, str) else site_names) if squash(n)]

    def is_site(segment: str) -> bool:
        seg = squash(segment)
        return bool(seg) and any(seg == n or seg in n or (len(n) > 3 and n in seg and len(seg) < 2 * len(n))
                                 for n in names)

    separators = _TITLE_SEPARATOR.findall(title)
    while len(parts) > 1 and is_site(parts[-1]):
        parts, separators = parts[:-1], separators[:-1]
    while len(parts) > 1 and is_site(parts[0]):
        parts, separators = parts[1:], separators[1:]
    title = "".join(part + (separators[i] if i < len(separators) else "") for i, part in enumerate(parts)).strip()
    headed = {squash(h) for h in headings if h}
    for start in range(len(parts)):
        for stop in range(len(parts), start, -1):
            if (start, stop) != (0, len(parts)) and squash(" ".join(parts[start:stop])) in headed:
                return _heading_text(headings, parts[start:stop])
    return title


def _heading_text(headings: list[str], segments: list[str]) -> str:
    key = squash(" ".join(segments))
    return next(h for h in headings if squash(h) == key)


def _domain_name(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed URL names no site
        return ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp", "edition")]
    return labels[-2] if len(labels) >= 2 else ""


# --- everything else -----------------------------------------------------------------

_PUBLISHED_KEYS = ("article:published_time", "og:published_time", "datepublished", "article:published",
                   "article.published",
                   "pubdate", "publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued",
                   "dcterms.created", "sailthru.date", "parsely-pub-date", "citation_publication_date",
                   "article_date_original", "originalpublicationdate")
_MODIFIED_KEYS = ("article:modified_time", "og:updated_time", "datemodified", "article:modified", "article.updated",
                  "last-modified",
                  "dc.date.modified", "dcterms.modified", "lastmod")
_EARLIEST_YEAR = 1990  # a web page is no older; earlier dates are CMS placeholders (0001-01-01, 1970-01-01)
_LATEST_AHEAD = timedelta(days=1)  # a date later than this after now is a scheduled or mistyped one
# `/2023/11/08/`, `/2017-7-12-`, `/2017/7/12/` (a lone digit followed by a slug, as `/2023/10/3-fragen`, is no day)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01]|[1-9](?=/|$))(?:/|$|-)")


def _first_text(*values: object) -> str:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, dict):
            value = value.get("name") or value.get("@id") or ""
        if isinstance(value, str) and value.strip():
            return normalize_inline(value)
    return ""


def _name_of(value: object) -> str:
    """The name of a JSON-LD object (or the first of a list), never its @id."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return normalize_inline(value) if isinstance(value, str) else ""


def _site_name(*candidates: str) -> str:
    """The first candidate that is a name rather than a URL, without a tagline after a separator."""
    for candidate in candidates:
        if candidate and "://" not in candidate and not candidate.startswith("www."):
            return _TITLE_SEPARATOR.split(candidate)[0].strip()
    return ""


def _first_dated(candidates: Iterable[tuple[str, str]]) -> tuple[datetime | None, str]:
    """The first plausible date of (source, text) candidates, and its source; a later one for the same day
    wins if it adds the time or the offset.

    Pages often give a bare day in one place and the full timestamp in another.
    """
    chosen: datetime | None = None
    source = ""
    latest = datetime.now().replace(tzinfo=None) + _LATEST_AHEAD
    for where, value in candidates:
        found = parse_date(value)
        if found is None or found.year < _EARLIEST_YEAR or found.replace(tzinfo=None) > latest:
            continue
        if chosen is None:
            chosen, source = found, where
        elif found.date() == chosen.date() and _precision(found) > _precision(chosen):
            chosen = found
    return chosen, source


def _first_date(*values: str) -> datetime | None:
    return _first_dated(("", value) for value in values)[0]


def _precision(value: datetime) -> int:
    return (value.tzinfo is not None) * 2 + (value.time() != datetime.min.time())


def _url_date(url: str) -> datetime | None:
    found = _URL_DATE.search(url) if url else None
    return _first_date("-".join(part.zfill(2) for part in found.groups())) if found else None


def _published(stamp: datetime | None, source: str, url_day: datetime | None) -> tuple[datetime | None, str]:
    """The publication time and its source, on the outlet's own day.

    The date in the outlet's URL is set when the story is first published and never changes: a stamp more
    than a day from it is another date of the page (an update, a re-post, a date of something else). A UTC
    timestamp one day off it (`2023-11-09T01:09Z` for `/2023/11/08/…`, an evening story in the Americas) was
    published on the URL's day, which is all that is known of it then. Without a stamp, the URL's day."""
    if stamp is None or url_day is None:
        return (stamp, source) if stamp is not None else (url_day, "url" if url_day else "")
    days_apart = abs((stamp.date() - url_day.date()).days)
    if days_apart > 1 or (days_apart == 1 and stamp.utcoffset() == timedelta(0)):
        return url_day, "url"
    return stamp, source


def _language(signals: PageSignals, article: dict) -> str:
    lang = (signals.html_lang or _first_text(article.get("inLanguage"))
            or signals.first("og:locale", "content-language", "language", "dc.language", "inlanguage"))
    return lang.replace("_", "-").split("-")[0].strip().lower()[:8] if lang else ""


def _canonical(signals: PageSignals, article: dict, url: str) -> str:
    main_entity = article.get("mainEntityOfPage")
    candidates = (signals.canonical, signals.first("og:url"), _first_text(article.get("url")),
                  main_entity.get("@id") if isinstance(main_entity, dict) else main_entity)
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            try:
                absolute = urljoin(url, candidate.strip()) if url else candidate.strip()
            except ValueError:  # malformed, e.g. an unclosed IPv6 bracket
                continue
            if absolute.startswith(("http://", "https://")):
                return absolute
    return url


def _keywords(signals: PageSignals, article: dict) -> list[str]:
    raw = signals.values("news_keywords", "keywords", "article:tag")
    ld = article.get("keywords")
    raw += ld if isinstance(ld, list) else [ld] if isinstance(ld, str) else []
    seen: dict[str, str] = {}
    for value in raw:
        for keyword in (normalize_inline(k) for k in str(value).split(",")):
            if keyword and keyword.lower() not in seen:
                seen[keyword.lower()] = keyword
    return list(seen.values())[:20]


def page_metadata(soup: BeautifulSoup, url: str = "") -> PageMetadata:
    """Collect the page's own statements about title, dates, authors, outlet and language."""
    signals = collect_signals(soup)
    objects = parse_json_ld(signals.json_ld)
    article = article_object(objects)
    website = object_of_type(objects, "website")
    site_name = _site_name(signals.first("og:site_name"), _name_of(article.get("publisher")),
                           signals.first("application-name"), _name_of(website))
    canonical = _canonical(signals, article, url)
    headline = _first_text(article.get("headline"))
    raw_title = (signals.first("og:title") or (headline if not headline.endswith(("...", "…")) else "")
                 or signals.first("twitter:title") or signals.title or next(iter(signals.headings), ""))
    site_names = [n for n in (site_name, _name_of(website), _name_of(article.get("publisher")),
                              _domain_name(canonical)) if n]
    body = article.get("articleBody")
    published, published_source = _published(*_first_dated([
        ("json-ld", _first_text(article.get("datePublished"))), ("json-ld", _first_text(article.get("dateCreated"))),
        *(("meta", value) for value in signals.values(*_PUBLISHED_KEYS)), *(("time", value) for value in signals.times),
        *(("byline", value) for value in signals.bylines)]), _url_date(canonical))
    return PageMetadata(
        title=strip_site_suffix(raw_title, site_names, signals.headings),
        published=published,
        published_source=published_source,
        modified=_first_date(_first_text(article.get("dateModified")), *signals.values(*_MODIFIED_KEYS)),
        authors=authors_of(article, signals, site_names),
        site_name=site_name,
        url=canonical,
        language=_language(signals, article),
        description=_first_text(signals.first("description", "og:description", "twitter:description"),
                                article.get("description")),
        section=_first_text(article.get("articleSection"), signals.first("article:section")),
        keywords=_keywords(signals, article),
        og_type=signals.first("og:type").lower(),
        json_ld_body=body if isinstance(body, str) else "",
        page_types=set().union(*(types_of(o) for o in objects)) if objects else set(),
    )
