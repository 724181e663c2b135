"""One fetch run: every feed, then every new item's page, into the corpus's web archive."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import feedparser

from .http_client import FetchError, PoliteClient
from .state import FetchState
from .warc_writer import ArchiveWriter


@dataclass
class FetchReport:
    feeds: int = 0
    unchanged: int = 0  # feeds answered 304
    new_items: int = 0
    pages: int = 0
    bytes: int = 0
    files: list[str] = field(default_factory=list)
    robots: list[str] = field(default_factory=list)  # pages robots.txt keeps us from
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)

    def summary(self) -> str:
        lines = [f"checked {self.feeds} feeds ({self.unchanged} unchanged), {self.new_items} new items, "
                 f"fetched {self.pages} pages, {self.bytes:,} bytes into "
                 + (", ".join(self.files) if self.files else "no new file")
                 + (f"; {len(self.robots)} disallowed by robots.txt" if self.robots else "")
                 + (f"; {len(self.failures)} failed" if self.failures else "")]
        lines += [f"  failed ({reason}): {url}" for url, reason in self.failures]
        lines += [f"  disallowed by robots.txt: {url}" for url in self.robots]
        return "\n".join(lines)


def _item_links(feed_body: bytes) -> list[str]:
    parsed = feedparser.parse(io.BytesIO(feed_body))  # given bytes, feedparser would open a body naming a file
    if parsed.get("bozo") and not parsed.entries:
        raise FetchError(f"not a feed ({type(parsed.bozo_exception).__name__})")
    return list(dict.fromkeys(entry.get("link", "") for entry in parsed.entries if entry.get("link")))


def fetch_feeds(feeds: list[str], corpus: Path, client: PoliteClient) -> FetchReport:
    """Fetch `feeds` and the pages of their items not fetched before, into `corpus`."""
    corpus.mkdir(parents=True, exist_ok=True)
    state, archive, report = FetchState.load(corpus), ArchiveWriter(corpus), FetchReport()
    try:
        for feed_url in feeds:
            report.feeds += 1
            known = state.feeds.get(feed_url, {})
            try:
                if not client.allowed(feed_url):
                    report.robots.append(feed_url)
                    continue
                response = client.get(feed_url, known.get("etag", ""), known.get("last_modified", ""))
                if response is None:
                    report.unchanged += 1
                    continue
                links = _item_links(response.body)
            except FetchError as error:
                report.failures.append((feed_url, str(error)))
                continue
            archive.add(response)
            state.feeds[feed_url] = {"etag": response.header("ETag"), "last_modified": response.header("Last-Modified"),
                                     "checked": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            for link in (link for link in links if link not in state.pages):
                report.new_items += 1
                _fetch_page(link, client, archive, state, report)
    finally:
        archive.close()
        state.save(corpus)
    report.files, report.bytes = archive.written, archive.bytes
    return report


def _fetch_page(url: str, client: PoliteClient, archive: ArchiveWriter, state: FetchState,
                report: FetchReport) -> None:
    try:
        if not client.allowed(url):
            report.robots.append(url)
            return
        response = client.get(url)
    except FetchError as error:
        report.failures.append((url, str(error)))
        return
    if response is not None:
        archive.add(response)
        state.pages.update({url, response.url})
        report.pages += 1
