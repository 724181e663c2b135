"""Sharded search: a generation's parts matched apart (in this process, then on a real local Dask cluster)
answer every search exactly as the whole generation does."""
from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import numpy as np
import pytest

from indexer.build import rebuild, update
from indexer.cli import main
from indexer.search import LiveIndex, SearchRequest, search
from indexer.search.budget import Budget
from indexer.search.cluster import ClusterIndex, Shard, shares
from indexer.search.engine import match, parse
from indexer.search.filters import Filters
from indexer.search.generation import Generation
from indexer.search.ranking import RankingConfig
from indexer.store import IndexStore
from search_web import create_app
from tests.conftest import FIXTURES
from tests.serverutil import dask_cluster

WORDS = ("market oil storm harbour election minister court bank rain school crop price trade union police fire "
         "bridge ferry council budget strike vaccine drought export tariff coast rail airport").split()

# fifty searches: plain words, sentences, phrases, operators, prefixes, fields, several languages, filters,
# date sorts and a second page
QUERIES = [SearchRequest(q, facets=True) for q in (
    "central bank", "interest rates", "inflation", "election", "parliament budget", "telescope galaxies",
    "heatwave", "football stadium", "bridge repairs", "ferry timetable", "panda", "library opening hours",
    "marathon record", "oil market", "storm harbour", "minister court", "rain crop", "school strike",
    "vaccine drought", "tariff export", "coast rail airport", "police fire", "the council voted on the budget",
    "Gewerkschaft", "Busfahrer Kassel", "preise stadt", "ville portes", "zqaabx", "zqaacx bank",
    "bank AND rates", "bank NOT rain", "oil OR ferry", '"interest rate"', '"central bank"', "title:bank",
    "harb*", "infla*", "stor~", "bank -rain", "+oil +market", "*", "union strike police", "telescpe")] + [
    SearchRequest("*", sort="newest", facets=True),
    SearchRequest("bank", sort="oldest", facets=True),
    SearchRequest("oil market", page=2, limit=5, facets=True),
    SearchRequest("bank", filters=Filters({"language": ["en"]}), facets=True),
    SearchRequest("*", filters=Filters({"year": ["2024"]}), facets=True),
    SearchRequest("price", collapse=False, facets=True),
    SearchRequest("storm", significant=True, facets=True),
    SearchRequest("council budget", snippets=True, facets=True),
]


