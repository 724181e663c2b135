"""The publication day of a page: its stated date, checked against the days the page shows its readers.

The page's metadata (JSON-LD, meta tags, `<time>`, bylines, the URL) states a date; when the page shows
days and that one is not among them, the day it does show is what it presents as its date: its
modified date, or the day htmldate finds in its markup. Where nothing is stated, htmldate's day.

htmldate (a library made for exactly this) reads a page's date elements, classes, URL paths and
date-like text. Only its quick search over the markup is used, preferring the original over an
updated date: on the 778 pages of `../shared/eval/dates-dev` the quick search names the right day
on 86.6% of pages and a wrong one on 7.3%, where its extensive search over the page text names a
wrong one on 9.1%.
"""
from __future__ import annotations

from datetime import date, datetime, time

from htmldate import find_date

from .metadata import PageMetadata
from .shown_days import ShownDays

EARLIEST = "1990-01-01"  # no web page is older


def htmldate_day(html: str, today: date | None = None) -> datetime | None:
    """The day htmldate finds the page first published, between 1990 and `today`, or None."""
    try:
        found = find_date(html, original_date=True, extensive_search=False, min_date=EARLIEST,
                          max_date=(today or date.today()).isoformat())
    except (ValueError, TypeError):  # htmldate gives up on markup it cannot read
        return None
    return datetime.fromisoformat(found) if found else None


def publication(meta: PageMetadata, html: str, shown: ShownDays) -> tuple[datetime | None, str]:
    """The publication date and where it came from: `meta.published_source`, or `modified`, `dateline` or
    `htmldate` when the page shows one of those days and not the stated one."""
    stated, modified = meta.published, meta.modified
    if stated is not None and (not shown.anywhere or stated.date() in shown.anywhere):
        return stated, meta.published_source
    if stated is not None and modified is not None and modified.date() in shown.anywhere:
        return modified, "modified"
    if stated is not None and shown.dateline is not None:
        return datetime.combine(shown.dateline, time()), "dateline"
    found = htmldate_day(html)
    if found is not None and shown.anywhere and found.date() not in shown.anywhere:
        found = None  # a day the page shows nowhere, where it shows others, is not the one it presents
    if stated is not None:
        return (found, "htmldate") if found is not None else (stated, meta.published_source)
    # the day the page says it was modified is no publication day: htmldate falls back to it
    if found is not None and (modified is None or found.date() != modified.date()):
        return found, "htmldate"
    if shown.dateline is not None:
        return datetime.combine(shown.dateline, time()), "dateline"
    return None, ""
