"""Property-based: whatever text a person types or bytes a corpus holds, the query parser, the HTML
cleaner and the readers return an answer and never raise. Each runs a modest number of examples
in the fast tier and many more in the slow one."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.article import Article, Skip
from indexer.cleaning.html import CleanedPage, clean_html
from indexer.readers import SourceFile, read_source
from indexer.schema import build_schema
from indexer.search.query import ParsedQuery, parse_query

SCHEMA = build_schema()
QUERY_PIECES = ['"', "(", ")", "AND", "OR", "NOT", "AND NOT", "-", "+", "*", "?", "~", "~2", "^", "^3", ":", "title:",
                "source:", "author:", "by:", "category:", "lang:", "published:", "2021", "2021-06", "last week", "[",
                "]", "{", "}", "TO", "\\", "/", "'", "oil", "Lukašenko", "U.S.", "storm", " ", " ", "\t", "\x00",
                "\u200b"]
HTML_PIECES = ["<html>", "<head>", "<body>", "<p>", "</p>", "<div>", "</div>", "<article>", "<script>", "</script>",
               "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<meta charset=utf-16>", '<meta charset="x-unknown">',
               '<meta property="og:title" content="', '<script type="application/ld+json">{"@type":"NewsArticle",',
               '"headline":', '"author":[', "]", "}", "<title>", "</title>", "<h1>", "&amp;", "&#0;", "&#xD800;",
               "&#1114112;", "&nosuch;", "<a href=", "javascript:", ">", "<", "'", '"', "<time datetime=", "\x00",
               "\ufeff", "Text of the story. ", "<br>", "<table><tr><td>", "<svg><foreignObject>", "<math>"]

TIERS = [pytest.param(100, id="fast"), pytest.param(5000, id="thorough", marks=pytest.mark.slow)]
NAMES = ["a.txt", "a.jsonl", "a.json", "a.html", "a.sgm", "a.trec", "LA010189", "a.xml", "a.md", "a.txt.gz"]


def _run(examples: int, strategy, check) -> None:
    """Run `check` on `examples` drawn inputs; no deadline (the machine is shared), no example database."""
    settings(max_examples=examples, deadline=None, database=None,
             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])(given(strategy)(check))()


def _soup(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=12)), max_size=40).map("".join)


@pytest.mark.parametrize("examples", TIERS)
def test_query_parser_never_raises(examples):
    def check(text: str) -> None:
        assert isinstance(parse_query(text, SCHEMA), ParsedQuery)

    _run(examples, st.one_of(st.text(max_size=300), _soup(QUERY_PIECES)), check)


@pytest.mark.parametrize("examples", TIERS)
@pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")
def test_html_cleaner_never_raises(examples):
    def check(data: bytes) -> None:
        page = clean_html(data)
        assert isinstance(page, CleanedPage) and isinstance(page.body, str) and isinstance(page.is_article, bool)

    markup = _soup(HTML_PIECES).flatmap(lambda text: st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]).map(
        lambda encoding: text.encode(encoding, errors="replace")))
    _run(examples, st.one_of(st.binary(max_size=2000), markup), check)


@pytest.mark.parametrize("examples", TIERS)
@pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")
def test_readers_never_raise(examples):
    def check(case: tuple[str, bytes]) -> None:
        name, data = case
        items = list(read_source(SourceFile(f"/corpus/{name}", name, data)))
        assert all(isinstance(item, (Article, Skip)) for item in items)

    jsonish = _soup(['{"id": "', '", "title": "', '", "body": "', '"}', "\n", "[", "]", ",", "null", "1e999", "{",
                     '"authors": [', '"published": "', "2021-13-45T99:99", '\\u0000', '\\ud800', "\x00", "\ufeff"])
    sgmlish = _soup(["<REUTERS NEWID=\"1\">", "</REUTERS>", "<TEXT>", "</TEXT>", "<TITLE>", "</TITLE>", "<BODY>",
                     "<DOC>", "</DOC>", "<DOCNO>", "</DOCNO>", "<HEADLINE>", "<DATE>", "26-FEB-1987", "&#3;", "&lt;",
                     "<D>", "</D>", "<TOPICS>", "\n", "Story text. "])
    data = st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(str.encode), jsonish.map(str.encode),
                     sgmlish.map(str.encode))
    _run(examples, st.tuples(st.sampled_from(NAMES), data), check)
