"""Per-document values that searches need for every match, as arrays indexed by document number.

Ranking needs each document's lengths, filters and sorting its date, facets its outlet,
language, year, month, categories and authors, result collapsing its duplicate group. Each
build worker records them for its part as it indexes; the build merges the parts into the
generation's arrays (value codes renumbered into one table per facet), which a search
process maps into memory in microseconds. Documents are numbered part by part, in the
order each worker added them (as Whoosh's reader over all parts numbers them).
"""
from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from .disk import load_json, open_array, save_array, save_json

DIRECTORY = "docvalues"
NO_DATE = -(2**62)  # in `published`: the article has no date
NONE = 0  # code of the empty value in every column
SINGLE = ("source", "language")  # one value per article, as the article gives it
MULTI = ("category", "author")  # any number of values per article
DERIVED = ("year", "month")  # from `published`, when the generation is merged
FACETS = ("source", "year", "month", "category", "language", "author")


@dataclass
class Column:
    """One facet's distinct values (code 0 is the empty value) and each document's codes.

    A single-valued column has one code per document; a multi-valued one lists document d's
    codes at `codes[offsets[d]:offsets[d + 1]]`.
    """

    values: list[str]
    codes: np.ndarray
    offsets: np.ndarray | None = None

    @property
    def multi(self) -> bool:
        return self.offsets is not None

    @cached_property
    def _lookup(self) -> dict[str, int]:
        return {value: code for code, value in enumerate(self.values)}

    def code(self, value: str) -> int | None:
        return self._lookup.get(value)

    @cached_property
    def entry_docs(self) -> np.ndarray:
        """The document of each entry of a multi-valued column's `codes`."""
        return np.repeat(np.arange(len(self.offsets) - 1, dtype=np.int32), np.diff(self.offsets))

    def documents_with(self, codes: Iterable[int], count: int) -> np.ndarray:
        """A mask of the documents having any of `codes`."""
        wanted = np.isin(self.codes, np.fromiter(codes, dtype=np.int64))
        if not self.multi:
            return wanted
        mask = np.zeros(count, dtype=bool)
        mask[self.entry_docs[wanted]] = True
        return mask


class _ColumnWriter:
    """A part's column while its worker indexes: values numbered as they first come."""

    def __init__(self, multi: bool) -> None:
        self.values: list[str] = [""]
        self._codes: dict[str, int] = {"": NONE}
        self.codes = array("i")
        self.offsets = array("q", [0]) if multi else None

    def _code(self, value: str) -> int:
        code = self._codes.get(value)
        if code is None:
            code = self._codes[value] = len(self.values)
            self.values.append(value)
        return code

    def add(self, items: Iterable[str]) -> None:
        codes = [self._code(item) for item in dict.fromkeys(item for item in items if item)]
        if self.offsets is None:
            self.codes.append(codes[0] if codes else NONE)
        else:
            self.codes.extend(codes)
            self.offsets.append(len(self.codes))

    def column(self) -> Column:
        return Column(self.values, np.frombuffer(self.codes, dtype=np.int32),
                      None if self.offsets is None else np.frombuffer(self.offsets, dtype=np.int64))


def _save_column(directory: Path, name: str, column: Column) -> None:
    save_array(directory / f"{name}.codes.npy", column.codes.astype(np.int32))
    if column.multi:
        save_array(directory / f"{name}.offsets.npy", column.offsets.astype(np.int64))
    save_json(directory / f"{name}.values.json", column.values)


def _open_column(directory: Path, name: str) -> Column:
    offsets = directory / f"{name}.offsets.npy"
    return Column(load_json(directory / f"{name}.values.json"), open_array(directory / f"{name}.codes.npy"),
                  open_array(offsets) if offsets.exists() else None)


class DocValuesWriter:
    """One part's values, recorded by its worker document by document."""

    def __init__(self) -> None:
        self.published = array("q")
        self.columns = {name: _ColumnWriter(multi=name in MULTI) for name in SINGLE + MULTI}

    def add(self, published: int | None, values: dict[str, list[str]]) -> None:
        """Record the next document: UTC seconds since 1970 (None if undated), and its facet values."""
        self.published.append(NO_DATE if published is None else published)
        for name, column in self.columns.items():
            column.add(values.get(name, ()))

    def codes(self, name: str) -> np.ndarray:
        """Each document's value of a one-valued facet, as a number (0: none)."""
        return np.frombuffer(self.columns[name].codes, dtype=np.int32)

    def save(self, part_dir: Path, length: np.ndarray, title_length: np.ndarray) -> None:
        directory = part_dir / DIRECTORY
        directory.mkdir(exist_ok=True)
        save_array(directory / "published.npy", np.frombuffer(self.published, dtype=np.int64))
        save_array(directory / "length.npy", length)
        save_array(directory / "title_length.npy", title_length)
        for name, column in self.columns.items():
            _save_column(directory, name, column.column())


