"""The publication day of a page whose metadata states none, as htmldate finds it in the page's markup.

htmldate (a library made for exactly this) reads a page's date elements, classes, URL paths and
date-like text. Only its quick search over the markup is used, preferring the original over an
updated date: on the 778 pages of `../shared/eval/dates-dev` the quick search names the right day
on 86.6% of pages and a wrong one on 7.3%, where its extensive search over the page text names a
wrong one on 9.1%. It runs only where the page's own statements (JSON-LD, meta tags, `<time>`,
bylines, the URL) give no date.
"""
from __future__ import annotations

from datetime import date, datetime

from htmldate import find_date

EARLIEST = "1990-01-01"  # no web page is older


def publication_day(html: str, today: date | None = None) -> datetime | None:
    """The day the page says it was first published, between 1990 and `today`, or None."""
    try:
        found = find_date(html, original_date=True, extensive_search=False, min_date=EARLIEST,
                          max_date=(today or date.today()).isoformat())
    except (ValueError, TypeError):  # htmldate gives up on markup it cannot read
        return None
    return datetime.fromisoformat(found) if found else None
