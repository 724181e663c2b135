"""A rebuild that is killed, runs out of disk or cannot write never costs the live index.

Runs the real `news-index` as a process, as an operator (or the OOM killer) would meet it.
"""
from __future__ import annotations

import os
import random
import re
import resource
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from indexer.build import rebuild
from indexer.search import LiveIndex, SearchRequest, search
from indexer.store import KEEP_PREVIOUS, LOCK, IndexStore
from tests.serverutil import console_script, group_pids, kill_group

pytestmark = pytest.mark.slow

KILLS = 12
ARTICLES = 1500  # enough for a rebuild to last a second or two, so kills land in every phase
FIXTURE_ARTICLES = 12
FAILED_EXIT_SECONDS = 20  # a failed rebuild that has not exited by then hangs
# Known defects, outside the files these tests may change: each test checks everything else first.
ORPHAN_WORKERS = ("build workers outlive a killed main process (blocked on the task queue) and keep the inherited "
                  "flock on .build.lock, so later rebuilds are refused as busy: indexer/build.py _index_part should "
                  "die with its parent (prctl PR_SET_PDEATHSIG)")


def news_index(*args: object, **options) -> subprocess.CompletedProcess:
    return subprocess.run([*console_script("news-index"), *map(str, args)], capture_output=True, text=True,
                          timeout=120, **options)


