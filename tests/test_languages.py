"""Each article's language: stated metadata normalised to ISO 639-1, else identified from its text; shown
on the facet, the API, the article page (with `lang` and `dir`) and in `clean` output.

The fixtures in tests/fixtures/languages were written for these tests: 30 passages of 1-3 sentences
and 6 articles without a language field in each of 12 languages."""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from indexer.analysis import (
    TITLE_GAP,
    NewsAnalyzer,
    QueryWordsAnalyzer,
    analysis_of,
    index_terms,
    term_spans,
    with_language,
)
from indexer.article import Article
from indexer.build import rebuild
from indexer.cleaning.language import identify_language, settle_language
from indexer.cli import main as news_index
from indexer.languages import language_code, language_name, text_direction
from indexer.readers import SourceFile, read_source
from indexer.search import Filters, LiveIndex, SearchRequest, search
from indexer.search.ranking import RankingConfig, ranking_terms, stopword_terms
from indexer.search.snippets import make_snippet
from indexer.storage.postings import _length_norms
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


def test_inflected_forms_find_their_article_in_every_language(mixed_index):
    """Each fixture query names its article by other inflected forms of its words (other case, number,
    person or tense; for Chinese and Japanese, words inside unspaced text; for Korean, other particles)."""
    live = LiveIndex(mixed_index)
    missed = []
    for query in _lines("queries-*.jsonl"):
        found = search(live, SearchRequest(query["query"], limit=10))
        if query["article"] not in [hit.id for hit in found.hits]:
            missed.append((query["language"], query["query"], [hit.id for hit in found.hits[:3]]))
    live.close()
    assert not missed


@pytest.mark.parametrize("language, analysis", [("de", "de"), ("cs", "cs"), ("en", "en"), ("und", "en"), ("", "en"),
                                                ("ja", ""), ("ko", "")])
def test_each_language_has_its_rules(language, analysis):
    assert analysis_of(language) == analysis


def test_words_are_stemmed_by_their_languages_rules():
    assert index_terms("Gewerkschaften streikten", "de") == index_terms("Gewerkschaft streikt", "de") == \
        ["gewerkschaft", "streikt"]
    assert index_terms("Die Zeit", "de") == ["die", "zeit"]  # only English function words are left out
    assert index_terms("économie Économie economie", "fr") == ["econom"] * 3  # stemmed as written, then folded
    assert index_terms("забастовки забастовка", "ru") == ["забастовк"] * 2
    assert index_terms("Всё", "ru") == index_terms("Все", "ru")  # ё read as е
    assert index_terms("stávky stávka", "cs") == ["stavk"] * 2
    assert index_terms("Gewerkschaften", "en") == ["gewerkschaften"]  # English rules leave German alone
    assert index_terms("Running runs", analysis_of("ja")) == ["running", "runs"]  # no stemmer: folding only


def test_chinese_japanese_and_korean_are_indexed_as_pairs_of_characters():
    chinese = analysis_of("zh")
    assert index_terms("台风白鹭", chinese) == ["台风", "风白", "白鹭"]
    assert index_terms("中 国", chinese) == ["中", "国"]  # a lone character stays itself
    assert index_terms("COVID19疫苗接种", "en") == ["covid19", "疫苗", "苗接", "接种"]  # in any language
    assert index_terms("정부는 선거에서", analysis_of("ko")) == ["정부", "부는", "선거", "거에", "에서"]
    # consecutive pairs are marked as one span
    assert term_spans("受台风白鹭影响", {"台风", "风白", "白鹭"}, chinese) == [(1, 5, "台风")]


def test_the_analyzer_reads_the_language_a_value_is_marked_with():
    tokens = [(t.text, t.pos) for t in NewsAnalyzer()(with_language("Häuser brannten\x1eAlte Häuser", "de"),
                                                       positions=True)]
    assert tokens == [("haus", 0), ("brannt", 1), ("alt", 2 + TITLE_GAP), ("haus", 3 + TITLE_GAP)]
    assert [t.text for t in NewsAnalyzer()("Häuser")] == ["hauser"]  # unmarked: English rules, as before
    assert [t.text for t in QueryWordsAnalyzer()("Die Häuser of Kassel")] == ["die", "häuser", "kassel"]


def test_snippets_mark_the_inflected_forms_an_article_uses():
    snippet = make_snippet("Die Gewerkschaften streikten am Dienstag.", {"gewerkschaft", "streikt"}, "de")
    assert [snippet.text[a:b] for a, b in snippet.spans] == ["Gewerkschaften", "streikten"]


def test_length_normalisation_is_counted_within_each_language():
    lengths = np.array([100.0, 300.0, 10.0, 10.0, 10.0])
    alone = _length_norms(lengths[:2], 0.75, np.zeros(2, dtype=np.int64))
    grouped = _length_norms(lengths, 0.75, np.array([0, 0, 1, 1, 1]))
    assert np.allclose(grouped[:2], alone) and np.allclose(grouped[2:], 1.0)


