"""Versions of one story: wire updates, short and long versions, resends and republished agency copy.

Each article keeps a sample of its word 4-shingles: those whose hash falls in one bucket of
RATE (Broder's mod-m sample). A shingle two texts share is sampled in both or in neither, so
the share of the shorter text's sample found in the longer one's estimates how much of the
shorter text the longer one contains, whatever their lengths. Containment, not Jaccard
similarity: a 130-word short version of a 400-word story shares a third of the pair's
shingles, but nearly all of its own. A text of at most FULL shingles (a brief) keeps all of
them, so two briefs are compared exactly; against a longer text only its sampled ones count.
A headline-only flash is a version of a flash with the same headline only.

Pairs are found by joining the samples on their values (a sort of every article's sample, as
an inverted index would), so the work grows with the number of articles, not pairs of them; a
value shared by more than MAX_BUCKET articles is boilerplate and left out. Pairs sharing at
least MIN_SHARED values, published within DATE_WINDOW of each other, whose shorter sample is at
least `threshold` contained in the longer, are versions; each group is an article and its versions.
Documents are compared by number, so grouping works the same over a fresh build and over an
update's old and new parts.
"""
from __future__ import annotations

import re
import sys
import zlib

import numpy as np

RATE = 8  # one shingle in RATE is sampled: about 16 values for a 130-word text
FULL = 64  # a text with no more shingles than this keeps them all
MIN_WORDS = 8  # a shorter body is a headline-only flash, compared by its whole headline
MIN_HEADLINE_WORDS = 4  # flashes with shorter headlines are not compared
MAX_WORDS = 2000  # the cost per article stays bounded; versions share far more than this
MIN_BODY_WORDS = 20  # below this, the headline is compared too
MIN_SHARED = 3  # fewer shared values say too little
DEFAULT_THRESHOLD = 0.7  # share of the shorter text's sample the longer one holds
MAX_BUCKET = 50  # a value held by more documents is boilerplate, not one story
DATE_WINDOW = 7 * 86400  # versions of one story appear within days; a weekly report's template is not one story
_PAIRS_AT_ONCE = 2_000_000  # pairs made before the ones too far apart in time are dropped
_WORD = re.compile(r"\w+")
_MASK = np.uint64(0xFFFFFFFF)


def words_of(text: str) -> list[str]:
    """The words samples are made of (lower case)."""
    return _WORD.findall(text.lower())


def _mixed(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser over 32-bit values held in uint64: every input bit moves every output bit."""
    values = values ^ (values >> np.uint64(16))
    values = (values * np.uint64(0x85EBCA6B)) & _MASK
    values = values ^ (values >> np.uint64(13))
    values = (values * np.uint64(0xC2B2AE35)) & _MASK
    return values ^ (values >> np.uint64(16))


def article_sample(title: list[str], body: list[str]) -> np.ndarray:
    """The sample of an article's `words_of`: its body's, with the headline in front when the body is short.

    A headline-only flash gets MIN_SHARED values standing for its whole headline, found in no text: it is a
    version only of a flash with the same headline (flashes about two banks' rates share most shingles)."""
    if len(body) >= MIN_WORDS:
        # versions of a story often carry rewritten headlines: compare bodies when long enough
        return sample(body if len(body) >= MIN_BODY_WORDS else title + body)
    if len(title) < MIN_HEADLINE_WORDS:
        return np.empty(0, dtype=np.uint32)
    headline = " ".join(title).encode("utf-8")
    return np.unique(_mixed(np.array([zlib.crc32(headline, salt) for salt in range(MIN_SHARED)],
                                     dtype=np.uint64))).astype(np.uint32)


def sample(tokens: list[str]) -> np.ndarray:
    """The sorted distinct sampled 4-shingle hashes (uint32) of a text's `words_of`, all of them for a text of
    at most FULL shingles; empty if too short to compare."""
    words = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in tokens[:MAX_WORDS]), dtype=np.uint64)
    if len(words) < MIN_WORDS:
        return np.empty(0, dtype=np.uint32)
    shingles = np.unique(_mixed((words[:-3] * np.uint64(0x9E3779B1) + words[1:-2] * np.uint64(0x85EBCA77)
                                 + words[2:-1] * np.uint64(0xC2B2AE3D) + words[3:]) & _MASK)).astype(np.uint32)
    return shingles if len(shingles) <= FULL else shingles[shingles % RATE == 0]


