"""Integration through the `news-index` command line (in-process, as the console script runs it)."""
import json

import pytest

from indexer.cli import main
from indexer.store import IndexStore


@pytest.fixture
def index_dir(fixture_corpus, tmp_path, capsys):
    path = tmp_path / "index"
    assert main(["rebuild", "--corpus", str(fixture_corpus), "--index", str(path)]) == 0
    capsys.readouterr()
    return path


def test_rebuild_prints_report(fixture_corpus, tmp_path, capsys):
    assert main(["rebuild", "--corpus", str(fixture_corpus / "text"), "--corpus", str(fixture_corpus / "html"),
                 "--index", str(tmp_path / "ix")]) == 0
    out = capsys.readouterr().out
    assert "indexed 5 articles from 5 files" in out and "skipped 0" in out


def test_default_index_from_environment(fixture_corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWS_INDEX", str(tmp_path / "env-index"))
    assert main(["rebuild", "--corpus", str(fixture_corpus / "text")]) == 0
    assert IndexStore(tmp_path / "env-index").current() is not None


def test_search_text(index_dir, capsys):
    assert main(["search", "Russia Belarus joint military exercise", "--index", str(index_dir)]) == 0
    out = capsys.readouterr().out
    assert "1. Belarus and Russia plan joint military exercise in February" in out
    assert "[Russia]" in out


def test_search_json(index_dir, capsys):
    assert main(["search", "oil", "--index", str(index_dir), "--format", "json", "--limit", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "oil" and data["total"] >= 1 and data["page"] == 1
    assert set(data["hits"][0]) >= {"id", "title", "url", "source", "published", "score", "snippet"}
    assert data["hits"][0]["id"] == "wire-001"


def test_search_queries_file_as_trec_run(index_dir, tmp_path, capsys):
    queries = tmp_path / "topics.tsv"
    queries.write_text("q1\tharbor dredging\nq2\toil prices\n\nq3\tthe of\n")
    assert main(["search", "--index", str(index_dir), "--queries", str(queries), "--format", "trec",
                 "--limit", "3"]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert lines[0][:4] == ["q1", "Q0", "LA010189-0001", "1"]
    assert {line[0] for line in lines} == {"q1", "q2"}
    assert all(len(line) == 6 and line[5] == "news-index" for line in lines)
    assert max(int(line[3]) for line in lines) <= 3


def test_clean_prints_one_json_object_per_article(fixture_corpus, capsys):
    files = [fixture_corpus / "html" / "storm.html", fixture_corpus / "wire" / "articles.jsonl"]
    assert main(["clean", *map(str, files)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 4
    assert rows[0]["title"] == "Storm closes coastal roads" and rows[0]["path"].endswith("storm.html")
    assert {"path", "id", "title", "body", "url", "published", "source", "authors", "language"} <= set(rows[0])
    assert [r["id"] for r in rows[1:]] == ["wire-001", "wire-002", "wire-003"]


def test_clean_gives_exactly_one_row_for_a_page_without_article(tmp_path, capsys):
    page = tmp_path / "nav.html"
    page.write_text("<html><body><nav>Home</nav></body></html>")
    empty = tmp_path / "empty.html"
    empty.write_text("")
    assert main(["clean", str(page), str(empty)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2
    assert rows[0]["body"] == "" and rows[0]["is_article"] is False


def test_stats(index_dir, capsys):
    assert main(["stats", "--index", str(index_dir), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 12 and stats["generation"] == "gen-000001"
    assert stats["sources"]["Example Wire"] == 3 and stats["size_bytes"] > 0
    assert main(["stats", "--index", str(index_dir)]) == 0
    assert "articles    12" in capsys.readouterr().out


def test_missing_index_is_a_clear_error(tmp_path, capsys):
    assert main(["search", "x", "--index", str(tmp_path / "none")]) == 1
    assert "run `news-index rebuild` first" in capsys.readouterr().err


def test_concurrent_rebuild_is_refused(fixture_corpus, tmp_path, capsys):
    store = IndexStore(tmp_path / "ix")
    with store.build_lock():
        code = main(["rebuild", "--corpus", str(fixture_corpus), "--index", str(tmp_path / "ix")])
    assert code == 2
    assert "is being rebuilt or updated by pid" in capsys.readouterr().err


def test_bad_page_is_an_error_not_a_traceback(index_dir, capsys):
    assert main(["search", "x", "--index", str(index_dir), "--limit", "5000"]) == 2
    assert "limit must be between" in capsys.readouterr().err


def test_python_dash_m_entry_point(index_dir):
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "indexer", "search", "storm", "--index", str(index_dir),
                          "--format", "json"], capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["hits"][0]["id"] == "html/storm.html"
