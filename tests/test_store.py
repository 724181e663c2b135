import multiprocessing

import pytest

from indexer.store import IndexBusy, IndexStore, NoIndex


def test_empty_store_has_no_current(tmp_path):
    store = IndexStore(tmp_path / "index")
    assert store.current() is None
    with pytest.raises(NoIndex):
        store.current_path()


def test_publish_switches_pointer_and_records_info(tmp_path):
    store = IndexStore(tmp_path)
    first = store.new_generation()
    store.publish(first, {"indexed": 1})
    second = store.new_generation()
    assert store.current() == first.name  # unpublished generation is invisible
    store.publish(second, {"indexed": 2})
    assert store.current() == second.name
    assert store.build_info()["indexed"] == 2
    assert second.name == "gen-000002"


def test_pointer_to_missing_generation_counts_as_no_index(tmp_path):
    (tmp_path / "CURRENT").write_text("gen-000009\n")
    assert IndexStore(tmp_path).current() is None


def test_remove_stale_keeps_live_and_recent_retired(tmp_path):
    store = IndexStore(tmp_path)
    gens = [store.new_generation() for _ in range(5)]
    store.publish(gens[3], {})
    removed = store.remove_stale()
    # gens[4] is a crashed build newer than the live one; gens[0] is too old to keep.
    assert removed == [gens[0].name, gens[4].name]
    assert store.generations() == [g.name for g in gens[1:4]]


def _hold_lock(root, ready, release):
    with IndexStore(root).build_lock():
        ready.set()
        release.wait(10)


def test_second_builder_is_refused_with_holder_named(tmp_path):
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(tmp_path, ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(IndexBusy, match=f"pid {holder.pid}"):
            with IndexStore(tmp_path).build_lock():
                pass
    finally:
        release.set()
        holder.join(10)
    with IndexStore(tmp_path).build_lock():  # free again once the holder is gone
        pass


def test_lock_of_a_killed_holder_is_released(tmp_path):
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(tmp_path, ready, release))
    holder.start()
    assert ready.wait(10)
    holder.kill()
    holder.join(10)
    with IndexStore(tmp_path).build_lock():
        pass