def start_rebuild(corpus: Path, index_dir: Path, preexec_fn: Callable[[], None] | None = None,
                  output: int = subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen([*console_script("news-index"), "rebuild", "--corpus", str(corpus), "--index",
                             str(index_dir)], stdout=output, stderr=output, text=True, start_new_session=True,
                            preexec_fn=preexec_fn)


def assert_serves(index_dir: Path, count: int, words: list[str]) -> str:
    """The live generation is complete: `count` articles, each sampled word found once. Returns its name."""
    live = LiveIndex(index_dir)
    try:
        assert live.article_count() == count
        for word in words:
            assert search(live, SearchRequest(word)).total == 1, word
        return live.generation_name()
    finally:
        live.close()


def assert_no_leftovers(index_dir: Path) -> None:
    store = IndexStore(index_dir)
    assert len(store.generations()) <= KEEP_PREVIOUS + 1, store.generations()
    assert not list(index_dir.glob(".CURRENT.*.tmp"))


def generation_of(stdout: str) -> int:
    return int(re.search(r"\(generation gen-(\d+)\)", stdout).group(1))


@dataclass
class Killable:
    corpus: Path
    index_dir: Path
    words: list[str]
    seconds: float  # how long one undisturbed rebuild takes, start to exit


@pytest.fixture
def killable(make_corpus, tmp_path) -> Killable:
    corpus, words = make_corpus("corpus", ARTICLES)
    index_dir = tmp_path / "index"
    started = time.monotonic()
    first = news_index("rebuild", "--corpus", corpus, "--index", index_dir)
    assert first.returncode == 0, first.stderr
    return Killable(corpus, index_dir, random.Random(1).sample(words, 5), time.monotonic() - started)


def kill_rebuilds_at_random(setup: Killable, kill: Callable[[subprocess.Popen], None]) -> list[str]:
    """Start rebuilds and kill each after a random delay; after each, the live index must be whole.

    Returns the known defects met on the way.
    """
    rng = random.Random(20240607)
    defects = []
    for _ in range(KILLS):
        process = start_rebuild(setup.corpus, setup.index_dir, output=subprocess.DEVNULL)  # workers may outlive it
        try:
            time.sleep(rng.uniform(0, setup.seconds * 1.1))
            kill(process)
            process.wait(timeout=30)
            assert_serves(setup.index_dir, ARTICLES, setup.words)
            deadline = time.monotonic() + 3
            while group_pids(process.pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if group_pids(process.pid):
                defects.append(ORPHAN_WORKERS)
        finally:
            kill_group(process.pid)
    after = news_index("rebuild", "--corpus", setup.corpus, "--index", setup.index_dir)
    assert after.returncode == 0, after.stderr
    assert assert_serves(setup.index_dir, ARTICLES, setup.words) == f"gen-{generation_of(after.stdout):06d}"
    assert_no_leftovers(setup.index_dir)
    return defects


def test_rebuild_killed_with_its_workers_at_random_moments(killable):
    """SIGKILL to the whole process group, as when the machine or its container goes down."""
    assert kill_rebuilds_at_random(killable, lambda process: kill_group(process.pid)) == []


def test_rebuild_killed_alone_at_random_moments(killable):
    """SIGKILL to the main process only, as the OOM killer or `kill -9 PID` does it."""
    assert kill_rebuilds_at_random(killable, lambda process: process.kill()) == []


def test_second_rebuild_is_refused_and_wait_queues_it(killable):
    first = start_rebuild(killable.corpus, killable.index_dir)
    try:
        lock = killable.index_dir / LOCK
        deadline = time.monotonic() + 20
        while f"pid {first.pid} " not in lock.read_text() and time.monotonic() < deadline:
            time.sleep(0.02)
        refused = news_index("rebuild", "--corpus", killable.corpus, "--index", killable.index_dir)
        waited = news_index("rebuild", "--corpus", killable.corpus, "--index", killable.index_dir, "--wait")
        out, err = first.communicate(timeout=60)
    finally:
        kill_group(first.pid)
    assert first.returncode == 0, err
    assert refused.returncode == 2
    assert f"is being rebuilt or updated by pid {first.pid}" in refused.stderr and "Traceback" not in refused.stderr
    assert waited.returncode == 0, waited.stderr
    assert generation_of(waited.stdout) == generation_of(out) + 1
    assert_serves(killable.index_dir, ARTICLES, killable.words)


@dataclass
class BrokenDisk:
    """An index that serves the fixture corpus, on a disk that makes the next big rebuild fail."""

    index_dir: Path
    preexec_fn: Callable[[], None] | None  # how the failing rebuild is started
    repair: Callable[[], None]  # afterwards, what an operator would fix (free space, permissions)
    error: str  # what the failure message must name


@contextmanager
def tmpfs_disk(folder: Path, corpus: Path) -> Iterator[BrokenDisk]:
    """A real full disk: a 1 MB tmpfs, room for the fixture index but not for 1,500 more articles."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        rebuild([corpus], folder / "index")
        yield BrokenDisk(folder / "index", None,
                         lambda: subprocess.run(["mount", "-o", "remount,size=64m", str(folder)], check=True),
                         "No space left on device")
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _small_file_limit() -> None:
    """Files may not grow past 64 KiB; a write beyond fails with EFBIG instead of killing the process."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@contextmanager
def file_size_limit(folder: Path, corpus: Path) -> Iterator[BrokenDisk]:
    """Disk full without root: RLIMIT_FSIZE makes writes fail as a full disk does, with another errno."""
    rebuild([corpus], folder / "index")
    yield BrokenDisk(folder / "index", _small_file_limit, lambda: None, "File too large")


@contextmanager
def read_only_index(folder: Path, corpus: Path, permissions_bind: Callable[[], None]) -> Iterator[BrokenDisk]:
    """An index folder the rebuild may not write to (mode 555, and no root override)."""
    index_dir = folder / "index"
    rebuild([corpus], index_dir)
    index_dir.chmod(0o555)
    try:
        yield BrokenDisk(index_dir, permissions_bind, lambda: index_dir.chmod(0o755), "Permission denied")
    finally:
        index_dir.chmod(0o755)


@pytest.fixture(params=["tmpfs full", "file size limit", "read-only index folder"])
def broken_disk(request, fixture_corpus, tmp_path) -> Iterator[BrokenDisk]:
    if request.param == "tmpfs full":
        disk = tmpfs_disk(tmp_path / "disk", fixture_corpus)
    elif request.param == "file size limit":
        disk = file_size_limit(tmp_path, fixture_corpus)
    else:
        disk = read_only_index(tmp_path, fixture_corpus, request.getfixturevalue("permissions_bind"))
    with disk as broken:
        yield broken


def test_failed_rebuild_keeps_the_old_index_and_the_next_one_succeeds(broken_disk, make_corpus):
    corpus, words = make_corpus("big", ARTICLES)
    process = start_rebuild(corpus, broken_disk.index_dir, preexec_fn=broken_disk.preexec_fn)
    try:
        _, err = process.communicate(timeout=FAILED_EXIT_SECONDS)
    except subprocess.TimeoutExpired:
        err = None
    finally:
        kill_group(process.pid)
    assert process.wait() != 0
    assert assert_serves(broken_disk.index_dir, FIXTURE_ARTICLES, ["Belarus"]) == "gen-000001"
    broken_disk.repair()
    after = news_index("rebuild", "--corpus", corpus, "--index", broken_disk.index_dir)
    assert after.returncode == 0, after.stderr
    assert assert_serves(broken_disk.index_dir, ARTICLES, words[:3]) == f"gen-{generation_of(after.stdout):06d}"
    assert_no_leftovers(broken_disk.index_dir)
    assert err is not None, "the failed rebuild did not exit"
    assert "Traceback" not in err
    assert process.returncode == 1
    assert err.startswith("news-index: ") and broken_disk.error in err
