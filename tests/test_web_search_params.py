"""Search parameters: one set of names for pages, API and feed, parsed into the engine's request or a clear 400."""
from datetime import date

import pytest

from search_web import create_app
from search_web.params import SearchParams, read_search_params


@pytest.fixture
def parse(built_index):
    app = create_app({"TESTING": True, "INDEX_DIR": str(built_index)})

    def parse(query_string: str) -> SearchParams:
        with app.test_request_context(f"/search?{query_string}"):
            return read_search_params()
    return parse


def test_every_parameter_reaches_the_engine_request(parse):
    params = parse("q=oil&page=2&limit=5&sort=newest&from=2021-01-01&to=2021-06-30"
                   "&source=Reuters&source=AP&year=2021&month=2021-03&category=energy&language=en&author=Ann+Smith")
    request = params.to_request(facets=True)
    assert (request.q, request.page, request.limit, request.sort, request.facets) == ("oil", 2, 5, "newest", True)
    assert request.filters.date_from == date(2021, 1, 1) and request.filters.date_to == date(2021, 6, 30)
    assert dict(request.filters.values) == {"source": ["Reuters", "AP"], "year": ["2021"], "month": ["2021-03"],
                                            "category": ["energy"], "language": ["en"], "author": ["Ann Smith"]}


def test_blank_and_repeated_values_are_ignored(parse):
    params = parse("q=oil&from=&to=&sort=&source=&source=Reuters&source=Reuters&source=+")
    assert params == SearchParams(q="oil", values={"source": ("Reuters",)})


@pytest.mark.parametrize("query_string, message", [
    ("q=x&from=2021-13-01", "`from` must be a date like 2021-06-30"),
    ("q=x&to=yesterday", "`to` must be a date like 2021-06-30"),
    ("q=x&from=20210101", "`from` must be a date like 2021-06-30"),
    ("q=x&from=2021-06-30&to=2021-01-01", "`from` must not be after `to`"),
    ("q=x&sort=popular", "sort must be one of relevance, newest, oldest"),
    ("q=x&year=21", "year must look like YYYY"),
    ("q=x&month=2021", "month must look like YYYY-MM"),
    ("q=x&limit=0", "limit must be between 1 and 1000"),
])
def test_bad_values_are_400_with_a_message_on_page_api_and_feed(client, query_string, message):
    for path in ("/search", "/api/search", "/search.atom"):
        response = client.get(f"{path}?{query_string}")
        assert response.status_code == 400, path
        assert message in response.get_data(as_text=True), path
    assert message in client.get(f"/api/search?{query_string}").get_json()["message"]


def test_query_args_leave_defaults_out_and_round_trip(parse):
    params = parse("q=oil&sort=oldest&to=2020-01-31&author=Jo+Smith+%26+Partners&page=3")
    assert params.query_args() == [("q", "oil"), ("sort", "oldest"), ("to", "2020-01-31"),
                                   ("author", "Jo Smith & Partners"), ("page", "3")]
    assert parse("&".join(f"{k}={v.replace('&', '%26')}" for k, v in params.query_args())) == params
    assert parse("q=oil&limit=10&sort=relevance&page=1").query_args() == [("q", "oil")]


def test_changing_a_filter_goes_back_to_the_first_page(parse):
    params = parse("q=oil&page=4&source=Reuters")
    assert params.adding("year", "1987").page == 1
    assert params.removing("source", "Reuters") == SearchParams(q="oil")
    assert params.toggling("source", "Reuters").values == {}
    assert params.toggling("source", "AP").values == {"source": ("Reuters", "AP")}
    assert params.between(date(2020, 1, 1), None).query_args() == [("q", "oil"), ("from", "2020-01-01"),
                                                                    ("source", "Reuters")]
    assert params.sorted_by("newest").page == 1 and params.at_page(2).page == 2
    assert params.unfiltered() == SearchParams(q="oil")
