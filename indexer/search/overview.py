"""What is in the archive: articles, outlets, languages, the span of dates, and what the last build did.

The home page, `/api/status` and `news-index stats` show it. It is counted once per generation
(`Generation.tally`).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import numpy as np

from ..dates import from_seconds
from ..storage import NONE
from ..store import BUILD_INFO
from .engine import stories
from .facets import Bucket, facet_counts, story_dates, timeline
from .generation import Generation
from .live import LiveIndex

OUTLETS_SHOWN = 10
LANGUAGES_SHOWN = 20
BUILD_FACTS = ("kind", "built_at", "elapsed_seconds", "files", "indexed", "skipped", "not_articles",
               "duplicate_groups", "duplicate_articles", "added_files", "changed_files", "removed_files",
               "removed_articles")


@dataclass
class ArchiveOverview:
    generation: str
    articles: int  # searchable articles
    stories: int  # each group of versions once
    outlets: int  # distinct outlets
    top_outlets: list[dict]  # {"value", "count"}: articles, most first
    languages: list[dict]  # {"value", "count"}
    first_day: str | None  # earliest publication day (ISO), None when nothing is dated
    last_day: str | None
    undated: int  # stories without a date
    timeline_unit: str  # stories per year, month or day over the whole span
    timeline: list[Bucket] = field(default_factory=list)
    last_build: dict = field(default_factory=dict)  # BUILD_FACTS the build recorded

    def to_dict(self) -> dict:
        data = asdict(self)
        data["timeline"] = {"unit": data.pop("timeline_unit"), "buckets": data["timeline"]}
        return data


def archive_overview(index: LiveIndex) -> ArchiveOverview:
    """The overview of the live generation."""
    with index.generation() as generation:
        return generation.tally(("overview",), lambda: _overview(generation))


def _overview(generation: Generation) -> ArchiveOverview:
    values = generation.values
    docs = np.flatnonzero(values.searchable)
    counted = facet_counts(values, docs, ("source", "language"), size=max(OUTLETS_SHOWN, LANGUAGES_SHOWN),
                           stories=False)
    sources = values.columns["source"]
    outlets = np.bincount(np.asarray(sources.codes)[docs], minlength=len(sources.values))
    outlets[NONE] = 0  # articles naming no outlet
    dates = story_dates(values, docs)
    first, last = (_day(dates.min()), _day(dates.max())) if len(dates) else (None, None)
    unit, buckets = timeline(values, docs)
    told = stories(generation, docs)
    return ArchiveOverview(generation.name, len(docs), told, int(np.count_nonzero(outlets)),
                           counted["source"][:OUTLETS_SHOWN], counted["language"][:LANGUAGES_SHOWN], first, last,
                           told - len(dates), unit, buckets, _build_facts(generation))


def _day(seconds: np.integer) -> str:
    return from_seconds(int(seconds)).date().isoformat()


def _build_facts(generation: Generation) -> dict:
    try:
        recorded = json.loads((generation.path / BUILD_INFO).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: recorded[name] for name in BUILD_FACTS if name in recorded}
