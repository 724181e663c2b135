"""Small builders shared by the reader tests."""
from __future__ import annotations

from indexer.article import Article, Skip
from indexer.readers import SourceFile, read_source


def source(data: bytes | str, relpath: str = "sample.txt") -> SourceFile:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return SourceFile(path=f"/corpus/{relpath}", relpath=relpath, data=raw)


def read(data: bytes | str, relpath: str = "sample.txt") -> tuple[list[Article], list[Skip]]:
    items = list(read_source(source(data, relpath)))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skip)]
