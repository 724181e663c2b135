"""Jinja filters for showing article data safely and readably."""
from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

from flask import Flask
from markupsafe import Markup

from indexer.search import Snippet, language_name, text_direction


def http_url(value: str | None) -> str | None:
    """The URL if it is http(s), else None: only those become links."""
    if not value:
        return None
    value = value.strip()
    return value if urlsplit(value).scheme.lower() in ("http", "https") and "//" in value[:8] else None


def human_date(value: str | None) -> str:
    """`1987-02-26T15:01:01` as `26 Feb 1987`; an unreadable value is shown as given."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%-d %b %Y")
    except ValueError:
        return value


def snippet_html(snippet: Snippet) -> Markup:
    """A snippet's text, escaped, with its matched words in `<mark>`."""
    return Markup(snippet.html())


def paragraphs(body: str) -> list[str]:
    return [p for p in (body or "").split("\n\n") if p.strip()]


FACET_LABELS = {"source": "Outlet", "year": "Year", "month": "Month", "category": "Topic", "language": "Language",
                "author": "Author"}


def facet_label(name: str) -> str:
    """What people call a facet: `source` is the outlet, `category` the topic."""
    return FACET_LABELS.get(name, name.capitalize())


def facet_value(value: str, name: str) -> str:
    """A facet value as people read it: `2021-12` as `Dec 2021`, `fr` as `French · fr`."""
    if name == "month":
        year, _, month = value.partition("-")
        try:
            return date(int(year), int(month), 1).strftime("%b %Y")
        except ValueError:
            return value
    if name == "language":
        return f"{language_name(value)} · {value}"
    return value


def register(app: Flask) -> None:
    app.add_template_filter(http_url)
    app.add_template_filter(human_date)
    app.add_template_filter(snippet_html)
    app.add_template_filter(paragraphs)
    app.add_template_filter(facet_label)
    app.add_template_filter(facet_value)
    app.add_template_filter(language_name)
    app.add_template_filter(text_direction)
