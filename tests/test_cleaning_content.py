"""Main-content detection: which elements hold the story, in reading order, as paragraphs."""
from pathlib import Path

from indexer.cleaning.content import article_blocks, flatten, main_container
from indexer.cleaning.html import clean_html, parse_html

PAGES = Path(__file__).parent / "fixtures" / "pages"


def body_of(html: str) -> str:
    return clean_html(html.encode("utf-8")).body


def story(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


LONG = [
    "The city council voted on Tuesday to reopen the old harbour bridge, closing a chapter of repairs.",
    "Engineers replaced the corroded cables and strengthened the deck, the council said, at great cost.",
    "Traffic will return to the bridge on Monday morning, although heavy lorries will remain banned.",
]


def test_article_split_around_an_advert_is_kept_whole_and_in_order():
    body = clean_html((PAGES / "layout-split-by-advert.html").read_bytes()).body
    assert body.split("\n\n") == [
        "The city council voted on Tuesday to reopen the old harbour bridge, closing a chapter of repairs that "
        "began three years ago.",
        "Engineers replaced the corroded cables and strengthened the deck, the council said, at a cost of 42 "
        "million euros.",
        "Traffic will return to the bridge on Monday morning, although heavy lorries will remain banned until June.",
        "Residents on both banks welcomed the news, saying the detour had added half an hour to their daily "
        "journeys.",
    ]


def test_embedded_post_inside_a_social_box_stays_with_the_story():
    body = clean_html((PAGES / "layout-embedded-post.html").read_bytes()).body
    assert "Finally! The bridge is open again and my commute is back to ten minutes." in body


def test_line_breaks_make_paragraphs_and_whitespace_is_normalised():
    body = clean_html((PAGES / "layout-line-breaks.html").read_bytes()).body
    assert body.split("\n\n")[1] == ("Engineers replaced the corroded cables and strengthened the deck, the council "
                                     "said, at a cost of 42 million euros.")
    assert len(body.split("\n\n")) == 3


def test_text_is_nfc_and_curly_quotes_stay():
    body = body_of(f"<html><body><article>{story('Cafe' + chr(0x301) + ' owners said “it’s over” on Monday, as expected.', *LONG)}</article></body></html>")
    assert body.startswith("Café owners said “it’s over” on Monday")


def test_hidden_elements_are_not_text():
    html = (f"<html><body><article>{story(*LONG)}<p style='display: none'>Hidden promo text here.</p>"
            f"<div hidden>Also hidden.</div></article></body></html>")
    assert "hidden" not in body_of(html).lower()


def test_links_in_chinese_or_japanese_text_are_word_boundaries():
    html = ("<html><body><article><p>パスワード管理ソフト<a href='/k'>KeePass</a>の起動ショートカットキーと同じなのです。"
            "これは長い段落です。</p></article></body></html>")
    assert "管理ソフト KeePass の起動" in body_of(html)


def test_a_paragraph_made_of_a_bare_url_is_text():
    html = f"<html><body><article>{story(*LONG)}<p><a href='https://example.org/report'>https://example.org/report</a></p></article></body></html>"
    assert body_of(html).endswith("https://example.org/report")


def test_a_hover_card_of_links_inside_a_paragraph_is_dropped():
    card = ("<span class='card'><a href='/p'>Jane Roe</a><a href='/1'>Another story about Jane Roe</a>"
            "<a href='/2'>Yet another story about her</a></span>")
    html = f"<html><body><article><p>Mayor {card} said the bridge would reopen on Monday after the repairs.</p>{story(*LONG)}</article></body></html>"
    assert body_of(html).split("\n\n")[0] == "Mayor said the bridge would reopen on Monday after the repairs."


def test_the_densest_story_beats_more_text_spread_over_teaser_boxes():
    teasers = "".join(f"<li><div class='item'><a href='/{i}'>Headline number {i}</a><div><p>A teaser sentence "
                      f"about another story, with some words, number {i}.</p></div></div></li>" for i in range(12))
    html = f"<html><body><div><div class='main'>{story(*LONG)}</div><ul>{teasers}</ul></div></body></html>"
    assert body_of(html) == "\n\n".join(LONG)


def test_chosen_blocks_come_in_reading_order():
    layout = flatten(parse_html(f"<html><body><div>{story(*LONG)}</div></body></html>".encode()))
    assert [b.text for b in article_blocks(layout, main_container(layout))] == LONG


def test_repeated_headline_and_byline_are_not_body():
    html = (f"<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
            f"<p>By Jane Roe</p><p>Updated 4 March 2021, 10:00</p>{story(*LONG)}</article></body></html>")
    assert body_of(html) == "\n\n".join(LONG)
