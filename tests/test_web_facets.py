"""The results page as a news searcher uses it: facets, chips, sort, date presets, timeline, duplicates."""
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import lxml.html
import pytest

from search_web.presets import date_presets


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return lxml.html.fromstring(response.get_data(as_text=True))


def args(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query)


def facet_links(doc, name: str) -> dict[str, str]:
    """Facet value text -> link, for one facet of the sidebar."""
    links = doc.xpath(f"//section[@aria-labelledby='facet-{name}']//a")
    return {a.xpath("string(.//span[@class='value'])").replace("Remove filter ", "").strip(): a.get("href")
            for a in links}


def facet_counts(doc, name: str) -> dict[str, int]:
    return {a.xpath("string(.//span[@class='value'])").replace("Remove filter ", "").strip():
            int(a.xpath("string(.//span[@class='count'])")) for a in
            doc.xpath(f"//section[@aria-labelledby='facet-{name}']//a")}


def test_facets_show_values_with_counts(facets_client):
    doc = page(facets_client, "/search?q=city")
    assert facet_counts(doc, "source") == {"Reuters": 3, "Associated Press": 2, "The Guardian": 2, "BBC News": 1,
                                           "Harbour Notes": 1, "Smith & Jones Weekly": 1}
    assert facet_counts(doc, "language") == {"English · en": 10}
    assert "Mar 2023" in facet_counts(doc, "month")
    assert [h.text for h in doc.xpath("//aside//h2")] == ["Date", "Outlet", "Year", "Month", "Topic", "Language",
                                                         "Author"]


def test_a_facet_link_adds_its_value_keeping_the_rest_and_resetting_the_page(facets_client):
    doc = page(facets_client, "/search?q=city&sort=newest&year=2023&limit=2&page=2")
    href = facet_links(doc, "source")["Reuters"]
    assert args(href) == [("q", "city"), ("sort", "newest"), ("source", "Reuters"), ("year", "2023"), ("limit", "2")]


def test_counts_reflect_the_filtered_set_and_chips_remove_one_value_each(facets_client):
    doc = page(facets_client, "/search?q=city&source=Reuters&source=Smith+%26+Jones+Weekly&category=politics")
    # the outlet facet leaves out its own filter, so other outlets can be added
    assert facet_counts(doc, "source") == {"Reuters": 1, "Smith & Jones Weekly": 1, "The Guardian": 1}
    chips = {a.text_content().replace("Remove filter ", "").replace("×", "").strip(): a.get("href")
             for a in doc.xpath("//nav[@aria-label='Active filters']//a[@class='chip']")}
    assert set(chips) == {"Outlet: Reuters", "Outlet: Smith & Jones Weekly", "Topic: politics"}
    assert args(chips["Outlet: Reuters"]) == [("q", "city"), ("source", "Smith & Jones Weekly"),
                                              ("category", "politics")]
    assert "source=Smith+%26+Jones+Weekly" in chips["Topic: politics"]
    assert doc.xpath("string(//a[@class='clear']/@href)") == "/search?q=city"
    chosen = doc.xpath("//section[@aria-labelledby='facet-source']//a[@aria-current='true']")
    assert len(chosen) == 2 and "Remove filter" in chosen[0].text_content()


def test_sort_control_marks_the_current_order(facets_client):
    doc = page(facets_client, "/search?q=city&source=Reuters&page=1&sort=oldest")
    nav = doc.xpath("//nav[@aria-label='Sort results']")[0]
    assert nav.xpath("string(.//*[@aria-current='true'])") == "Oldest"
    links = {a.text: a.get("href") for a in nav.xpath(".//a")}
    assert links == {"Relevance": "/search?q=city&source=Reuters", "Newest": "/search?q=city&sort=newest&source=Reuters"}


@pytest.mark.parametrize("sort, first, last", [("newest", "library-2023", "undated-note"),
                                               ("oldest", "budget-2019", "undated-note")])
def test_sorting_by_date_puts_undated_articles_last(facets_client, sort, first, last):
    hits = facets_client.get(f"/api/search?q=city&sort={sort}&limit=50").get_json()["hits"]
    assert hits[0]["id"] == first and hits[-1]["id"] == last


def test_date_presets_count_back_from_the_newest_article(facets_client):
    doc = page(facets_client, "/search?q=city&category=politics")
    dates = {a.text: a.get("href") for a in doc.xpath("//section[@aria-labelledby='facet-dates']//a")}
    assert dates == {"Any time": "/search?q=city&category=politics",
                     "Past week": "/search?q=city&from=2023-03-21&category=politics",
                     "Past month": "/search?q=city&from=2023-02-26&category=politics",
                     "Past year": "/search?q=city&from=2022-03-28&category=politics"}
    assert "27 Mar 2023" in doc.xpath("string(//section[@aria-labelledby='facet-dates']//p[@class='note'])")
    chosen = page(facets_client, "/search?q=city&from=2023-02-26")
    assert chosen.xpath("string(//section[@aria-labelledby='facet-dates']//a[@aria-current='true'])") == "Past month"
    assert "since 26 Feb 2023" in chosen.xpath("string(//a[@class='chip'])")


