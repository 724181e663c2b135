"""The days a page shows its readers, read from its visible text in many languages and formats.

A date in a page's metadata that the page never shows is often not the one it presents as its
own (a first draft, an import, a template): the day a reader sees next to the story, in the
dateline just above or below its headline, is the stronger signal then. Forms read:
`07.06.2021`, `7.6.21`, `2021-06-07`, `06/07/2021` (either order: day first in Europe, month
first in the US), `2021年6月7日`, `2021년 6월 7일`, and month names in the common European
languages (`7. Juni 2021`, `June 7th, 2021`, `7 de junio de 2021`, `7. června 2021`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTH_NAMES = (
    # one line per month: names and abbreviations in en, de, fr, es, it, pt, nl, sv/da/no, fi, cs, pl, ru
    "january jan janvier janv enero ene gennaio gen janeiro januari januar tammikuuta ledna leden stycznia января",
    "february feb februar février févr fév febrero febbraio fevereiro fev februari helmikuuta února únor lutego "
    "февраля",
    "march mar märz mär mars marzo março maart marts maaliskuuta března březen marca марта",
    "april apr avril abril aprile abr huhtikuuta dubna duben kwietnia апреля",
    "may mai mayo maggio maio mei maj toukokuuta května květen maja мая",
    "june jun juni juin junio giugno giu junho kesäkuuta června červen czerwca июня",
    "july jul juli juillet juil julio luglio lug julho heinäkuuta července červenec lipca июля",
    "august aug août agosto ago augusti augustus elokuuta srpna srpen sierpnia августа",
    "september sep sept septembre septiembre settembre set setembro syyskuuta září września сентября",
    "october oct oktober okt octobre octubre ottobre ott outubro out lokakuuta října říjen października "
    "октября",
    "november nov novembre noviembre novembro marraskuuta listopadu listopad listopada ноября",
    "december dec dezember dez décembre déc diciembre dic dicembre dezembro desember joulukuuta prosince "
    "prosinec grudnia декабря",
)
_MONTHS = {name: number for number, line in enumerate(_MONTH_NAMES, start=1) for name in line.split()}
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:\.|er|º)?\s*(?:de\s+)?\b({_MONTH})\b\.?,?\s*(?:de\s+)?((?:19|20)\d\d)(?!\d)")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?!\d)")
_YEAR_FIRST = re.compile(r"(?<!\d)((?:19|20)\d\d)([-./])(\d{1,2})\2(\d{1,2})(?!\d)")
_YEAR_LAST = re.compile(r"(?<![\d.])(\d{1,2})([-./])(\d{1,2})\2((?:19|20)?\d\d)(?![\d])")
_EAST_ASIAN = re.compile(r"((?:19|20)\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_MAY_HOLD_A_DAY = re.compile(r"(?:19|20)\d\d|\d[./-]\d{1,2}[./-]\d")  # every form has a year
_EARLIEST = date(1990, 1, 1)  # no web page is older
_DATELINE_BEFORE, _DATELINE_AFTER = 1, 3  # blocks around the headline a dateline sits in (kicker; byline, lead)


@dataclass
class ShownDays:
    """The plausible days a page shows anywhere, and the one in its dateline: nearest its headline."""

    anywhere: set[date]
    dateline: date | None


def page_days(blocks: list[str], headline: int, today: date | None = None) -> ShownDays:
    """The days shown in a page's text blocks (in reading order); `headline` is the headline's block or -1."""
    latest = (today or date.today()) + timedelta(days=1)
    anywhere: set[date] = set()
    dateline: tuple[float, date] | None = None
    for position, text in enumerate(blocks):
        if not _MAY_HOLD_A_DAY.search(text):
            continue
        days = {day for day in shown_days(text) if _EARLIEST <= day <= latest}
        anywhere |= days
        if days and headline >= 0 and -_DATELINE_BEFORE <= position - headline <= _DATELINE_AFTER:
            distance = abs(position - headline) + (0.5 if position < headline else 0)  # below wins a tie
            if dateline is None or distance < dateline[0]:
                dateline = (distance, min(days))
    return ShownDays(anywhere, dateline[1] if dateline else None)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def shown_days(text: str) -> set[date]:
    """Every calendar day written in `text`; a slashed or dashed day whose order is ambiguous counts both ways."""
    text = text.lower()
    found: list[date | None] = []
    for day, month, year in _DAY_MONTH_YEAR.findall(text):
        found.append(_day(int(year), _MONTHS[month], int(day)))
    for month, day, year in _MONTH_DAY_YEAR.findall(text):
        found.append(_day(int(year), _MONTHS[month], int(day)))
    for year, _, month, day in _YEAR_FIRST.findall(text):
        found.append(_day(int(year), int(month), int(day)))
    for first, separator, second, year in _YEAR_LAST.findall(text):
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        found.append(_day(full_year, int(second), int(first)))
        if separator != ".":  # dotted dates are day first everywhere; slashes and dashes go both ways
            found.append(_day(full_year, int(first), int(second)))
    for year, month, day in _EAST_ASIAN.findall(text):
        found.append(_day(int(year), int(month), int(day)))
    return {day for day in found if day is not None}
