"""A live index follows each newly published generation, opening it in the background when watching."""
from __future__ import annotations

import shutil
import threading
import time

import pytest

from indexer.build import rebuild
from indexer.search import IndexFormatError, LiveIndex, SearchRequest, search, warm_up


def test_a_request_opens_the_new_generation_itself(fixture_corpus, make_corpus, tmp_path):
    index = tmp_path / "index"
    other, unique = make_corpus("other", 3)
    rebuild([other], index)
    live = LiveIndex(index)
    assert search(live, SearchRequest(unique[0])).total == 1
    report = rebuild([fixture_corpus], index)
    found = search(live, SearchRequest("storm"))
    assert found.generation == report.generation and found.total == 1
    assert search(live, SearchRequest(unique[0])).total == 0
    live.close()


def test_the_watcher_opens_and_warms_a_new_generation_before_any_request(fixture_corpus, make_corpus, tmp_path):
    index = tmp_path / "index"
    other, _ = make_corpus("other", 3)
    first = rebuild([other], index)
    live = LiveIndex(index)
    live.watch(seconds=0.01)
    try:
        second = rebuild([fixture_corpus], index)
        deadline = time.monotonic() + 10
        while (live._open is None or live._open.name != second.generation) and time.monotonic() < deadline:
            time.sleep(0.01)
        opened = live._open
        assert opened.name == second.generation != first.generation
        assert "members" in vars(opened) and "newest" in vars(opened)  # warmed: computed before any search
        assert search(live, SearchRequest("storm")).generation == second.generation
        assert live._open is opened  # the request used what the watcher opened
    finally:
        live.close()
    assert live._watcher is None


def test_watching_opens_and_warms_the_live_generation_before_it_returns(fixture_corpus, tmp_path):
    index = tmp_path / "index"
    built = rebuild([fixture_corpus], index)
    live = LiveIndex(index)
    warmed = []
    live.watch(seconds=10, warm=warmed.append)
    try:
        assert [g.name for g in warmed] == [built.generation] and live._open is warmed[0]
    finally:
        live.close()


def test_warm_up_searches_the_generation_as_a_results_page_would(fixture_corpus, tmp_path):
    index = tmp_path / "index"
    rebuild([fixture_corpus], index)
    live = LiveIndex(index)
    live.watch(seconds=10, warm=warm_up)
    try:
        opened = live._open
        assert "members" in vars(opened) and "newest" in vars(opened)
        assert opened._term_counts  # its top articles were read for feedback: a real search ran
        assert search(live, SearchRequest("storm")).total == 1 and live._open is opened
    finally:
        live.close()


def test_while_watching_searches_go_on_with_the_open_generation_until_the_new_one_is_warm(
        fixture_corpus, make_corpus, tmp_path):
    index = tmp_path / "index"
    other, unique = make_corpus("other", 3)
    first = rebuild([other], index)
    release = threading.Event()
    warmed = []

    def slow_warm(generation):
        if warmed:  # every generation after the first waits until the test lets it go
            release.wait(10)
        warmed.append(generation.name)

    live = LiveIndex(index)
    live.watch(seconds=0.01, warm=slow_warm)
    try:
        second = rebuild([fixture_corpus], index)
        deadline = time.monotonic() + 10
        found = search(live, SearchRequest(unique[0]))
        assert found.generation == first.generation and found.total == 1  # not a cold open of the new one
        release.set()
        while live.generation_name() != second.generation and time.monotonic() < deadline:
            time.sleep(0.01)
        assert warmed == [first.generation, second.generation]
        assert search(live, SearchRequest("storm")).generation == second.generation
    finally:
        release.set()
        live.close()


def test_a_generation_the_watcher_cannot_open_is_reported_by_the_requests(fixture_corpus, tmp_path):
    index = tmp_path / "index"
    first = rebuild([fixture_corpus], index)
    live = LiveIndex(index)
    live.watch(seconds=0.01)
    try:
        old = index / "gen-000099"  # as an older version would have published it: no manifest.json
        shutil.copytree(index / first.generation, old)
        (old / "manifest.json").unlink()
        (index / "CURRENT").write_text(old.name)
        deadline = time.monotonic() + 10
        while old.name not in live._unopenable and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(IndexFormatError, match="run `news-index rebuild`"):
            search(live, SearchRequest("storm"))
    finally:
        live.close()
