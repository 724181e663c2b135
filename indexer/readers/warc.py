"""Web archives (WARC and ARC, whole-file or record-compressed): each captured HTML page is one article.

Read as a stream with warcio (it reads both WARC and ARC, gzipped per record or as a whole; its cost
per record is small beside cleaning the page). Two passes over the file: the first notes each
record's kind, target URI and capture date, so that a page captured several times is indexed once,
from its latest capture; the second cleans those captures. Every other record (requests, metadata,
revisits, redirects, images, PDFs, earlier captures) is counted by kind. A damaged record is
reported with its byte offset, and reading goes on from the next record found after it.
"""
from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..article import Article, Skip
from ..dates import parse_date
from .html import page_item

EXTENSIONS = (".warc", ".warc.gz", ".arc", ".arc.gz")
MAX_PAGE_BYTES = 20 * 1024 * 1024  # a larger payload is no news page
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_RECORD_STARTS = (b"\x1f\x8b\x08", b"WARC/1.")  # a gzip member, an uncompressed WARC record
_RESYNC_CHUNK = 1 << 20
_MEMBER_CHUNK = 1 << 16  # a gzip member is checked this many bytes at a time, in and out
_TRAILING_BYTES = 4  # blank lines may follow the last record


def is_web_archive(name: str) -> bool:
    return name.lower().endswith(EXTENSIONS)


@dataclass
class _Capture:
    kind: str  # "page", or why the record is not one
    uri: str = ""
    date: str = ""


def _kind(record) -> str:
    """`page` for a captured HTML page; otherwise the kind of record it is, as the report counts it."""
    if record.rec_type not in ("response", "resource"):
        return f"WARC {record.rec_type} record"
    if record.rec_type == "response":
        if record.http_headers is None:
            return "WARC response without HTTP headers"
        status = record.http_headers.get_statuscode() or ""
        if status.startswith("3"):
            return "WARC redirect"
        if not status.startswith("2"):
            return f"WARC response {status or 'without status'}"
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media = content_type.split(";")[0].strip().lower()
    return "page" if media in _HTML_TYPES else f"WARC capture not HTML ({media or 'no type'})"


def _records(stream: BinaryIO, path: str) -> Iterator[tuple[int, object] | Skip]:
    """(number, record) for each record in file order; a damaged stretch is a Skip with its byte offset, and
    reading resumes at the next record start after it (record-compressed and uncompressed files).

    Records are numbered, not located by offset: warcio knows a record's offset only once it is read."""
    start, number = 0, 0
    while True:
        stream.seek(start)
        records = ArchiveIterator(stream, arc2warc=True)
        end = start
        try:
            for record in records:
                if not _member_whole(stream, end):  # records follow one another: this one begins at `end`
                    raise zlib.error("the record's gzip member does not decompress to its end")
                yield number, record
                number += 1
                end = start + records.get_record_offset() + records.get_record_length()
            if isinstance(stream, gzip.GzipFile) or stream.seek(0, io.SEEK_END) <= end + _TRAILING_BYTES:
                return
            raise EOFError("the file ends inside a record")  # warcio stops quietly at a cut gzip member
        except Exception as error:  # warcio and zlib raise several kinds for a damaged record
            yield Skip(f"{path} (byte {end})", "damaged WARC record", f"{type(error).__name__}: {error}")
        following = _next_record_start(stream, max(end, start) + 1)
        if following <= start:
            return
        start = following


