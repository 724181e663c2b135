"""The web process only reads: serving never writes to the index or the corpus, so it can run with
both read-only (and a bug or an attacker in it cannot damage them)."""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from indexer.build import rebuild
from search_web import create_app
from tests.serverutil import news_web

VISITS = ["/", "/help", "/search?q=oil", "/search?q=*&sort=newest&limit=2&page=2",
          "/search?q=storm&source=Example+Wire", "/api/search?q=oil", "/search.atom?q=oil", "/article/wire-001?q=oil", "/api/article/wire-001", "/healthz",
          "/article/missing", "/search?page=x", "/opensearch.xml", "/api/openapi.json", "/static/style.css"]


def snapshot(*roots: Path) -> dict[str, tuple[int, int, int, int]]:
    """Every file and folder under `roots` with its size, mtime, inode and mode: any write changes one."""
    found = {}
    for root in roots:
        for folder, dirnames, filenames in os.walk(root):
            for name in [".", *dirnames, *filenames]:
                path = os.path.normpath(os.path.join(folder, name))
                stat = os.lstat(path)
                found[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_mode)
    return found


@pytest.fixture
def served(corpus_copy, tmp_path) -> tuple[Path, Path]:
    index_dir = tmp_path / "index"
    rebuild([corpus_copy], index_dir)
    return corpus_copy, index_dir


def test_serving_changes_no_file_of_the_index_or_corpus(served):
    corpus, index_dir = served
    before = snapshot(corpus, index_dir)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    for url in VISITS:
        assert client.get(url).status_code < 500, url
    assert snapshot(corpus, index_dir) == before


def _make_read_only(root: Path, writable: bool) -> None:
    for folder, _, filenames in os.walk(root):
        for path in [folder, *(os.path.join(folder, f) for f in filenames)]:
            mode = os.stat(path).st_mode
            os.chmod(path, mode | 0o200 if writable else mode & ~0o222)


@pytest.mark.slow
def test_production_server_serves_a_read_only_index(served, permissions_bind):
    _, index_dir = served
    before = snapshot(index_dir)
    _make_read_only(index_dir, writable=False)
    try:
        with news_web(index_dir, workers=2, preexec_fn=permissions_bind) as (base, _):
            for _ in range(3):  # so that both workers open the index
                for url in VISITS:
                    try:
                        status = urllib.request.urlopen(base + url, timeout=10).status
                    except urllib.error.HTTPError as error:
                        status = error.code
                    assert status in (200, 400, 404), url
            health = json.load(urllib.request.urlopen(f"{base}/healthz", timeout=10))
            assert health["articles"] == 12
    finally:
        _make_read_only(index_dir, writable=True)
    assert {path: facts[:3] for path, facts in snapshot(index_dir).items()} \
        == {path: facts[:3] for path, facts in before.items()}
