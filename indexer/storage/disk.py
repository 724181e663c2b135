"""The package's two kinds of file: numpy arrays (`.npy`, opened memory-mapped) and JSON.

Every write goes to a temporary name first and is renamed into place, so a reader sees a
whole file or none. Arrays are read with `allow_pickle=False`: an index never runs code.
"""
from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def save_array(path: Path, values: np.ndarray) -> None:
    tmp = _temporary(path)
    with open(tmp, "wb") as handle:
        np.save(handle, np.ascontiguousarray(values), allow_pickle=False)
    tmp.replace(path)


def open_array(path: Path) -> np.ndarray:
    """The array memory-mapped read-only (an empty one, which cannot be mapped, read normally).

    Returned as a plain ndarray view of the map: numpy's memmap subclass adds Python-level work to
    every slice, which term lookups do thousands of times per search.
    """
    try:
        return np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)
    except ValueError:
        return np.load(path, allow_pickle=False)


PRELOAD_SHARE = 0.5  # of the memory available: a larger index would push parts of itself out again
_READ_CHUNK = 1 << 23


def preload(directory: Path) -> None:
    """Read every array under `directory` once, so it is in the kernel's page cache before the first search
    (as Elasticsearch's `index.store.preload` does): after a restart, or when other files pushed the index
    out, the first searches would otherwise wait for the disk. Arrays larger together than half the memory
    available are only announced to the kernel (`posix_fadvise`), which reads them when it can."""
    paths = sorted(directory.rglob("*.npy"))
    if sum(path.stat().st_size for path in paths) > PRELOAD_SHARE * available_memory():
        _advise(paths)
        return
    buffer = bytearray(_READ_CHUNK)
    for path in paths:
        with open(path, "rb", buffering=0) as handle:
            while handle.readinto(buffer):
                pass


def available_memory() -> int:
    """Bytes of memory the kernel could give without swapping (MemAvailable), or the free pages."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def _advise(paths: list[Path]) -> None:
    if not hasattr(os, "posix_fadvise"):
        return
    for path in paths:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
        finally:
            os.close(descriptor)


def save_json(path: Path, data: Any, compress: bool = False) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp = _temporary(path)
    tmp.write_bytes(gzip.compress(text, compresslevel=3) if compress else text)
    tmp.replace(path)


def load_json(path: Path) -> Any:
    data = path.read_bytes()
    return json.loads(gzip.decompress(data) if path.suffix == ".gz" else data)


def chunks_of(path: Path, chunk: int = 1 << 22) -> Iterator[tuple[int, np.ndarray]]:
    """An array's values, `chunk` at a time, read from the file (not mapped, so the process's memory stays
    what the chunk needs): (position of the first value, values)."""
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else \
            np.lib.format.read_array_header_2_0
        shape, _, dtype = read_header(handle)
        total = shape[0] if shape else 0
        for first in range(0, total, chunk):
            yield first, np.fromfile(handle, dtype=dtype, count=min(chunk, total - first))


class ArrayAppender:
    """Builds a large `.npy` array from pieces without holding it in memory: pieces go to a scratch
    file, then are copied, chunk by chunk, behind the array's header once its length is known."""

    def __init__(self, path: Path, dtype: np.dtype) -> None:
        self.path, self.dtype = path, np.dtype(dtype)
        self._scratch_path = path.with_name(f".{path.name}.scratch")
        self._scratch = open(self._scratch_path, "wb")
        self.length = 0

    def append(self, values: np.ndarray) -> None:
        np.ascontiguousarray(values, dtype=self.dtype).tofile(self._scratch)
        self.length += len(values)

    def finish(self, transform: Callable[[np.ndarray], np.ndarray] | None = None, chunk: int = 1 << 22) -> None:
        """Write the array, passing each chunk of it through `transform` if given."""
        self._scratch.close()
        tmp = _temporary(self.path)
        with open(tmp, "wb") as out, open(self._scratch_path, "rb") as pieces:
            np.lib.format.write_array_header_1_0(out, {"descr": np.lib.format.dtype_to_descr(self.dtype),
                                                       "fortran_order": False, "shape": (self.length,)})
            for first in range(0, self.length, chunk):
                piece = np.fromfile(pieces, dtype=self.dtype, count=min(chunk, self.length - first))
                (transform(piece) if transform else piece).astype(self.dtype, copy=False).tofile(out)
        tmp.replace(self.path)
        self._scratch_path.unlink()