def test_custom_date_range_is_a_plain_get_form_keeping_the_other_parameters(facets_client):
    doc = page(facets_client, "/search?q=city&sort=newest&from=2020-01-01&author=Pat+Lee&page=2&limit=1")
    form = doc.xpath("//form[@class='date-range']")[0]
    assert form.get("method") == "get" and form.get("action") == "/search"
    hidden = [(i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']")]
    assert hidden == [("q", "city"), ("sort", "newest"), ("author", "Pat Lee"), ("limit", "1")]
    for name, value in (("from", "2020-01-01"), ("to", "")):
        field = form.xpath(f".//input[@name='{name}']")[0]
        assert field.get("type") == "date" and field.get("value") == value
        assert form.xpath(f"string(.//label[@for='{field.get('id')}'])")
    applied = facets_client.get("/api/search?q=city&from=2020-01-01&to=2020-12-31").get_json()
    assert {h["id"] for h in applied["hits"]} == {"election-2020", "marathon-2020"}


def test_timeline_is_inline_svg_with_a_link_per_period(facets_client):
    doc = page(facets_client, "/search?q=city&sort=newest")
    svg = doc.xpath("//figure[@class='timeline']//svg")[0]
    assert svg.get("aria-labelledby") == "timeline-caption"
    bars = {a.get("aria-label"): a.get("href") for a in svg.xpath(".//a")}
    assert bars["2020: 2 articles"] == "/search?q=city&sort=newest&from=2020-01-01&to=2020-12-31"
    assert set(bars) == {"2019: 1 article", "2020: 2 articles", "2021: 1 article", "2022: 2 articles",
                         "2023: 3 articles"}
    assert svg.xpath(".//a/title")[0].text == "2019: 1 article"
    assert [t.text for t in svg.xpath(".//text[@class='label']")] == ["2019", "2020", "2021", "2022", "2023"]
    assert " ".join(doc.xpath("string(//figcaption)").split()) == \
        "Matching articles per year, 2019 to 2023. Choose a bar to see that year."


def test_each_story_appears_once_with_its_other_versions(facets_client):
    doc = page(facets_client, "/search?q=central+bank+interest+rates")
    hits = doc.xpath("//ol[@class='hits']/li")
    stories = [h for h in hits if h.xpath(".//details[@class='versions']")]
    assert len(stories) == 1
    details = stories[0].xpath(".//details[@class='versions']")[0]
    assert details.xpath("string(summary)") == "2 other versions"
    shown = stories[0].xpath("string(.//h2/a/@href)").split("?")[0]
    versions = [a.get("href").split("?")[0] for a in details.xpath(".//li/a")]
    assert sorted([shown, *versions]) == ["/article/rates-ap", "/article/rates-guardian", "/article/rates-reuters"]
    assert {s.text for s in details.xpath(".//span[@class='source']")} | \
        {stories[0].xpath("string(.//p[@class='meta']/span[@class='source'])")} == \
        {"Reuters", "Associated Press", "The Guardian"}
    assert all(details.xpath(".//li//time/@datetime"))


def test_pagination_keeps_query_sort_and_filters(facets_client):
    doc = page(facets_client, "/search?q=city&sort=oldest&language=en&limit=3")
    following = doc.xpath("//nav[@class='pagination']//a[@rel='next']/@href")[0]
    assert args(following) == [("q", "city"), ("sort", "oldest"), ("language", "en"), ("limit", "3"), ("page", "2")]


def test_new_query_from_results_keeps_filters_and_sort(facets_client):
    doc = page(facets_client, "/search?q=city&sort=newest&source=Reuters&page=2&limit=1")
    form = doc.xpath("//form[@role='search']")[0]
    assert [(i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']")] == \
        [("sort", "newest"), ("source", "Reuters"), ("limit", "1")]
    assert form.xpath("string(.//a[@class='help-link']/@href)") == "/help"


def test_results_page_links_its_json_twin_and_feed(facets_client):
    doc = page(facets_client, "/search?q=city&source=Reuters&page=1")
    head = {link.get("type"): link.get("href") for link in doc.xpath("//head/link[@rel='alternate']")}
    assert head == {"application/atom+xml": "/search.atom?q=city&sort=newest&source=Reuters",
                    "application/json": "/api/search?q=city&source=Reuters"}
    assert doc.xpath("//a[@type='application/json']/@href") == [head["application/json"]]
    assert doc.xpath("//a[@type='application/atom+xml']/@href") == [head["application/atom+xml"]]


def test_api_search_has_facets_timeline_and_duplicates(facets_client):
    data = facets_client.get("/api/search?q=interest+rates&source=Reuters").get_json()
    sources = {f["value"]: f["count"] for f in data["facets"]["source"]}
    assert sources["Reuters"] == 1 and {"Associated Press", "The Guardian"} <= set(sources)
    assert data["timeline"]["unit"] == "day" and data["timeline"]["buckets"][0]["count"] == 1
    hit = data["hits"][0]
    assert hit["id"] == "rates-reuters" and hit["duplicates"] == ["rates-ap", "rates-guardian"]
    assert [v["source"] for v in hit["versions"]] == ["Associated Press", "The Guardian"]
    empty = facets_client.get("/api/search?q=").get_json()
    assert empty["facets"] == {name: [] for name in ("source", "year", "month", "category", "language", "author")}
    assert empty["timeline"] == {"unit": "", "buckets": []}


def test_no_match_with_filters_suggests_removing_one(facets_client):
    doc = page(facets_client, "/search?q=telescope&year=2019")
    assert "Try removing a filter." in doc.xpath("string(//p[@class='empty'])")
    assert doc.xpath("//a[@class='chip']")


def test_presets_for_an_old_archive_and_for_an_index_without_dates():
    assert [(p.label, p.date_from) for p in date_presets(date(1987, 10, 19))] == [
        ("Past week", date(1987, 10, 13)), ("Past month", date(1987, 9, 20)), ("Past year", date(1986, 10, 20))]
    assert date_presets(None) == []
