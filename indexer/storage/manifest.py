"""A generation's table of contents: the format it is written in, its parts and its document count.

Written last, just before the generation is published, and read first by every search
process: a generation written in another format is refused with one line that says what to do.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .disk import load_json, save_json

FORMAT = 5  # 2: pickled side files (before numpy arrays); 3: arrays and JSON in indexer.storage;
# 4: headlines and bodies analysed by their language's rules; 5: shingle samples for version grouping
FILENAME = "manifest.json"


class IndexFormatError(RuntimeError):
    """The index was written in a format this version cannot read: a rebuild is the way forward."""


@dataclass(frozen=True)
class Part:
    """One build worker's Whoosh index inside a generation, and where its documents start."""

    name: str
    base: int  # generation document number of the part's first document
    documents: int


@dataclass(frozen=True)
class Manifest:
    parts: tuple[Part, ...]
    format: int = FORMAT

    @property
    def documents(self) -> int:
        return sum(part.documents for part in self.parts)

    def save(self, generation: Path) -> None:
        save_json(generation / FILENAME, {"format": self.format, "parts": [
            {"name": p.name, "base": p.base, "documents": p.documents} for p in self.parts]})

    @classmethod
    def of_parts(cls, counts: list[tuple[str, int]]) -> Manifest:
        """The manifest of parts given in reading order with their document counts."""
        parts, base = [], 0
        for name, documents in counts:
            parts.append(Part(name, base, documents))
            base += documents
        return cls(tuple(parts))

    @classmethod
    def load(cls, generation: Path) -> Manifest:
        """The generation's manifest, or IndexFormatError if it was written in another format."""
        path = generation / FILENAME
        data = load_json(path) if path.exists() else {"format": 2}  # format 2 had no manifest.json
        if data.get("format") != FORMAT:
            raise IndexFormatError(f"index format {data.get('format')}, this version reads {FORMAT}: "
                                   "run `news-index rebuild`")
        return cls(tuple(Part(p["name"], p["base"], p["documents"]) for p in data["parts"]))
