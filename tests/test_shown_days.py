"""Days read from a page's visible text, and the one beside its headline."""
from datetime import date

import pytest

from indexer.cleaning.shown_days import page_days, shown_days


@pytest.mark.parametrize("text, day", [
    ("Veröffentlicht am 7. Juni 2021, 14:05 Uhr", date(2021, 6, 7)),
    ("Published June 7th, 2021", date(2021, 6, 7)),
    ("Jun. 7, 2021", date(2021, 6, 7)),
    ("publié le 7 juin 2021", date(2021, 6, 7)),
    ("7 de junio de 2021", date(2021, 6, 7)),
    ("7. června 2021", date(2021, 6, 7)),
    ("7 czerwca 2021", date(2021, 6, 7)),
    ("2021年6月7日", date(2021, 6, 7)),
    ("2021년 6월 7일", date(2021, 6, 7)),
    ("2021-06-07", date(2021, 6, 7)),
    ("07.06.2021", date(2021, 6, 7)),
    ("7.6.21", date(2021, 6, 7)),
])
def test_written_forms_in_many_languages(text, day):
    assert day in shown_days(text)


def test_dotted_days_are_day_first_and_slashed_ones_go_both_ways():
    assert shown_days("03.04.2020") == {date(2020, 4, 3)}
    assert shown_days("03/04/2020") == {date(2020, 4, 3), date(2020, 3, 4)}
    assert shown_days("31/12/2020") == {date(2020, 12, 31)}  # no 31st month


def test_numbers_that_are_no_days():
    assert shown_days("version 1.2.3, 45 users, 2021 in review, 99/99/2020, 30. Februar 2021") == set()


def test_the_dateline_is_the_day_nearest_the_headline_below_winning_a_tie():
    blocks = ["Most read: 1 May 2020", "Politics · 2 May 2021", "Council votes", "By Ann Lee, 3 May 2021", "Text"]
    shown = page_days(blocks, headline=2, today=date(2026, 1, 1))
    assert shown.dateline == date(2021, 5, 3)
    assert shown.anywhere == {date(2020, 5, 1), date(2021, 5, 2), date(2021, 5, 3)}


def test_days_far_from_the_headline_or_implausible_make_no_dateline():
    blocks = ["Council votes", "Text", "Text", "Text", "Text", "Archive: 1 May 2020"]
    assert page_days(blocks, headline=0, today=date(2026, 1, 1)).dateline is None
    assert page_days(["Council votes", "Event on 1 May 2031"], 0, today=date(2026, 1, 1)).anywhere == set()
    assert page_days(["Council votes", "1 May 1985"], 0, today=date(2026, 1, 1)).dateline is None
    assert page_days(["3 May 2021"], headline=-1).dateline is None
