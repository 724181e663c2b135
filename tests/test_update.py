"""`news-index update`: new, changed and removed files, without a rebuild, through the same atomic switch."""
import json

from indexer.build import rebuild, update
from indexer.cli import main
from indexer.search import LiveIndex, SearchRequest, get_article, search
from indexer.store import IndexStore, open_reader

STORY = ("Engineers finished the new suspension bridge across the harbour on Friday after four years of work, "
         "and the first buses will cross it on Monday morning, the city transport office said.")


def ids(live, q):
    return {h.id for h in search(live, SearchRequest(q, limit=50, collapse=False)).hits}


def test_nothing_changed_publishes_nothing(corpus_copy, tmp_path):
    index = tmp_path / "index"
    built = rebuild([corpus_copy], index)
    report = update([corpus_copy], index)
    assert report.update_summary().startswith("no changes: 8 files")
    assert IndexStore(index).current() == built.generation


def test_added_changed_and_removed_files(corpus_copy, tmp_path):
    index = tmp_path / "index"
    rebuild([corpus_copy], index)
    live = LiveIndex(index)
    assert "LA010189-0001" in ids(live, "harbor dredging")
    (corpus_copy / "new.jsonl").write_text(json.dumps({"id": "bridge-1", "title": "Harbour bridge opens",
                                                        "body": STORY, "published": "2022-05-06"}))
    (corpus_copy / "text" / "harvest.txt").write_text("Wheat harvest fails - Agriculture - Farm News\n\n"
                                                      "Drought ruined the wheat crop this summer.\n")
    (corpus_copy / "wire" / "LA010189").unlink()
    report = update([corpus_copy], index)
    assert [p.rsplit("/", 1)[-1] for p in report.added_files] == ["new.jsonl"]
    assert [p.rsplit("/", 1)[-1] for p in report.changed_files] == ["harvest.txt"]
    assert [p.rsplit("/", 1)[-1] for p in report.removed_files] == ["LA010189"]
    assert report.indexed == 2 and report.removed_articles == 3
    summary = report.update_summary()
    assert "added 1 files" in summary and "changed 1 files" in summary and "removed 1 files" in summary
    # the handle opened before the update serves the new generation
    assert ids(live, "bridge") == {"bridge-1"}
    assert ids(live, "drought wheat") == {"text/harvest.txt"}
    assert ids(live, '"record wheat harvest"') == set()
    assert ids(live, "harbor dredging") == set()
    assert live.article_count() == 12 + 1 - 2
    assert update([corpus_copy], index).update_summary().startswith("no changes")


def test_update_groups_new_copies_with_old_stories(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(json.dumps({"id": "first", "title": "Bridge opens", "body": STORY,
                                                "published": "2022-05-06"}))
    index = tmp_path / "index"
    rebuild([corpus], index)
    (corpus / "b.jsonl").write_text(json.dumps({"id": "copy", "title": "New bridge opens", "body": STORY + " (AP)",
                                                "published": "2022-05-07"}))
    report = update([corpus], index)
    assert report.duplicate_groups == 1
    hit = search(LiveIndex(index), SearchRequest("suspension bridge")).hits
    assert len(hit) == 1 and hit[0].duplicates


def test_update_groups_a_short_version_arriving_later_with_its_long_story(tmp_path):
    sentences = [f"Sentence {n} of the harbour bridge report names engineer {n * 7} and crew {n * 13} at work."
                 for n in range(30)]
    long_story, short_version = " ".join(sentences), " ".join(sentences[:9])
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(json.dumps({"id": "full", "title": "Harbour bridge report",
                                                "body": long_story, "published": "2022-05-06T14:00:00Z"}))
    index = tmp_path / "index"
    rebuild([corpus], index)
    (corpus / "b.jsonl").write_text(json.dumps({"id": "short", "title": "Harbour bridge report (short)",
                                                "body": short_version, "published": "2022-05-06T09:00:00Z"}))
    assert update([corpus], index).duplicate_groups == 1
    live = LiveIndex(index)
    hits = search(live, SearchRequest("harbour bridge engineer")).hits
    assert [(h.id, h.duplicates) for h in hits] == [("full", ["short"])]  # the most complete version stands
    versions = get_article(live, "full")["versions"]
    assert [(v["id"], v["words"]) for v in versions] == [("short", 9 * 15), ("full", 30 * 15)]
    assert versions[1]["diff"][-1]["op"] == "insert"


def test_update_keeps_the_old_generation_intact(corpus_copy, tmp_path):
    index = tmp_path / "index"
    first = rebuild([corpus_copy], index)
    (corpus_copy / "text" / "harvest.txt").unlink()
    update([corpus_copy], index)
    old = open_reader(index / first.generation)
    assert old.doc_count() == 12  # hard links shared with the new generation were not rewritten
    old.close()
    assert LiveIndex(index).article_count() == 11


def test_update_command(corpus_copy, tmp_path, capsys):
    index = tmp_path / "index"
    assert main(["rebuild", "--corpus", str(corpus_copy), "--index", str(index)]) == 0
    (corpus_copy / "text" / "harvest.txt").unlink()
    assert main(["update", "--corpus", str(corpus_copy), "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert "removed 1 files" in out and "removed 1 in" in out
    assert main(["update", "--corpus", str(corpus_copy), "--index", str(index)]) == 0
    assert "no changes" in capsys.readouterr().out


def test_update_without_index_asks_for_a_rebuild(corpus_copy, tmp_path, capsys):
    assert main(["update", "--corpus", str(corpus_copy), "--index", str(tmp_path / "none")]) == 1
    assert "rebuild" in capsys.readouterr().err
