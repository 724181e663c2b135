"""The Atom feed of a search (RFC 4287) and the OpenSearch description, checked with an XML parser."""
import re
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree

import lxml.html
import pytest

from search_web.feeds import rfc3339
from search_web.xmldoc import xml_text

A = "{http://www.w3.org/2005/Atom}"
OS = "{http://a9.com/-/spec/opensearch/1.1/}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def absolute(iri: str) -> bool:
    parts = urlsplit(iri)
    return bool(parts.scheme and (parts.netloc or parts.scheme == "tag"))


def atom(client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return ElementTree.fromstring(response.data)


def check_rfc4287(feed: ElementTree.Element) -> None:
    """The feed-level and entry-level requirements of RFC 4287 that a producer controls."""
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, name
    assert absolute(feed.findtext(f"{A}id"))
    entries = feed.findall(f"{A}entry")
    assert feed.findall(f"{A}author/{A}name") or all(e.findall(f"{A}author") for e in entries)
    links = feed.findall(f"{A}link")
    assert [link.get("type") for link in links if link.get("rel") == "self"] == ["application/atom+xml"]
    assert [link.get("type") for link in links if link.get("rel") == "alternate"] == ["text/html"]
    assert all(absolute(link.get("href")) for link in links)
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
        assert absolute(entry.findtext(f"{A}id"))
        assert [link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        assert entry.find(f"{A}summary").get("type") == "text"
        assert len(entry.findall(f"{A}published")) <= 1
    for element in feed.iter():
        if element.tag in (f"{A}updated", f"{A}published"):
            assert RFC3339.match(element.text), element.text


def test_feed_is_valid_atom_with_the_newest_matches(facets_client):
    feed = atom(facets_client, "/search.atom?q=city&sort=relevance&page=3&limit=2")
    check_rfc4287(feed)
    entries = feed.findall(f"{A}entry")
    assert len(entries) == 10
    ids = [e.findtext(f"{A}id") for e in entries]
    assert ids[0] == "http://localhost/article/library-2023"
    dated = [e.findtext(f"{A}published") for e in entries if e.find(f"{A}published") is not None]
    assert dated == sorted(dated, reverse=True) and len(dated) == 9
    assert feed.findtext(f"{A}updated") == "2023-03-27T11:00:00Z" == dated[0]
    assert feed.findtext(f"{A}title") == "News search: city"


def test_feed_links_point_to_itself_and_to_the_results_page(facets_client):
    feed = atom(facets_client, "/search.atom?q=city&source=Reuters&from=2020-01-01")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links["self"] == feed.findtext(f"{A}id") == \
        "http://localhost/search.atom?q=city&sort=newest&from=2020-01-01&source=Reuters"
    assert links["alternate"] == "http://localhost/search?q=city&sort=newest&from=2020-01-01&source=Reuters"
    assert [e.findtext(f"{A}id").rsplit("/", 1)[1] for e in feed.findall(f"{A}entry")] == ["bridge-2023",
                                                                                           "holiday-2022"]


def test_feed_escapes_text_and_dates_undated_entries_with_the_feed(facets_client):
    feed = atom(facets_client, "/search.atom?q=bridge+OR+ferry")
    check_rfc4287(feed)
    entries = {e.findtext(f"{A}id").rsplit("/", 1)[1]: e for e in feed.findall(f"{A}entry")}
    assert entries["bridge-2023"].findtext(f"{A}title") == \
        "Old bridge closes for repairs <temporarily> & traffic diverted"
    assert entries["bridge-2023"].findtext(f"{A}summary").startswith("Reuters – The old bridge")
    assert "<mark>" not in entries["bridge-2023"].findtext(f"{A}summary")
    undated = entries["undated-note"]
    assert undated.find(f"{A}published") is None
    assert undated.findtext(f"{A}updated") == feed.findtext(f"{A}updated")
    link = entries["bridge-2023"].find(f"{A}link")
    assert link.get("href") == "http://localhost/article/bridge-2023" and link.get("type") == "text/html"
    marathon = atom(facets_client, "/search.atom?q=marathon").find(f"{A}entry")
    assert [a.findtext(f"{A}name") for a in marathon.findall(f"{A}author")] == ["Pat Lee"]


def test_feed_of_a_query_without_matches_is_still_valid(facets_client):
    feed = atom(facets_client, "/search.atom?q=zzzzzz")
    check_rfc4287(feed)
    assert feed.findall(f"{A}entry") == [] and RFC3339.match(feed.findtext(f"{A}updated"))
    check_rfc4287(atom(facets_client, "/search.atom"))


def test_feed_helpers():
    assert rfc3339("2022-03-05T12:00:00+02:00") == "2022-03-05T10:00:00Z"
    assert rfc3339("1987-02-26T15:02:20") == "1987-02-26T15:02:20Z"
    assert rfc3339("2022-02-01") == "2022-02-01T00:00:00Z"
    assert rfc3339(None) is None and rfc3339("sometime") is None
    assert xml_text("bell\x07 form\x0c feed\ttab\nline é 😀") == "bell form feed\ttab\nline é 😀"


def test_results_page_announces_its_feed(facets_client):
    doc = lxml.html.fromstring(facets_client.get("/search?q=city").get_data(as_text=True))
    assert doc.xpath("//head/link[@rel='alternate'][@type='application/atom+xml']/@href") == \
        ["/search.atom?q=city&sort=newest"]


def test_opensearch_description(facets_client):
    response = facets_client.get("/opensearch.xml")
    assert response.status_code == 200 and response.mimetype == "application/opensearchdescription+xml"
    root = ElementTree.fromstring(response.data)
    assert root.tag == f"{OS}OpenSearchDescription"
    assert root.findtext(f"{OS}ShortName") == "News search" and len(root.findtext(f"{OS}ShortName")) <= 16
    assert root.findtext(f"{OS}InputEncoding") == "UTF-8"
    templates = {url.get("type"): url.get("template") for url in root.findall(f"{OS}Url")}
    assert templates["text/html"] == "http://localhost/search?q={searchTerms}&page={startPage?}"
    assert templates["application/atom+xml"].startswith("http://localhost/search.atom?q={searchTerms}")
    assert templates["application/json"].startswith("http://localhost/api/search?q={searchTerms}")
    assert templates["application/opensearchdescription+xml"] == "http://localhost/opensearch.xml"
    html_url = templates["text/html"].replace("{searchTerms}", "city").replace("{startPage?}", "")
    assert facets_client.get(html_url.removeprefix("http://localhost")).status_code == 200


@pytest.mark.parametrize("url", ["/", "/search?q=city", "/article/bridge-2023", "/help", "/article/missing"])
def test_every_page_links_the_opensearch_description(facets_client, url):
    doc = lxml.html.fromstring(facets_client.get(url).get_data(as_text=True))
    links = doc.xpath("//head/link[@rel='search']")
    assert [(link.get("type"), link.get("href")) for link in links] == \
        [("application/opensearchdescription+xml", "/opensearch.xml")]


def test_query_args_parse_back(facets_client):
    feed = atom(facets_client, "/search.atom?q=a%26b&author=Jo+Smith+%26+Partners")
    self_link = next(link.get("href") for link in feed.findall(f"{A}link") if link.get("rel") == "self")
    assert parse_qsl(urlsplit(self_link).query) == [("q", "a&b"), ("sort", "newest"), ("author", "Jo Smith & Partners")]


def test_feed_and_opensearch_each_use_their_namespace_as_the_default(facets_client):
    facets_client.get("/opensearch.xml")  # whichever document is written first must not rename the other's
    feed = facets_client.get("/search.atom?q=bank").get_data(as_text=True)
    assert '<feed xmlns="http://www.w3.org/2005/Atom">' in feed and "ns0:" not in feed
    description = facets_client.get("/opensearch.xml").get_data(as_text=True)
    assert '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">' in description
