"""Article metadata from a parsed page, each field from the strongest signal it has.

Order of trust: JSON-LD of a news article, then Open Graph / article meta tags, then
generic meta tags, then the visible markup (`<title>`, `<h1>`, `<time>`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from bs4 import BeautifulSoup, Tag

from ..dates import parse_date
from .text import normalize_inline

ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                 "blogposting", "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
                 "socialmediaposting", "liveblogposting", "report", "scholarlyarticle", "techarticle"}


@dataclass
class PageMetadata:
    """What a page says about itself, before its body text is considered."""

    title: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str = ""
    url: str = ""
    language: str = ""
    description: str = ""
    section: str = ""
    keywords: list[str] = field(default_factory=list)
    json_ld_body: str = ""
    json_ld_types: set[str] = field(default_factory=set)


def json_ld_objects(soup: BeautifulSoup) -> list[dict]:
    """Every JSON-LD object on the page, with `@graph` members and nested lists flattened."""
    found: list[dict] = []
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        raw = script.string or script.get_text() or ""
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return found


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _names(value: object) -> list[str]:
    """Person names from a JSON-LD author value: string, Person object, or a list of them."""
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    if isinstance(value, dict):
        return _names(value.get("name", ""))
    if isinstance(value, str):
        return [value]
    return []


def _first_text(*values: object) -> str:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, dict):
            value = value.get("name") or value.get("@id") or ""
        if isinstance(value, str) and value.strip():
            return normalize_inline(value)
    return ""


def _meta(soup: BeautifulSoup, *names: str) -> list[str]:
    """Content of meta tags matching any of `names` in `property`, `name` or `itemprop`."""
    wanted = {n.lower() for n in names}
    values = []
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        content = tag.get("content")
        if key in wanted and isinstance(content, str) and content.strip():
            values.append(normalize_inline(content))
    return values


_BYLINE_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s+", re.I)
_ROLE_SUFFIX = re.compile(
    r"\s*[,|\u2013\u2014-]\s*(?:(?:[\w.'\u2019]+\s+){0,3}?(?:staff\s+)?(?:writer|reporter|correspondent|editor|"
    r"contributor|columnist|photographer|analyst)s?|associated press|reuters|afp|ap)\b.*$", re.I)


_NOT_PEOPLE = {"reuters", "ap", "afp", "associated press", "staff", "agencies", "admin", "editor",
               "editors", "news desk", "newsdesk", "staff reporter", "staff writer"}


def clean_author(name: str) -> str:
    """A person's name without the "By" prefix, role words or a trailing outlet."""
    name = _BYLINE_PREFIX.sub("", normalize_inline(name))
    name = _ROLE_SUFFIX.sub("", name).strip(" ,;|")
    if not name or name.lower() in _NOT_PEOPLE or name.startswith(("http://", "https://")) or len(name) > 80:
        return ""
    return name


def split_authors(values: list[str]) -> list[str]:
    """De-duplicated author names; `A and B`, `A, B` and `A & B` become separate names."""
    names: list[str] = []
    for value in values:
        value = _ROLE_SUFFIX.sub("", _BYLINE_PREFIX.sub("", normalize_inline(value)))
        for part in re.split(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b)\s*", value):
            name = clean_author(part)
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
    return names


def _article_object(objects: list[dict]) -> dict:
    for obj in objects:
        if _types(obj) & ARTICLE_TYPES:
            return obj
    return {}


def _title_from_markup(soup: BeautifulSoup) -> str:
    if soup.title and soup.title.string:
        return normalize_inline(soup.title.string)
    h1 = soup.find("h1")
    return normalize_inline(h1.get_text(" ")) if h1 else ""


def _time_element(soup: BeautifulSoup) -> datetime | None:
    for tag in soup.find_all("time"):
        found = parse_date(tag.get("datetime") or tag.get_text(" "))
        if found:
            return found
    return None


def _language(soup: BeautifulSoup, article: dict) -> str:
    html = soup.find("html")
    lang = _first_text(article.get("inLanguage"))
    if not lang and isinstance(html, Tag):
        lang = str(html.get("lang") or html.get("xml:lang") or "")
    if not lang:
        lang = next(iter(_meta(soup, "og:locale", "content-language", "language", "dc.language")), "")
    return lang.replace("_", "-").split("-")[0].lower()[:8] if lang else ""


def _canonical(soup: BeautifulSoup, article: dict) -> str:
    link = soup.find("link", rel=lambda r: r and "canonical" in (r if isinstance(r, list) else [r]))
    href = link.get("href") if isinstance(link, Tag) else ""
    for candidate in (href, *_meta(soup, "og:url"), _first_text(article.get("url"), article.get("mainEntityOfPage"))):
        if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
            return candidate.strip()
    return ""


def page_metadata(soup: BeautifulSoup) -> PageMetadata:
    """Collect the page's own statements about title, dates, authors, outlet and language."""
    objects = json_ld_objects(soup)
    article = _article_object(objects)
    publisher = article.get("publisher") if isinstance(article.get("publisher"), (dict, list, str)) else None
    website = next((o for o in objects if "website" in _types(o)), {})
    authors = split_authors(_names(article.get("author")) or _names(article.get("creator"))) or split_authors(
        _meta(soup, "article:author", "author", "byl", "dc.creator", "sailthru.author", "parsely-author"))
    published = (parse_date(_first_text(article.get("datePublished"), article.get("dateCreated")))
                 or next(filter(None, map(parse_date, _meta(
                     soup, "article:published_time", "og:published_time", "datePublished", "pubdate",
                     "publishdate", "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date"))), None)
                 or _time_element(soup))
    modified = (parse_date(_first_text(article.get("dateModified")))
                or next(filter(None, map(parse_date, _meta(soup, "article:modified_time", "og:updated_time",
                                                           "dateModified", "last-modified"))), None))
    return PageMetadata(
        title=_first_text(*_meta(soup, "og:title", "twitter:title"), article.get("headline"))
        or _title_from_markup(soup),
        published=published,
        modified=modified,
        authors=authors,
        site_name=_first_text(*_meta(soup, "og:site_name", "application-name"), publisher, website.get("name")),
        url=_canonical(soup, article),
        language=_language(soup, article),
        description=_first_text(*_meta(soup, "description", "og:description", "twitter:description"),
                                article.get("description")),
        section=_first_text(article.get("articleSection"), *_meta(soup, "article:section")),
        keywords=[k for k in (normalize_inline(k) for v in _meta(soup, "news_keywords", "keywords", "article:tag")
                              for k in v.split(",")) if k][:20],
        json_ld_body=article["articleBody"] if isinstance(article.get("articleBody"), str) else "",
        json_ld_types=_types(article),
    )
