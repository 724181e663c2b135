"""Postings of the ranked field with their BM25F weights, and of the headline field, as arrays per part.

Whoosh hands out postings one Python call at a time (about a microsecond each), so a word
found in half a million articles would cost half a second before any scoring. Each build
worker therefore inverts its part's forward index in a few vectorised passes, once: for
every term of the part's dictionary, the documents containing it (in increasing order) with
the term's BM25F weight in each, and the documents whose headline contains it. A search
reads a term's list as a slice of a memory-mapped array. The idf, which depends on every
part, is applied at search time.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from whoosh.util.numeric import byte_to_length, length_to_byte

from ..analysis import LEAD_WEIGHT, LEAD_WORDS, TITLE_WEIGHT
from .disk import ArrayAppender, chunks_of, load_json, open_array, save_array, save_json
from .forward import DIRECTORY as FORWARD
from .forward import SEPARATOR, TERMS
from .strings import StringTable

DIRECTORY = "postings"
CHUNK_TOKENS = 1_000_000  # term occurrences inverted per pass: bounds a worker's memory (about 100 bytes each)


@dataclass(frozen=True)
class BM25F:
    """BM25F (Robertson & Zaragoza): per-field length normalisation, weighted sum, one saturation.

    A term's frequency in the ranked field counts headline words TITLE_WEIGHT times and the
    lead's LEAD_WEIGHT times; the headline's share is normalised by the headline's length,
    the rest by the body's.
    """

    k1: float = 1.2
    b_title: float = 0.5
    b_body: float = 0.75


def idf(doc_frequency: int, doc_count: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1.0 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


def _as_norms(lengths: np.ndarray) -> np.ndarray:
    """Lengths as Whoosh keeps them for scoring: rounded to what one byte encodes (as Lucene's norms are).
    The ranking was tuned on these (TIME nDCG@10 0.672; exact lengths gave 0.664)."""
    if not len(lengths):
        return lengths.astype(np.float64)
    table = np.array([byte_to_length(length_to_byte(n)) for n in range(int(lengths.max()) + 1)], dtype=np.float64)
    return table[lengths]


def _chunks(counts: np.ndarray) -> list[tuple[int, int]]:
    """Ranges of term numbers holding about CHUNK_TOKENS occurrences each."""
    ends = np.searchsorted(np.cumsum(counts), np.arange(CHUNK_TOKENS, counts.sum() + CHUNK_TOKENS, CHUNK_TOKENS),
                           side="right")
    bounds = sorted({0, *np.minimum(ends + 1, len(counts)).tolist(), len(counts)})
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if a < b]


def _occurrences(tokens: Path, terms_count: int) -> np.ndarray:
    """How often each term of the part's dictionary occurs, read through the forward index in chunks."""
    counts = np.zeros(terms_count, dtype=np.int64)
    for _, chunk in chunks_of(tokens):
        counts += np.bincount(chunk[chunk != SEPARATOR], minlength=terms_count)
    return counts


def _positions_of_range(tokens: Path, first: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    """(position in the forward index, term) of every occurrence of the terms numbered [first, end)."""
    positions, terms = [], []
    for offset, chunk in chunks_of(tokens):
        at = np.flatnonzero((chunk >= first) & (chunk < end))
        positions.append(at + offset)
        terms.append(chunk[at])
    return np.concatenate(positions), np.concatenate(terms)


def _length_norms(lengths: np.ndarray, b: float, groups: np.ndarray) -> np.ndarray:
    """BM25's length normalisation, each document against the average length of its group."""
    average = np.bincount(groups, weights=lengths) / np.maximum(np.bincount(groups), 1)
    return 1.0 - b + b * lengths / np.maximum(1.0, average)[groups]


def write(part_dir: Path, bm25: BM25F = BM25F(), groups: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Invert the part's forward index into its postings; returns each document's length (terms in headline
    and body) and its headline's length.

    `groups` (a number per document: its language) make each document's length count against the average
    of its own group, as a field per language would in Lucene: short articles in one language do not
    make another's look long.

    The forward index is read in chunks, once per range of terms, so a worker's memory stays bounded
    (and is not filled with mapped pages) whatever the size of its part.
    """
    forward = part_dir / FORWARD
    starts = open_array(forward / "starts.npy").copy()
    tokens = forward / "tokens.npy"
    separators = [np.flatnonzero(chunk == SEPARATOR) + offset for offset, chunk in chunks_of(tokens)]
    title_length = np.concatenate(separators or [np.empty(0, dtype=np.int64)]) - starts[:-1]
    length = np.diff(starts) - 1
    ranked_length, ranked_title_length = _as_norms(length), _as_norms(title_length)
    body_length = ranked_length - ranked_title_length
    groups = np.zeros(len(length), dtype=np.int64) if groups is None else groups.astype(np.int64)
    title_norm = _length_norms(ranked_title_length, bm25.b_title, groups)
    body_norm = _length_norms(body_length, bm25.b_body, groups)
    terms_count = len(StringTable.open(forward, TERMS))
    directory = part_dir / DIRECTORY
    directory.mkdir(exist_ok=True)
    text_docs = ArrayAppender(directory / "text.docs.npy", np.uint32)
    text_weights = ArrayAppender(directory / "text.weights.npy", np.float32)
    title_docs = ArrayAppender(directory / "title.docs.npy", np.uint32)
    text_positions = ArrayAppender(directory / "text.positions.npy", np.uint32)
    text_counts = np.zeros(terms_count, dtype=np.int64)
    title_counts = np.zeros(terms_count, dtype=np.int64)
    occurrences = _occurrences(tokens, terms_count)
    for first, end in _chunks(occurrences):
        positions, terms = _positions_of_range(tokens, first, end)
        order = np.argsort(terms, kind="stable")  # by term, then document (positions ascend)
        positions, terms = positions[order], terms[order]
        text_positions.append(positions)
        docs = np.searchsorted(starts, positions, side="right") - 1
        offset = positions - starts[docs]
        headline = title_length[docs]
        in_title = offset < headline
        boost = np.where(in_title, TITLE_WEIGHT, np.where(offset <= headline + LEAD_WORDS, LEAD_WEIGHT, 1.0))
        new = np.ones(len(terms), dtype=bool)
        new[1:] = (terms[1:] != terms[:-1]) | (docs[1:] != docs[:-1])
        heads = np.flatnonzero(new)
        tf = np.add.reduceat(boost, heads) if len(heads) else np.empty(0)
        tf_title = np.add.reduceat(in_title.astype(np.float64), heads) if len(heads) else np.empty(0)
        term_of, doc_of = terms[heads], docs[heads]
        pseudo = TITLE_WEIGHT * tf_title / title_norm[doc_of] + (tf - TITLE_WEIGHT * tf_title) / body_norm[doc_of]
        text_docs.append(doc_of)
        text_weights.append(pseudo * (bm25.k1 + 1.0) / (bm25.k1 + pseudo))
        text_counts[first:end] = np.bincount(term_of - first, minlength=end - first)
        titled = tf_title > 0
        title_docs.append(doc_of[titled])
        title_counts[first:end] = np.bincount(term_of[titled] - first, minlength=end - first)
    for appender in (text_docs, text_weights, title_docs, text_positions):
        appender.finish()
    save_array(directory / "text.position_ranges.npy", np.concatenate(([0], np.cumsum(occurrences))))
    save_array(directory / "text.ranges.npy", np.concatenate(([0], np.cumsum(text_counts))))
    save_array(directory / "title.ranges.npy", np.concatenate(([0], np.cumsum(title_counts))))
    save_json(directory / "bm25.json", asdict(bm25))
    return length.astype(np.uint32), title_length.astype(np.uint32)


class PartPostings:
    """One part's postings, memory-mapped; terms are looked up in the part's dictionary."""

    def __init__(self, part_dir: Path) -> None:
        directory = part_dir / DIRECTORY
        self.terms = StringTable.open(part_dir / FORWARD, TERMS)
        self.bm25 = BM25F(**load_json(directory / "bm25.json"))
        self._text_ranges = open_array(directory / "text.ranges.npy")
        self._text_docs = open_array(directory / "text.docs.npy")
        self._text_weights = open_array(directory / "text.weights.npy")
        self._title_ranges = open_array(directory / "title.ranges.npy")
        self._title_docs = open_array(directory / "title.docs.npy")
        self._position_ranges = open_array(directory / "text.position_ranges.npy")
        self._positions = open_array(directory / "text.positions.npy")

    def text(self, number: int) -> tuple[np.ndarray, np.ndarray]:
        """(documents within the part, BM25F weights without idf) of the term numbered `number`."""
        first, end = self._text_ranges[number], self._text_ranges[number + 1]
        return self._text_docs[first:end], self._text_weights[first:end]

    def title(self, number: int) -> np.ndarray:
        """Documents within the part whose headline holds the term numbered `number`."""
        return self._title_docs[self._title_ranges[number]:self._title_ranges[number + 1]]

    def positions(self, number: int) -> np.ndarray:
        """Where the term numbered `number` occurs in the part's forward index (ascending): phrases built of
        common words are checked from these rather than from every word of the documents holding them."""
        return self._positions[self._position_ranges[number]:self._position_ranges[number + 1]]

    def doc_frequencies(self) -> np.ndarray:
        """Documents of the part holding each term of its dictionary."""
        return np.diff(self._text_ranges)

    def title_frequencies(self) -> np.ndarray:
        """Documents of the part whose headline holds each term of its dictionary."""
        return np.diff(self._title_ranges)
