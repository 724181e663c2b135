"""Fetched exchanges written as WARC (request and response records, gzipped per record), the format web
archives keep, so the corpus holds exactly what was received and a rebuild can always read it again."""
from __future__ import annotations

import io
import os
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .http_client import Response

MAX_FILE_BYTES = 100 * 1024 * 1024  # a new file is begun above this
_DROPPED_HEADERS = {"transfer-encoding", "content-encoding", "content-length"}  # the body is stored as read


class ArchiveWriter:
    """Writes `fetch-<UTC time>[-n].warc.gz` files into the corpus folder; each is written under a hidden
    name and renamed when complete, so a crash never leaves a half archive that looks whole."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self.started = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.written: list[str] = []
        self.bytes = 0
        self._handle = None
        self._writer: WARCWriter | None = None
        self._name = ""

    def _open(self) -> WARCWriter:
        if self._writer is None or self._handle.tell() > MAX_FILE_BYTES:
            self.close()
            number = len(self.written)
            self._name = f"fetch-{self.started}" + (f"-{number}" if number else "") + ".warc.gz"
            self._handle = (self.corpus / f".{self._name}.part").open("wb")
            self._writer = WARCWriter(self._handle, gzip=True)
        return self._writer

    def add(self, response: Response) -> None:
        """The request that was sent and the response that came back, dated now."""
        writer = self._open()
        date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = urlsplit(response.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = StatusAndHeaders(f"GET {target} HTTP/1.1", [("Host", parts.netloc),
                                                                      *response.request_headers],
                                           is_http_request=True)
        writer.write_record(writer.create_warc_record(response.url, "request", payload=io.BytesIO(b""),
                                                      http_headers=request_headers,
                                                      warc_headers_dict={"WARC-Date": date}))
        kept = [(k, v) for k, v in response.headers if k.lower() not in _DROPPED_HEADERS]
        headers = StatusAndHeaders(f"{response.status} {response.reason}",
                                   kept + [("Content-Length", str(len(response.body)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(response.url, "response", payload=io.BytesIO(response.body),
                                                      http_headers=headers, warc_headers_dict={"WARC-Date": date}))
        self.bytes += len(response.body)

    def close(self) -> None:
        if self._handle is None:
            return
        self._handle.close()
        os.replace(self.corpus / f".{self._name}.part", self.corpus / self._name)
        self.written.append(self._name)
        self._handle = self._writer = None
