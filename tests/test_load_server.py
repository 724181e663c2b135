"""Under load, on loopback, against the production server (`news-web`: gunicorn master and workers):
searches keep being answered while the index is rebuilt again and again, and a worker that dies
is replaced, costing at most the requests it was answering."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote

import pytest

from tests.serverutil import child_pids, console_script, news_web

pytestmark = pytest.mark.slow

CLIENTS = 8
LOAD_SECONDS = 12
WORKERS = 2
ARTICLES = 600


@dataclass(frozen=True)
class Outcome:
    """One request: when it ran, whether it was answered correctly, from which generation, or what failed."""

    started: float
    ended: float
    ok: bool
    generation: str = ""
    error: str = ""


def _ask(base: str, target: tuple[str, str], rng: random.Random) -> Outcome:
    """A search (JSON or page) or an article page, checked for the one article holding a word: target is (word, id)."""
    started = time.monotonic()
    word, article_id = target
    kind = rng.choice(["api", "api", "page", "article"])
    url = {"api": f"{base}/api/search?q={word}", "page": f"{base}/search?q={word}",
           "article": f"{base}/article/{quote(article_id)}"}[kind]
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read().decode("utf-8")
    except Exception as error:  # a refused or reset connection, a timeout, an HTTP error status
        return Outcome(started, time.monotonic(), False, error=f"{kind}: {error!r}")
    if kind == "api":
        data = json.loads(body)
        return Outcome(started, time.monotonic(), data["total"] == 1, data["generation"], "" if data["total"] == 1
                       else f"total {data['total']} for {word}")
    return Outcome(started, time.monotonic(), word in body, error="" if word in body else f"{kind}: no {word}")


def hammer(base: str, targets: list[tuple[str, str]], stop: threading.Event, outcomes: list[Outcome],
           seed: int) -> None:
    """One client: ask for random articles until told to stop."""
    rng = random.Random(seed)
    while not stop.is_set():
        outcomes.append(_ask(base, rng.choice(targets), rng))


def under_load(base: str, targets: list[tuple[str, str]], seconds: float, meanwhile) -> list[Outcome]:
    """Run CLIENTS clients while `meanwhile(stop, deadline)` runs in this thread; all their outcomes."""
    stop, outcomes = threading.Event(), []
    clients = [threading.Thread(target=hammer, args=(base, targets, stop, outcomes, n)) for n in range(CLIENTS)]
    for client in clients:
        client.start()
    try:
        meanwhile(stop, time.monotonic() + seconds)
    finally:
        stop.set()
        for client in clients:
            client.join(60)
    return outcomes


@pytest.fixture
def site(make_corpus, tmp_path):
    """The server on an index of a generated corpus, and each article's own word with its id."""
    corpus, words = make_corpus("corpus", ARTICLES)
    targets = [(word, f"article-{n:05d}.txt") for n, word in enumerate(words)]
    index_dir = tmp_path / "index"
    first = subprocess.run([*console_script("news-index"), "rebuild", "--corpus", str(corpus), "--index",
                            str(index_dir)], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    with news_web(index_dir, workers=WORKERS) as (base, server):
        yield base, server, corpus, index_dir, targets


def test_no_failed_search_while_rebuilding_again_and_again(site):
    base, _, corpus, index_dir, targets = site
    rebuilds: list[int] = []

    def rebuild_until(stop: threading.Event, deadline: float) -> None:
        while time.monotonic() < deadline:
            done = subprocess.run([*console_script("news-index"), "rebuild", "--corpus", str(corpus), "--index",
                                   str(index_dir)], capture_output=True, text=True, timeout=120)
            rebuilds.append(done.returncode)

    outcomes = under_load(base, targets, LOAD_SECONDS, rebuild_until)
    failures = [o.error for o in outcomes if not o.ok]
    assert failures == []
    assert len(rebuilds) >= 2 and set(rebuilds) == {0}
    assert len({o.generation for o in outcomes if o.generation}) >= 2  # the switches happened under load
    assert len(outcomes) > 100


def test_a_killed_worker_is_replaced_and_costs_only_its_requests(site):
    base, server, _, _, targets = site
    killed: list[tuple[int, float]] = []
    replaced: list[float] = []

    def kill_one_worker(stop: threading.Event, deadline: float) -> None:
        time.sleep(3)
        workers = child_pids(server.pid)
        assert len(workers) == WORKERS
        os.kill(workers[0], signal.SIGKILL)
        killed.append((workers[0], time.monotonic()))
        while time.monotonic() < deadline + 10 and not replaced:
            now = child_pids(server.pid)
            if len(now) == WORKERS and workers[0] not in now:
                replaced.append(time.monotonic())
            time.sleep(0.05)
        time.sleep(max(0.0, deadline - time.monotonic()))

    outcomes = under_load(base, targets, LOAD_SECONDS, kill_one_worker)
    assert replaced, "the master did not replace the killed worker"
    (_, killed_at), = killed
    failed = [o for o in outcomes if not o.ok]
    assert len(failed) <= CLIENTS, [o.error for o in failed]  # at most the requests in flight
    assert all(o.started <= killed_at + 0.1 for o in failed), [o.error for o in failed]
    after = [o for o in outcomes if o.started > replaced[0]]
    assert len(after) > 20 and all(o.ok for o in after)
