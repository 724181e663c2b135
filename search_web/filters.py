"""Jinja filters for showing article data safely and readably."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask
from markupsafe import Markup


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


def snippet_html(value: str) -> Markup:
    """Snippets come from the indexer already escaped, with `<mark>` as the only markup."""
    return Markup(value)


def paragraphs(body: str) -> list[str]:
    return [p for p in (body or "").split("\n\n") if p.strip()]


def register(app: Flask) -> None:
    app.add_template_filter(http_url)
    app.add_template_filter(human_date)
    app.add_template_filter(snippet_html)
    app.add_template_filter(paragraphs)
