import gzip
import os

from indexer.article import Skip
from indexer.corpus import CorpusFile, discover, load, read_file


def test_walks_recursively_in_stable_order_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    found = list(discover([tmp_path]))
    assert [f.relpath for f in found] == ["a.txt", "b/2.txt"]


def test_single_file_and_missing_paths(tmp_path):
    (tmp_path / "one.txt").write_text("x")
    found = list(discover([tmp_path / "one.txt", tmp_path / "missing"]))
    assert found[0] == CorpusFile(str((tmp_path / "one.txt").resolve()), "one.txt")
    assert isinstance(found[1], Skip) and found[1].reason == "corpus path not found"


def test_symlink_loop_is_reported_once(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("x")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    found = list(discover([tmp_path]))
    assert [f.relpath for f in found if isinstance(f, CorpusFile)] == ["d/a.txt"]
    assert [s.reason for s in found if isinstance(s, Skip)] == ["symlink loop"]


def test_broken_symlink(tmp_path):
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling.txt")
    [skip] = list(discover([tmp_path]))
    assert skip.reason == "broken symlink"


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("x")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("indexer.corpus.open", denied, raising=False)  # chmod does not stop root
    source, [skip] = load(CorpusFile(str(path), "secret.txt"))
    assert source is None and skip.reason == "unreadable file"


def test_gzip_is_decompressed(tmp_path):
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"Headline\n\nBody"))
    source, skips = load(CorpusFile(str(path), "a.txt.gz"))
    assert source.data == b"Headline\n\nBody" and source.name == "a.txt" and not skips


def test_truncated_gzip_keeps_the_readable_part(tmp_path):
    lines = b"".join(b'{"id": "%d", "title": "Article %d"}\n' % (i, i) for i in range(2000))
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(lines)[:-200])
    items = read_file(CorpusFile(str(path), "feed.jsonl.gz"))
    skips = [i for i in items if isinstance(i, Skip)]
    assert skips[0].reason == "truncated gzip: indexed the readable part"
    assert sum(1 for i in items if not isinstance(i, Skip)) > 1000


def test_garbage_gzip_is_skipped(tmp_path):
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(b"\x1f\x8bnot really gzip")
    assert read_file(CorpusFile(str(path), "bad.txt.gz"))[0].reason.startswith("corrupt gzip")


def test_too_large_file_is_skipped(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    source, [skip] = load(CorpusFile(str(path), "big.txt"), limit=1000)
    assert source is None and skip.reason == "file too large"


def test_reader_crash_costs_only_that_file(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody")

    def explode(source):
        yield Skip("x", "fine so far")
        raise RuntimeError("bug")

    monkeypatch.setattr("indexer.corpus.read_source", explode)
    items = read_file(CorpusFile(str(path), "a.txt"))
    assert [i.reason for i in items] == ["fine so far", "reader failed"]


def test_documentation_files_in_folders_are_not_articles(tmp_path):
    (tmp_path / "README_LEWIS.txt").write_text("About this collection")
    (tmp_path / "LICENSE").write_text("x")
    (tmp_path / "readme-notes.txt").write_text("x")
    (tmp_path / "story.txt").write_text("Readme is not a word here\n\nBody")
    found = list(discover([tmp_path]))
    assert [f.relpath for f in found if isinstance(f, CorpusFile)] == ["story.txt"]
    assert {s.reason for s in found if isinstance(s, Skip)} == {"documentation file, not an article"}
    # a file named explicitly is read whatever its name
    assert isinstance(next(iter(discover([tmp_path / "README_LEWIS.txt"]))), CorpusFile)
