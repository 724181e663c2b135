"""The unit every reader receives: one file's bytes and the names that identify it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceFile:
    """A corpus file, already decompressed, with its path on disk and relative to its corpus root."""

    path: str
    relpath: str
    data: bytes

    @property
    def name(self) -> str:
        """File name without a trailing `.gz`, which is what decides the format."""
        base = self.relpath.rsplit("/", 1)[-1]
        return base[:-3] if base.lower().endswith(".gz") else base

    def derived_id(self, position: int = 0) -> str:
        """Stable id for articles whose source gives none: the relative path, plus `#n` after the first."""
        return self.relpath if position == 0 else f"{self.relpath}#{position}"

    def where(self, record: str = "") -> str:
        """How a report names this file, or one record in it (`line 7`, `DOCNO LA010189-0001`)."""
        return f"{self.path} ({record})" if record else self.path
