"""A generation's vocabularies: the words of each searchable field with how many documents hold them.

Prefix, wildcard and fuzzy query terms are expanded from them (a prefix is a range of the
sorted words), "did you mean" looks for likelier words in the words as written, and a
field of outlet, author, category or language names maps each of its words to the
values (facet codes) that contain it, so such a field term is answered from the document
values without any posting list.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .disk import open_array, save_array
from .strings import StringTable

DIRECTORY = "vocabulary"
WORDS = "words"  # words as written (lower case, accents folded), for spelling suggestions


@dataclass
class Vocabulary:
    """Sorted words with a count each; for name fields, also the value codes each word occurs in."""

    directory: Path
    name: str
    words: StringTable
    counts: np.ndarray
    value_offsets: np.ndarray | None = None
    value_codes: np.ndarray | None = None

    @staticmethod
    def write(generation: Path, name: str, counts: Mapping[str, int],
              values: Mapping[str, list[int]] | None = None, parts: Mapping[str, list[str]] | None = None) -> None:
        """Store the words with their counts; `values` (name fields): the value codes holding each word;
        `parts` (the ranked field): each part's dictionary, to record where its terms are in this vocabulary."""
        directory = generation / DIRECTORY
        directory.mkdir(exist_ok=True)
        words = sorted(counts)
        if parts is not None:
            position = {word: number for number, word in enumerate(words)}
            for part, terms in parts.items():
                save_array(directory / f"{name}.{part}.npy", np.array([position[t] for t in terms], dtype=np.int64))
        StringTable.write(directory, name, words)
        save_array(directory / f"{name}.counts.npy", np.array([counts[w] for w in words], dtype=np.int64))
        if values is not None:
            lists = [values[w] for w in words]
            save_array(directory / f"{name}.value_offsets.npy",
                       np.concatenate(([0], np.cumsum([len(codes) for codes in lists]))).astype(np.int64))
            save_array(directory / f"{name}.value_codes.npy",
                       np.array([code for codes in lists for code in codes], dtype=np.int32))

    @classmethod
    def open(cls, generation: Path, name: str) -> Vocabulary:
        directory = generation / DIRECTORY
        offsets = directory / f"{name}.value_offsets.npy"
        return cls(directory, name, StringTable.open(directory, name), open_array(directory / f"{name}.counts.npy"),
                   open_array(offsets) if offsets.exists() else None,
                   open_array(directory / f"{name}.value_codes.npy") if offsets.exists() else None)

    def part_positions(self, part: str) -> np.ndarray:
        """Where each term of a part's dictionary is in this vocabulary (increasing, as both are sorted)."""
        return open_array(self.directory / f"{self.name}.{part}.npy")

    def count(self, word: str) -> int:
        position = self.words.find(word)
        return 0 if position is None else int(self.counts[position])

    def value_codes_of(self, word: str) -> np.ndarray:
        """The value codes whose names contain `word` (name fields only)."""
        position = self.words.find(word)
        if position is None:
            return np.empty(0, dtype=np.int32)
        return self.value_codes[self.value_offsets[position]:self.value_offsets[position + 1]]

    def as_dict(self) -> dict[str, int]:
        """Every word with its count, for an update to extend."""
        return dict(zip(self.words, self.counts.tolist()))
