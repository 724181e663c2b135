"""What a generation was built from, so `update` can tell new, changed and removed files apart.

For every corpus file: the SHA-256 of its bytes and the articles it gave (id, and a prefix
of the content hash that tells texts apart).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .disk import load_json, save_json

FILENAME = "files.json.gz"


def file_digest(path: str) -> str:
    """SHA-256 of a file's bytes ("" if it cannot be read: it will be reported when read)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


@dataclass
class FileEntry:
    digest: str
    articles: list[tuple[str, str]] = field(default_factory=list)  # (id, text key)


@dataclass
class CorpusFiles:
    files: dict[str, FileEntry] = field(default_factory=dict)

    def save(self, generation: Path) -> None:
        save_json(generation / FILENAME, {path: {"digest": entry.digest, "articles": entry.articles}
                                          for path, entry in self.files.items()}, compress=True)

    @classmethod
    def load(cls, generation: Path) -> CorpusFiles:
        data = load_json(generation / FILENAME)
        return cls({path: FileEntry(e["digest"], [tuple(a) for a in e["articles"]]) for path, e in data.items()})
