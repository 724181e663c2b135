from datetime import datetime, timedelta, timezone

import pytest

from indexer.dates import parse_date, to_utc_naive


@pytest.mark.parametrize("text, expected", [
    ("2021-12-03", datetime(2021, 12, 3)),
    ("2021-12-03T08:15:00Z", datetime(2021, 12, 3, 8, 15, tzinfo=timezone.utc)),
    ("2021-12-03T08:15:00+01:00", datetime(2021, 12, 3, 8, 15, tzinfo=timezone(timedelta(hours=1)))),
    ("2021-12-03T08:15:00.123456789Z", datetime(2021, 12, 3, 8, 15, 0, 123456, tzinfo=timezone.utc)),
    ("2021-12", datetime(2021, 12, 1)),
    ("26-FEB-1987 15:01:01.79", datetime(1987, 2, 26, 15, 1, 1)),
    ("January 1, 1989, Sunday, Home Edition", datetime(1989, 1, 1)),
    ("Fri, 03 Dec 2021 08:15:00 GMT", datetime(2021, 12, 3, 8, 15, tzinfo=timezone.utc)),
    ("890101", datetime(1989, 1, 1)),
    ("19890101", datetime(1989, 1, 1)),
])
def test_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "2021-13-45", None, 12, "99-XYZ-2020"])
def test_unreadable_dates_are_none(text):
    assert parse_date(text) is None


def test_utc_naive_for_indexing():
    aware = datetime(2021, 12, 3, 8, 15, tzinfo=timezone(timedelta(hours=1)))
    assert to_utc_naive(aware) == datetime(2021, 12, 3, 7, 15)
    assert to_utc_naive(datetime(2021, 1, 1)) == datetime(2021, 1, 1)
