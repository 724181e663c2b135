"""Per-document values that searches need for every match, kept as compact arrays.

Ranking needs each document's length, filters and sorting its date, facets its outlet,
language, categories and authors. Reading stored fields for thousands of matches per
query would dominate search time, so a build computes these once from the finished
index and saves them beside it (`docvalues.pickle`); searchers load them in milliseconds.
Documents are numbered as in `open_reader(generation)`.
"""
from __future__ import annotations

import pickle
from array import array
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from whoosh.reading import IndexReader

from .dates import parse_date, to_utc_naive
from .schema import RANKED_FIELD

FILENAME = "docvalues.pickle"
NO_DATE = -(2**63)
_EPOCH = datetime(1970, 1, 1)


@dataclass
class Keywords:
    """A many-valued field as codes: document d has `codes[offsets[d]:offsets[d + 1]]`."""

    values: list[str] = field(default_factory=list)
    offsets: array = field(default_factory=lambda: array("I", [0]))
    codes: array = field(default_factory=lambda: array("I"))

    def append(self, items: list[str], lookup: dict[str, int]) -> None:
        for item in dict.fromkeys(i for i in items if i):
            code = lookup.get(item)
            if code is None:
                code = lookup[item] = len(self.values)
                self.values.append(item)
            self.codes.append(code)
        self.offsets.append(len(self.codes))

    def of(self, docnum: int) -> list[str]:
        return [self.values[c] for c in self.codes[self.offsets[docnum]:self.offsets[docnum + 1]]]


@dataclass
class DocValues:
    """Arrays indexed by document number for one generation."""

    count: int = 0
    deleted: frozenset[int] = frozenset()
    length: array = field(default_factory=lambda: array("I"))  # words in `text` (headline and body)
    title_length: array = field(default_factory=lambda: array("I"))  # words in the headline
    published: array = field(default_factory=lambda: array("q"))  # UTC seconds since 1970, or NO_DATE
    keywords: dict[str, Keywords] = field(default_factory=dict)

    def average(self, lengths: array) -> float:
        live = self.count - len(self.deleted)
        return max(1.0, sum(lengths) / live) if live else 1.0

    def save(self, directory: Path) -> None:
        tmp = directory / f".{FILENAME}.tmp"
        tmp.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(directory / FILENAME)

    @staticmethod
    def load(directory: Path) -> DocValues:
        return pickle.loads((directory / FILENAME).read_bytes())


KEYWORD_FIELDS = {"source": "source", "language": "language", "category": "category", "author": "author"}


def _as_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def epoch_seconds(value: datetime) -> int:
    return int((to_utc_naive(value) - _EPOCH).total_seconds())


def from_seconds(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def compute(reader: IndexReader) -> DocValues:
    """Read every document once (lengths from the index, the rest from stored fields)."""
    values = DocValues(count=reader.doc_count_all())
    lookups: dict[str, dict[str, int]] = {name: {} for name in KEYWORD_FIELDS}
    values.keywords = {name: Keywords() for name in KEYWORD_FIELDS}
    deleted = set()
    for docnum in range(values.count):
        if reader.is_deleted(docnum):
            deleted.add(docnum)
            stored: dict = {}
            values.length.append(0)
            values.title_length.append(0)
        else:
            stored = reader.stored_fields(docnum)
            values.length.append(reader.doc_field_length(docnum, RANKED_FIELD) or 0)
            values.title_length.append(reader.doc_field_length(docnum, "title") or 0)
        published = parse_date(stored.get("published_iso"))
        values.published.append(epoch_seconds(published) if published else NO_DATE)
        for name, stored_name in KEYWORD_FIELDS.items():
            values.keywords[name].append(_as_list(stored.get(stored_name)), lookups[name])
    values.deleted = frozenset(deleted)
    return values
