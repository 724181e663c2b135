"""Each metadata field from its own signal, one hand-written fixture page per signal."""
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from indexer.cleaning.html import clean_html
from indexer.cleaning.authors import clean_author, split_authors
from indexer.cleaning.metadata import strip_site_suffix
from indexer.cleaning.publication_day import htmldate_day

PAGES = Path(__file__).parent / "fixtures" / "pages"


def clean(name: str, url: str = ""):
    return clean_html((PAGES / name).read_bytes(), url)


def test_title_loses_the_site_suffix():
    assert clean("meta-title-site-suffix.html").title == "Harbour bridge reopens after repairs"


def test_title_loses_a_section_prefix_when_the_heading_says_so():
    assert clean("meta-title-section-prefix.html").title == "Why the harbour still matters"


def test_published_from_json_ld_beats_meta_tags_and_keeps_its_offset():
    page = clean("meta-published-json-ld.html")
    assert page.published == datetime(2021, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert page.published.isoformat() == "2021-03-04T09:30:00+02:00"
    assert page.modified == datetime(2021, 3, 4, 18, tzinfo=timezone(timedelta(hours=2)))


def test_published_and_modified_from_article_meta_tags():
    page = clean("meta-published-meta-tag.html")
    assert page.published.isoformat() == "2021-03-04T09:30:00-05:00"
    assert page.modified.isoformat() == "2021-03-06T10:00:00-05:00"


def test_published_from_a_time_element():
    assert clean("meta-published-time-element.html").published.isoformat() == "2020-02-01T07:00:00+01:00"


def test_modified_from_open_graph():
    page = clean("meta-modified-og.html")
    assert page.modified == datetime(2021, 3, 6, 10, tzinfo=timezone.utc) and page.published is None


def test_authors_from_json_ld_people_not_organisations():
    assert clean("meta-authors-json-ld.html").authors == ["Ann Lee", "Bo Chan"]


def test_authors_from_the_author_meta_tag():
    assert clean("meta-authors-meta-tag.html").authors == ["Ann Lee", "Bo Chan"]


def test_authors_from_a_visible_byline():
    assert clean("meta-authors-byline.html").authors == ["Ann Lee", "Bo Chan"]


def test_site_name_from_the_json_ld_publisher_inside_a_graph():
    assert clean("meta-site-name-publisher.html").site_name == "Coastal Herald"


def test_relative_canonical_url_is_resolved_against_the_page_url():
    page = clean("meta-canonical-relative.html", "https://herald.example/news/harbour-bridge-reopens?utm_source=x")
    assert page.url == "https://herald.example/news/harbour-bridge-reopens"


def test_canonical_url_from_open_graph():
    assert clean("meta-canonical-og-url.html").url == "https://herald.example/news/harbour-bridge-reopens"


def test_page_url_is_the_fallback():
    assert clean("meta-description.html", "https://herald.example/x").url == "https://herald.example/x"


def test_language_from_the_html_element():
    assert clean("meta-language-html.html").language == "pt"


def test_language_from_the_open_graph_locale():
    assert clean("meta-language-og-locale.html").language == "de"


def test_description():
    assert clean("meta-description.html").description == (
        "The old harbour bridge reopens on Monday after three years of repairs.")


def test_section_and_keywords():
    page = clean("meta-section-keywords.html")
    assert page.section == "Local news" and page.keywords == ["bridge", "harbour", "council"]


@pytest.mark.parametrize("raw, name", [
    ("By Jane Roe", "Jane Roe"),
    ("Jane Roe, Senior Political Correspondent", "Jane Roe"),
    ("Jane Roe Associated Press", "Jane Roe"),
    ("Written by: Jane Roe", "Jane Roe"),
    ("Jane Roe. Example Times", "Jane Roe"),
    ("Sarah E. Needleman", "Sarah E. Needleman"),
    ("Reuters", ""),
    ("Staff Reporter", ""),
    ("Metro News Desk", ""),
    ("https://social.example/janeroe", ""),
    ("jroe", ""),
])
def test_author_names_are_cleaned(raw, name):
    assert clean_author(raw) == name


def test_outlet_listed_as_an_author_is_dropped():
    assert split_authors(["Jane Roe", "Example Times"], ["Example Times"]) == ["Jane Roe"]


@pytest.mark.parametrize("title, sites, headings, expected", [
    ("Storm closes roads | Example Gazette", ["Example Gazette"], [], "Storm closes roads"),
    ("Example Gazette - Storm closes roads", ["Example Gazette"], [], "Storm closes roads"),
    ("Storm closes roads - examplegazette.com", ["examplegazette"], [], "Storm closes roads"),
    ("Storm - closes roads", ["Example Gazette"], [], "Storm - closes roads"),
    ("Weather | Storm closes roads | Gazette", [], ["Storm closes roads"], "Storm closes roads"),
])
def test_site_suffix_and_prefix(title, sites, headings, expected):
    assert strip_site_suffix(title, sites, headings) == expected


@pytest.mark.parametrize("stamp, url, published", [
    ("2023-11-09T01:09:55Z", "https://news.example/2023/11/08/late-story", "2023-11-08T00:00:00"),  # outlet's day
    ("2023-11-09T01:09:55Z", "https://news.example/2023/11/09/story", "2023-11-09T01:09:55+00:00"),
    ("2023-11-09T01:09:55-07:00", "https://news.example/2023/11/08/story", "2023-11-09T01:09:55-07:00"),
    ("2023-11-09T01:09:55Z", "https://news.example/2023/11/05/story", "2023-11-05T00:00:00"),  # an update
    ("2019-06-17T18:28:00+02:00", "https://news.example/home/2017/7/12/story", "2017-07-12T00:00:00"),  # a re-post
    ("2023-10-31T10:00:00+01:00", "https://news.example/2023/10/3-questions/", "2023-10-31T10:00:00+01:00"),
    ("2023-11-09T01:09:55Z", "https://news.example/story", "2023-11-09T01:09:55+00:00"),
])
def test_the_outlets_url_date_beats_a_stamp_more_than_a_day_or_a_utc_day_from_it(stamp, url, published):
    page = (f'<html><head><link rel="canonical" href="{url}"><meta property="article:published_time" '
            f'content="{stamp}"><title>Council votes</title></head><body><article><h1>Council votes</h1>'
            + "<p>The council voted on the budget late in the evening, after a long debate.</p>" * 5
            + "</article></body></html>")
    assert clean_html(page.encode()).published.isoformat() == published


BODY = "<p>The council voted on the budget late in the evening, after a long debate.</p>" * 5


def _page(head: str = "", article: str = "") -> bytes:
    return (f"<html><head><title>Council votes</title>{head}</head><body><article><h1>Council votes</h1>"
            f"{article}{BODY}</article></body></html>").encode()


@pytest.mark.parametrize("visible, day", [
    ('<span class="date">7. Juni 2021</span>', datetime(2021, 6, 7)),
    ('<div class="post-date">June 7, 2021</div>', datetime(2021, 6, 7)),
    ('<span class="date">07.06.2021</span>', datetime(2021, 6, 7)),
])
def test_a_page_without_date_metadata_gets_the_day_htmldate_finds_in_its_markup(visible, day):
    page = clean_html(_page(article=visible))
    assert (page.published, page.published_source) == (day, "htmldate")


def test_implausible_dates_are_rejected():
    assert htmldate_day(_page(article='<span class="date">07.06.2035</span>').decode(), date(2026, 11, 28)) is None
    assert htmldate_day(_page(article='<span class="date">07.06.1985</span>').decode(), date(2026, 11, 28)) is None
    assert clean_html(_page(article="")).published is None
    future = clean_html(_page('<meta property="article:published_time" content="2091-01-01T10:00:00Z">'))
    placeholder = clean_html(_page('<meta property="article:published_time" content="1970-01-01T00:00:00Z">'))
    assert future.published is None and placeholder.published is None


@pytest.mark.parametrize("head, article, source", [
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-06-07"}</script>', "",
     "json-ld"),
    ('<meta property="article:published_time" content="2021-06-07T10:00:00+02:00">', "", "meta"),
    ("", '<time datetime="2021-06-07T10:00:00+02:00">7 June</time>', "time"),
    ('<link rel="canonical" href="https://news.example/2021/06/07/council-votes">', "", "url"),
])
def test_clean_says_where_the_date_came_from(head, article, source):
    page = clean_html(_page(head, article))
    assert page.published.date() == date(2021, 6, 7) and page.published_source == source


