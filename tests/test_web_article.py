"""The article page and its JSON twin: other versions of the story and more like this."""
import lxml.html


def test_article_page_lists_other_versions_and_related_articles(facets_client):
    doc = lxml.html.fromstring(facets_client.get("/article/rates-reuters?q=rates").get_data(as_text=True))
    versions = doc.xpath("//section[@aria-labelledby='versions-heading']//li")
    assert [v.xpath("string(a/@href)") for v in versions] == ["/article/rates-ap?q=rates",
                                                              "/article/rates-guardian?q=rates"]
    assert versions[0].xpath("string(.//span[@class='source'])") == "Associated Press"
    assert versions[0].xpath("string(.//time/@datetime)") == "2023-03-14T15:30:00+00:00"
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
    assert [v["id"] for v in data["versions"]] == ["rates-reuters", "rates-guardian"]
    assert data["related"][0]["id"] == "inflation-2022"
    assert {"id", "title", "source", "published", "snippet", "duplicates"} <= set(data["related"][0])
    assert facets_client.get("/api/article/missing").status_code == 404
