"""What a generation was built from, so `update` can tell new, changed and removed files apart.

For every corpus file: the SHA-256 of its bytes and the articles it gave (id, content
hash). Beside it, the near-duplicate signature and date of every article, so that new
articles can be grouped with old ones without re-reading the old files.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import pickle
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "manifest.json.gz"
SIGNATURES = "signatures.pickle"


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
    articles: list[tuple[str, str]] = field(default_factory=list)  # (id, text key: content hash prefix)


@dataclass
class Manifest:
    files: dict[str, FileEntry] = field(default_factory=dict)
    # article id -> (near-duplicate signature or None, published UTC seconds or None)
    signatures: dict[str, tuple[bytes | None, int | None]] = field(default_factory=dict)

    def save(self, directory: Path) -> None:
        data = {path: {"digest": e.digest, "articles": e.articles} for path, e in self.files.items()}
        (directory / MANIFEST).write_bytes(gzip.compress(json.dumps(data).encode("utf-8"), compresslevel=3))
        (directory / SIGNATURES).write_bytes(pickle.dumps(self.signatures, protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def load(directory: Path) -> Manifest:
        data = json.loads(gzip.decompress((directory / MANIFEST).read_bytes()))
        files = {path: FileEntry(e["digest"], [tuple(a) for a in e["articles"]]) for path, e in data.items()}
        return Manifest(files, pickle.loads((directory / SIGNATURES).read_bytes()))
