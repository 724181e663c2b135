"""Ranking postings stored beside each part: common terms' documents with their BM25F weights.

Whoosh hands out postings one Python call at a time (about a microsecond each), so a query
word found in half a million articles would cost half a second before any scoring. Each
build worker therefore writes its part's long posting lists of the ranked field once, as
flat arrays of document numbers and BM25F term-frequency weights; a search reads such a
term in one slice of a memory-mapped file. Short lists (under MIN_STORED documents) are
cheap to read from Whoosh and are left out, which keeps the build fast. The idf, which
depends on every part, is applied at search time.
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
MIN_STORED = 20  # documents; shorter lists load from Whoosh in well under a millisecond


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


@dataclass(frozen=True)
class Normalizers:
    """Each document's length normalisation of its headline and body, for one part."""

    title: array
    body: array

    @classmethod
    def of(cls, bm25: BM25F, lengths: array, title_lengths: array) -> Normalizers:
        count = len(lengths) or 1
        average_title = max(1.0, sum(title_lengths) / count)
        average_body = max(1.0, (sum(lengths) - sum(title_lengths)) / count)
        title = array("d", ((1.0 - bm25.b_title + bm25.b_title * t / average_title) for t in title_lengths))
        body = array("d", ((1.0 - bm25.b_body + bm25.b_body * (n - t) / average_body)
                           for n, t in zip(lengths, title_lengths)))
        return cls(title, body)

    def weights(self, bm25: BM25F, docs: array, freqs: array, in_title: dict[int, float]) -> array:
        """BM25F weights without idf: per-field normalised frequencies, summed, then saturated."""
        k1, title, body = bm25.k1, self.title, self.body
        weights = array("f")
        for docnum, tf in zip(docs, freqs):
            tf_title = in_title.get(docnum, 0.0)
            pseudo = TITLE_WEIGHT * tf_title / title[docnum] + (tf - TITLE_WEIGHT * tf_title) / body[docnum]
            weights.append(pseudo * (k1 + 1.0) / (k1 + pseudo))
        return weights


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


def term_weights(reader: IndexReader, term: str, bm25: BM25F, normalizers: Normalizers) -> tuple[array, array]:
    """(documents, weights without idf) of a term in one part, computed from Whoosh's postings."""
    docs, freqs = term_frequencies(reader, RANKED_FIELD, term)
    in_title = dict(zip(*term_frequencies(reader, "title", term)))
    return docs, normalizers.weights(bm25, docs, freqs, in_title)


def write(part_dir: Path, reader: IndexReader, lengths: array, title_lengths: array, bm25: BM25F) -> None:
    """Write one part's long posting lists of the ranked field (documents numbered within the part)."""
    normalizers = Normalizers.of(bm25, lengths, title_lengths)
    table: dict[str, tuple[int, int]] = {}
    offset = 0
    with open(part_dir / POSTINGS_FILE, "wb") as out:
        for term in reader.field_terms(RANKED_FIELD):
            if reader.doc_frequency(RANKED_FIELD, term) < MIN_STORED:
                continue
            docs, weights = term_weights(reader, term, bm25, normalizers)
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
        """(document numbers, weights without idf) of `term` in this part, or None if not stored."""
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
