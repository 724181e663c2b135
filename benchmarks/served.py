"""The project as a user waits for it: `news-web` answering over HTTP, and how a new generation is served.

Only HTTP and the `news-index` command are used (never the project's modules), so the same code
measures an older checkout's virtualenv.
"""
from __future__ import annotations

import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

from benchmarks.commands import console_script, fetch, project_env
from benchmarks.process_tree import run_measured
from benchmarks.querysets import BenchQuery
from benchmarks.systems.base import Answer

FIRST_QUERY = urlencode({"q": "oil prices opec"})
WARM_REPEATS = 20
VISIBLE_WITHIN_SECONDS = 30
SWITCH_FOLDER_PREFIX = "news-bench-switch-"


def _get_ok(port: int, path: str) -> tuple[bytes, float]:
    """Body and milliseconds of a 200 answer on a fresh connection; any other status is an error."""
    status, body, ms = fetch(port, path)
    if status != 200:
        raise RuntimeError(f"GET {path}: HTTP {status}")
    return body, ms


class _Served:
    """One endpoint of a running `news-web`; a fresh connection per request (gunicorn's sync worker closes it)."""

    name = ""
    endpoint = ""

    def __init__(self, port: int) -> None:
        self.port = port

    def open(self) -> None:
        pass

    def _get(self, query: BenchQuery) -> tuple[bytes, float]:
        return _get_ok(self.port, f"{self.endpoint}?q={quote(query.text)}")

    def close(self) -> None:
        pass


class ServedApi(_Served):
    """`/api/search`: the JSON of the top 10 with snippets, facets and timeline; records `partial`."""

    name = "served-api"
    endpoint = "/api/search"

    def search(self, query: BenchQuery) -> Answer:
        body, ms = self._get(query)
        answer = json.loads(body)
        return Answer(len(answer["hits"]), ms, answer.get("partial"))


class ServedPage(_Served):
    """`/search`: the HTML results page a browser shows."""

    name = "served-page"
    endpoint = "/search"

    def search(self, query: BenchQuery) -> Answer:
        return Answer(None, self._get(query)[1])


def first_and_warm(port: int, endpoint: str) -> dict:
    """The first answer after a start or a switch (it opens the index) against the median of 20 more."""
    path = f"{endpoint}?{FIRST_QUERY}"
    cold = _get_ok(port, path)[1]
    warm = statistics.median([_get_ok(port, path)[1] for _ in range(WARM_REPEATS)])
    return {"cold_ms": round(cold, 3), "warm_median_ms": round(warm, 3), "cold_over_warm": round(cold / warm, 2)}


def first_after_switch(port: int, endpoint: str, generation: str) -> dict:
    """Right after a switch: the first answer (from whichever generation the server still reads), how long
    until /healthz names the new `generation`, then the first answer from it against the median of 20 more."""
    published = time.perf_counter()
    first = _get_ok(port, f"{endpoint}?{FIRST_QUERY}")[1]
    while json.loads(_get_ok(port, "/healthz")[0])["generation"] != generation:
        if time.perf_counter() - published > VISIBLE_WITHIN_SECONDS:
            raise RuntimeError(f"{generation} not served {VISIBLE_WITHIN_SECONDS} s after it was published")
        time.sleep(0.005)
    visible = (time.perf_counter() - published) * 1000
    figures = first_and_warm(port, endpoint)
    return {"first_answer_ms": round(first, 3), "first_over_warm": round(first / figures["warm_median_ms"], 2),
            "visible_after_ms": round(visible, 1)} | figures


def live_generation(index: Path) -> str:
    return (index / "CURRENT").read_text().strip()


def built_from(index: Path, generation: str) -> list[str]:
    """The corpus paths `generation` of `index` was built from (its build.json)."""
    return json.loads((index / generation / "build.json").read_text())["corpus"]


def _corpus_of(index: Path, generation: str) -> list[str]:
    """The corpus paths `generation` was built from, less the folders earlier switches added and removed.

    A corpus path that is gone otherwise stops the switch: `update` would drop all its articles.
    """
    paths = built_from(index, generation)
    gone = [p for p in paths if not Path(p).exists() and not Path(p).name.startswith(SWITCH_FOLDER_PREFIX)]
    if gone:
        raise RuntimeError(f"corpus {gone} of {generation} is gone: `news-index update` would drop its articles")
    return [p for p in paths if Path(p).exists()]


def switch_generation(index: Path, bin_dir: Path | None) -> dict:
    """Publish a new generation: `news-index update` adding one new article from a temporary folder.

    The article stays in the index after the folder is removed (the next switch drops it again).
    """
    before = live_generation(index)
    corpus = _corpus_of(index, before)
    with tempfile.TemporaryDirectory(prefix=SWITCH_FOLDER_PREFIX) as folder:
        stamp = uuid.uuid4().hex  # a text no earlier switch added, so update never skips it as a copy
        (Path(folder) / "switch.txt").write_text(
            f"Benchmark switch article {stamp} – Markets – Benchmark Wire\n\n"
            f"Oil prices moved after the OPEC meeting, the benchmark harness reports ({stamp}).\n\n"
            "This article exists only to make news-index update publish a new generation.\n")
        command = [console_script("news-index", bin_dir), "update", "--index", str(index)]
        for path in [*corpus, folder]:
            command += ["--corpus", path]
        run = run_measured(command, env=project_env())
    if run.returncode != 0:
        raise RuntimeError(f"news-index update failed (exit {run.returncode}):\n{run.stdout[-2000:]}"
                           f"{run.stderr[-2000:]}")
    after = live_generation(index)
    if after == before:
        raise RuntimeError(f"news-index update published no new generation:\n{run.stdout[-2000:]}")
    return {"update_seconds": round(run.wall_seconds, 2), "generation_before": before, "generation_after": after}
