"""The array matcher finds exactly the documents Whoosh's own matchers find, for phrases, fields and operators."""
from __future__ import annotations

import random

import numpy as np
import pytest
from whoosh import query as wq

from indexer.build import rebuild
from indexer.search import LiveIndex
from indexer.search.budget import Budget
from indexer.search.generation import _occurring_in
from indexer.search.matching import matches


@pytest.fixture(scope="module")
def generation(tmp_path_factory):
    """A few hundred articles of a small vocabulary, so phrases recur, across two parts."""
    rng = random.Random(5)
    words = "oil price rise bank rate cut storm harbour ferry trade union strike rail port coal".split()
    folder = tmp_path_factory.mktemp("phrases")
    for n in range(300):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(2, 6))).capitalize()
        body = ". ".join(" ".join(rng.choice(words + ["the", "of"]) for _ in range(12)) for _ in range(4))
        authors = rng.sample(["Jane Roe", "John Doe", "Ana Diaz", "Li Wei"], rng.randint(0, 2))
        (folder / f"a{n:03d}.jsonl").write_text(
            '{"id": "a%d", "title": "%s", "body": "%s", "source": "%s", "authors": %s, "categories": %s}\n' % (
                n, title, body, rng.choice(["Reuters", "Example Wire", "The Daily Port"]),
                str(authors).replace("'", '"'), str(rng.sample(["Energy", "Labour, Unions", "Ships"], 1)).replace(
                    "'", '"')), encoding="utf-8")
    rebuild([folder], folder.parent / "phrases-index")
    live = LiveIndex(folder.parent / "phrases-index")
    with live.generation() as opened:
        yield opened
    live.close()


def _whoosh(generation, node) -> set[int]:
    return set(generation.searcher.search(node, limit=None, scored=False).docs())


def _ours(generation, node) -> set[int]:
    return set(np.flatnonzero(matches(generation, node, Budget(10))).tolist())


def test_the_corpus_spans_two_parts(generation):
    assert len(generation.bases) == 2


def test_phrases_match_whoosh_exactly_and_with_slop(generation):
    rng = random.Random(1)
    words = "oil price rise bank rate cut storm harbour ferry trade union strike rail port coal".split()
    compared = nonempty = 0
    for _ in range(150):
        phrase = [rng.choice(words) for _ in range(rng.choice((2, 2, 3)))]
        for field in ("text", "title"):
            node = wq.Phrase(field, phrase, slop=rng.choice((1, 1, 2, 4)))
            expected = _whoosh(generation, node)
            assert _ours(generation, node) == expected, node
            compared += 1
            nonempty += bool(expected)
    assert compared == 300 and nonempty > 100


def test_name_fields_and_headline_terms_match_whoosh(generation):
    for node in (wq.Term("source", "reuters"), wq.Term("source", "port"), wq.Term("author", "diaz"),
                 wq.Term("author", "nobody"), wq.Term("category", "labour  unions"), wq.Term("category", "energy"),
                 wq.Term("title", "harbour"), wq.Term("text", "strike")):
        assert _ours(generation, node) == _whoosh(generation, node), node


def test_operators_on_masks(generation):
    oil, coal, roe = wq.Term("text", "oil"), wq.Term("text", "coal"), wq.Term("author", "roe")
    assert _ours(generation, wq.And([oil, coal])) == _whoosh(generation, oil) & _whoosh(generation, coal)
    assert _ours(generation, wq.Or([oil, roe])) == _whoosh(generation, oil) | _whoosh(generation, roe)
    assert _ours(generation, wq.AndNot(oil, coal)) == _whoosh(generation, oil) - _whoosh(generation, coal)
    everything = set(range(generation.count))
    assert _ours(generation, wq.Not(roe)) == everything - _whoosh(generation, roe)


def test_occurrences_found_from_positions_are_those_in_the_documents_words(generation):
    """Each term's occurrences in any documents (in any order, as top hits are) are where the documents'
    words in the forward index are that term."""
    rng = np.random.default_rng(3)
    words = ["oil", "price", "storm", "the", "coal"]  # "the" is no index term: it has no positions
    for number, part in enumerate(generation.postings.parts):
        forward = generation.forward[number]
        size = len(forward.starts) - 1
        terms = [generation.postings.term(w) for w in words]
        located = [t.in_part(part.base) if t else None for t in terms]
        for _ in range(20):
            docs = rng.choice(size, size=rng.integers(1, size), replace=False)
            found = [sorted(zip(d.tolist(), o.tolist())) for d, o in _occurring_in(forward, docs, located)]
            in_words = [sorted((place, offset) for place, doc in enumerate(docs.tolist())
                               for offset in np.flatnonzero(forward.document(doc) == term.number).tolist())
                        if term is not None else [] for term in located]
            assert found == in_words and any(in_words)


def test_occurrences_keep_each_terms_place_when_a_word_is_not_in_the_index(generation):
    oil, price = generation.postings.term("oil"), generation.postings.term("price")
    docs = np.arange(generation.count)
    alone = generation.occurrences(docs, [oil, price])
    with_gap = generation.occurrences(docs, [oil, None, price])
    assert len(with_gap[1]) == 0 and len(alone[1]) > 0
    assert np.array_equal(with_gap[0], alone[0]) and np.array_equal(with_gap[2], alone[1])
