"""Near-duplicate articles: syndicated wire copies and reposts of the same story.

Each article gets a MinHash signature of its word 4-shingles (one-permutation hashing:
one hash per shingle, the minimum kept in each of SIZE buckets), so two signatures agree
in about the Jaccard similarity of the two texts' shingle sets. Locality-sensitive
hashing over bands of the signature finds candidate pairs without comparing every pair;
candidates at or above the threshold, published within a week of each other, are
joined into groups.
"""
from __future__ import annotations

import re
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable

SIZE = 32  # minimum hashes per signature
BANDS = 8  # SIZE / BANDS rows per band: pairs from ~0.6 similarity up are likely to share a band
SHINGLE = 4
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


def signature(text: str | list[str]) -> bytes | None:
    """The MinHash signature (SIZE unsigned 32-bit minima) of a text (or its `words_of`), or None if too short.

    Only the first MAX_WORDS words count: copies of a story share their opening, and the
    cost per article stays bounded.
    """
    tokens = words_of(text) if isinstance(text, str) else text
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
    return array("I", minima).tobytes()


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    a, b = array("I", first), array("I", second)
    return sum(x == y for x, y in zip(a, b)) / SIZE


def _runs(sigs: list[bytes], band: int) -> Iterable[list[int]]:
    """Groups (of two or more) of signatures that agree on one band; one band at a time keeps memory flat."""
    width = SIZE * 4 // BANDS
    keys = [sig[band * width:(band + 1) * width] for sig in sigs]
    run: list[int] = []
    for number in sorted(range(len(keys)), key=keys.__getitem__):
        if run and keys[run[0]] != keys[number]:
            if len(run) > 1:
                yield run
            run = []
        run.append(number)
    if len(run) > 1:
        yield run


def group(signatures: Iterable[tuple[str, bytes | None, int | None]],
          threshold: float = DEFAULT_THRESHOLD) -> dict[str, str]:
    """Map each article id in a group of near-duplicates to its group's first id (in the given order).

    Takes (id, signature, published UTC seconds or None); articles without a duplicate are left out.
    """
    kept = [entry for entry in signatures if entry[1] is not None]
    ids = [entry[0] for entry in kept]
    sigs = [entry[1] for entry in kept]
    dates = [entry[2] for entry in kept]
    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        apart = dates[a] is not None and dates[b] is not None and abs(dates[a] - dates[b]) > DATE_WINDOW
        if ra != rb and not apart and similarity(sigs[a], sigs[b]) >= threshold:
            parent[max(ra, rb)] = min(ra, rb)

    for band in range(BANDS):
        for run in _runs(sigs, band):
            if len(run) > MAX_BUCKET:
                continue
            for i, first in enumerate(run):
                for other in run[i + 1:]:
                    join(first, other)
    members: dict[int, list[int]] = defaultdict(list)
    for number in range(len(ids)):
        members[find(number)].append(number)
    return {ids[m]: ids[root] for root, group_ in members.items() if len(group_) > 1 for m in group_}
