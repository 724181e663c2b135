"""Each generation remembers its recent complete answers; a partial answer or a size of 0 is never remembered.
(A new generation starts with nothing remembered: tests/test_live_index.py searches the same words across a switch.)"""
from __future__ import annotations

from datetime import date

from indexer.search import Filters, LiveIndex, SearchRequest, search
from indexer.search import engine as engine_module
from indexer.search.remembered import Remembered
from search_web import create_app
from search_web.server import app_config, build_parser


def test_remembered_forgets_the_least_recently_used():
    kept = Remembered(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" is now the most recently used
    kept.put("c", 3)
    assert kept.get("b") is None and kept.get("a") == 1 and kept.get("c") == 3 and len(kept) == 2
    assert kept.get_or_make("d", lambda: 4) == 4 and kept.get("a") is None


def test_a_repeated_search_is_answered_from_memory_with_the_same_results(live_index):
    request = SearchRequest("storm", facets=True)
    first = search(live_index, request)
    with live_index.generation() as generation:
        assert generation.results.get(request.key) is first
    again = search(live_index, request)
    assert again is not first  # a copy: its own elapsed time
    assert (again.total, again.hits, again.facets, again.timeline) == (first.total, first.hits, first.facets,
                                                                        first.timeline)


def test_requests_that_differ_in_anything_are_remembered_apart(live_index):
    variants = [SearchRequest("storm"), SearchRequest("storm", sort="newest"), SearchRequest("storm", limit=1),
                SearchRequest("storm", facets=True), SearchRequest("storm", snippets=False),
                SearchRequest("storm", collapse=False),
                SearchRequest("storm", filters=Filters(date_to=date(2000, 1, 1)))]
    for request in variants:
        search(live_index, request)
    assert len({request.key for request in variants}) == len(variants)
    with live_index.generation() as generation:
        assert len(generation.results) == len(variants)


def test_the_order_of_chosen_facet_values_does_not_matter():
    one = SearchRequest("oil", filters=Filters(values={"source": ["A", "B"], "year": ["1987"]}))
    other = SearchRequest("oil", filters=Filters(values={"year": ["1987"], "source": ["B", "A"]}))
    assert one.key == other.key


def test_a_partial_answer_is_not_remembered(live_index, monkeypatch):
    monkeypatch.setattr(engine_module, "TIME_BUDGET_SECONDS", 0.0)
    request = SearchRequest("storm")
    assert search(live_index, request).partial
    with live_index.generation() as generation:
        assert generation.results.get(request.key) is None


def test_a_size_of_zero_remembers_nothing(built_index):
    live = LiveIndex(built_index, results_kept=0)
    search(live, SearchRequest("storm"))
    with live.generation() as generation:
        assert len(generation.results) == 0
    live.close()


def test_the_web_app_takes_its_size_from_the_config(built_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(built_index), "RESULT_CACHE": 0})
    assert app.test_client().get("/search?q=storm").status_code == 200
    with app.extensions["news_index"].generation() as generation:
        assert len(generation.results) == 0


def test_news_web_sets_the_size_only_when_asked(built_index, monkeypatch):
    asked = app_config(build_parser().parse_args(["--index", str(built_index), "--result-cache", "0"]))
    assert asked["RESULT_CACHE"] == 0
    monkeypatch.setenv("NEWS_WEB_RESULT_CACHE", "7")
    unasked = app_config(build_parser().parse_args(["--index", str(built_index)]))
    assert "RESULT_CACHE" not in unasked  # the environment's value stands
    app = create_app({**unasked, "WATCH_INDEX": False})
    assert app.extensions["news_index"].results_kept == 7
