import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np

from indexer.duplicates import DATE_WINDOW, MIN_SHARED, RATE, article_sample, group, sample, words_of

NO_DATE = -1
_VOCABULARY = ("bank rate inflation minister river bridge council budget strike union oil price talks export "
               "harbour court ruling election vote market shares profit loss quarter growth tax reform police "
               "storm flood rescue school hospital doctors nurses train airport pilots fuel wheat grain").split()


def text(seed: int, words: int = 400) -> str:
    """A story of `words` words no other seed repeats."""
    pick = random.Random(seed).choice
    return " ".join(pick(_VOCABULARY) for _ in range(words))


LONG = text(1)
SHORT = " ".join(LONG.split()[:130])  # the short version: the long story's first 130 words


def _samples(*texts: str) -> tuple[np.ndarray, np.ndarray]:
    samples = [sample(words_of(t)) for t in texts]
    return np.concatenate(samples), np.array([len(s) for s in samples], dtype=np.uint32)


def _group(*texts: str, published=None, comparable=None, threshold: float = 0.7) -> list[int]:
    samples, counts = _samples(*texts)
    published = np.zeros(len(texts), dtype=np.int64) if published is None else np.array(published)
    comparable = np.ones(len(texts), dtype=bool) if comparable is None else np.array(comparable)
    return group(samples, counts, comparable, published, NO_DATE, threshold).tolist()


def test_short_texts_have_no_sample():
    assert len(sample(words_of("Too short to compare"))) == 0


def test_a_sample_is_about_one_shingle_in_rate_sorted_and_the_same_in_every_process():
    values = sample(words_of(LONG))
    assert 397 / RATE / 2 < len(values) < 397 / RATE * 2
    assert values.tolist() == sorted(set(values.tolist()))

def test_samples_are_the_same_in_every_process():
    # zlib.crc32, not Python's salted hash(): updates compare new samples with samples stored earlier
    code = ("from indexer.duplicates import sample, words_of; from tests.test_duplicates import LONG; "
            "print(sample(words_of(LONG)).tobytes().hex())")
    root = Path(__file__).resolve().parents[1]
    for seed in ("1", "2"):
        found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
                               env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
        assert found == sample(words_of(LONG)).tobytes().hex()


def test_a_short_version_is_contained_in_the_long_one():
    long_values, short_values = sample(words_of(LONG)), sample(words_of(SHORT))
    assert np.isin(short_values, long_values).mean() >= 0.9  # shingles of the short are shingles of the long
    assert len(short_values) >= MIN_SHARED


def test_grouping_joins_versions_under_the_first_document():
    resent = "(Repeat) " + LONG
    assert _group(LONG, text(3), SHORT, resent, "too short") == [0, -1, 0, 0, -1]


def test_an_edited_version_is_grouped_and_a_text_sharing_a_paragraph_is_not():
    words = LONG.split()
    edited = " ".join(words[:200] + ["corrected"] + words[201:])
    shares_a_paragraph = " ".join(words[:40]) + " " + text(4, 300)
    assert _group(LONG, edited, shares_a_paragraph) == [0, 0, -1]


def test_deleted_documents_are_never_grouped():
    assert _group(LONG, LONG, LONG, comparable=[True, False, True]) == [0, -1, 0]


def test_versions_far_apart_in_time_are_different_stories():
    assert _group(LONG, LONG, published=[0, DATE_WINDOW + 1]) == [-1, -1]


def test_undated_versions_are_grouped():
    assert _group(LONG, SHORT, published=[NO_DATE, 5]) == [0, 0]


def test_headline_only_flashes_are_versions_only_of_flashes_with_the_same_headline():
    flashes = ["Lawson says his sterling target comments were misunderstood,",
               "LAWSON SAYS HIS STERLING-TARGET COMMENTS WERE MISUNDERSTOOD",
               "CHEMICAL BANK CUTS PRIME RATE TO 9.25 PCT FROM 9.75 PCT",
               "MARINE MIDLAND BANK CUTS PRIME RATE TO 9.25 PCT FROM 9.75 PCT"]
    samples = [article_sample(words_of(title), []) for title in flashes]
    samples.append(article_sample(words_of(flashes[0]), words_of(" ".join(flashes[0].split() * 5))))
    samples.append(article_sample(words_of("Rates"), []))  # too short a headline to compare
    counts = np.array([len(s) for s in samples], dtype=np.uint32)
    groups = group(np.concatenate(samples), counts, np.ones(len(samples), dtype=bool),
                   np.zeros(len(samples), dtype=np.int64), NO_DATE)
    assert groups.tolist() == [0, 0, -1, -1, -1, -1]
