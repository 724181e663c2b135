"""Distinctive terms of a search: over-represented in its best matches against the whole archive."""
from __future__ import annotations

import json

import pytest

from indexer.build import rebuild
from indexer.search import LiveIndex, SearchRequest, search

FILLER = ("The council met on Tuesday and discussed the weather, the roads and the budget for the coming year. "
          "Residents asked questions about parking and the opening hours of the library.")


@pytest.fixture(scope="module")
def harbour_index(tmp_path_factory) -> LiveIndex:
    """Forty articles about town life; twelve mention the harbour, and those also speak of trawlers and
    companies (written several ways), which no other article does; four of them of mackerel, one of Zanzibar."""
    corpus = tmp_path_factory.mktemp("significant")
    lines = []
    for n in range(40):
        extra = ""
        if n < 12:
            extra = (f" The harbour master said trawlers number {n} were late. Fishing companies and one company "
                     f"from the coast complained. " + ("Mackerel prices fell. " if n < 4 else "")
                     + ("Zanzibar traders visited. " if n == 0 else ""))
        lines.append({"id": f"town-{n}", "title": f"Town news {n}", "language": "en",
                      "body": f"Report {n} of the week. {FILLER} Item {n * 7919} of the agenda.{extra}",
                      "published": f"2022-02-{n % 28 + 1:02d}T09:00:00Z", "source": "Town Crier"})
    (corpus / "town.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("significant-index")
    rebuild([corpus], index_dir, threshold=1.0)
    index = LiveIndex(index_dir)
    yield index
    index.close()


def _terms(index: LiveIndex, query: str) -> list:
    return search(index, SearchRequest(query, significant=True)).significant_terms


def test_terms_of_the_matches_alone_rank_first(harbour_index):
    terms = _terms(harbour_index, "harbour")
    words = [term.term for term in terms]
    assert set(words[:10]) == {"coast", "companies", "complained", "fishing", "late", "master", "number", "one",
                               "said", "trawlers"}  # in every harbour story and no other
    assert "harbour" not in words  # the query's own word says nothing new
    assert not {"the", "and", "of"} & set(words)  # function words never
    assert "council" not in words  # in every article: not distinctive
    by_word = {term.term: term for term in terms}
    assert by_word["trawlers"].matches == 12 and by_word["mackerel"].matches == 4
    assert by_word["trawlers"].score > by_word["mackerel"].score > 0
    assert [t.score for t in terms] == sorted((t.score for t in terms), reverse=True)


def test_terms_are_shown_as_written(harbour_index):
    words = [term.term for term in _terms(harbour_index, "harbour")]
    assert "companies" in words or "company" in words  # the stem `compani` is never shown
    assert not any(word.endswith("i") and word[:-1] + "y" in words for word in words)


def test_a_term_in_too_few_matches_is_left_out(harbour_index):
    words = [term.term for term in _terms(harbour_index, "harbour")]
    assert "zanzibar" not in words and "traders" not in words  # in one harbour story only: its JLH is the highest
    assert "mackerel" in words  # in four
    assert not any(word.isdigit() for word in words)
    assert len(words) <= 20


def test_nothing_distinctive_without_matches(harbour_index):
    assert _terms(harbour_index, "zzzzqx") == []
    assert search(harbour_index, SearchRequest("harbour")).significant_terms is None  # not asked for


def test_the_api_and_the_results_page_show_them(facets_client):
    data = facets_client.get("/api/search?q=bank").get_json()
    assert isinstance(data["significant_terms"], list)
    assert all(set(term) == {"term", "score", "matches"} for term in data["significant_terms"])
    page = facets_client.get("/search?q=bank").get_data(as_text=True)
    for term in data["significant_terms"]:
        assert f'href="/search?q=bank+{term["term"]}"' in page
