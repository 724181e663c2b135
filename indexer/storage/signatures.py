"""Each document's near-duplicate signature, per part: what grouping reads when a generation is published.

Kept for every part so that an update can group new articles with the ones already indexed
without reading their files again.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .disk import open_array, save_array

FILENAME = "signatures.npy"  # uint32 rows, one per document; an unsigned document's row is all zeros
SIGNED = "signed.npy"  # bool: whether the document has a signature (texts too short have none)


def write(part_dir: Path, rows: np.ndarray, signed: np.ndarray) -> None:
    save_array(part_dir / FILENAME, rows)
    save_array(part_dir / SIGNED, signed)


def read(part_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    return open_array(part_dir / FILENAME), open_array(part_dir / SIGNED)
