"""One reader per input format; `read_source` picks the reader for a file and runs it.

The format comes from the file extension (after `.gz`), or, for files without a known
extension (TREC collections name files `LA010189` or `fr940104.0`), from the content.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import BinaryIO

from ..article import Article, Skip
from ..cleaning.decoding import bom_encoding, decode_bytes, utf16_without_bom
from ..cleaning.language import settle_language
from . import feed, html, jsonl, plaintext, reuters, trec, warc
from .source import SourceFile

READERS: dict[str, ModuleType] = {
    "text": plaintext, "html": html, "jsonl": jsonl, "reuters": reuters, "trec": trec, "feed": feed,
}
EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".trec": "trec",
    ".rss": "feed", ".atom": "feed",
}
_SNIFF_BYTES = 8192

__all__ = ["READERS", "SourceFile", "detect_format", "read_source", "read_web_archive"]


def _sniff_markup(head: str) -> str | None:
    """Reuters, TREC, a feed or HTML from the opening of a file, whatever its extension."""
    if reuters.sniff(head):
        return "reuters"
    if trec.sniff(head):
        return "trec"
    if feed.sniff(head):
        return "feed"
    lowered = head.lower()
    if "<html" in lowered or "<!doctype html" in lowered or "<body" in lowered:
        return "html"
    return None


def looks_binary(data: bytes) -> bool:
    """NUL or many control bytes near the start, unless it is UTF-16/32 text."""
    head = data[:_SNIFF_BYTES]
    if bom_encoding(head) or utf16_without_bom(head):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.1


def detect_format(source: SourceFile) -> str | None:
    """The reader name for a file, or None when it is no news format we read."""
    name = source.name.lower()
    ext = name[name.rfind("."):] if "." in name else ""
    head = decode_bytes(source.data[:_SNIFF_BYTES])
    if ext in (".sgm", ".sgml", ".xml"):
        return _sniff_markup(head)
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    sniffed = _sniff_markup(head)
    if sniffed or ext:
        return sniffed
    stripped = head.lstrip()
    return "jsonl" if stripped.startswith(("{", "[")) else "text"


def read_source(source: SourceFile) -> Iterator[Article | Skip]:
    """Articles of one decompressed file, each with its language settled, or the reasons it or its records
    were skipped."""
    if not source.data.strip():
        yield Skip(source.path, "empty file")
        return
    if looks_binary(source.data):
        yield Skip(source.path, "binary file")
        return
    fmt = detect_format(source)
    if fmt is None:
        yield Skip(source.path, "unrecognised format", source.name)
        return
    yield from _settled(READERS[fmt].read(source))


def read_web_archive(stream: BinaryIO, path: str) -> Iterator[Article | Skip]:
    """Articles of a WARC or ARC file, read as a stream (see `warc`), each with its language settled."""
    yield from _settled(warc.read(stream, path))


def _settled(items: Iterable[Article | Skip]) -> Iterator[Article | Skip]:
    for item in items:
        yield settle_language(item) if isinstance(item, Article) else item
