"""Hostile and broken corpus files: each is skipped or cleaned with its reason, within a time and
memory budget, and costs nothing else. Every file is generated here, at run time."""
from __future__ import annotations

import gzip
import json
import os
import random
import resource
import signal
import subprocess
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from indexer import corpus as corpus_module
from indexer.article import Article, Skip
from indexer.build import rebuild
from indexer.corpus import CorpusFile, read_file, read_file_within_budget
from indexer.search import LiveIndex, SearchRequest, search
from indexer.store import IndexStore
from tests.serverutil import console_script

STORY = "The harbour council approved the dredging plan on Monday after a long debate about its costs. " * 4
GERMAN = "Grüße aus Köln – Welt – Rheinpost\n\nDer Stadtrat beschloss am Montag den Ausbau des Hafens. "


@dataclass(frozen=True)
class Case:
    """One hostile file: its name, its bytes, and what reading it must give."""

    name: str
    data: Callable[[], bytes]
    articles: int = 0  # articles it gives
    reasons: tuple[str, ...] = ()  # the reasons of the skips it reports, in order
    text: str = ""  # text the first article's title or body must hold


def _jsonl(*records: object) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def _nested(depth: int, closed: bool) -> bytes:
    inner = f"<p>{STORY} ({'closed' if closed else 'never closed'})</p>"
    close = "</span></div>" * depth if closed else ""
    page = f"<html><head><title>Deep page</title></head><body>{'<div><span>' * depth}{inner}{close}</body></html>"
    return page.encode()


