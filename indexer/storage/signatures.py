"""Each document's sample of word shingles, per part: what version grouping reads when a generation is published.

Kept for every part so that an update can group new articles with the ones already indexed
without reading their files again.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .disk import open_array, save_array

SAMPLES = "samples.npy"  # uint32: every document's sampled shingle hashes, in document order
COUNTS = "sample_counts.npy"  # uint32: how many of them each document has (0: too short to compare)


def write(part_dir: Path, samples: np.ndarray, counts: np.ndarray) -> None:
    save_array(part_dir / SAMPLES, samples)
    save_array(part_dir / COUNTS, counts)


def read(part_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    return open_array(part_dir / SAMPLES), open_array(part_dir / COUNTS)