def test_phrases_and_highlights_in_other_languages(mixed_index):
    live = LiveIndex(mixed_index)
    german = search(live, SearchRequest('"Gewerkschaften fordert"'))  # the article says "Gewerkschaft fordert"
    assert [hit.id for hit in german.hits] == ["de-1"]
    assert [german.hits[0].snippet.text[a:b] for a, b in german.hits[0].snippet.spans] == ["Gewerkschaft", "fordert"]
    chinese = search(live, SearchRequest('"公交司机罢工"'))
    assert [hit.id for hit in chinese.hits] == ["zh-1"]
    assert "罢工" in "".join(chinese.hits[0].snippet.text[a:b] for a, b in chinese.hits[0].snippet.spans)
    live.close()


def test_a_words_form_in_one_language_scores_only_in_that_languages_articles(mixed_index):
    """A term that articles of several languages hold, standing for a word under one language's rules,
    scores only in that language's articles; without a scope it scores in all of them."""
    live = LiveIndex(mixed_index)
    with live.generation() as generation:
        postings, groups = generation.postings, generation.document_analyses
        assert len(generation.analyses) > 5 and postings.groups is not None
        shared = next(term for term_id in range(len(postings.vocabulary.words))
                      if np.count_nonzero(postings.group_frequencies(term := postings.by_id(term_id))) > 1)
        holding = set(groups[postings.documents(shared)].tolist())
        one = min(holding)
        text = postings.text(shared.id)
        (scoped,) = postings.weighted({text: 1.0}, {text: generation.scope(frozenset({generation.analyses[one]}))})
        scores, unscoped = np.zeros(generation.count), np.zeros(generation.count)
        postings.accumulate(scoped, 1.0, scores)
        postings.accumulate(shared, 1.0, unscoped)
        assert set(groups[np.flatnonzero(scores)].tolist()) == {one}
        assert set(groups[np.flatnonzero(unscoped)].tolist()) == holding
    assert {hit.id[:2] for hit in search(live, SearchRequest("streikten")).hits} == {"de"}
    live.close()


def test_sentence_like_queries_leave_out_each_languages_function_words():
    config = RankingConfig()
    german = ["die", "gewerkschaft", "der", "kassel"]
    assert set(ranking_terms(german, config, 4, {term: {"de"} for term in german})) == {"gewerkschaft", "kassel"}
    english = ["soldier", "die", "war"]  # the English verb
    assert set(ranking_terms(english, config, 3, {term: {"en"} for term in english})) == set(english)
    # `what` is an English function word, not a German one: it ranks in German articles only
    ranked = ranking_terms(["what", "zeit", "kassel"], config, 3, {"what": {"de", "en"}, "zeit": {"de"},
                                                                   "kassel": {"de", "en"}})
    assert ranked == {"what": {"de"}, "zeit": {"de"}, "kassel": {"de", "en"}}
    assert ranking_terms(["what", "oil", "price"], config) == {"oil": None, "price": None}  # made by no analysis
    assert stopword_terms("cs") == frozenset()  # no list for Czech: nothing is left out


@pytest.fixture(scope="module")
def strike_index(tmp_path_factory) -> Path:
    """English articles about a strike, and fewer German ones about a Streik."""
    corpus = tmp_path_factory.mktemp("strike-corpus")
    english = ("Dock workers strike at the port for a third day as talks with the employers fail. The union says "
               "the strike will go on until wages rise, and ships are waiting outside the harbour.")
    german = ("Der Streik der Busfahrer geht weiter, teilte {} am Montag mit. Die Fahrer fordern mehr Lohn und "
              "kürzere Schichten, und viele Pendler mussten mit dem Fahrrad fahren.")
    records = [{"id": f"en-{n}", "title": f"Port strike, day {n}", "body": english} for n in range(20)]
    records += [{"id": f"de-{n}", "title": f"Busfahrer im Streik, Tag {n}",
                 "body": german.format("die Gewerkschaft" if n % 2 else "der Betriebsrat")} for n in range(12)]
    (corpus / "strike.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                         encoding="utf-8")
    index = tmp_path_factory.mktemp("strike-index")
    rebuild([corpus], index, threshold=1.01)  # the copies are meant: keep each
    return index


def test_spelling_suggestions_come_from_the_querys_language(strike_index):
    live = LiveIndex(strike_index)
    assert search(live, SearchRequest("streke")).suggestion == "strike"  # the more common word, in any language
    # the other word is German: so is the suggestion, which finds more articles than the query as typed
    assert search(live, SearchRequest("streke Gewerkschaft")).suggestion == "streik Gewerkschaft"
    narrowed = SearchRequest("streke", filters=Filters(values={"language": ["de"]}))
    assert search(live, narrowed).suggestion == "streik"
    live.close()
