"""Near-duplicate articles: syndicated wire copies and reposts of the same story.

Each article gets a MinHash signature of its word 4-shingles (one-permutation hashing:
one hash per shingle, the minimum kept in each of SIZE buckets), so two signatures agree
in about the Jaccard similarity of the two texts' shingle sets. Locality-sensitive
hashing over bands of the signature finds candidate pairs without comparing every pair;
candidates at or above the threshold, published within a week of each other, are
joined into groups. Documents are compared by number, so grouping works the same over a
fresh build and over an update's old and new parts.
"""
from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterator

import numpy as np

SIZE = 32  # minimum hashes per signature
BANDS = 8  # SIZE / BANDS rows per band: pairs from ~0.6 similarity up are likely to share a band
MIN_WORDS = 8  # shorter texts (briefs, headlines only) are not compared
MAX_WORDS = 150
MIN_BODY_WORDS = 20  # below this, the headline is compared too
DEFAULT_THRESHOLD = 0.8
MAX_BUCKET = 50  # a band shared by more documents is boilerplate, not one story
DATE_WINDOW = 7 * 86400  # copies of one story appear within days; a weekly report's template is not one story
_WORD = re.compile(r"\w+")
_MASK = 0xFFFFFFFF
_EMPTY = _MASK


def words_of(text: str) -> list[str]:
    """The words signatures are made of (lower case)."""
    return _WORD.findall(text.lower())


def signature(tokens: list[str]) -> array | None:
    """The MinHash signature (SIZE unsigned 32-bit minima) of a text's `words_of`, or None if too short.

    Only the first MAX_WORDS words count: copies of a story share their opening, and the
    cost per article stays bounded.
    """
    words = [zlib.crc32(w.encode("utf-8")) for w in tokens[:MAX_WORDS]]
    if len(words) < MIN_WORDS:
        return None
    minima = [_EMPTY] * SIZE
    for a, b, c, d in zip(words, words[1:], words[2:], words[3:]):
        h = (a * 0x9E3779B1 + b * 0x85EBCA77 + c * 0xC2B2AE3D + d) & _MASK
        bucket = h % SIZE
        if h < minima[bucket]:
            minima[bucket] = h
    for i in range(SIZE):  # densify: an empty bucket borrows its next non-empty neighbour
        if minima[i] == _EMPTY:
            j = next((k for k in range(1, SIZE) if minima[(i + k) % SIZE] != _EMPTY), 0)
            minima[i] = minima[(i + j) % SIZE]
    return array("I", minima)


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    return np.count_nonzero(np.asarray(first) == np.asarray(second)) / SIZE


def _band_runs(signatures: np.ndarray, candidates: np.ndarray, band: int) -> Iterator[np.ndarray]:
    """Runs (of two up to MAX_BUCKET) of candidate documents whose signatures agree on one band."""
    rows = SIZE // BANDS
    keys = np.ascontiguousarray(signatures[candidates, band * rows:(band + 1) * rows]).view(
        np.dtype((np.void, 4 * rows))).ravel()
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    boundaries = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    for run in np.split(candidates[order], boundaries):
        if 1 < len(run) <= MAX_BUCKET:  # a band shared by more documents is boilerplate, not one story
            yield run


def group(signatures: np.ndarray, signed: np.ndarray, published: np.ndarray, no_date: int,
          threshold: float = DEFAULT_THRESHOLD) -> np.ndarray:
    """Each document's duplicate group, as the smallest document number in it, or -1 when it has no duplicate.

    `signed` says which rows of `signatures` to compare (documents with a signature, not deleted);
    `published` holds UTC seconds, `no_date` where a document has none.
    """
    parent = list(range(len(signatures)))
    candidates = np.flatnonzero(signed)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for band in range(BANDS):
        for run in _band_runs(signatures, candidates, band):
            for i, first in enumerate(run.tolist()):
                for other in run[i + 1:].tolist():
                    root_a, root_b = find(first), find(other)
                    if root_a == root_b:
                        continue
                    dated = published[first] != no_date and published[other] != no_date
                    if dated and abs(int(published[first]) - int(published[other])) > DATE_WINDOW:
                        continue
                    if similarity(signatures[first], signatures[other]) >= threshold:
                        parent[max(root_a, root_b)] = min(root_a, root_b)
    roots = np.array(parent, dtype=np.int64)
    while not np.array_equal(roots[roots], roots):  # every document to its root, a level at a time
        roots = roots[roots]
    sizes = np.bincount(roots, minlength=len(roots))
    return np.where(sizes[roots] > 1, roots, -1).astype(np.int32)
