"""Facet counts and the timeline: each story once per value, whether its versions are grouped or not."""
from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from indexer.dates import epoch_seconds, from_seconds
from indexer.search.facets import facet_counts, timeline
from indexer.storage import NO_DATE, DocValues, DocValuesWriter
from indexer.storage.docvalues import merge

SOURCES = ["Reuters", "AP", "BBC", "Guardian"]
CATEGORIES = ["trade", "grain", "oil", "money", "ship"]


def _docvalues(folder: Path, count: int, seed: int, undated_every: int = 0) -> DocValues:
    """A generation's values for `count` random articles, a tenth of them in duplicate groups."""
    rng = random.Random(seed)
    writer = DocValuesWriter()
    for n in range(count):
        month = rng.randint(1, 12)
        published = None if undated_every and n % undated_every == 0 else \
            epoch_seconds(datetime(1987, month, 1, tzinfo=timezone.utc))
        writer.add(published, {"source": [rng.choice(SOURCES + [""])],
                               "category": rng.sample(CATEGORIES, rng.randint(0, 3))})
    part = folder / f"part-{seed}"
    part.mkdir()
    writer.save(part, np.zeros(count, dtype=np.uint32), np.zeros(count, dtype=np.uint32))
    group = [-1] * count
    for leader in rng.sample(range(count), count // 10):
        for member in [leader] + rng.sample(range(count), 2):
            if group[member] < 0:
                group[member] = leader
    generation = folder / f"gen-{seed}"
    generation.mkdir()
    merge([part], np.zeros(count, dtype=bool), np.array(group), generation)
    return DocValues.open(generation)


def _reference(values: DocValues, docs: list[int], name: str) -> dict[str, int]:
    """Distinct (value, story) pairs counted per value, the definition, written plainly."""
    column = values.columns[name]
    pairs = set()
    for d in docs:
        story = values.group[d] if values.group[d] >= 0 else d
        codes = column.codes[column.offsets[d]:column.offsets[d + 1]] if column.multi else [column.codes[d]]
        pairs.update((column.values[c], story) for c in codes if column.values[c])
    return dict(Counter(value for value, _ in pairs))


def test_counts_equal_the_definition_on_random_groups(tmp_path):
    for seed in range(5):
        values = _docvalues(tmp_path, 300, seed)
        docs = random.Random(seed).sample(range(300), 200)
        counted = facet_counts(values, np.array(docs), size=100)
        for name in ("source", "category", "month"):
            assert {e["value"]: e["count"] for e in counted[name]} == _reference(values, docs, name), (seed, name)


def test_without_stories_every_version_counts(tmp_path):
    values = _docvalues(tmp_path, 100, 7)
    docs = list(range(100))
    counted = facet_counts(values, np.array(docs), size=100, stories=False)
    source = values.columns["source"]
    expected = Counter(source.values[source.codes[d]] for d in docs)
    expected.pop("", None)
    assert {e["value"]: e["count"] for e in counted["source"]} == dict(expected)


def test_most_frequent_values_come_first_then_alphabetically(tmp_path):
    values = _docvalues(tmp_path, 400, 11)
    counted = facet_counts(values, np.arange(400), size=3)["category"]
    assert len(counted) == 3
    assert [(-e["count"], e["value"]) for e in counted] == sorted((-e["count"], e["value"]) for e in counted)
    everything = facet_counts(values, np.arange(400), size=100)["category"]
    assert counted == everything[:3]


def _timeline_reference(values: DocValues, docs: list[int]) -> Counter:
    """Each story once, in the month of its earliest dated version."""
    earliest: dict[int, int] = {}
    for d in docs:
        if values.published[d] != NO_DATE:
            story = values.group[d] if values.group[d] >= 0 else d
            earliest[story] = min(earliest.get(story, values.published[d]), values.published[d])
    return Counter(from_seconds(int(stamp)).strftime("%Y-%m") for stamp in earliest.values())


def test_timeline_counts_each_story_once_at_its_earliest_dated_version(tmp_path):
    for seed in range(5):
        values = _docvalues(tmp_path, 300, seed, undated_every=7)
        docs = random.Random(seed).sample(range(300), 250)
        unit, buckets = timeline(values, np.array(docs))
        assert unit == "month"
        assert {b.label: b.count for b in buckets if b.count} == dict(_timeline_reference(values, docs))
