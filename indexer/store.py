"""The index directory: numbered generations, a pointer to the current one, and the build lock.

    var/index/
      CURRENT          name of the current generation, replaced atomically
      .build.lock      held (flock) by the one running rebuild or update; names its holder
      gen-000007/      a complete Whoosh index plus build.json
      gen-000008/      being built: invisible to searchers until CURRENT names it

A search reads CURRENT and opens that generation, so it sees either the old index or
the new one, never a half-built one. Locks held with flock vanish with their process,
so a killed rebuild leaves nothing that blocks the next one.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.reading import IndexReader, MultiReader

POINTER = "CURRENT"
LOCK = ".build.lock"
BUILD_INFO = "build.json"
KEEP_PREVIOUS = 2  # older generations kept so searchers that just read CURRENT can still open them
_GENERATION = re.compile(r"^gen-(\d{6,})$")


class IndexBusy(RuntimeError):
    """Another rebuild or update holds the build lock."""


class NoIndex(RuntimeError):
    """No generation has been published yet in this index directory."""


class IndexStore:
    """Generations of one index directory and the atomic switch between them."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def current(self) -> str | None:
        """Name of the current generation, or None before the first successful build."""
        try:
            name = (self.root / POINTER).read_text("utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return name if _GENERATION.match(name) and (self.root / name).is_dir() else None

    def current_path(self) -> Path:
        name = self.current()
        if name is None:
            raise NoIndex(f"no index in {self.root}: run `news-index rebuild` first")
        return self.root / name

    def generations(self) -> list[str]:
        """All generation folders on disk, oldest first, current or not."""
        if not self.root.is_dir():
            return []
        names = [p.name for p in self.root.iterdir() if _GENERATION.match(p.name) and p.is_dir()]
        return sorted(names, key=lambda n: int(n.split("-")[1]))

    def new_generation(self) -> Path:
        """A fresh, empty folder numbered after every generation that ever existed here."""
        self.root.mkdir(parents=True, exist_ok=True)
        numbers = [int(n.split("-")[1]) for n in self.generations()]
        path = self.root / f"gen-{max(numbers, default=0) + 1:06d}"
        path.mkdir()
        return path

    def publish(self, generation: Path, info: dict) -> None:
        """Record the build's facts in the generation, then make it current in one rename."""
        _write_atomic(generation / BUILD_INFO, json.dumps(info, indent=2, sort_keys=True))
        _write_atomic(self.root / POINTER, generation.name + "\n")

    def build_info(self) -> dict:
        """What the current generation's build recorded (counts, time, corpus)."""
        try:
            return json.loads((self.current_path() / BUILD_INFO).read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def remove_stale(self) -> list[str]:
        """Delete unfinished generations and all but the newest few retired ones.

        Only called while holding the build lock, so nothing else is writing here.
        """
        current = self.current()
        current_number = int(current.split("-")[1]) if current else 0
        names = self.generations()
        retired = [n for n in names if int(n.split("-")[1]) < current_number]
        keep = set(retired[-KEEP_PREVIOUS:]) | ({current} if current else set())
        removed = [n for n in names if n not in keep]
        for name in removed:
            shutil.rmtree(self.root / name, ignore_errors=True)
        for leftover in self.root.glob(f".{POINTER}.*.tmp"):
            leftover.unlink(missing_ok=True)
        return removed

    @contextmanager
    def build_lock(self, wait: bool = False) -> Iterator[None]:
        """Hold the one build slot of this index; refuse (or wait) if another process has it."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / LOCK, "a+", encoding="utf-8")
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise IndexBusy(f"index {self.root} is being rebuilt or updated by {holder}; "
                                "try again when it finishes (or pass --wait)") from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} on {socket.gethostname()} since "
                         f"{time.strftime('%Y-%m-%d %H:%M:%S')}")
            handle.flush()
            yield
        finally:
            handle.close()


def open_reader(generation: Path, mmap: bool = True) -> IndexReader:
    """One reader over all parts of a generation, documents numbered part by part.

    Each part is a Whoosh index written by one build worker; reading their segments as
    one index is what Whoosh itself does for a multi-segment index. Without `mmap`, a
    pass over every document does not count the whole index as the process's memory.
    """
    leaves = [leaf for part in sorted(generation.glob("part-*"))
              for leaf, _ in FileStorage(str(part), supports_mmap=mmap).open_index().reader().leaf_readers()]
    return leaves[0] if len(leaves) == 1 else MultiReader(leaves)


def _write_atomic(path: Path, text: str) -> None:
    """Write a file so readers see the old content or the new, never a torn one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
