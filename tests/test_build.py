"""Rebuilds of the fixture corpus: what the report counts, and what the new generation serves."""
from indexer.build import rebuild
from indexer.search import LiveIndex, SearchRequest, search
from indexer.store import IndexStore


def test_fixture_corpus_report(fixture_corpus, tmp_path):
    report = rebuild([fixture_corpus], tmp_path / "index")
    assert report.files == 8
    # 4 text files (one gzipped), 1 html page, 3 jsonl lines, 2 Reuters items, 2 TREC docs
    assert report.indexed == 12
    assert sum(report.skipped.values()) == 0
    assert report.sources["Example Wire"] == 3
    assert "indexed 12 articles from 8 files" in report.summary()
    info = IndexStore(tmp_path / "index").build_info()
    assert info["indexed"] == 12 and info["generation"] == report.generation


def test_skips_are_counted_by_reason_with_examples(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "notes.md").write_text("hello")
    (corpus / "feed.jsonl").write_text('{"id": "a", "title": "Kept"}\n{broken\n{"id": "a", "title": "Same id"}\n')
    report = rebuild([corpus], tmp_path / "index")
    assert report.indexed == 1
    assert dict(report.skipped) == {"empty file": 1, "binary file": 1, "unrecognised format": 1,
                                    "invalid JSON": 1, "duplicate id": 1}
    assert report.examples["empty file"] == [str(corpus / "empty.txt")]
    summary = report.summary()
    assert "skipped 5:" in summary and "invalid JSON" in summary


def test_rebuild_switches_generations_and_cleans_leftovers(fixture_corpus, tmp_path):
    index_dir = tmp_path / "index"
    first = rebuild([fixture_corpus / "text"], index_dir)
    live = LiveIndex(index_dir)
    before = search(live, SearchRequest("storm"))
    assert before.total == 0 and before.generation == first.generation
    crashed = IndexStore(index_dir).new_generation()  # as if a rebuild had been killed
    (crashed / "half-written").write_text("x")
    second = rebuild([fixture_corpus], index_dir)
    after = search(live, SearchRequest("storm"))  # same handle picks up the new generation
    assert after.total == 1 and after.generation == second.generation
    assert not (crashed / "half-written").exists()
    assert IndexStore(index_dir).generations() == [first.generation, second.generation]


def test_all_bad_corpus_still_publishes_an_empty_index(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "x.txt").write_bytes(b"")
    report = rebuild([corpus], tmp_path / "index")
    assert report.indexed == 0
    assert search(LiveIndex(tmp_path / "index"), SearchRequest("anything")).total == 0