def _write_articles(folder: Path, first: int, count: int) -> Path:
    """Plain-text articles over a small vocabulary, each with a unique word; every fifth repeats the one before
    with a sentence more (a second version of a story)."""
    rng = np.random.default_rng(first)
    folder.mkdir()
    text = ""
    for n in range(first, first + count):
        unique = f"zq{chr(97 + n // 676 % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n % 26)}x"
        if n % 5 != 4 or not text:
            text = "\n\n".join(" ".join(rng.choice(WORDS, 40)) + "." for _ in range(3))
        else:
            text += "\n\nA later paragraph adds more."
        (folder / f"article-{n:05d}.txt").write_text(
            f"{rng.choice(WORDS).title()} report {n} – World – Wire {n % 7}\n\n{unique} {text}\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    """An index of several parts: a rebuild, then two updates adding parts of their own."""
    root = tmp_path_factory.mktemp("sharded")
    corpus = [FIXTURES / "facets", FIXTURES / "languages", _write_articles(root / "first", 0, 40)]
    rebuild(corpus, root / "index")
    for number in (1, 2):
        corpus.append(_write_articles(root / f"more-{number}", number * 100, 30))
        update(corpus, root / "index")
    return root / "index"


class InProcessShards:
    """Shards of a generation run in this process, as the cluster's actors run them."""

    def __init__(self, path: Path, runs: list[range]) -> None:
        self.path, self.runs = path, runs
        self.shards = [Shard(RankingConfig()) for _ in runs]

    def match(self, parsed, filters: Filters, budget: Budget) -> tuple[np.ndarray, np.ndarray]:
        found = [shard.match(str(self.path), run.start, run.stop, parsed, filters, budget.remaining())
                 for shard, run in zip(self.shards, self.runs)]
        return np.concatenate([f[0].astype(np.int64) for f in found]), np.concatenate([f[1] for f in found])

    def close(self) -> None:
        self.shards = []


class ShardedInProcess(LiveIndex):
    def __init__(self, root: Path, runs: list[range]) -> None:
        super().__init__(root, results_kept=0)
        self.runs = runs

    def _open_generation(self, name: str) -> Generation:
        generation = super()._open_generation(name)
        generation.shards = InProcessShards(generation.path, self.runs)
        return generation


def _answer(results) -> dict:
    return {"total": results.total, "ids": [hit.id for hit in results.hits],
            "scores": [hit.score for hit in results.hits],
            "versions": [[v.id for v in hit.versions] for hit in results.hits],
            "snippets": [hit.snippet.text for hit in results.hits], "facets": results.facets,
            "timeline": [(b.label, b.count) for b in results.timeline], "suggestion": results.suggestion,
            "significant": results.significant_terms, "partial": results.partial}


def _answers(index: LiveIndex) -> list[dict]:
    return [_answer(search(index, request)) for request in QUERIES]


def test_parts_are_shared_out_in_runs_of_about_equal_size():
    assert shares([10, 10, 10, 10], 2) == [range(0, 2), range(2, 4)]
    assert shares([1, 100, 1], 2) == [range(0, 1), range(1, 3)]
    assert shares([10, 10], 4) == [range(0, 1), range(1, 2)]  # more workers than parts: some hold none
    assert shares([5], 3) == [range(0, 1)]


def test_shards_match_the_documents_and_scores_of_the_whole_generation(index_dir):
    generation = Generation.open(IndexStore(index_dir).current_path(), RankingConfig())
    runs = shares([1] * len(generation.bases), 2)
    assert len(generation.bases) >= 3 and len(runs) == 2
    shards = [Generation.open(generation.path, RankingConfig(), parts=run) for run in runs]
    for request in QUERIES:
        parsed = parse(generation, request.q, Budget(10))
        if parsed.empty:
            continue
        whole = match(generation, parsed, request.filters, Budget(10))
        pieces = [match(shard, parsed, request.filters, Budget(10)) for shard in shards]
        assert np.array_equal(np.concatenate([p.docs for p in pieces]), whole.docs), request.q
        assert np.array_equal(np.concatenate([p.scores for p in pieces]), whole.scores), request.q
    for opened in (generation, *shards):
        opened.close()


def test_a_search_through_shards_answers_as_a_local_search(index_dir):
    parts = len(list(IndexStore(index_dir).current_path().glob("part-*")))
    local, sharded = LiveIndex(index_dir, results_kept=0), ShardedInProcess(index_dir, [range(0, 1), range(1, parts)])
    assert _answers(sharded) == _answers(local)
    local.close()
    sharded.close()


def _compare(cluster_index: LiveIndex, local: LiveIndex) -> None:
    """Top ten ids, scores (to 1e-6, unrounded), totals, facets, timelines, versions, snippets alike."""
    for request in QUERIES:
        with local.generation() as generation:
            parsed = parse(generation, request.q, Budget(10))
            expected = None if parsed.empty else match(generation, parsed, request.filters, Budget(10))
        with cluster_index.generation() as generation:
            got = None if parsed.empty else match(generation, parsed, request.filters, Budget(10))
        if expected is not None:
            assert np.array_equal(got.docs, expected.docs), request.q
            np.testing.assert_allclose(got.scores, expected.scores, rtol=0, atol=1e-6)
    assert _answers(cluster_index) == _answers(local)


@pytest.mark.slow
def test_fifty_searches_through_a_cluster_answer_as_local_ones(index_dir, tmp_path):
    local = LiveIndex(index_dir, results_kept=0)
    with dask_cluster(2, tmp_path) as (address, _):
        remote = ClusterIndex(index_dir, address, results_kept=0)
        _compare(remote, local)
        with remote.generation() as generation:  # both workers hold parts
            assert len(generation.shards._actors) == 2
        remote.close()
    local.close()


@pytest.mark.slow
def test_a_lost_worker_makes_results_partial_within_the_budget(index_dir, tmp_path):
    local = LiveIndex(index_dir, results_kept=0)
    with dask_cluster(2, tmp_path) as (address, workers):
        remote = ClusterIndex(index_dir, address, results_kept=0)
        whole = search(remote, SearchRequest("bank", facets=True))
        assert not whole.partial and whole.total == search(local, SearchRequest("bank")).total
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait()
        started = time.perf_counter()
        cut = search(remote, SearchRequest("bank", facets=True))
        waited = time.perf_counter() - started
        assert cut.partial and "did not answer" in cut.message and waited < 3  # the 2-second budget, and slack
        assert cut.total < whole.total
        # the next search spreads the parts over the worker that is left, and is whole again
        time.sleep(1)
        again = search(remote, SearchRequest("bank", facets=True))
        assert not again.partial and _answer(again) == _answer(whole)
        remote.close()
    local.close()


@pytest.mark.slow
def test_the_cli_and_the_web_app_search_on_the_cluster(index_dir, tmp_path, capsys):
    with dask_cluster(2, tmp_path) as (address, _):
        assert main(["search", "--index", str(index_dir), "--format", "json", "central", "bank"]) == 0
        local = json.loads(capsys.readouterr().out)
        assert main(["search", "--index", str(index_dir), "--cluster", address, "--format", "json",
                     "central", "bank"]) == 0
        remote = json.loads(capsys.readouterr().out)
        assert local["hits"] and [(h["id"], h["score"]) for h in remote["hits"]] == \
            [(h["id"], h["score"]) for h in local["hits"]]
        assert remote["total"] == local["total"] and not remote["partial"]

        app = create_app({"TESTING": True, "INDEX_DIR": index_dir, "CLUSTER": address, "RESULT_CACHE": 0})
        client = app.test_client()
        served = client.get("/api/search?q=central+bank").get_json()
        assert [h["id"] for h in served["hits"]] == [h["id"] for h in local["hits"]]
        assert served["total"] == local["total"] and not served["partial"]
        assert b"central" in client.get("/search?q=central+bank").data.lower()
        app.extensions["news_index"].close()


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line(index_dir, capsys):
    assert main(["search", "--index", str(index_dir), "--cluster", "tcp://127.0.0.1:9", "bank"]) == 1
    error = capsys.readouterr().err
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in error and len(error.splitlines()) == 1


def test_news_web_passes_the_cluster_to_the_app(index_dir):
    from search_web.server import app_config, build_parser

    config = app_config(build_parser().parse_args(["--index", str(index_dir), "--cluster", "tcp://10.0.0.5:8786"]))
    assert config["CLUSTER"] == "tcp://10.0.0.5:8786"
    assert "CLUSTER" not in app_config(build_parser().parse_args(["--index", str(index_dir)]))
