"""Per-document values that searches need for every match, kept as compact arrays.

Ranking needs each document's length, filters and sorting its date, facets its outlet,
language, categories and authors, result collapsing its duplicate group. Reading stored
fields for thousands of matches per query would dominate search time, so a build
computes these once from the finished index and saves them beside it
(`docvalues.pickle`); searchers load them in milliseconds. Documents are numbered as in
`store.open_reader(generation)`.
"""
from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from whoosh.reading import IndexReader

from .dates import parse_date, to_utc_naive
from .schema import RANKED_FIELD

FILENAME = "docvalues.pickle"
NO_DATE = -(2**62)
NONE = 0  # code of the empty value in every Values table
_EPOCH = datetime(1970, 1, 1)

SINGLE_FIELDS = ("source", "language", "year", "month")
MULTI_FIELDS = ("category", "author")


@dataclass
class Values:
    """A field's distinct values and, per document, the codes of its values (CSR layout).

    Document d has `codes[offsets[d]:offsets[d + 1]]`; single-valued fields have one code
    per document, so `codes[d]` is enough and `offsets` stays empty.
    """

    values: list[str] = field(default_factory=lambda: [""])
    codes: array = field(default_factory=lambda: array("I"))
    offsets: array = field(default_factory=lambda: array("I"))
    _lookup: dict[str, int] = field(default_factory=lambda: {"": NONE}, repr=False)

    def code(self, value: str) -> int:
        found = self._lookup.get(value)
        if found is None:
            found = self._lookup[value] = len(self.values)
            self.values.append(value)
        return found

    def add(self, items: Iterable[str], multi: bool) -> None:
        codes = [self.code(i) for i in dict.fromkeys(i for i in items if i)]
        if multi:
            if not self.offsets:
                self.offsets.append(0)
            self.codes.extend(codes)
            self.offsets.append(len(self.codes))
        else:
            self.codes.append(codes[0] if codes else NONE)

    @property
    def multi(self) -> bool:
        return bool(self.offsets)

    def codes_of(self, docnum: int) -> array | tuple[int]:
        if self.offsets:
            return self.codes[self.offsets[docnum]:self.offsets[docnum + 1]]
        return (self.codes[docnum],)

    def lookup(self, value: str) -> int | None:
        return self._lookup.get(value)


@dataclass
class DocValues:
    """Arrays indexed by document number for one generation."""

    count: int = 0
    deleted: frozenset[int] = frozenset()
    length: array = field(default_factory=lambda: array("I"))  # words in `text` (headline and body)
    title_length: array = field(default_factory=lambda: array("I"))  # words in the headline
    published: array = field(default_factory=lambda: array("q"))  # UTC seconds since 1970, or NO_DATE
    fields: dict[str, Values] = field(default_factory=dict)
    group: array = field(default_factory=lambda: array("i"))  # duplicate group (its first member), or -1

    def average(self, lengths: array) -> float:
        live = self.count - len(self.deleted)
        return max(1.0, sum(lengths) / live) if live else 1.0

    def live_docs(self) -> list[int]:
        return [d for d in range(self.count) if d not in self.deleted]

    def save(self, directory: Path) -> None:
        tmp = directory / f".{FILENAME}.tmp"
        tmp.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(directory / FILENAME)

    @staticmethod
    def load(directory: Path) -> DocValues:
        return pickle.loads((directory / FILENAME).read_bytes())


def epoch_seconds(value: datetime) -> int:
    return int((to_utc_naive(value) - _EPOCH).total_seconds())


def from_seconds(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _as_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def compute(reader: IndexReader, groups: dict[str, str] | None = None) -> DocValues:
    """Read every document once (lengths from the index, the rest from stored fields).

    `groups` maps an article id to the id of the first article of its duplicate group.
    """
    values = DocValues(count=reader.doc_count_all())
    values.fields = {name: Values() for name in SINGLE_FIELDS + MULTI_FIELDS}
    ids: list[str] = []
    deleted = set()
    for docnum in range(values.count):
        stored: dict = {}
        if reader.is_deleted(docnum):
            deleted.add(docnum)
        else:
            stored = reader.stored_fields(docnum)
        values.length.append((reader.doc_field_length(docnum, RANKED_FIELD) or 0) if stored else 0)
        values.title_length.append((reader.doc_field_length(docnum, "title") or 0) if stored else 0)
        published = parse_date(stored.get("published_iso"))
        values.published.append(epoch_seconds(published) if published else NO_DATE)
        utc = to_utc_naive(published) if published else None
        values.fields["source"].add([stored.get("source", "")], multi=False)
        values.fields["language"].add([stored.get("language", "")], multi=False)
        values.fields["year"].add([f"{utc:%Y}" if utc else ""], multi=False)
        values.fields["month"].add([f"{utc:%Y-%m}" if utc else ""], multi=False)
        values.fields["category"].add(_as_list(stored.get("category")), multi=True)
        values.fields["author"].add(_as_list(stored.get("author")), multi=True)
        ids.append(stored.get("id", ""))
    groups = groups or {}
    leaders = set(groups.values())
    docnum_of = {article_id: docnum for docnum, article_id in enumerate(ids) if article_id in leaders}
    values.group = array("i", (docnum_of.get(groups.get(article_id, ""), -1) for article_id in ids))
    values.deleted = frozenset(deleted)
    return values
