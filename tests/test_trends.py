"""Attention over time: calendar intervals, the engine's trends, the chart's geometry, `/trends` and its twins."""
from __future__ import annotations

import csv
import sys
import io
from datetime import date, datetime, timezone

import numpy as np
import pytest

from indexer.search import Filters, LiveIndex, SearchRequest, TrendPoint, Trends, TrendSeries, search, trends
from indexer.search.intervals import period_bounds, period_numbers
from indexer.search.trends import fitting_interval
from search_web.trend_chart import trend_chart


def _seconds(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp())


@pytest.mark.parametrize("day, interval, expected", [
    ("1987-03-02", "week", ("1987-W10", "1987-03-02", "1987-03-08")),  # a Monday
    ("1987-03-08", "week", ("1987-W10", "1987-03-02", "1987-03-08")),  # the Sunday of the same week
    ("2021-01-03", "week", ("2020-W53", "2020-12-28", "2021-01-03")),  # ISO weeks cross the new year
    ("1969-12-31", "week", ("1970-W01", "1969-12-29", "1970-01-04")),  # before the epoch
    ("2024-02-29", "month", ("2024-02", "2024-02-01", "2024-02-29")),
    ("2024-02-29", "day", ("2024-02-29", "2024-02-29", "2024-02-29")),
    ("1987-10-20", "year", ("1987", "1987-01-01", "1987-12-31")),
])
def test_periods_are_numbered_and_named(day, interval, expected):
    number = int(period_numbers(np.array([_seconds(day)]), interval)[0])
    assert period_bounds(number, interval) == expected
    following = int(period_numbers(np.array([_seconds(expected[2]) + 86400]), interval)[0])
    assert following == number + 1


@pytest.mark.parametrize("first, last, interval", [("2021-03-01", "2021-03-31", "day"),
                                                   ("2021-01-01", "2021-12-31", "week"),
                                                   ("2015-01-01", "2021-12-31", "month"),
                                                   ("1990-01-01", "2021-12-31", "year")])
def test_the_interval_fits_the_span(first, last, interval):
    assert fitting_interval(_seconds(first), _seconds(last)) == interval


def test_each_period_counts_what_a_search_of_it_finds(facets_index):
    index = LiveIndex(facets_index)
    found = trends(index, ["city", "bank", "zzzz"], interval="year")
    assert found.interval == "year" and [s.query for s in found.series] == ["city", "bank", "zzzz"]
    for series in found.series:
        assert [p.period for p in series.points] == ["2019", "2020", "2021", "2022", "2023"]
        for point in series.points:
            within = Filters(date_from=date.fromisoformat(point.start), date_to=date.fromisoformat(point.end))
            assert point.count == search(index, SearchRequest(series.query, filters=within)).total
            assert point.total == search(index, SearchRequest("*", filters=within)).total
            assert point.share == (point.count / point.total if point.total else 0)
        assert series.matches == search(index, SearchRequest(series.query)).total
    city = found.series[0]
    assert city.undated == 1 and sum(p.count for p in city.points) == city.matches - 1  # the undated ferry note
    assert found.series[2].matches == 0 and all(p.count == 0 for p in found.series[2].points)
    index.close()


def test_totals_respect_the_filters(facets_index):
    index = LiveIndex(facets_index)
    reuters = trends(index, ["*"], Filters(values={"source": ["Reuters"]}), interval="year")
    assert all(p.count == p.total for p in reuters.series[0].points)
    assert sum(p.total for p in reuters.series[0].points) == search(
        index, SearchRequest("*", filters=Filters(values={"source": ["Reuters"]}))).total
    index.close()


def test_queries_are_checked(facets_index, monkeypatch):
    monkeypatch.setattr(sys.modules["indexer.search.trends"], "MAX_POINTS", 1000)
    index = LiveIndex(facets_index)
    with pytest.raises(ValueError, match="1 to 5"):
        trends(index, [])
    with pytest.raises(ValueError, match="1 to 5"):
        trends(index, ["a", "b", "c", "d", "e", "f"])
    with pytest.raises(ValueError, match="interval"):
        trends(index, ["city"], interval="decade")
    with pytest.raises(ValueError, match="too many"):
        trends(index, ["city"], interval="day")  # 2019 to 2023 day by day
    unreadable = trends(index, ["+", "city"], interval="year")
    assert unreadable.series[0].message == "Nothing searchable in that query."
    assert unreadable.series[0].matches == 0 and all(p.count == 0 for p in unreadable.series[0].points)
    index.close()


