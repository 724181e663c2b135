"""Facet counts: each story once per value, whether its versions are grouped or not."""
from __future__ import annotations

import random
from array import array
from collections import Counter
from datetime import datetime, timezone

from indexer.article import Article
from indexer.docvalues import NO_DATE, DocValues, from_seconds
from indexer.search.facets import facet_counts, timeline

SOURCES = ["Reuters", "AP", "BBC", "Guardian"]
CATEGORIES = ["trade", "grain", "oil", "money", "ship"]


def _docvalues(count: int, seed: int) -> DocValues:
    rng = random.Random(seed)
    values = DocValues()
    for n in range(count):
        values.add(Article(id=f"a{n}", title="t", body="b", source=rng.choice(SOURCES + [""]),
                           categories=rng.sample(CATEGORIES, rng.randint(0, 3)),
                           published=datetime(1987, rng.randint(1, 12), 1, tzinfo=timezone.utc)))
    leaders = rng.sample(range(count), count // 10)
    group = [-1] * count
    for leader in leaders:
        for member in [leader] + rng.sample(range(count), 2):
            if group[member] < 0:
                group[member] = leader
    values.group = array("i", group)
    return values


def _reference(values: DocValues, docs: list[int], name: str) -> dict[str, int]:
    """Distinct (value, story) pairs counted per value, the definition, written plainly."""
    column = values.fields[name]
    pairs = set()
    for d in docs:
        story = values.group[d] if values.group[d] >= 0 else d
        codes = column.codes[column.offsets[d]:column.offsets[d + 1]] if column.multi else [column.codes[d]]
        pairs.update((column.values[c], story) for c in codes if column.values[c])
    return dict(Counter(value for value, _ in pairs))


def test_counts_equal_the_definition_on_random_groups():
    for seed in range(5):
        values = _docvalues(300, seed)
        docs = random.Random(seed).sample(range(300), 200)
        counted = facet_counts(values, docs, size=100)
        for name in ("source", "category", "month"):
            assert {e["value"]: e["count"] for e in counted[name]} == _reference(values, docs, name), (seed, name)


def test_without_stories_every_version_counts():
    values = _docvalues(100, 7)
    docs = list(range(100))
    counted = facet_counts(values, docs, size=100, stories=False)
    expected = Counter(values.fields["source"].values[values.fields["source"].codes[d]] for d in docs)
    expected.pop("", None)
    assert {e["value"]: e["count"] for e in counted["source"]} == dict(expected)


def test_precomputed_groups_give_the_same_counts():
    values = _docvalues(200, 3)
    docs = list(range(0, 200, 2))
    assert facet_counts(values, docs, grouped=values.grouped()) == facet_counts(values, docs)


def _timeline_reference(values: DocValues, docs: list[int]) -> Counter:
    """Each story once, in the month of its earliest dated version."""
    earliest: dict[int, int] = {}
    for d in docs:
        if values.published[d] != NO_DATE:
            story = values.group[d] if values.group[d] >= 0 else d
            earliest[story] = min(earliest.get(story, values.published[d]), values.published[d])
    return Counter(from_seconds(stamp).strftime("%Y-%m") for stamp in earliest.values())


def test_timeline_counts_each_story_once_at_its_earliest_dated_version():
    for seed in range(5):
        values = _docvalues(300, seed)
        for d in range(0, 300, 7):
            values.published[d] = NO_DATE
        docs = random.Random(seed).sample(range(300), 250)
        unit, buckets = timeline(values, docs)
        assert unit == "month"
        assert {b.label: b.count for b in buckets if b.count} == dict(_timeline_reference(values, docs))
