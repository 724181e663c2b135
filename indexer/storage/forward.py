"""Each document's index terms in order (its "forward index"), as term numbers of its part's dictionary.

Phrases are verified on it for every candidate in one vectorised pass, proximity and
feedback re-ranking read the top documents' terms from it instead of re-analysing their
stored text, and the part's postings are made from it. A document is its headline's terms,
SEPARATOR, then its body's terms: a phrase never spans the two.

Build workers write it while they index, numbering terms as they first see them, and renumber
it by the sorted dictionary once the part is complete, streaming so memory stays flat.
"""
from __future__ import annotations

from array import array
from pathlib import Path

import numpy as np

from .disk import ArrayAppender, open_array, save_array
from .strings import StringTable

SEPARATOR = np.uint32(0xFFFFFFFF)
DIRECTORY = "forward"
TERMS = "terms"  # the part's dictionary of the ranked field: term number = position in it
_BUFFER = 1 << 20  # terms held in memory before they are appended to the scratch file


class ForwardWriter:
    """Collects one part's documents as provisional term numbers, in a scratch file."""

    def __init__(self, part_dir: Path) -> None:
        self.directory = part_dir / DIRECTORY
        self.directory.mkdir(exist_ok=True)
        self.numbers: dict[str, int] = {}
        self.starts = array("q", [0])
        self._buffer = array("I")
        self._tokens = ArrayAppender(self.directory / "tokens.npy", np.uint32)

    def add(self, title_terms: list[str], body_terms: list[str]) -> None:
        number = self.numbers.setdefault
        buffer = self._buffer
        buffer.extend([number(t, len(self.numbers)) for t in title_terms])
        buffer.append(SEPARATOR)
        buffer.extend([number(t, len(self.numbers)) for t in body_terms])
        self.starts.append(self.starts[-1] + len(title_terms) + 1 + len(body_terms))
        if len(buffer) >= _BUFFER:
            self._flush()

    def _flush(self) -> None:
        self._tokens.append(np.frombuffer(self._buffer, dtype=np.uint32))
        self._buffer = array("I")

    def finish(self) -> list[str]:
        """Renumber every term by its place in the sorted dictionary; returns the dictionary."""
        self._flush()
        terms = sorted(self.numbers)
        renumber = np.empty(len(terms) + 1, dtype=np.uint32)
        renumber[np.fromiter((self.numbers[t] for t in terms), dtype=np.int64, count=len(terms))] = \
            np.arange(len(terms), dtype=np.uint32)
        renumber[-1] = SEPARATOR  # provisional numbers stay below len(terms): the separator is sent here
        self._tokens.finish(lambda chunk: renumber[np.where(chunk == SEPARATOR, len(terms), chunk)])
        save_array(self.directory / "starts.npy", np.frombuffer(self.starts, dtype=np.int64))
        StringTable.write(self.directory, TERMS, terms)
        return terms


class ForwardIndex:
    """One part's forward index, memory-mapped."""

    def __init__(self, part_dir: Path) -> None:
        directory = part_dir / DIRECTORY
        self.tokens = open_array(directory / "tokens.npy")
        self.starts = open_array(directory / "starts.npy")
        self.terms = StringTable.open(directory, TERMS)

    def document(self, docnum: int) -> np.ndarray:
        """Term numbers of one document (numbered within the part), SEPARATOR after the headline."""
        return self.tokens[self.starts[docnum]:self.starts[docnum + 1]]
