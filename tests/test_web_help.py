"""The query-language help page: reachable from every search form, and true to the engine's parser."""
import lxml.html
import pytest

from indexer.search.periods import FIELDS as DATE_FIELDS
from indexer.search.query import FIELD_ALIASES


@pytest.fixture
def help_page(facets_client):
    response = facets_client.get("/help")
    assert response.status_code == 200
    return lxml.html.fromstring(response.get_data(as_text=True))


def test_help_is_linked_from_the_search_form_and_every_footer(facets_client):
    for url in ("/", "/search?q=city", "/article/bridge-2023"):
        doc = lxml.html.fromstring(facets_client.get(url).get_data(as_text=True))
        assert doc.xpath("//form[@role='search']//a[@href='/help']"), url
        assert doc.xpath("//footer//a[@href='/help']"), url


def test_help_names_every_field_and_alias_the_parser_knows(help_page):
    text = help_page.text_content()
    for aliases in FIELD_ALIASES.values():
        for name in aliases:
            assert f"{name}:" in text, name
    for name in DATE_FIELDS:
        assert f"{name}:" in text, name


EXAMPLES = {  # query from the help page -> an article of the facets corpus it must find
    '"central bank"': "rates-reuters", '"bank rates"~5': None, "+inflation rates": "inflation-2022",
    "rates -mortgage": "inflation-2022", "econom*": "inflation-2022",
    "title:ceasefire": None, "source:reuters": "bridge-2023", "author:smith": "telescope-2021",
    "lang:fr": "museum-2021", 'source:"associated press"': "marathon-2020", "text:bridge": "bridge-2023",
    "published:2021": "telescope-2021", "published:2021-12": None, "published:[2021-01-01 TO 2021-06-30]": None,
    "published:>=2021-06": "museum-2021", "*": "undated-note",
}


def test_every_example_on_the_help_page_is_a_working_query(help_page, facets_client):
    examples = [code.text for code in help_page.xpath("//table[@class='syntax']//tr/td[1]/code")]
    assert set(EXAMPLES) <= set(examples)
    for query in examples:
        assert facets_client.get("/search", query_string={"q": query}).status_code == 200, query
        data = facets_client.get("/api/search", query_string={"q": query, "limit": 50}).get_json()
        assert not data["message"], query
        if EXAMPLES.get(query):
            assert EXAMPLES[query] in [i for h in data["hits"] for i in (h["id"], *h["duplicates"])], query
