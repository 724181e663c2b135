"""An index written in another format is refused with one line (CLI) or a 503 saying the same (web)."""
from __future__ import annotations

import shutil

import pytest

from indexer.cli import main
from search_web import create_app

MESSAGE = "index format 2, this version reads 5: run `news-index rebuild`"


@pytest.fixture
def old_index(built_index, tmp_path):
    """A copy of the fixture index as the previous format left it: no manifest.json."""
    index = tmp_path / "index"
    shutil.copytree(built_index, index)
    (index / (index / "CURRENT").read_text().strip() / "manifest.json").unlink()
    return index


@pytest.mark.parametrize("command", [["search", "storm"], ["stats"], ["update", "--corpus", "corpus"]])
def test_cli_says_one_line(old_index, command, capsys):
    assert main([*command, "--index", str(old_index)]) == 1
    err = capsys.readouterr().err
    assert err == f"news-index: {MESSAGE}\n"


def test_web_answers_503_with_the_same_message(old_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(old_index)}).test_client()
    page = client.get("/search?q=storm")
    assert page.status_code == 503 and MESSAGE in page.get_data(as_text=True)
    answer = client.get("/api/search?q=storm")
    assert answer.status_code == 503 and answer.get_json()["message"] == MESSAGE
    assert client.get("/healthz").status_code == 503


def test_a_rebuild_replaces_the_old_format(old_index, fixture_corpus, capsys):
    assert main(["rebuild", "--corpus", str(fixture_corpus), "--index", str(old_index)]) == 0
    capsys.readouterr()
    assert main(["search", "storm", "--index", str(old_index)]) == 0
    assert "Storm closes coastal roads" in capsys.readouterr().out
