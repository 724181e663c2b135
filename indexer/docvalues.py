"""Per-document values that searches need for every match, kept as compact arrays.

Ranking needs each document's length, filters and sorting its date, facets its outlet,
language, categories and authors, result collapsing its duplicate group. Reading stored
fields for thousands of matches per query would dominate search time, so each build
worker records these as it indexes (one file per part), and the build merges the parts
into `docvalues.pickle`; searchers load it in milliseconds. Documents are numbered as in
`store.open_reader(generation)`: part by part, in the order each worker added them.
"""
from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from whoosh.reading import IndexReader

from .article import Article
from .dates import to_utc_naive
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

    def extend(self, other: Values) -> None:
        """Append another part's documents, translating its codes into this table's."""
        remap = array("I", (self.code(v) for v in other.values))
        if other.offsets:
            if not self.offsets:
                self.offsets.append(0)
            base = len(self.codes)
            self.offsets.extend(base + o for o in other.offsets[1:])
        self.codes.extend(map(remap.__getitem__, other.codes))

    @property
    def multi(self) -> bool:
        return bool(self.offsets)

    def lookup(self, value: str) -> int | None:
        return self._lookup.get(value)


def _fields() -> dict[str, Values]:
    return {name: Values() for name in SINGLE_FIELDS + MULTI_FIELDS}


@dataclass
class DocValues:
    """Arrays indexed by document number, for one part while building or one generation."""

    count: int = 0
    deleted: frozenset[int] = frozenset()
    length: array = field(default_factory=lambda: array("I"))  # words in `text` (headline and body)
    title_length: array = field(default_factory=lambda: array("I"))  # words in the headline
    published: array = field(default_factory=lambda: array("q"))  # UTC seconds since 1970, or NO_DATE
    fields: dict[str, Values] = field(default_factory=_fields)
    group: array = field(default_factory=lambda: array("i"))  # duplicate group (its first member), or -1
    ids: list[str] = field(default_factory=list)  # kept while building, to place duplicate groups

    def add(self, article: Article) -> None:
        """Record a document as it is added to a part's index (lengths come after the commit)."""
        self.count += 1
        self.ids.append(article.id)
        utc = to_utc_naive(article.published) if article.published else None
        self.published.append(epoch_seconds(article.published) if article.published else NO_DATE)
        self.fields["source"].add([article.source], multi=False)
        self.fields["language"].add([article.language], multi=False)
        self.fields["year"].add([f"{utc:%Y}" if utc else ""], multi=False)
        self.fields["month"].add([f"{utc:%Y-%m}" if utc else ""], multi=False)
        self.fields["category"].add(article.categories, multi=True)
        self.fields["author"].add(article.authors, multi=True)

    def read_lengths(self, reader: IndexReader) -> None:
        """Field lengths as the index counted them, document by document."""
        self.length = array("I", ((reader.doc_field_length(d, RANKED_FIELD) or 0) for d in range(self.count)))
        self.title_length = array("I", ((reader.doc_field_length(d, "title") or 0) for d in range(self.count)))

    def average(self, lengths: array) -> float:
        live = self.count - len(self.deleted)
        return max(1.0, sum(lengths) / live) if live else 1.0

    def grouped(self) -> frozenset[int]:
        """Documents that belong to a group of duplicates."""
        return frozenset(d for d, leader in enumerate(self.group) if leader >= 0)

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


def merge(parts: list[DocValues], deleted: Iterable[int], groups: dict[str, str]) -> DocValues:
    """One generation's values from its parts (in reader order), with deletions and duplicate groups.

    `groups` maps an article id to the id of its group's first article.
    """
    merged = DocValues(deleted=frozenset(deleted))
    ids: list[str] = []
    for part in parts:
        merged.count += part.count
        merged.length.extend(part.length)
        merged.title_length.extend(part.title_length)
        merged.published.extend(part.published)
        for name, values in part.fields.items():
            merged.fields[name].extend(values)
        ids.extend(part.ids)
    leaders = set(groups.values())
    docnum_of = {article_id: d for d, article_id in enumerate(ids)
                 if article_id in leaders and d not in merged.deleted}
    merged.group = array("i", (docnum_of.get(groups.get(article_id, ""), -1) if d not in merged.deleted else -1
                               for d, article_id in enumerate(ids)))
    return merged
