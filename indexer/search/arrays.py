"""Array steps many parts of a search take: gathering many stretches at once, and distinct values."""
from __future__ import annotations

import numpy as np


def concatenated_ranges(first: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Every index of [first[i], end[i]) for each i, in order, as one array: what a Python loop of slices would
    gather, in one step."""
    lengths = end - first
    return np.repeat(first - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(lengths.sum())


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted, as `np.unique` gives them, found by sorting: numpy 2's `np.unique` hashes
    instead, which is several times slower on the large integer arrays searches make."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered
