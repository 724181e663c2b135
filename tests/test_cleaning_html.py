from datetime import datetime, timedelta, timezone

from indexer.cleaning.content import flatten
from indexer.cleaning.html import clean_html, parse_html
from indexer.cleaning.metadata import strip_site_suffix


def page(head: str = "", body: str = "") -> bytes:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>".encode("utf-8")


def test_fixture_page(fixture_corpus):
    cleaned = clean_html((fixture_corpus / "html" / "storm.html").read_bytes())
    assert cleaned.is_article
    assert cleaned.title == "Storm closes coastal roads"
    assert cleaned.site_name == "Example Gazette"
    assert cleaned.published == datetime(2021, 12, 3, 8, 15, tzinfo=timezone(timedelta(hours=1)))
    assert cleaned.authors == ["Jane Roe"]
    assert cleaned.url == "https://gazette.example/news/storm-closes-coastal-roads"
    assert cleaned.language == "en"
    assert cleaned.body == (  # the headline is the title field, not repeated as the first paragraph
        "A winter storm closed several coastal roads on Friday as waves broke over the sea walls.\n\n"
        "Police asked drivers to avoid the seafront until the tide turns in the evening.")


def test_boilerplate_elements_and_comments_are_dropped():
    cleaned = clean_html(page(body="<nav>Menu</nav><main><p>Story text.</p><script>evil()</script>"
                                   "<!-- hidden --><form>Subscribe</form></main><footer>Legal</footer>"))
    assert cleaned.body == "Story text."


def test_title_fallbacks():
    assert clean_html(page("<title>Only title</title>", "<p>x</p>")).title == "Only title"
    assert clean_html(page("", "<h1>Heading title</h1><p>x</p>")).title == "Heading title"


def test_json_ld_news_article_metadata_and_body():
    ld = ('{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Site"},'
          '{"@type": "NewsArticle", "headline": "LD headline", "datePublished": "2020-05-01T10:00:00Z",'
          '"author": [{"@type": "Person", "name": "A. Writer"}, {"@type": "Person", "name": "B. Writer"}],'
          '"publisher": {"@type": "Organization", "name": "LD Outlet"},'
          '"articleBody": "Paragraph one.\\n\\nParagraph two."}]}')
    cleaned = clean_html(page(f'<script type="application/ld+json">{ld}</script>', "<p>menu junk</p>"))
    assert cleaned.title == "LD headline"
    assert cleaned.published == datetime(2020, 5, 1, 10, tzinfo=timezone.utc)
    assert cleaned.authors == ["A. Writer", "B. Writer"]
    assert cleaned.site_name == "LD Outlet"
    assert cleaned.body == "Paragraph one.\n\nParagraph two."


def test_time_element_gives_the_date():
    cleaned = clean_html(page("", '<article><time datetime="2019-07-04">4 July</time><p>x</p></article>'))
    assert cleaned.published == datetime(2019, 7, 4)


def test_page_without_text_is_not_an_article():
    cleaned = clean_html(page("<title>Empty</title>", "<nav>Home</nav>"))
    assert not cleaned.is_article and cleaned.reason == "no article text"


def test_declared_legacy_charset():
    data = '<html><head><meta charset="windows-1250"></head><body><p>Příliš žluťoučký kůň</p></body></html>'
    assert clean_html(data.encode("cp1250")).body == "Příliš žluťoučký kůň"


def test_br_and_blocks_make_paragraphs():
    soup = parse_html(page(body="<div>One<br>Two<div>Three <b>bold</b> end</div></div><ul><li>Item</li></ul>"))
    assert [block.text for block in flatten(soup.body).blocks] == ["One", "Two", "Three bold end", "Item"]


def test_deeply_nested_markup_does_not_recurse():
    deep = "<div>" * 5000 + "deep text" + "</div>" * 5000
    assert "deep text" in clean_html(page(body=deep)).body


def test_site_suffix_removed_from_title():
    assert strip_site_suffix("Storm closes roads | Example Gazette", "Example Gazette") == "Storm closes roads"
    assert strip_site_suffix("Storm - closes roads", "Example Gazette") == "Storm - closes roads"