def _merge_columns(columns: list[Column]) -> Column:
    """One column from the parts' columns (in reading order), codes renumbered into one table of values."""
    values, lookup = [""], {"": NONE}
    pieces, offsets, entries = [], [np.zeros(1, dtype=np.int64)], 0
    for column in columns:
        renumber = np.empty(len(column.values), dtype=np.int32)
        for position, value in enumerate(column.values):
            code = lookup.get(value)
            if code is None:
                code = lookup[value] = len(values)
                values.append(value)
            renumber[position] = code
        pieces.append(renumber[np.asarray(column.codes)])
        if column.multi:
            offsets.append(np.asarray(column.offsets[1:]) + entries)
            entries += len(column.codes)
    codes = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int32)
    return Column(values, codes, np.concatenate(offsets) if columns and columns[0].multi else None)


def _calendar_columns(published: np.ndarray) -> dict[str, Column]:
    """Year (`1987`) and month (`1987-03`) of each dated document, in UTC."""
    dated = published != NO_DATE
    months = np.zeros(len(published), dtype=np.int64)
    months[dated] = published[dated].astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    columns = {}
    for name, period, label in (("year", months // 12, lambda m: f"{m + 1970}"),
                                ("month", months, lambda m: f"{m // 12 + 1970}-{m % 12 + 1:02d}")):
        distinct, codes = np.unique(period[dated], return_inverse=True)
        column_codes = np.zeros(len(published), dtype=np.int32)
        column_codes[dated] = codes + 1
        columns[name] = Column(["", *map(label, distinct.tolist())], column_codes)
    return columns


def merge(part_dirs: list[Path], deleted: np.ndarray, group: np.ndarray, generation: Path) -> None:
    """Write the generation's values: the parts' (in reading order) one after another, with the documents
    that are deleted and each document's duplicate group (-1 for none)."""
    parts = [part / DIRECTORY for part in part_dirs]
    target = generation / DIRECTORY
    target.mkdir(exist_ok=True)
    arrays = {}
    for name in ("published", "length", "title_length"):
        arrays[name] = np.concatenate([open_array(part / f"{name}.npy") for part in parts]) if parts else \
            np.empty(0, dtype=np.int64 if name == "published" else np.uint32)
        save_array(target / f"{name}.npy", arrays[name])
    save_array(target / "deleted.npy", deleted.astype(bool))
    save_array(target / "group.npy", group.astype(np.int32))
    for name in SINGLE + MULTI:
        _save_column(target, name, _merge_columns([_open_column(part, name) for part in parts]))
    for name, column in _calendar_columns(arrays["published"]).items():
        _save_column(target, name, column)


@dataclass
class DocValues:
    """One generation's values, memory-mapped."""

    published: np.ndarray  # int64 UTC seconds since 1970, or NO_DATE
    length: np.ndarray  # uint32: terms in headline and body
    title_length: np.ndarray  # uint32: terms in the headline
    deleted: np.ndarray  # bool: replaced by a later copy or update
    group: np.ndarray  # int32: duplicate group (a member's document number), or -1
    columns: dict[str, Column]

    @classmethod
    def open(cls, generation: Path) -> DocValues:
        directory = generation / DIRECTORY
        arrays = {name: open_array(directory / f"{name}.npy")
                  for name in ("published", "length", "title_length", "deleted", "group")}
        return cls(**arrays, columns={name: _open_column(directory, name) for name in FACETS})

    @property
    def count(self) -> int:
        return len(self.published)

    @cached_property
    def searchable(self) -> np.ndarray:
        """A mask of the documents a search may return."""
        return ~np.asarray(self.deleted)


def part_published(part_dir: Path) -> np.ndarray:
    """A part's publication times, for grouping duplicates before the generation is merged."""
    return open_array(part_dir / DIRECTORY / "published.npy")
