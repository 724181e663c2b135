"""A live index follows each newly published generation, opening it in the background when watching."""
from __future__ import annotations

import time

from indexer.build import rebuild
from indexer.search import LiveIndex, SearchRequest, search, warm_up


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
