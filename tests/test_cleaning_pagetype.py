"""Pages that are not articles are reported with a reason instead of being indexed as junk."""
from pathlib import Path

import pytest

from indexer.cleaning.html import clean_html

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.mark.parametrize("name, reason", [
    ("not-article-index.html", "index page"),
    ("not-article-error.html", "error page"),
    ("not-article-empty.html", "no article text"),
])
def test_not_an_article(name, reason):
    page = clean_html((PAGES / name).read_bytes())
    assert (page.is_article, page.reason) == (False, reason)


def test_a_short_page_that_declares_itself_an_article_is_one():
    page = clean_html((PAGES / "article-short-declared.html").read_bytes())
    assert page.is_article and page.reason == ""
    assert page.body == "The harbour bridge closes at 10pm for a final inspection."


def test_a_long_story_is_an_article_whatever_its_title_says():
    story = "".join(f"<p>Paragraph {i} of a long report about a server error that took the site down.</p>"
                    for i in range(10))
    page = clean_html(f"<html><head><title>Server error</title></head><body>{story}</body></html>".encode())
    assert page.is_article
