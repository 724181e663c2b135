"""Page furniture beside and inside the article never reaches the indexed body."""
from pathlib import Path

import pytest

from indexer.cleaning.boilerplate import is_boilerplate_line, is_byline_or_date, is_furniture, is_pointer_heading
from indexer.cleaning.html import clean_html

PAGES = Path(__file__).parent / "fixtures" / "pages"
STORY = (
    "The city council voted on Tuesday to reopen the old harbour bridge, closing a chapter of repairs that began "
    "three years ago.\n\n"
    "Engineers replaced the corroded cables and strengthened the deck, the council said, at a cost of 42 million "
    "euros, slightly below the original budget.\n\n"
    "Traffic will return to the bridge on Monday morning, although heavy lorries will remain banned until the final "
    "inspection in June.")


@pytest.mark.parametrize("kind", [
    "share-bar", "related-list", "inline-ad", "read-more", "newsletter", "subscription", "photo-credit",
    "comments", "teaser-cards", "cookie-banner",
])
def test_only_the_story_is_left(kind):
    page = clean_html((PAGES / f"boilerplate-{kind}.html").read_bytes())
    assert page.is_article
    assert page.title == "Harbour bridge reopens after repairs"
    assert page.body == STORY


@pytest.mark.parametrize("words", [
    "share-tools", "article-comments", "related-posts", "newsletter-signup", "ad", "ad-slot top", "sidebar-right",
    "cookie-consent", "most-read", "nav", "social-links",
])
def test_furniture_class_words(words):
    assert is_furniture(words)


@pytest.mark.parametrize("words", ["article-body", "story-text", "entry-content", "canvas", "head", "readable",
                                   "paywall", "title", "main-content"])
def test_content_class_words_are_not_furniture(words):
    assert not is_furniture(words)


@pytest.mark.parametrize("line", ["Advertisement", "Read more: How the bridge was built", "Photo: Jane Roe",
                                  "Sign up for our newsletter", "© 2021 Coastal Herald", "Share on Facebook"])
def test_stock_phrases(line):
    assert is_boilerplate_line(line)


def test_prose_is_not_a_stock_phrase():
    assert not is_boilerplate_line("Related questions were raised by the council about the cost of the repairs.")


@pytest.mark.parametrize("line", [
    "Get the latest updates right in your inbox. Subscribe to our newsletters.",
    "Subscribe today for unlimited access to every story.",
    "Follow us on Twitter for live updates.",
])
def test_pitches_to_the_reader(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", [
    "Users can subscribe to the streaming service for five euros a month from today.",
    "The council newsletter, which is delivered to every household, announced the closure.",
])
def test_reporting_about_subscriptions_is_prose(line):
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize("line", ["By Jane Roe", "By JANE ROE, Associated Press", "Updated 4 March 2021, 10:00",
                                  "Tuesday 4 May 2021, 10:30 GMT", "05/10/2018"])
def test_header_lines(line):
    assert is_byline_or_date(line)


@pytest.mark.parametrize("line", ["By Tuesday, the bridge had reopened.", "In 2019, the council spent 42 million.",
                                  "De Gaulle said no."])
def test_short_first_sentences_are_not_header_lines(line):
    assert not is_byline_or_date(line)


@pytest.mark.parametrize("label", ["More stories:", "You may also like", "Related coverage", "Most read"])
def test_labels_of_link_lists(label):
    assert is_pointer_heading(label)


def test_more_as_a_word_is_not_a_label():
    assert not is_pointer_heading("More than half of the residents said they would use the bridge daily.")