def _trends(counts: list[list[int]], totals: list[int]) -> Trends:
    periods = [f"2020-{m:02d}" for m in range(1, len(totals) + 1)]
    series = [TrendSeries(f"q{n}", sum(row), 0, [TrendPoint(p, p + "-01", p + "-28", c, t)
                                                 for p, c, t in zip(periods, row, totals)])
              for n, row in enumerate(counts)]
    return Trends("month", series)


def test_chart_lines_scale_to_the_highest_value_in_each_measure():
    chart = trend_chart(_trends([[0, 5, 10], [2, 2, 2]], [10, 10, 40]))
    counts, shares = chart.panels
    assert [panel.measure for panel in chart.panels] == ["count", "share"]
    first = [tuple(map(float, xy.split(","))) for xy in counts.lines[0].points.split()]
    assert first[0][0] == chart.left and first[-1][0] == chart.right_edge
    assert first[0][1] == chart.baseline and first[-1][1] < first[1][1] < chart.baseline
    assert counts.ticks[0].text == "0" and counts.ticks[-1].y == chart.top  # 10 is a round top
    assert shares.ticks[-1].text == "60%"  # the highest share, 0.5, rounded up to a tick
    assert [line.colour for line in counts.lines] != [counts.lines[0].colour] * 2


def test_no_dated_match_no_chart():
    assert trend_chart(Trends("", [TrendSeries("q", 3, 3)])) is None


def test_trends_page_draws_a_line_a_query_a_legend_and_a_table(facets_client):
    page = facets_client.get("/trends?q=city&q=bank&interval=year").get_data(as_text=True)
    assert page.count("<polyline") == 4  # two queries, two measures
    assert 'id="measure-count" value="count" checked' in page and 'id="measure-share"' in page
    assert ">city</a>:" in page and ">bank</a>:" in page
    assert "<caption>Stories per year: matching each query" in page
    assert page.count('<th scope="row">') == 5
    assert 'href="/trends.csv?q=city&amp;q=bank&amp;interval=year"' in page


def test_trends_page_keeps_filters_and_measure(facets_client):
    page = facets_client.get("/trends?q=city&source=Reuters&measure=share").get_data(as_text=True)
    assert 'id="measure-share" value="share" checked' in page
    assert '<input type="hidden" name="source" value="Reuters">' in page
    assert "Within the filters of the search" in page


def test_trends_page_without_queries_asks_for_them(facets_client):
    page = facets_client.get("/trends").get_data(as_text=True)
    assert "Type one or more queries" in page and "<polyline" not in page


@pytest.mark.parametrize("url, message", [("/trends?q=a&q=b&q=c&q=d&q=e&q=f", "at most 5"),
                                          ("/trends?q=city&interval=decade", "interval"),
                                          ("/trends?q=city&measure=volume", "measure"),
                                          ("/api/trends?q=city&interval=day", "too many")])
def test_bad_trend_requests_say_what_is_wrong(facets_client, url, message, monkeypatch):
    monkeypatch.setattr(sys.modules["indexer.search.trends"], "MAX_POINTS", 1000)
    response = facets_client.get(url)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_api_and_csv_twins_hold_the_same_figures(facets_client):
    data = facets_client.get("/api/trends?q=city&q=bank&interval=year").get_json()
    assert data["interval"] == "year" and [s["query"] for s in data["series"]] == ["city", "bank"]
    assert set(data["series"][0]["points"][0]) >= {"period", "count", "total", "share"}
    response = facets_client.get("/trends.csv?q=city&q=bank&interval=year")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["query"], r["period"], int(r["count"]), int(r["total"])) for r in rows] == [
        (s["query"], p["period"], p["count"], p["total"]) for s in data["series"] for p in s["points"]]


def test_results_page_links_to_trends_with_its_filters(facets_client):
    page = facets_client.get("/search?q=city&source=Reuters&page=2&limit=2").get_data(as_text=True)
    assert 'href="/trends?q=city&amp;source=Reuters">Compare over time</a>' in page


def test_trends_csv_neutralises_a_query_a_spreadsheet_would_run(facets_client):
    rows = list(csv.DictReader(io.StringIO(facets_client.get("/trends.csv?q=%3Dcity&interval=year").get_data(
        as_text=True))))
    assert rows and {row["query"] for row in rows} == {"'=city"}
