"""The publisher's structured body is used when it is the whole story and the page text lacks it."""
from pathlib import Path

from indexer.cleaning.body import choose_body, structured_text
from indexer.cleaning.html import clean_html
from indexer.cleaning.structured import article_object, parse_json_ld

PAGES = Path(__file__).parent / "fixtures" / "pages"
STORY = (
    "The city council voted on Tuesday to reopen the old harbour bridge, closing a chapter of repairs that began "
    "three years ago.\n\n"
    "Engineers replaced the corroded cables and strengthened the deck, the council said, at a cost of 42 million "
    "euros.\n\n"
    "Traffic will return to the bridge on Monday morning, although heavy lorries will remain banned until June.")


def clean(name: str):
    return clean_html((PAGES / name).read_bytes())


def test_complete_json_ld_body_replaces_a_page_that_shows_only_its_start():
    assert clean("structured-json-ld-complete.html").body == STORY


def test_truncated_json_ld_teaser_loses_to_the_page_text():
    assert clean("structured-json-ld-teaser.html").body == STORY


def test_microdata_article_body_is_the_container():
    assert clean("structured-microdata.html").body == STORY


def test_page_text_that_covers_the_structured_body_keeps_its_paragraphs():
    assert choose_body(["One two three four.", "Five six seven eight."], "One two three four. Five six seven eight.") \
        == "One two three four.\n\nFive six seven eight."


def test_structured_body_is_only_a_fallback_for_missing_text():
    assert choose_body([], "Whole story here.") == "Whole story here."
    assert choose_body(["A long page text that says much more than the structured data does, at length."],
                       "Different short text.") == \
        "A long page text that says much more than the structured data does, at length."


def test_json_ld_objects_are_found_in_graphs_lists_and_sloppy_scripts():
    scripts = [
        '{"@graph": [{"@type": "WebSite", "name": "Site"}, {"@type": ["NewsArticle"], "headline": "A"}]}',
        '[{"@type": "BreadcrumbList"}, {"@type": "ReportageNewsArticle", "headline": "B", "articleBody": "x"}]',
        '{"@type": "Article", "headline": "C\nwith a raw newline", "keywords": ["a", "b", ],}',
        "not json at all",
    ]
    objects = parse_json_ld(scripts)
    assert [o.get("headline") for o in objects if "headline" in o] == ["A", "B", "C\nwith a raw newline"]
    assert article_object(objects)["headline"] == "B"  # the article that carries a body


def test_deeply_nested_json_ld_is_skipped_not_fatal():
    assert parse_json_ld(["[" * 100000 + "]" * 100000]) == []


def test_structured_body_with_markup_entities_or_single_line_breaks_becomes_paragraphs():
    assert structured_text('<p class="lead">One &amp; two.</p>\r\n<p>Three <a href="/x">four</a>.</p>') == \
        "One & two.\n\nThree four."
    assert structured_text("First line.\nSecond line &amp; more.") == "First line.\n\nSecond line & more."
