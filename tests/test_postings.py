"""Ranking postings: stored long lists agree with Whoosh's, and deleted documents never score."""
from __future__ import annotations

from array import array

import pytest

from indexer.build import rebuild, update
from indexer.impacts import MIN_STORED, term_weights
from indexer.search import LiveIndex, SearchRequest, search
from indexer.search.postings import _without


def test_without_drops_only_deleted_documents():
    docs, weights = array("I", [1, 4, 5, 9, 12]), array("f", [0.1, 0.4, 0.5, 0.9, 1.2])
    kept_docs, kept_weights = _without(docs, weights, [0, 4, 9, 13])
    assert list(kept_docs) == [1, 5, 12]
    assert list(kept_weights) == pytest.approx([0.1, 0.5, 1.2])


def test_without_returns_the_lists_when_no_deleted_document_falls_in_range():
    docs, weights = array("I", [3, 7]), array("f", [1.0, 2.0])
    assert _without(docs, weights, [1, 2, 8]) == (docs, weights)


def test_without_handles_deletions_at_both_ends():
    docs, weights = array("I", [2, 3, 4]), array("f", [2.0, 3.0, 4.0])
    assert list(_without(docs, weights, [2, 4])[0]) == [3]
    assert list(_without(docs, weights, [2, 3, 4])[0]) == []


def test_stored_postings_match_the_weights_computed_from_whoosh(make_corpus, tmp_path):
    corpus, _ = make_corpus("common", MIN_STORED * 3)
    rebuild([corpus], tmp_path / "index")
    with LiveIndex(tmp_path / "index").generation() as live:
        compared = 0
        for part in live.postings.parts:
            assert part.stored is not None
            for term in ("market", "oil", "price"):
                stored = part.stored.postings(term)
                if stored is None:
                    continue
                docs, weights = term_weights(part.reader, term, part.bm25, part.normalizers)
                assert list(stored[0]) == list(docs)
                assert list(stored[1]) == pytest.approx(list(weights), rel=1e-6)
                compared += 1
        assert compared, "no list was long enough to be stored"


def test_documents_deleted_by_an_update_never_score(make_corpus, tmp_path):
    corpus, unique = make_corpus("changing", MIN_STORED * 3)
    rebuild([corpus], tmp_path / "index")
    first = corpus / "article-00000.txt"
    first.write_text(first.read_text(encoding="utf-8").replace(unique[0], "zqreplacedx"), encoding="utf-8")
    update([corpus], tmp_path / "index")
    live = LiveIndex(tmp_path / "index")
    with live.generation() as generation:
        assert generation.docvalues.deleted
    assert search(live, SearchRequest(unique[0])).total == 0
    assert search(live, SearchRequest("zqreplacedx")).total == 1
    everything = search(live, SearchRequest("market oil price trade", limit=100))
    assert everything.total == MIN_STORED * 3
    assert len({hit.id for hit in everything.hits}) == len(everything.hits) == everything.total


def test_without_many_deletions_takes_one_pass_with_the_same_result():
    docs, weights = array("I", range(0, 40, 2)), array("f", [float(n) for n in range(20)])
    deleted = list(range(0, 40, 4))  # half the list
    kept_docs, kept_weights = _without(docs, weights, deleted)
    assert list(kept_docs) == list(range(2, 40, 4))
    assert list(kept_weights) == [float(n) for n in range(1, 20, 2)]
