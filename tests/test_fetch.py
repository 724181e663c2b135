"""`news-index fetch` against a real HTTP server on the loopback address: feeds and new items archived as
WARC, nothing fetched twice (304s), robots.txt obeyed, failures reported while the rest goes on."""
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from indexer.cli import main
from indexer.fetch import fetch_feeds
from indexer.fetch.feed_list import read_feed_list
from indexer.fetch.http_client import PoliteClient
from indexer.fetch.state import FILENAME
from indexer.search import LiveIndex, SearchRequest, search

PARAGRAPH = "<p>The harbour council voted late on Tuesday to rebuild the old swing bridge, after a long debate.</p>"


def page(title: str) -> bytes:
    """An article page whose text is its own: its headline's words numbered through six paragraphs."""
    paragraphs = "".join(f"<p>{title}: " + " ".join(f"{word}{n}{m}" for m, word in enumerate(title.split() * 8))
                         + f". {PARAGRAPH[3:-4]}</p>" for n in range(6))
    return (f"<html><head><title>{title}</title>"
            '<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>'
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>").encode()


class Site(BaseHTTPRequestHandler):
    """The test site; `requests` counts what was asked for, `times` when, `agents` by whom."""

    requests: Counter = Counter()
    times: dict[str, list[float]] = {}
    agents: set[str] = set()
    base = ""
    secret = Path("/nonexistent")  # a local file a feed body names

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html", headers=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        Site.requests[path] += 1
        Site.times.setdefault(path, []).append(time.monotonic())
        Site.agents.add(self.headers.get("User-Agent", ""))
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        if path in ("/rss.xml", "/atom.xml"):
            if self.headers.get("If-None-Match") == '"v1"':
                return self._send(304)
            return self._send(200, FEEDS[path].replace("BASE", self.base).encode(), "application/rss+xml",
                              [("ETag", '"v1"'), ("Last-Modified", "Tue, 05 Mar 2024 10:00:00 GMT")])
        if path == "/broken.xml":
            return self._send(200, b"this is not a feed at all", "text/plain")
        if path == "/names-a-file.xml":  # feedparser, given these bytes as a string, would open the file
            return self._send(200, str(Site.secret).encode(), "application/rss+xml")
        if path.startswith("/news/"):
            return self._send(200, page(path.rsplit("/", 1)[-1].replace("-", " ").title()))
        if path == "/moved":
            return self._send(302, headers=[("Location", "/news/moved-story")])
        if path == "/slow":
            time.sleep(1.5)
            return self._send(200, page("Slow"))
        if path == "/big":
            return self._send(200, page("Big") + b" " * 200_000)
        if path == "/private/secret":
            return self._send(200, page("Secret"))
        return self._send(404, b"not here")


FEEDS = {
    "/rss.xml": """<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>
<item><title>Bridge</title><link>BASE/news/bridge-vote</link></item>
<item><title>Ferry</title><link>BASE/news/ferry-plans</link></item>
<item><title>Moved</title><link>BASE/moved</link></item>
<item><title>Secret</title><link>BASE/private/secret</link></item>
<item><title>Gone</title><link>BASE/gone</link></item>
<item><title>Slow</title><link>BASE/slow</link></item>
<item><title>Big</title><link>BASE/big</link></item>
</channel></rss>""",
    "/atom.xml": """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><id>w1</id><title>Bridge again</title><link href="BASE/news/bridge-vote"/></entry>
<entry><id>w2</id><title>Budget</title><link href="BASE/news/budget-passes"/></entry>
</feed>""",
}


@pytest.fixture()
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    Site.base = f"http://127.0.0.1:{server.server_address[1]}"
    Site.requests, Site.times, Site.agents = Counter(), {}, set()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site.base
    server.shutdown()
    server.server_close()


def feed_list(tmp_path, base: str, *paths: str):
    """A feed list file naming `paths` on the site."""
    listed = tmp_path / "feeds.txt"
    listed.write_text("# feeds to follow\n\n" + "\n".join(base + p for p in paths) + "\n")
    return listed


def feeds(tmp_path, base: str, *paths: str) -> list[str]:
    return read_feed_list(feed_list(tmp_path, base, *paths))


def client() -> PoliteClient:
    return PoliteClient(delay=0, timeout=0.5, max_bytes=100_000)


def records(corpus) -> list:
    found = []
    for path in sorted(corpus.glob("fetch-*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                found.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                              record.rec_headers.get_header("WARC-Date"), record.content_stream().read()))
    return found


def test_feeds_and_new_pages_are_archived_and_failures_reported(tmp_path, site):
    corpus = tmp_path / "corpus"
    report = fetch_feeds(feeds(tmp_path, site, "/rss.xml", "/atom.xml", "/broken.xml"), corpus, client())
    responses = {uri: body for kind, uri, _, body in records(corpus) if kind == "response"}
    assert set(responses) == {f"{site}/rss.xml", f"{site}/atom.xml", f"{site}/news/bridge-vote",
                              f"{site}/news/ferry-plans", f"{site}/news/moved-story", f"{site}/news/budget-passes"}
    assert responses[f"{site}/news/bridge-vote"] == page("Bridge Vote")
    assert all(kind in ("request", "response") and date.endswith("Z") for kind, _, date, _ in records(corpus))
    assert report.pages == 4 and report.feeds == 3 and report.new_items == 8
    assert report.robots == [f"{site}/private/secret"] and Site.requests["/private/secret"] == 0
    assert sorted(report.failures) == sorted([(f"{site}/broken.xml", "not a feed (SAXParseException)"),
                                              (f"{site}/gone", "HTTP 404"), (f"{site}/slow", "timeout"),
                                              (f"{site}/big", "too large (over 100000 bytes)")])
    assert Site.requests["/news/bridge-vote"] == 1  # in both feeds, fetched once
    assert all(agent.startswith("news-index-fetch/") for agent in Site.agents)
    assert not list(corpus.glob(".*.part"))
    assert "fetched 4 pages" in report.summary() and "failed (HTTP 404)" in report.summary()


def test_a_second_run_against_an_unchanged_site_downloads_nothing(tmp_path, site):
    corpus, listed = tmp_path / "corpus", feeds(tmp_path, site, "/rss.xml", "/atom.xml")
    fetch_feeds(listed, corpus, client())
    first = Counter(Site.requests)
    report = fetch_feeds(listed, corpus, client())
    assert report.unchanged == 2 and report.pages == 0 and report.files == []
    news = [path for path in Site.requests if path.startswith("/news/")]
    assert all(Site.requests[path] == first[path] == 1 for path in news)
    assert len(list(corpus.glob("fetch-*.warc.gz"))) == 1
    state = json.loads((corpus / FILENAME).read_text())
    assert state["feeds"][f"{site}/rss.xml"]["etag"] == '"v1"' and f"{site}/news/bridge-vote" in state["pages"]


def test_requests_to_one_host_are_spaced_by_the_delay(tmp_path, site):
    fetch_feeds(feeds(tmp_path, site, "/atom.xml"), tmp_path / "corpus", PoliteClient(delay=0.2, timeout=2))
    asked = sorted(t for path in ("/robots.txt", "/atom.xml", "/news/bridge-vote", "/news/budget-passes")
                   for t in Site.times[path])
    assert all(later - earlier >= 0.15 for earlier, later in zip(asked, asked[1:]))  # 0.2 s, less network jitter


def test_feed_lists_are_plain_lines_or_opml(tmp_path):
    opml = tmp_path / "subscriptions.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
                    '<outline type="rss" xmlUrl="https://a.example/rss"/><outline xmlUrl="https://b.example/atom"/>'
                    '</outline><outline xmlUrl="ftp://c.example/feed"/></body></opml>')
    assert read_feed_list(opml) == ["https://a.example/rss", "https://b.example/atom"]
    lines = tmp_path / "feeds.txt"
    lines.write_text("https://a.example/rss  # the gazette\n\nhttps://a.example/rss\nnot a url\n")
    assert read_feed_list(lines) == ["https://a.example/rss"]


def test_an_unreachable_host_is_reported_and_the_other_feeds_go_on(tmp_path, site):
    listed = ["http://127.0.0.1:9/rss.xml", f"{site}/atom.xml"]  # port 9: nothing listens
    report = fetch_feeds(listed, tmp_path / "corpus", client())
    assert report.failures[0][0] == "http://127.0.0.1:9/rss.xml"
    assert report.failures[0][1] == "robots.txt unreachable: host skipped" and report.pages == 2


def test_cli_fetches_then_builds_the_index_from_the_archive(tmp_path, site, capsys):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    listed = feed_list(tmp_path, site, "/atom.xml")
    assert main(["fetch", str(listed), "--corpus", str(corpus), "--index", str(index), "--delay", "0"]) == 0
    printed = capsys.readouterr().out
    assert "fetched 2 pages" in printed and "indexed 2 articles" in printed
    hits = search(LiveIndex(index), SearchRequest("budget passes")).hits
    assert hits[0].id == f"{site}/news/budget-passes"
    assert main(["fetch", str(listed), "--corpus", str(corpus), "--index", str(index), "--delay", "0"]) == 0
    assert "no changes" in capsys.readouterr().out
    assert main(["fetch", str(tmp_path / "missing.txt"), "--corpus", str(corpus)]) == 1


def test_a_feed_body_naming_a_local_file_is_not_read_as_that_file(tmp_path, site):
    Site.secret = tmp_path / "secret-feed.xml"
    Site.secret.write_text(FEEDS["/atom.xml"].replace("BASE", site))
    report = fetch_feeds(feeds(tmp_path, site, "/names-a-file.xml"), tmp_path / "corpus", client())
    assert report.pages == 0 and report.failures[0][1].startswith("not a feed")


def test_fetch_updates_the_index_without_dropping_the_other_corpus_folders(tmp_path, site, capsys):
    wire, fetched, index = tmp_path / "wire", tmp_path / "fetched", tmp_path / "index"
    wire.mkdir()
    (wire / "a.jsonl").write_text(json.dumps({"id": "old-1", "title": "Harbour dredging", "body": "Dredging starts."}))
    assert main(["rebuild", "--corpus", str(wire), "--corpus", str(fetched), "--index", str(index)]) == 0
    listed = feed_list(tmp_path, site, "/atom.xml")
    assert main(["fetch", str(listed), "--corpus", str(fetched), "--index", str(index), "--delay", "0"]) == 0
    assert "removed 0 files" in capsys.readouterr().out
    live = LiveIndex(index)
    assert [h.id for h in search(live, SearchRequest("dredging")).hits] == ["old-1"]
    assert search(live, SearchRequest("budget passes")).hits[0].id == f"{site}/news/budget-passes"
