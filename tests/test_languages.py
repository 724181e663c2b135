"""Each article's language: stated metadata normalised to ISO 639-1, else identified from its text; shown
on the facet, the API, the article page (with `lang` and `dir`) and in `clean` output.

The fixtures in tests/fixtures/languages were written for these tests: 30 passages of 1-3 sentences
and 6 articles without a language field in each of 12 languages."""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from indexer.article import Article
from indexer.build import rebuild
from indexer.cleaning.language import identify_language, settle_language
from indexer.cli import main as news_index
from indexer.languages import language_code, language_name, text_direction
from indexer.readers import SourceFile, read_source
from indexer.search import Filters, LiveIndex, SearchRequest, search
from search_web import create_app

LANGUAGES_DIR = Path(__file__).parent / "fixtures" / "languages"
FIXTURE_LANGUAGES = ("ar", "cs", "de", "en", "es", "fr", "it", "ja", "ko", "pl", "ru", "zh")


def _lines(pattern: str) -> list[dict]:
    return [json.loads(line) for path in sorted(LANGUAGES_DIR.glob(pattern))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("stated, code", [
    ("de", "de"), ("de-AT", "de"), ("pt_BR", "pt"), ("EN-gb", "en"), ("deu", "de"), ("ger", "de"), ("fra", "fr"),
    ("German", "de"), ("  es ", "es"), ("zh-Hant-TW", "zh"), ("", ""), (None, ""), ("x-default", ""), ("und", ""),
    ("klingon", ""),
])
def test_stated_languages_become_iso_639_1_codes(stated, code):
    assert language_code(stated) == code


def test_names_and_directions():
    assert language_name("de") == "German" and language_name("und") == "Undetermined" and language_name("xx") == "xx"
    assert text_direction("ar") == text_direction("he") == "rtl" and text_direction("fr") == "ltr"


def test_passages_are_identified_in_every_fixture_language():
    passages = _lines("passages-*.jsonl")
    assert len(passages) >= 200 and {p["language"] for p in passages} == set(FIXTURE_LANGUAGES)
    right = Counter(p["language"] for p in passages if identify_language(p["text"]) == p["language"])
    total = Counter(p["language"] for p in passages)
    assert sum(right.values()) / len(passages) >= 0.95
    assert all(right[code] / total[code] >= 0.9 for code in total), {c: right[c] / total[c] for c in total}


@pytest.mark.parametrize("text", ["", "Brexit vote", "COVID-19 2024", "12 345 678 – 9"])
def test_too_little_text_is_undetermined(text):
    assert identify_language(text) == "und"


def test_a_stated_language_wins_over_the_text_and_is_normalised():
    english = "The government announced on Tuesday that the new bridge over the river will open next spring."
    assert settle_language(Article("a", "Bridge", english, language="fr-CA")).language == "fr"
    assert settle_language(Article("b", "Bridge", english)).language == "en"
    assert settle_language(Article("c", "Bridge", english, language="und")).language == "en"


def test_records_without_a_language_field_get_the_language_of_their_text():
    for code in FIXTURE_LANGUAGES:
        path = LANGUAGES_DIR / f"articles-{code}.jsonl"
        articles = list(read_source(SourceFile(str(path), path.name, path.read_bytes())))
        assert [a.language for a in articles] == [code] * 6, code


def test_html_pages_are_identified_unless_they_state_their_language():
    body = "".join(f"<p>{p['text']}</p>" for p in _lines("passages-cs.jsonl")[:6])
    page = f"<html{{}}><head><title>Zprávy z regionu</title></head><body><article>{body}</article></body></html>"
    stated = SourceFile("a.html", "a.html", page.format(' lang="sk"').encode())
    unstated = SourceFile("b.html", "b.html", page.format("").encode())
    assert [a.language for a in read_source(stated)] == ["sk"]  # what the page says, even if it is wrong
    assert [a.language for a in read_source(unstated)] == ["cs"]


def test_clean_prints_the_identified_language(capsys):
    assert news_index(["clean", str(LANGUAGES_DIR / "articles-ru.jsonl")]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["language"] for r in records] == ["ru"] * 6


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory) -> Path:
    """One index holding the articles of every fixture language."""
    corpus = tmp_path_factory.mktemp("mixed-corpus")
    for path in LANGUAGES_DIR.glob("articles-*.jsonl"):
        shutil.copy(path, corpus / path.name)
    index = tmp_path_factory.mktemp("mixed-index")
    rebuild([corpus], index)
    return index


def test_a_mixed_index_counts_and_narrows_by_language(mixed_index):
    live = LiveIndex(mixed_index)
    everything = search(live, SearchRequest("*", facets=True, limit=1))
    shown = {v["value"]: v["count"] for v in everything.facets["language"]}  # the most frequent values
    assert set(shown) <= set(FIXTURE_LANGUAGES) and set(shown.values()) == {6}
    assert all(search(live, SearchRequest(f"lang:{code}")).total == 6 for code in FIXTURE_LANGUAGES)
    narrowed = search(live, SearchRequest("*", filters=Filters(values={"language": ["ja"]}), limit=10))
    assert narrowed.total == 6 and {h.language for h in narrowed.hits} == {"ja"}
    live.close()


def test_pages_name_languages_and_mark_the_text(mixed_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(mixed_index)}).test_client()
    results = client.get("/search?q=*&language=ar").get_data(as_text=True)
    assert "Arabic · ar" in results and "German · de" in results
    assert 'lang="ar" dir="rtl"' in results
    article = client.get("/article/ar-1").get_data(as_text=True)
    assert '<h1 lang="ar" dir="rtl">' in article and '<div class="body" lang="ar" dir="rtl">' in article
    assert "Arabic (ar)" in article
    german = client.get("/article/de-1").get_data(as_text=True)
    assert '<div class="body" lang="de" dir="ltr">' in german
    hits = client.get("/api/search?q=*&language=de").get_json()["hits"]
    assert hits and {h["language"] for h in hits} == {"de"}
