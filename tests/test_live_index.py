"""A live index follows each newly published generation, opening it in the background when watching."""
from __future__ import annotations

import time

from indexer.build import rebuild
from indexer.search import LiveIndex, SearchRequest, search


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