def _shared_values(keys: np.ndarray, published: np.ndarray, no_date: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of documents (as `first << 32 | second`, first < second) published within DATE_WINDOW of each
    other (or undated) that hold a common value, and how many values each pair holds in common. `keys` are
    `value << 32 | document`, sorted.

    Pairs are made a slice of runs at a time and those too far apart in time dropped at once, so memory
    follows the pairs kept, not every pair a popular value could make."""
    high = keys.view(np.uint32).reshape(-1, 2)[:, 1 if sys.byteorder == "little" else 0]  # the values, no copy
    same = high[1:] == high[:-1]  # key i and i + 1 hold one value: most values are in one document only
    starts = np.flatnonzero(same & ~np.concatenate(([False], same[:-1])))
    sizes = np.flatnonzero(same & ~np.concatenate((same[1:], [False]))) - starts + 2
    del same
    shared = sizes <= MAX_BUCKET
    starts, sizes = starts[shared], sizes[shared]
    pieces = [np.empty(0, dtype=np.uint64)]
    for size in range(2, MAX_BUCKET + 1):
        at = starts[sizes == size]
        first, second = np.triu_indices(size, 1)
        for chunk in np.array_split(at, max(1, len(at) * len(first) // _PAIRS_AT_ONCE)):
            members = (keys[chunk[:, None] + np.arange(size)] & _MASK).astype(np.int64)  # ascending in each run
            a, b = members[:, first].ravel(), members[:, second].ravel()
            when_a, when_b = published[a], published[b]
            near = (when_a == no_date) | (when_b == no_date) | (np.abs(when_a - when_b) <= DATE_WINDOW)
            pieces.append((a[near].astype(np.uint64) << np.uint64(32)) | b[near].astype(np.uint64))
    return np.unique(np.concatenate(pieces), return_counts=True)


def group(samples: np.ndarray, counts: np.ndarray, comparable: np.ndarray, published: np.ndarray, no_date: int,
          threshold: float = DEFAULT_THRESHOLD) -> np.ndarray:
    """Each document's version group, as the smallest document number in it, or -1 when it has no other version.

    `samples` holds every document's sample in document order, `counts` the size of each; `comparable` says
    which documents to compare (not deleted); `published` holds UTC seconds, `no_date` where there are none.
    """
    total = len(counts)
    keys = samples.astype(np.uint64)  # made in place, step by step: at a million articles it is 200 MB
    keys <<= np.uint64(32)
    keys |= np.repeat(np.arange(total, dtype=np.uint64), counts)
    if not comparable.all():
        keys = keys[np.repeat(comparable, counts)]
    keys.sort()
    pairs, shared = _shared_values(keys, published.astype(np.int64), no_date)
    del keys
    first, second = (pairs >> np.uint64(32)).astype(np.int64), (pairs & _MASK).astype(np.int64)
    # two whole samples (briefs) compare all their shingles; otherwise only the sampled ones can meet
    ends = np.cumsum(counts, dtype=np.int64)
    running = np.concatenate(([0], np.cumsum(samples % RATE == 0, dtype=np.int64)))
    sampled = running[ends] - running[ends - counts]
    whole = sampled < counts
    measure = np.where(whole[first] & whole[second], np.minimum(counts[first], counts[second]),
                       np.minimum(sampled[first], sampled[second]))
    versions = (shared >= MIN_SHARED) & (shared >= threshold * measure)
    return _stars(first[versions], second[versions], np.where(whole, counts, counts * RATE))


def _stars(first: np.ndarray, second: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Groups around the longest versions: the longest article not yet grouped takes every ungrouped article
    paired with it, and so on down. Each member is a version of its group's longest article, never only of
    another member (chains of pairs would join different stories through a roundup holding both)."""
    total = len(size)
    group = np.full(total, -1, dtype=np.int64)
    ends = np.concatenate((first, second))
    others = np.concatenate((second, first))
    order = np.argsort(ends, kind="stable")
    ends, others = ends[order], others[order]
    starts = np.searchsorted(ends, np.arange(total + 1))
    paired = np.unique(ends)
    for leader in paired[np.argsort(-size[paired], kind="stable")].tolist():
        if group[leader] >= 0:
            continue
        members = others[starts[leader]:starts[leader + 1]]
        members = members[group[members] < 0]
        if len(members):
            group[leader] = leader
            group[members] = leader
    grouped = np.flatnonzero(group >= 0)
    smallest = np.full(total, total, dtype=np.int64)
    np.minimum.at(smallest, group[grouped], grouped)  # a group is named by its smallest document number
    return np.where(group >= 0, smallest[np.maximum(group, 0)], -1).astype(np.int32)
