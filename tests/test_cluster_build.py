"""Building on a real local Dask cluster: a scheduler and two worker processes on the loopback address."""
from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from indexer.build import rebuild, update
from indexer.cli import main
from indexer.search import LiveIndex, SearchRequest, search
from indexer.store import IndexStore
from tests.conftest import FIXTURES
from tests.serverutil import dask_cluster

pytestmark = pytest.mark.slow
QUERIES = ["city", "bank rates", "*", "inflation prices", "telescope", "zzzz"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with dask_cluster(2, tmp_path_factory.mktemp("dask")) as (address, _):
        yield address


def _answers(index_dir) -> dict:
    """Totals, facets, timeline and the best three of each query. (Scores themselves differ a little: each
    part normalises lengths by its own average, and the parts hold other articles.)"""
    index = LiveIndex(index_dir)
    found = {}
    for query in QUERIES:
        results = search(index, SearchRequest(query, limit=3, facets=True))
        found[query] = (results.total, results.facets, [(b.label, b.count) for b in results.timeline],
                        sorted(hit.id for hit in results.hits) if query == "telescope" else None)
    index.close()
    return found


def test_a_cluster_build_indexes_what_a_local_build_does(cluster, tmp_path, make_corpus):
    folder, _ = make_corpus("many", 60)
    corpus = [FIXTURES / "facets", folder]
    local = rebuild(corpus, tmp_path / "local")
    remote = rebuild(corpus, tmp_path / "cluster", cluster=cluster)
    assert (remote.indexed, remote.files, dict(remote.skipped)) == (local.indexed, local.files, dict(local.skipped))
    assert remote.duplicate_groups == local.duplicate_groups
    assert _answers(tmp_path / "cluster") == _answers(tmp_path / "local")
    parts = sorted(p.name for p in (IndexStore(tmp_path / "cluster").current_path()).glob("part-*"))
    assert parts == ["part-00", "part-01", "part-02", "part-03"]  # two tasks per worker


def test_update_on_the_cluster_adds_parts(cluster, tmp_path, make_corpus):
    folder, words = make_corpus("growing", 10)
    rebuild([folder], tmp_path / "index", cluster=cluster)
    (folder / "late.txt").write_text("Late news – World – Wire\n\nA zqlatex story arrived late.\n", "utf-8")
    report = update([folder], tmp_path / "index", cluster=cluster)
    assert report.indexed == 1 and report.kind == "update"
    index = LiveIndex(tmp_path / "index")
    assert search(index, SearchRequest("zqlatex")).total == 1 and search(index, SearchRequest(words[3])).total == 1
    index.close()


def test_the_cli_builds_on_the_cluster(cluster, tmp_path, capsys):
    assert main(["rebuild", "--corpus", str(FIXTURES / "facets"), "--index", str(tmp_path / "ix"),
                 "--cluster", cluster]) == 0
    assert "indexed 17 articles" in capsys.readouterr().out


def test_a_worker_killed_mid_build_costs_nothing(tmp_path, make_corpus):
    folder, words = make_corpus("big", 400)
    with dask_cluster(2, tmp_path) as (address, workers):
        seen = []
        killed = threading.Event()

        def progress(done: int, total: int, articles: int) -> None:
            seen.append(done)
            if not killed.is_set() and done >= 5:
                os.killpg(workers[0].pid, signal.SIGKILL)  # a worker lost while both are indexing
                killed.set()

        report = rebuild([folder], tmp_path / "index", progress=progress, cluster=address)
        assert killed.is_set() and workers[0].wait(10) == -signal.SIGKILL
    assert report.indexed == 400 and seen[-1] == 400
    index = LiveIndex(tmp_path / "index")
    assert all(search(index, SearchRequest(word)).total == 1 for word in words[::40])
    index.close()


def test_a_failing_cluster_leaves_the_live_index_alone(tmp_path, fixture_corpus, make_corpus):
    rebuild([fixture_corpus], tmp_path / "index")
    before = IndexStore(tmp_path / "index").current()
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="cannot reach the Dask scheduler"):
        rebuild([fixture_corpus], tmp_path / "index", cluster="tcp://127.0.0.1:9")
    assert time.monotonic() - started < 30
    assert IndexStore(tmp_path / "index").current() == before
    assert main(["rebuild", "--corpus", str(fixture_corpus), "--index", str(tmp_path / "index"),
                 "--cluster", "tcp://127.0.0.1:9"]) == 1