def _dated_page(head: str, above: str = "", below: str = "", aside: str = "") -> bytes:
    return (f"<html><head><title>Council votes</title>{head}</head><body><article>{above}"
            f"<h1>Council votes</h1>{below}{BODY}</article><aside>{aside}</aside></body></html>").encode()


STATED = '<meta property="article:published_time" content="2021-06-07T10:00:00+02:00">'
MODIFIED = '<meta property="article:modified_time" content="2022-01-12T08:00:00+01:00">'


@pytest.mark.parametrize("head, above, below, aside, published, source", [
    (STATED, "", "<p>7. Juni 2021</p>", "", "2021-06-07", "meta"),  # the stated day is shown
    (STATED, "", "", "", "2021-06-07", "meta"),  # no day shown at all: nothing contradicts it
    (STATED + MODIFIED, "", "<p>Updated 12.01.2022</p>", "", "2022-01-12", "modified"),  # only the update is shown
    (STATED, '<p class="kicker">Politics · 14 January 2022</p>', "", "", "2022-01-14", "dateline"),
    (STATED, "", "", "<p>Most read on 3/4/2020</p>", "2021-06-07", "meta"),  # a day far from the headline
    ("", "", "<p>Berlin, 14.01.2022</p>", "", "2022-01-14", "dateline"),  # nothing stated: the dateline
    ("", "", "", "", "", ""),
])
def test_a_stated_date_the_page_never_shows_gives_way_to_a_day_it_shows(head, above, below, aside, published,
                                                                         source):
    page = clean_html(_dated_page(head, above, below, aside))
    assert ((page.published.date().isoformat() if page.published else ""), page.published_source) == (published,
                                                                                                      source)
