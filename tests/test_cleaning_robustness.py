"""Hostile input never makes cleaning raise: deep nesting, broken markup, garbage, huge pages."""
import pytest

from indexer.cleaning.html import clean_html


@pytest.mark.parametrize("data", [
    b"",
    b"\x00\x01\x02" * 1000,
    bytes(range(256)) * 100,
    b"<html><body><div><p>One <b>bold <i>both</p><p>Two</div></span></table><p>Three & four < five</body>",
    b"<p>a\x00b</p><p unclosed='x>",
    ("<html><body><p>" + "<a href=x>" * 20000 + "deep link" + "</a>" * 20000 + "</p></body></html>").encode(),
    ("<html><body><p>" + "<span>" * 20000 + "deep span" + "</span>" * 20000 + "</p></body></html>").encode(),
    b'<html><head><script type="application/ld+json">{"@type": {"x": 1}, "author": 5, "headline": ["a"], '
    b'"datePublished": 7, "publisher": [], "articleBody": 3, "inLanguage": {"n": 1}}</script></head>'
    b"<body><p>x</p></body></html>",
    b'<html><head><script type="application/ld+json">{"@type": "NewsArticle", "author": [[[[{"name": "A B"}]]]],'
    b'"mainEntityOfPage": 7, "keywords": 5}</script><link rel="canonical" href="http://[bad"></head></html>',
    "<html><body><p>Grüße aus Köln, sagte sie.</p></body></html>".encode("utf-16"),
])
def test_never_raises(data):
    page = clean_html(data, "not a url")
    assert isinstance(page.body, str) and isinstance(page.is_article, bool)


def test_deeply_nested_blocks_keep_their_text():
    deep = "<div>" * 50000 + "deep text" + "</div>" * 50000
    assert clean_html(f"<html><body>{deep}</body></html>".encode()).body == "deep text"


def test_a_large_page_is_cleaned():
    rows = "".join(f"<div class='row'><p>Sentence number {i}, which is a fine sentence.</p><a href='/x'>link</a></div>"
                   for i in range(5000))
    page = clean_html(f"<html><body>{rows}</body></html>".encode())
    assert page.body.count("\n\n") >= 4999
