from datetime import datetime

import pytest

from indexer.dates import epoch_seconds
from indexer.search.periods import Period, extract_periods


def seconds(*parts):
    return epoch_seconds(datetime(*parts))


@pytest.mark.parametrize("text, expected", [
    ("published:2021", Period(seconds(2021, 1, 1), seconds(2021, 12, 31, 23, 59, 59))),
    ("published:2021-02", Period(seconds(2021, 2, 1), seconds(2021, 2, 28, 23, 59, 59))),
    ("published:2020-02-29", Period(seconds(2020, 2, 29), seconds(2020, 2, 29, 23, 59, 59))),
    ("published:[2021-01-01 TO 2021-06-30]", Period(seconds(2021, 1, 1), seconds(2021, 6, 30, 23, 59, 59))),
    ("published:[2021 TO *]", Period(seconds(2021, 1, 1), None)),
    ("published:>=2021-06", Period(seconds(2021, 6, 1), None)),
    ("published:>2021-06", Period(seconds(2021, 7, 1), None)),
    ("published:<2020", Period(None, seconds(2020, 1, 1) - 1)),
    ("published:<=2020", Period(None, seconds(2020, 12, 31, 23, 59, 59))),
    ("date:1987-02", Period(seconds(1987, 2, 1), seconds(1987, 2, 28, 23, 59, 59))),
])
def test_period_expressions(text, expected):
    rest, periods = extract_periods(f"oil {text} prices")
    assert periods == [expected]
    assert rest.split() == ["oil", "prices"]


def test_impossible_dates_stay_words():
    rest, periods = extract_periods("published:2021-13 oil")
    assert periods == [] and "2021-13" in rest


def test_period_intersection_and_membership():
    year = Period(seconds(2021, 1, 1), seconds(2021, 12, 31))
    later = Period(seconds(2021, 6, 1), None)
    both = year.intersect(later)
    assert both == Period(seconds(2021, 6, 1), seconds(2021, 12, 31))
    assert both.contains(seconds(2021, 7, 1)) and not both.contains(seconds(2021, 5, 1))
