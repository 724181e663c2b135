"""Sorted distinct strings in two arrays: their UTF-8 text, each followed by a newline, and where each starts.

Term dictionaries and vocabularies hold up to millions of words; as arrays they open in
microseconds (memory-mapped) instead of being unpickled, a word is found by bisection, and
the words of a range (all words with a prefix) come out with one decode and one split.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .disk import open_array, save_array

NEWLINE = 10


class StringTable:
    """A sorted sequence of distinct strings (none containing a newline), stored as `<name>.text.npy` and
    `<name>.starts.npy`."""

    def __init__(self, text: np.ndarray, starts: np.ndarray) -> None:
        self.text = text  # uint8: every string's UTF-8 bytes followed by "\n"
        self.starts = starts  # int64, one more than there are strings: where each begins, then the end

    @staticmethod
    def write(directory: Path, name: str, strings: Iterable[str]) -> int:
        """Store `strings` (already sorted and distinct); returns how many there are."""
        listed = list(strings)
        text = np.frombuffer("".join(s + "\n" for s in listed).encode("utf-8"), dtype=np.uint8)
        starts = np.concatenate(([0], np.flatnonzero(text == NEWLINE) + 1)).astype(np.int64)
        save_array(directory / f"{name}.text.npy", text)
        save_array(directory / f"{name}.starts.npy", starts)
        return len(listed)

    @classmethod
    def open(cls, directory: Path, name: str) -> StringTable:
        return cls(open_array(directory / f"{name}.text.npy"), open_array(directory / f"{name}.starts.npy"))

    @staticmethod
    def exists(directory: Path, name: str) -> bool:
        return (directory / f"{name}.starts.npy").exists()

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, number: int) -> str:
        return self.text[self.starts[number]:self.starts[number + 1] - 1].tobytes().decode("utf-8")

    def find(self, value: str) -> int | None:
        """The position of `value`, or None if the table lacks it."""
        position = bisect_left(self, value)
        return position if position < len(self) and self[position] == value else None

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        """Positions [first, end) of the strings that start with `prefix`."""
        first = bisect_left(self, prefix)
        end = bisect_left(self, prefix + "\U0010ffff", first)
        return first, end

    def slice(self, first: int, end: int) -> list[str]:
        """The strings at positions [first, end), decoded at once."""
        if first >= end:
            return []
        return self.text[self.starts[first]:self.starts[end] - 1].tobytes().decode("utf-8").split("\n")

    def first_at(self, offsets: np.ndarray) -> np.ndarray:
        """The positions of the strings holding these byte offsets of the text."""
        return np.searchsorted(self.starts, offsets, side="right") - 1

    def __iter__(self):
        return iter(self.slice(0, len(self)))
