"""Parse the many ways news sources write a publication date.

A date that cannot be read is dropped (the article is still indexed); a date without
a timezone stays naive rather than being given a zone the source never stated.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DAY_MON_YEAR = re.compile(
    r"(?P<day>\d{1,2})[- ](?P<mon>[A-Za-z]{3})[a-z]*\.?[- ,]+(?P<year>\d{4})"
    r"(?:[ T]+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?)?")
_MON_DAY_YEAR = re.compile(
    r"(?P<mon>[A-Za-z]{3})[a-z]*\.? (?P<day>\d{1,2}),? (?P<year>\d{4})")
_COMPACT = re.compile(r"^(?P<year>(?:19|20)\d{2})(?P<mon>\d{2})(?P<day>\d{2})$"
                      r"|^(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_date(value: object) -> datetime | None:
    """A datetime from ISO 8601, RFC 2822, `26-FEB-1987 15:01:01.79`, `Feb 26, 1987` or `890226`."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for parse in (_iso, _rfc2822, _day_mon_year, _mon_day_year, _compact, _year_month):
        try:
            found = parse(text)
        except (ValueError, TypeError, OverflowError):
            found = None
        if found is not None and 1000 <= found.year <= 9999:
            return found
    return None


def _iso(text: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    cleaned = text.replace("Z", "+00:00").replace("z", "+00:00")
    cleaned = re.sub(r"(\.\d{6})\d+", r"\1", cleaned)  # nanoseconds from some CMSs
    return datetime.fromisoformat(cleaned)


def _rfc2822(text: str) -> datetime | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2} [A-Za-z]{3} \d{4} \d", text):
        return None
    return parsedate_to_datetime(text)


def _day_mon_year(text: str) -> datetime | None:
    m = _DAY_MON_YEAR.search(text)
    if not m or m.group("mon").lower()[:3] not in _MONTHS:
        return None
    return datetime(int(m.group("year")), _MONTHS[m.group("mon").lower()[:3]], int(m.group("day")),
                    int(m.group("h") or 0), int(m.group("m") or 0), int(m.group("s") or 0))


def _mon_day_year(text: str) -> datetime | None:
    m = _MON_DAY_YEAR.search(text)
    if not m or m.group("mon").lower()[:3] not in _MONTHS:
        return None
    return datetime(int(m.group("year")), _MONTHS[m.group("mon").lower()[:3]], int(m.group("day")))


def _compact(text: str) -> datetime | None:
    m = _COMPACT.match(text)
    if not m:
        return None
    if m.group("year"):
        return datetime(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
    yy = int(m.group("yy"))
    return datetime(1900 + yy if yy >= 50 else 2000 + yy, int(m.group("mm")), int(m.group("dd")))


def _year_month(text: str) -> datetime | None:
    m = _YEAR_MONTH.match(text)
    return datetime(int(m.group(1)), int(m.group(2)), 1) if m else None


def to_utc_naive(value: datetime) -> datetime:
    """The form Whoosh can index and sort: UTC without tzinfo (naive values are taken as UTC)."""
    if value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


_EPOCH = datetime(1970, 1, 1)


def epoch_seconds(value: datetime) -> int:
    """UTC seconds since 1970 (a date without a zone is taken as UTC)."""
    return int((to_utc_naive(value) - _EPOCH).total_seconds())


def from_seconds(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)
