"""Ranking postings stored beside each part: every term's documents with their BM25F weights.

Whoosh hands out postings one Python call at a time (about a microsecond each), so a query
word found in half a million articles would cost half a second before any scoring. Each
build worker therefore writes its part's postings of the ranked field once, as flat
arrays of document numbers and BM25F term-frequency weights; a search reads a term's
arrays in one slice of a memory-mapped file. The idf, which depends on all parts, is
applied at search time.
"""
from __future__ import annotations

import math
import mmap
import pickle
from array import array
from dataclasses import dataclass
from pathlib import Path

from whoosh.reading import IndexReader

from .analysis import TITLE_WEIGHT
from .schema import RANKED_FIELD

POSTINGS_FILE = "impacts.bin"
TABLE_FILE = "impacts.pickle"


@dataclass(frozen=True)
class BM25F:
    """BM25F (Robertson & Zaragoza): per-field length normalisation, weighted sum, one saturation.

    The `text` posting holds TITLE_WEIGHT * tf(title) + tf(body); the `title` field's own
    posting separates the two, so each is normalised by its field's length.
    """

    k1: float = 1.2
    b_title: float = 0.5
    b_body: float = 0.75

    def idf(self, doc_frequency: int, doc_count: int) -> float:
        return math.log(1.0 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))

    def saturation(self, tf: float, tf_title: float, length: int, title_length: int,
                   average_length: float, average_title_length: float) -> float:
        """The term-frequency part of the weight (times idf gives the BM25F weight)."""
        title_part = TITLE_WEIGHT * tf_title / (1.0 - self.b_title + self.b_title * title_length / average_title_length)
        body_average = max(1.0, average_length - average_title_length)
        body_part = (tf - TITLE_WEIGHT * tf_title) / (
            1.0 - self.b_body + self.b_body * (length - title_length) / body_average)
        pseudo = title_part + body_part
        return pseudo * (self.k1 + 1.0) / (self.k1 + pseudo)


def term_frequencies(reader: IndexReader, fieldname: str, term: str) -> tuple[array, array]:
    """Document numbers and frequencies of one term, through Whoosh's matcher."""
    docs, freqs = array("I"), array("f")
    if (fieldname, term) not in reader:
        return docs, freqs
    matcher = reader.postings(fieldname, term)
    while matcher.is_active():
        docs.append(matcher.id())
        freqs.append(matcher.weight())
        matcher.next()
    return docs, freqs


def _average(lengths: array) -> float:
    return max(1.0, sum(lengths) / len(lengths)) if lengths else 1.0


def write(part_dir: Path, reader: IndexReader, lengths: array, title_lengths: array, bm25: BM25F) -> None:
    """Write the ranked field's postings of one part (documents numbered within the part)."""
    average, average_title = _average(lengths), _average(title_lengths)
    table: dict[str, tuple[int, int]] = {}
    offset = 0
    with open(part_dir / POSTINGS_FILE, "wb") as out:
        for term in reader.field_terms(RANKED_FIELD):
            docs, freqs = term_frequencies(reader, RANKED_FIELD, term)
            in_title = dict(zip(*term_frequencies(reader, "title", term)))
            weights = array("f", (bm25.saturation(tf, in_title.get(d, 0.0), lengths[d], title_lengths[d],
                                                  average, average_title) for d, tf in zip(docs, freqs)))
            out.write(docs.tobytes())
            out.write(weights.tobytes())
            table[term] = (offset, len(docs))
            offset += 8 * len(docs)
    (part_dir / TABLE_FILE).write_bytes(pickle.dumps((bm25, table), protocol=pickle.HIGHEST_PROTOCOL))


class PartImpacts:
    """One part's stored postings, memory-mapped."""

    def __init__(self, part_dir: Path) -> None:
        self.bm25, self.table = pickle.loads((part_dir / TABLE_FILE).read_bytes())
        with open(part_dir / POSTINGS_FILE, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if self.table else None

    @staticmethod
    def exists(part_dir: Path) -> bool:
        return (part_dir / TABLE_FILE).exists() and (part_dir / POSTINGS_FILE).exists()

    def postings(self, term: str) -> tuple[array, array] | None:
        """(document numbers, weights without idf) of `term` in this part, or None."""
        found = self.table.get(term)
        if found is None:
            return None
        offset, count = found
        docs, weights = array("I"), array("f")
        docs.frombytes(self._map[offset:offset + 4 * count])
        weights.frombytes(self._map[offset + 4 * count:offset + 8 * count])
        return docs, weights

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
