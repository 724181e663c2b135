"""The article page and its JSON twin: other versions of the story, more like this, publication and update."""
import json

import lxml.html

from indexer.build import rebuild
from indexer.cleaning.html import clean_html
from indexer.readers.html import article_from_page
from search_web import create_app


def test_article_page_shows_the_story_s_versions_in_time_order_and_related_articles(facets_client):
    doc = lxml.html.fromstring(facets_client.get("/article/rates-reuters?q=rates").get_data(as_text=True))
    assert doc.xpath("string(//h2[@id='versions-heading'])") == "3 versions of this story"
    versions = doc.xpath("//section[@aria-labelledby='versions-heading']//ol/li")
    assert [v.get("aria-current") for v in versions] == ["true", None, None]
    assert [v.xpath("string(a/@href)") for v in versions] == ["", "/article/rates-ap?q=rates",
                                                              "/article/rates-guardian?q=rates"]
    assert versions[1].xpath("string(.//span[@class='source'])") == "Associated Press"
    assert versions[1].xpath("string(.//time/@datetime)") == "2023-03-14T15:30:00+00:00"
    assert versions[0].xpath("string(.//span[@class='words'])") == "110 words"
    assert not versions[0].xpath(".//details")  # the first version has nothing before it
    change = versions[1].xpath(".//details[@class='diff']")[0]
    assert change.xpath("string(summary)") == "What changed from the version before (new headline)"
    assert change.xpath("string(.//del)") == "Tuesday," and change.xpath("string(.//ins)") == "Tuesday morning,"
    assert "The central bank raised" in change.xpath("string(p)")
    related = doc.xpath("//section[@aria-labelledby='related-heading']//li/a/@href")
    assert related and related[0] == "/article/inflation-2022?q=rates"
    assert not any("rates-" in href for href in related), "a story's own versions are not 'more like this'"


def test_article_without_versions_has_no_versions_section(facets_client):
    doc = lxml.html.fromstring(facets_client.get("/article/telescope-2021").get_data(as_text=True))
    assert not doc.xpath("//section[@aria-labelledby='versions-heading']")
    assert doc.xpath("//h1")[0].text == "New telescope sends its first images of distant galaxies"


def test_article_page_links_its_json_twin(facets_client):
    doc = lxml.html.fromstring(facets_client.get("/article/rates-ap").get_data(as_text=True))
    assert doc.xpath("//head/link[@rel='alternate'][@type='application/json']/@href") == ["/api/article/rates-ap"]
    assert doc.xpath("//a[@type='application/json']/@href") == ["/api/article/rates-ap"]


def test_api_article_has_versions_and_related(facets_client):
    data = facets_client.get("/api/article/rates-ap").get_json()
    assert [(v["id"], v["current"]) for v in data["versions"]] == [
        ("rates-reuters", False), ("rates-ap", True), ("rates-guardian", False)]
    assert data["versions"][0]["diff"] is None
    assert {"op": "insert", "text": "Tuesday morning,"} in data["versions"][1]["diff"]
    assert data["related"][0]["id"] == "inflation-2022"
    assert {"id", "title", "source", "published", "snippet", "duplicates"} <= set(data["related"][0])
    assert facets_client.get("/api/article/missing").status_code == 404


def test_an_updated_article_shows_both_its_publication_and_its_update(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [{"id": "updated", "title": "Bridge reopens", "body": "The harbour bridge reopened on Monday. " * 5,
                "published": "2024-03-04T09:30:00+01:00", "modified": "2024-03-05T18:00:00+01:00"},
               {"id": "unchanged", "title": "Ferry delayed", "body": "The morning ferry was delayed by fog. " * 5,
                "published": "2024-03-04T07:00:00+01:00"}]
    (corpus / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    rebuild([corpus], tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    data = client.get("/api/article/updated").get_json()
    assert (data["published"], data["modified"]) == ("2024-03-04T09:30:00+01:00", "2024-03-05T18:00:00+01:00")
    doc = lxml.html.fromstring(client.get("/article/updated").get_data(as_text=True))
    assert doc.xpath("string(//span[@class='updated']/time/@datetime)") == "2024-03-05T18:00:00+01:00"
    assert client.get("/api/article/unchanged").get_json()["modified"] is None
    assert b'class="updated"' not in client.get("/article/unchanged").data


def test_a_page_keeps_its_modified_date_apart_from_its_publication_date():
    page = (b'<html><head><title>Bridge</title><meta property="article:published_time" content="2024-03-04T09:30:00Z">'
            b'<meta property="article:modified_time" content="2024-03-05T18:00:00Z"></head><body><article>'
            + b"<p>The harbour bridge reopened on Monday after two years of repairs to its deck.</p>" * 5
            + b"</article></body></html>")
    article = article_from_page(clean_html(page), "page.html", "page.html")
    assert (article.to_dict()["published"], article.to_dict()["modified"]) == ("2024-03-04T09:30:00+00:00",
                                                                               "2024-03-05T18:00:00+00:00")