def _member_whole(stream: BinaryIO, offset: int) -> bool:
    """Whether the record at `offset` is whole: true for an uncompressed record (or a whole-file-compressed
    file); for a gzip member, whether it decompresses to its end. warcio reads on past a damaged member as
    if uncompressed, and the record it then makes can swallow the next ones."""
    if isinstance(stream, gzip.GzipFile):
        return True
    position = stream.tell()  # warcio's place in the file: restored, so its reading goes on unchanged
    try:
        stream.seek(offset)
        if stream.read(2) != b"\x1f\x8b":
            return True
        stream.seek(offset)
        inflater = zlib.decompressobj(wbits=31)
        while not inflater.eof:
            chunk = stream.read(_MEMBER_CHUNK)
            if not chunk:
                return False
            inflater.decompress(chunk, _MEMBER_CHUNK)
            while inflater.unconsumed_tail and not inflater.eof:
                inflater.decompress(inflater.unconsumed_tail, _MEMBER_CHUNK)
        return True
    except zlib.error:
        return False
    finally:
        stream.seek(position)


def _next_record_start(stream: BinaryIO, position: int) -> int:
    """Where the next record seems to begin at or after `position`, or -1."""
    stream.seek(position)
    carried = b""
    while chunk := stream.read(_RESYNC_CHUNK):
        window = carried + chunk
        found = [i for i in (window.find(marker) for marker in _RECORD_STARTS) if i >= 0]
        if found:
            return position - len(carried) + min(found)
        carried = window[-8:]
        position += len(chunk)
    return -1


def _survey(stream: BinaryIO, path: str) -> dict[int, _Capture]:
    """Each record's capture, by number (first pass; damage is reported by the second): its kind, and for a page
    its URI and date, all that is kept of a record between the passes."""
    captures = {}
    for item in _records(stream, path):
        if not isinstance(item, Skip):
            number, record = item
            kind = _kind(record)
            captures[number] = _Capture(kind) if kind != "page" else _Capture(
                kind, record.rec_headers.get_header("WARC-Target-URI") or "",
                record.rec_headers.get_header("WARC-Date") or "")
    return captures


def _gzipped_whole(stream: BinaryIO) -> bool:
    """Whether the file is one gzip stream holding several records, which warcio does not read itself."""
    stream.seek(0)
    if stream.read(2) != b"\x1f\x8b":
        return False
    stream.seek(0)
    try:
        for count, _ in enumerate(ArchiveIterator(stream, arc2warc=True)):
            if count:
                return False  # a second record, read as its own gzip member
    except ArchiveLoadFailed as error:
        return "non-chunked gzip" in str(error)
    except Exception:  # damage: the passes report it
        return False
    return False


def read(stream: BinaryIO, path: str) -> Iterator[Article | Skip]:
    """Articles of the HTML pages captured in one web archive, each URL once (its latest capture)."""
    if _gzipped_whole(stream):
        stream.seek(0)
        stream = gzip.GzipFile(fileobj=stream)  # decompressed as it is read; damage ends the file there
    captures = _survey(stream, path)
    latest: dict[str, int] = {}
    for number, capture in captures.items():
        if capture.kind == "page" and capture.date >= captures[latest.get(capture.uri, number)].date:
            latest[capture.uri] = number
    chosen = set(latest.values())
    for item in _records(stream, path):
        if isinstance(item, Skip):
            yield item
            continue
        number, record = item
        capture = captures.get(number) or _Capture(_kind(record))
        if capture.kind != "page":
            yield Skip(path, capture.kind, routine=True)
        elif number not in chosen:
            yield Skip(path, "WARC earlier capture of a page", capture.uri, routine=True)
        else:
            try:
                payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
            except Exception as error:  # a damaged payload: the record is lost, the file goes on
                yield Skip(f"{path} ({capture.uri})", "damaged WARC page", f"{type(error).__name__}: {error}")
                continue
            yield _article(payload, capture, path)


def _article(payload: bytes, capture: _Capture, path: str) -> Article | Skip:
    where = f"{path} ({capture.uri})"
    if len(payload) > MAX_PAGE_BYTES:
        return Skip(where, "WARC capture too large", f"over {MAX_PAGE_BYTES} bytes")
    item = page_item(payload, capture.uri, path, url=capture.uri, where=where)
    if isinstance(item, Article) and item.published is None:  # the page existed at its capture, so it was out
        item.published = parse_date(capture.date)
    return item
