"""Web archives: each captured HTML page once (its latest capture), other records counted by kind, damage
skipped with its offset and the rest kept, for WARC (record- or whole-file-compressed, or not) and ARC."""
import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.article import Article, Skip
from indexer.build import rebuild
from indexer.cli import main
from indexer.corpus import CorpusFile, file_items
from indexer.search import LiveIndex, SearchRequest, search

PARAGRAPH = "<p>The harbour council voted late on Tuesday to rebuild the old swing bridge, after a long debate.</p>"


def page(title: str, extra: str = "", dated: bool = True) -> bytes:
    date = '<meta property="article:published_time" content="2021-06-07T10:00:00Z">' if dated else ""
    return (f"<html><head><title>{title}</title>{date}</head><body><article><h1>{title}</h1>"
            f"{PARAGRAPH.replace('<p>', f'<p>{title}: ') * 6}{extra}</article></body></html>").encode()


def _http(status: str, content_type: str, extra: list | None = None) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1")


def write_archive(compress: bool) -> bytes:
    """Pages captured twice, a revisit, a redirect, an image, a request and a metadata record."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)

    def response(uri: str, date: str, body: bytes, status: str = "200 OK", content_type: str = "text/html",
                 extra: list | None = None) -> None:
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=_http(status, content_type, extra),
                                                      warc_headers_dict={"WARC-Date": date}))

    writer.write_record(writer.create_warcinfo_record("news.warc.gz", {"software": "test"}))
    writer.write_record(writer.create_warc_record("https://news.example/bridge", "request",
                                                  payload=io.BytesIO(b"GET /bridge HTTP/1.1\r\n\r\n"),
                                                  warc_headers_dict={"WARC-Date": "2021-06-07T11:00:00Z"}))
    response("https://news.example/bridge", "2021-06-07T11:00:00Z", page("Bridge vote, first edition"))
    response("https://news.example/bridge", "2021-06-08T09:00:00Z", page("Bridge vote, final edition"))
    response("https://news.example/undated", "2021-06-09T12:00:00Z", page("Ferry plans", dated=False))
    response("https://news.example/old", "2021-06-07T12:00:00Z", b"", status="301 Moved Permanently",
             extra=[("Location", "https://news.example/bridge")])
    response("https://news.example/photo.jpg", "2021-06-07T12:00:00Z", b"\xff\xd8\xff" * 50, content_type="image/jpeg")
    writer.write_record(writer.create_revisit_record("https://news.example/bridge", digest="sha1:AAAA",
                                                     refers_to_uri="https://news.example/bridge",
                                                     refers_to_date="2021-06-07T11:00:00Z"))
    writer.write_record(writer.create_warc_record("https://news.example/bridge", "metadata",
                                                  payload=io.BytesIO(b"outlinks: none"),
                                                  warc_headers_dict={"Content-Type": "text/plain"}))
    return out.getvalue()


def items_of(tmp_path, name: str, data: bytes) -> list:
    (tmp_path / name).write_bytes(data)
    return list(file_items(CorpusFile(str(tmp_path / name), name)))


def articles(items: list) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


@pytest.mark.parametrize("name, make", [
    ("news.warc.gz", lambda: write_archive(compress=True)),  # gzipped per record
    ("news.warc", lambda: write_archive(compress=False)),
    ("whole.warc.gz", lambda: gzip.compress(write_archive(compress=False))),  # gzipped as one stream
])
def test_each_page_once_from_its_latest_capture_and_other_records_by_kind(tmp_path, name, make):
    items = items_of(tmp_path, name, make())
    found = articles(items)
    assert [(a.id, a.title) for a in found] == [("https://news.example/bridge", "Bridge vote, final edition"),
                                                ("https://news.example/undated", "Ferry plans")]
    assert found[0].url == "https://news.example/bridge" and found[0].path == str(tmp_path / name)
    assert found[0].published.isoformat() == "2021-06-07T10:00:00+00:00"  # the page's own date
    assert found[1].published.isoformat() == "2021-06-09T12:00:00+00:00"  # no date on the page: its capture
    assert found[0].language == "en"
    kinds = sorted(item.reason for item in items if isinstance(item, Skip))
    assert kinds == sorted(["WARC warcinfo record", "WARC request record", "WARC earlier capture of a page",
                            "WARC redirect", "WARC capture not HTML (image/jpeg)", "WARC revisit record",
                            "WARC metadata record"])
    assert all(item.routine for item in items if isinstance(item, Skip))


def test_a_damaged_record_is_skipped_with_its_offset_and_the_rest_is_kept(tmp_path):
    data = bytearray(write_archive(compress=True))
    first_page = data.find(b"\x1f\x8b\x08", data.find(b"\x1f\x8b\x08", 1) + 1)  # warcinfo, request, then it
    data[first_page + 30:first_page + 60] = b"\x00" * 30  # inside the first capture's compressed bytes
    items = items_of(tmp_path, "damaged.warc.gz", bytes(data))
    damaged = [item for item in items if isinstance(item, Skip) and not item.routine]
    assert damaged and damaged[0].reason.startswith("damaged WARC")
    assert [a.title for a in articles(items)] == ["Bridge vote, final edition", "Ferry plans"]


def test_damage_anywhere_in_a_record_loses_that_record_only(tmp_path):
    """Zeros at many places in the first capture's gzip member: warcio can read on past such damage as if
    the member were uncompressed and swallow the records after it; the reader must not let it."""
    data = write_archive(compress=True)
    first_page = data.find(b"\x1f\x8b\x08", data.find(b"\x1f\x8b\x08", 1) + 1)
    next_record = data.find(b"\x1f\x8b\x08", first_page + 1)
    for at in range(first_page + 12, next_record - 30, 3):
        damaged = bytearray(data)
        damaged[at:at + 30] = b"\x00" * 30
        items = items_of(tmp_path, "damaged.warc.gz", bytes(damaged))
        assert [a.title for a in articles(items)] == ["Bridge vote, final edition", "Ferry plans"], at
        assert [item.reason for item in items if isinstance(item, Skip) and not item.routine] in (
            [], ["damaged WARC record"]), at


def test_a_truncated_archive_keeps_the_records_before_the_cut(tmp_path):
    data = write_archive(compress=True)
    items = items_of(tmp_path, "cut.warc.gz", data[:len(data) * 2 // 3])  # inside the redirect or the image
    assert [a.title for a in articles(items)] == ["Bridge vote, final edition", "Ferry plans"]
    cut = [item for item in items if isinstance(item, Skip) and item.reason == "damaged WARC record"]
    assert len(cut) == 1 and "the file ends inside a record" in cut[0].detail


def test_an_arc_file_is_read_too(tmp_path):
    body = page("Bridge vote in the old archive")
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    version = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    header = f"filedesc://old.arc 0.0.0.0 20010101000000 text/plain {len(version)}\n".encode()
    capture = f"https://news.example/arc 10.0.0.1 20010607120000 text/html {len(http)}\n".encode()
    arc = header + version + b"\n" + capture + http + b"\n"
    found = articles(items_of(tmp_path, "old.arc.gz", gzip.compress(arc)))
    assert [(a.id, a.title) for a in found] == [("https://news.example/arc", "Bridge vote in the old archive")]


def test_rebuild_indexes_a_web_archive_and_reports_the_other_records_by_kind(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.warc.gz").write_bytes(write_archive(compress=True))
    report = rebuild([corpus], tmp_path / "index")
    assert report.indexed == 2 and sum(report.skipped.values()) == 0
    assert report.not_articles["WARC request record"] == 1 and report.not_articles["WARC redirect"] == 1
    assert "records holding no page, by kind: " in report.summary()
    live = LiveIndex(tmp_path / "index")
    assert search(live, SearchRequest('"bridge vote"')).hits[0].id == "https://news.example/bridge"
    assert [h.id for h in search(live, SearchRequest("ferry")).hits] == ["https://news.example/undated"]
    assert main(["clean", str(corpus / "news.warc.gz")]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [record["title"] for record in printed] == ["Bridge vote, final edition", "Ferry plans"]
