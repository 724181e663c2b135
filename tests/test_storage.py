"""The storage package: string tables, the format check, and arrays that agree with Whoosh's index."""
from __future__ import annotations

import numpy as np
import pytest
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.analysis import FIELD_BREAK, LEAD_WEIGHT, LEAD_WORDS, TITLE_WEIGHT, NewsAnalyzer
from indexer.build import rebuild, update
from indexer.search import IndexFormatError, LiveIndex, SearchRequest, search
from indexer.storage import BM25F, SEPARATOR, ForwardIndex, Manifest, PartPostings, StringTable, disk
from indexer.storage.docvalues import DocValues
from indexer.store import open_reader


def test_string_table_finds_words_prefixes_and_slices(tmp_path):
    words = sorted(["économie", "econom", "economy", "oil", "oilfield", "opec", "zürich"])
    assert StringTable.write(tmp_path, "t", words) == len(words)
    table = StringTable.open(tmp_path, "t")
    assert list(table) == words and len(table) == len(words)
    assert [table.find(w) for w in words] == list(range(len(words)))
    assert table.find("oi") is None and table.find("zzz") is None
    assert table.slice(*table.prefix_range("oil")) == ["oil", "oilfield"]
    assert table.slice(*table.prefix_range("econom")) == ["econom", "economy"]
    assert table.prefix_range("q") == (table.find("zürich"), table.find("zürich"))
    StringTable.write(tmp_path, "empty", [])
    empty = StringTable.open(tmp_path, "empty")
    assert len(empty) == 0 and empty.find("a") is None and list(empty) == []


def test_an_index_in_another_format_is_refused_with_one_line(tmp_path):
    generation = tmp_path / "gen-000001"
    generation.mkdir()
    with pytest.raises(IndexFormatError, match=r"^index format 2, this version reads 5: run `news-index rebuild`$"):
        Manifest.load(generation)
    (generation / "manifest.json").write_text('{"format": 99, "parts": []}')
    with pytest.raises(IndexFormatError, match="index format 99"):
        Manifest.load(generation)


def test_a_generation_holds_no_pickle(built_index):
    generation = built_index / (built_index / "CURRENT").read_text().strip()
    ours = [p for p in generation.rglob("*") if p.is_file() and p.suffix in (".npy", ".json", ".gz")]
    assert ours and not list(generation.rglob("*.pickle"))
    for path in ours:
        if path.suffix == ".npy":
            np.load(path, allow_pickle=False)
        assert not path.read_bytes().startswith(b"\x80")  # a pickle's protocol marker


def _whoosh_postings(reader, fieldname: str, term: str) -> dict[int, float]:
    if (fieldname, term) not in reader:
        return {}
    matcher = reader.postings(fieldname, term)
    found = {}
    while matcher.is_active():
        found[matcher.id()] = matcher.weight()
        matcher.next()
    return found


def test_postings_and_lengths_agree_with_whoosh(make_corpus, tmp_path):
    corpus, _ = make_corpus("common", 60)
    rebuild([corpus], tmp_path / "index")
    generation = tmp_path / "index" / (tmp_path / "index" / "CURRENT").read_text().strip()
    values = DocValues.open(generation)
    bm25 = BM25F()
    compared = 0
    for part in Manifest.load(generation).parts:
        directory = generation / part.name
        postings = PartPostings(directory)
        reader = [leaf for leaf, base in open_reader(generation, mmap=False).leaf_readers() if base == part.base][0]
        length = values.length[part.base:part.base + part.documents]
        title_length = values.title_length[part.base:part.base + part.documents]
        for d in range(part.documents):  # exact lengths, which Whoosh keeps rounded to a byte
            assert byte_to_length(length_to_byte(int(length[d]))) == reader.doc_field_length(d, "text")
            assert byte_to_length(length_to_byte(int(title_length[d]))) == reader.doc_field_length(d, "title")
        # scores normalise by the lengths as Whoosh keeps them, rounded to a byte
        rounded = np.array([byte_to_length(length_to_byte(int(n))) for n in length], dtype=float)
        rounded_title = np.array([byte_to_length(length_to_byte(int(n))) for n in title_length], dtype=float)
        title_norm = 1 - bm25.b_title + bm25.b_title * rounded_title / rounded_title.mean()
        body_norm = 1 - bm25.b_body + bm25.b_body * (rounded - rounded_title) / (rounded - rounded_title).mean()
        for number, term in enumerate(postings.terms):
            docs, weights = postings.text(number)
            expected = _whoosh_postings(reader, "text", term)
            titles = _whoosh_postings(reader, "title", term)
            assert docs.tolist() == sorted(expected)
            assert postings.title(number).tolist() == sorted(titles)
            for doc, weight in zip(docs.tolist(), weights.tolist()):
                tf, tf_title = expected[doc], titles.get(doc, 0.0)
                pseudo = TITLE_WEIGHT * tf_title / title_norm[doc] + (tf - TITLE_WEIGHT * tf_title) / body_norm[doc]
                assert weight == pytest.approx(pseudo * (bm25.k1 + 1) / (bm25.k1 + pseudo), rel=1e-5)
            compared += 1
    assert compared > 30