def _entities(count: int) -> bytes:
    return (f"<html><head><title>Entity storm</title></head><body><article><h1>Entity storm</h1><p>{STORY}</p><p>"
            + "&amp;&#233;&eacute;&#x263A;" * (count // 4) + "</p></article></body></html>").encode()


def _big_html(megabytes: int) -> bytes:
    paragraph = f"<p>{STORY}</p>\n"
    body = paragraph * (megabytes * 1024 * 1024 // len(paragraph))
    page = f"<html><head><title>Big page</title></head><body><article><h1>Big page</h1>{body}</article></body></html>"
    return page.encode()


CASES = [
    Case("empty.txt", lambda: b"", reasons=("empty file",)),
    Case("blank.html", lambda: b" \n\t\r\n ", reasons=("empty file",)),
    Case("binary.html", lambda: b"\x00" + random.Random(3).randbytes(4096), reasons=("binary file",)),
    Case("image.jsonl", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
         reasons=("binary file",)),
    Case("invalid-utf8.txt", lambda: b"Harbour vote \xff\xfe passes - Port - Gazette\n\n" + STORY.encode()
         + b"\xc3\x28 stray \x80 bytes", articles=1, text="dredging plan"),
    Case("utf16-bom.txt", lambda: (GERMAN + "(BOM)").encode("utf-16"), articles=1, text="Grüße aus Köln"),
    Case("utf16-le.txt", lambda: (GERMAN + "(LE)").encode("utf-16-le"), articles=1, text="Grüße aus Köln"),
    Case("utf16-be.txt", lambda: (GERMAN + "(BE)").encode("utf-16-be"), articles=1, text="Grüße aus Köln"),
    Case("latin1.txt", lambda: GERMAN.replace("–", "-").encode("latin-1") + b"(Latin-1)", articles=1,
         text="Grüße aus Köln"),
    Case("cp1252.txt",
         lambda: ("Prices – Markets – Wire\n\n“Fuel costs €2 a litre,” he said. " + STORY).encode("cp1252"),
         articles=1, text="“Fuel costs €2 a litre,”"),
    Case("broken.jsonl", lambda: _jsonl({"id": "jl-1", "title": "First good line", "body": STORY},
                                        b'{"id": "jl-2", "title": "cut off', b"this is not JSON at all", [1, 2],
                                        {"id": "jl-5", "title": ""},
                                        {"id": "jl-6", "title": "Second good line", "body": STORY}),
         articles=2, reasons=("invalid JSON", "invalid JSON", "not a JSON object", "no title or body"),
         text="First good line"),
    Case("truncated.txt.gz", lambda: gzip.compress(("Harbour plan – Port – Gazette\n\n" + STORY * 40).encode())[:-60],
         articles=1, reasons=("truncated gzip: indexed the readable part",), text="dredging plan"),
    Case("unclosed.sgm", lambda: (b'<REUTERS NEWID="901"><DATE>26-FEB-1987 15:01:01.79<TEXT><TITLE>COCOA TALKS RESUME'
                                  b"<DATELINE>LONDON, Feb 26 -<BODY>Cocoa talks resumed in London on Thursday.\n"
                                  b'<REUTERS NEWID="902"><TEXT><TITLE>SUGAR PRICES FALL</TITLE><BODY>Sugar prices '
                                  b"fell again & traders <blamed> the weather"),
         articles=2, text="COCOA TALKS RESUME"),
    Case("LA019999", lambda: (b"<DOC>\n<DOCNO> LA019999-0001 </DOCNO>\n<HEADLINE><P>Harbour vote passes\n"
                              b"<TEXT><P>The council voted on the harbour plan.\n<DOC>\n<DOCNO> LA019999-0002\n"
                              b"<TEXT>Second story about the coast road"),
         articles=2, text="Harbour vote passes"),
]
HEAVY_CASES = [
    Case("deep.html", lambda: _nested(100_000, closed=True), articles=1, text="dredging plan"),
    Case("deep-unclosed.html", lambda: _nested(100_000, closed=False), articles=1, text="dredging plan"),
    Case("entities.html", lambda: _entities(1_000_000), articles=1, text="&éé☺&éé☺"),
]
HUGE_CASES = [Case("big.html", lambda: _big_html(50), articles=1, text="Big page")]


def write_cases(folder: Path, cases: list[Case]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for case in cases:
        (folder / case.name).write_bytes(case.data())


def check_case(case: Case, items: list[Article | Skip]) -> None:
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == case.articles, case.name
    assert tuple(i.reason for i in items if isinstance(i, Skip)) == case.reasons, case.name
    if case.text:
        assert case.text in f"{articles[0].title}\n{articles[0].body}", case.name


@pytest.mark.parametrize("case", [*CASES, *(pytest.param(c, marks=pytest.mark.slow) for c in HEAVY_CASES)],
                         ids=lambda case: case.name)
def test_each_hostile_file_is_skipped_or_cleaned_within_budget(case, tmp_path):
    write_cases(tmp_path, [case])
    check_case(case, list(read_file_within_budget(CorpusFile(str(tmp_path / case.name), case.name), seconds=30)))


def expected_report(cases: list[Case], good: int) -> tuple[int, Counter]:
    return good + sum(c.articles for c in cases), Counter(r for c in cases for r in c.reasons)


def hostile_corpus(make_corpus, cases: list[Case]) -> tuple[Path, list[str]]:
    """Good articles, the hostile files beside them, and a symlink loop."""
    corpus, words = make_corpus("corpus", 30)
    write_cases(corpus / "hostile", cases)
    os.symlink(corpus, corpus / "hostile" / "loop")
    return corpus, words


def assert_all_good_articles_indexed(index_dir: Path, words: list[str]) -> None:
    live = LiveIndex(index_dir)
    try:
        assert all(search(live, SearchRequest(word)).total == 1 for word in words)
    finally:
        live.close()


def test_rebuild_indexes_everything_good_beside_hostile_files(make_corpus, tmp_path):
    corpus, words = hostile_corpus(make_corpus, CASES)
    report = rebuild([corpus], tmp_path / "index")
    indexed, reasons = expected_report(CASES, len(words))
    assert report.indexed == indexed
    assert report.skipped == reasons + Counter({"symlink loop": 1})
    assert_all_good_articles_indexed(tmp_path / "index", words)


@pytest.mark.slow
def test_news_index_rebuild_reports_every_hostile_file(make_corpus, tmp_path, permissions_bind):
    """The real command on every case, a 50 MB page, a symlink loop and a file it may not read."""
    cases = [*CASES, *HEAVY_CASES, *HUGE_CASES]
    corpus, words = hostile_corpus(make_corpus, cases)
    secret = corpus / "hostile" / "secret.txt"
    secret.write_text("Secret – Desk – Wire\n\nNobody may read this.")
    secret.chmod(0)
    done = subprocess.run([*console_script("news-index"), "rebuild", "--corpus", str(corpus), "--index",
                           str(tmp_path / "index")], capture_output=True, text=True, timeout=300,
                          preexec_fn=permissions_bind)
    assert done.returncode == 0, done.stderr
    indexed, reasons = expected_report(cases, len(words))
    info = IndexStore(tmp_path / "index").build_info()
    assert info["indexed"] == indexed
    assert Counter(info["skipped"]) == reasons + Counter({"symlink loop": 1, "unreadable file": 1})
    assert info["skipped_examples"]["unreadable file"] == [str(secret)]
    for reason in ("empty file", "binary file", "invalid JSON", "truncated gzip", "symlink loop", "unreadable file"):
        assert reason in done.stdout
    assert_all_good_articles_indexed(tmp_path / "index", words)


def _slow_page() -> bytes:
    return _big_html(8)


def _gzip_bomb(megabytes: int) -> bytes:
    """Under a megabyte on disk, `megabytes` of zero bytes once decompressed: more than any memory already free
    (and, read without a budget, a binary file skipped at once)."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    return b"".join(compressor.compress(block) for _ in range(megabytes)) + compressor.flush()


def test_over_time_budget_is_a_skip_with_its_reason(tmp_path):
    (tmp_path / "slow.html").write_bytes(_slow_page())
    items = list(read_file_within_budget(CorpusFile(str(tmp_path / "slow.html"), "slow.html"), seconds=0.05))
    assert items == [Skip(str(tmp_path / "slow.html"), "over time budget", "limit 0.05 s")]


def test_over_memory_budget_is_a_skip_with_its_reason(tmp_path):
    (tmp_path / "bomb.txt.gz").write_bytes(_gzip_bomb(150))
    items = list(read_file_within_budget(CorpusFile(str(tmp_path / "bomb.txt.gz"), "bomb.txt.gz"), memory_mb=16))
    assert items == [Skip(str(tmp_path / "bomb.txt.gz"), "over memory budget", "limit 16 MB")]


def test_budget_cannot_be_swallowed_by_a_reader(tmp_path, monkeypatch):
    def stubborn(source):
        while True:
            try:
                yield from ()
            except Exception:
                pass

    (tmp_path / "a.txt").write_text("Title\n\nBody")
    monkeypatch.setattr(corpus_module, "read_source", stubborn)
    assert list(read_file_within_budget(CorpusFile(str(tmp_path / "a.txt"), "a.txt"), seconds=0.05))[0].reason \
        == "over time budget"


def test_budget_leaves_no_trace_and_changes_nothing_within_it(fixture_corpus):
    limits, handler = resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGALRM)
    path = fixture_corpus / "wire" / "articles.jsonl"
    file = CorpusFile(str(path), "wire/articles.jsonl")
    assert list(read_file_within_budget(file)) == read_file(file)
    list(read_file_within_budget(file, seconds=1e-6))
    list(read_file_within_budget(file, memory_mb=0))
    assert resource.getrlimit(resource.RLIMIT_AS) == limits and signal.getsignal(signal.SIGALRM) == handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.slow
def test_rebuild_skips_files_over_budget_and_keeps_the_rest(make_corpus, tmp_path, monkeypatch):
    corpus, words = make_corpus("corpus", 30)
    (corpus / "slow.html").write_bytes(_slow_page())
    (corpus / "bomb.txt.gz").write_bytes(_gzip_bomb(150))
    monkeypatch.setattr(corpus_module, "FILE_TIME_BUDGET", 0.5)
    monkeypatch.setattr(corpus_module, "FILE_MEMORY_BUDGET_MB", 64)
    report = rebuild([corpus], tmp_path / "index")
    assert report.skipped == Counter({"over time budget": 1, "over memory budget": 1})
    assert report.examples["over time budget"] == [str(corpus / "slow.html")]
    assert report.examples["over memory budget"] == [str(corpus / "bomb.txt.gz")]
    assert report.indexed == len(words)
    assert_all_good_articles_indexed(tmp_path / "index", words)
