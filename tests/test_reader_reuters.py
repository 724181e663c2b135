from datetime import datetime

from .helpers import read


def _articles(fixture_corpus):
    return read((fixture_corpus / "wire" / "reuters-sample.sgm").read_bytes(), "wire/reuters-sample.sgm")


def test_full_article(fixture_corpus):
    articles, skips = _articles(fixture_corpus)
    assert not skips
    first = articles[0]
    assert first.id == "reuters-101"
    assert first.title == "COCOA SHOWERS HELP CROP"
    assert first.published == datetime(1987, 2, 26, 15, 1, 1)
    assert first.categories == ["cocoa", "brazil", "usa"]
    assert first.authors == ["Pat Example"]
    assert first.source == "Reuters" and first.language == "en"
    assert first.body.startswith("SALVADOR, Feb 26 - Showers continued throughout the week in the cocoa zone")
    assert "\n\nArrivals for the week were 155,221 bags of 60 kilos & more were expected." in first.body
    assert not first.body.endswith("Reuter")


def test_brief_item_is_title_only(fixture_corpus):
    articles, _ = _articles(fixture_corpus)
    assert articles[1].id == "reuters-102"
    assert articles[1].title == "STANDARD OIL SETS QUARTERLY DIVIDEND"
    assert articles[1].body == ""


def test_unclosed_article_and_bad_byte_are_tolerated():
    data = (b'<REUTERS NEWID="7"><DATE>1-MAR-1987</DATE><TEXT><TITLE>A\xfc B</TITLE>'
            b'<BODY>Text without end tags')
    [article], _ = read(data, "broken.sgm")
    assert article.title == "Aü B"
    assert article.body == "Text without end tags"


def test_file_without_articles_is_reported():
    articles, skips = read("<REUTERS>", "empty.sgm")
    assert not articles and skips[0].reason == "no title or body"