def test_forward_index_holds_each_documents_terms_as_the_analyzer_reads_them(built_index):
    generation = built_index / (built_index / "CURRENT").read_text().strip()
    reader = open_reader(generation, mmap=False)
    for part in Manifest.load(generation).parts:
        forward = ForwardIndex(generation / part.name)
        for d in range(part.documents):
            stored = reader.stored_fields(part.base + d)
            text = f"{stored.get('title', '')}{FIELD_BREAK}{stored.get('body', '')}"
            tokens = [t.text for t in NewsAnalyzer()(text)]
            title_count = len([t for t in NewsAnalyzer()(stored.get("title", ""))])
            terms = [None if n == SEPARATOR else forward.terms[int(n)] for n in forward.document(d)]
            assert terms == tokens[:title_count] + [None] + tokens[title_count:]


def test_lead_words_weigh_more_than_later_ones():
    boosts = [t.boost for t in NewsAnalyzer()(f"Headline{FIELD_BREAK}" + " ".join(["word"] * 50), positions=True)]
    assert boosts == [TITLE_WEIGHT] + [LEAD_WEIGHT] * LEAD_WORDS + [1.0] * 10


def test_documents_deleted_by_an_update_never_score(make_corpus, tmp_path):
    corpus, unique = make_corpus("changing", 60)
    rebuild([corpus], tmp_path / "index")
    first = corpus / "article-00000.txt"
    first.write_text(first.read_text(encoding="utf-8").replace(unique[0], "zqreplacedx"), encoding="utf-8")
    update([corpus], tmp_path / "index")
    live = LiveIndex(tmp_path / "index")
    with live.generation() as generation:
        assert generation.values.deleted.any()
    assert search(live, SearchRequest(unique[0])).total == 0
    assert search(live, SearchRequest("zqreplacedx")).total == 1
    everything = search(live, SearchRequest("market oil price trade", limit=100))
    assert everything.total == 60
    assert len({hit.id for hit in everything.hits}) == len(everything.hits) == everything.total


def test_preload_reads_every_array_unless_they_would_not_fit_in_memory(tmp_path, monkeypatch):
    (tmp_path / "part").mkdir()
    for name in ("a.npy", "part/b.npy"):
        np.save(tmp_path / name, np.arange(1000))
    opened, advised = [], []
    monkeypatch.setattr(disk, "open", lambda path, *args, **kw: opened.append(path) or open(path, *args, **kw),
                        raising=False)
    monkeypatch.setattr(disk, "_advise", advised.extend)
    disk.preload(tmp_path)
    assert sorted(p.name for p in opened) == ["a.npy", "b.npy"] and not advised
    opened.clear()
    monkeypatch.setattr(disk, "available_memory", lambda: 1000)  # 16 kB of arrays do not fit in half of that
    disk.preload(tmp_path)
    assert not opened and sorted(p.name for p in advised) == ["a.npy", "b.npy"]


def test_available_memory_is_read_from_the_kernel():
    assert disk.available_memory() > 0
