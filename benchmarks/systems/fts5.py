"""SQLite FTS5 as a user would set it up: porter stemming, bm25() order, snippet(), words ORed.

FTS5 has prefix queries (`"stem"*`) but nothing fuzzy, so fuzzy queries are not expressible.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from benchmarks.latency import timed
from benchmarks.querysets import BenchQuery
from benchmarks.systems.base import BuildResult, PreparedCorpus, builder_main, run_builder

CREATE = ("CREATE VIRTUAL TABLE articles USING fts5("
          "id UNINDEXED, title, body, source, published UNINDEXED, tokenize='porter unicode61')")
INSERT = "INSERT INTO articles (id, title, body, source, published) VALUES (?, ?, ?, ?, ?)"
SEARCH = ("SELECT id, title, snippet(articles, 2, '<mark>', '</mark>', '…', 32) FROM articles "
          "WHERE articles MATCH ?{dates} ORDER BY bm25(articles) LIMIT 10")
DATES = " AND published >= ? AND published < ?"  # ISO 8601 strings compare as dates
DATABASE = "articles.db"


def index_articles(batches: Iterator[list[dict]], index: Path) -> tuple[int, float]:
    """Insert every article in one transaction; only the inserts and the commit are timed."""
    index.mkdir(parents=True)
    connection = sqlite3.connect(index / DATABASE)
    connection.execute(CREATE)
    count, elapsed_ms = 0, 0.0
    for batch in batches:
        rows = [(r["id"], r["title"], r["body"], r["source"], r["published"]) for r in batch]
        _, ms = timed(connection.executemany, INSERT, rows)
        count, elapsed_ms = count + len(rows), elapsed_ms + ms
    _, ms = timed(connection.commit)
    connection.close()
    return count, (elapsed_ms + ms) / 1000


def _quoted(text: str) -> str:
    """An FTS5 string literal: the words are searched as written, never read as operators."""
    return '"' + text.replace('"', '""') + '"'


def match_expression(query: BenchQuery) -> str:
    """The FTS5 MATCH text for a benchmark query (dates are filtered in SQL instead)."""
    if query.prefix:
        return _quoted(query.words[0]) + "*"
    if query.phrase:
        return _quoted(" ".join(query.words))
    if query.field:
        return f"{query.field} : " + " OR ".join(map(_quoted, query.words))
    return " OR ".join(map(_quoted, query.words))


class Fts5:
    name = "fts5"

    def __init__(self) -> None:
        self.index: Path | None = None
        self.connection: sqlite3.Connection | None = None

    def build(self, corpus: PreparedCorpus, workdir: Path) -> BuildResult | None:
        self.index = workdir / "fts5-index"
        return run_builder(__name__, corpus, self.index)

    def open(self) -> None:
        self.connection = sqlite3.connect(self.index / DATABASE)

    def search(self, query: BenchQuery) -> int | None:
        if query.fuzzy:
            return None
        params: list[str] = [match_expression(query)]
        if query.published:
            first, last = query.published
            params += [first.isoformat(), (last + timedelta(days=1)).isoformat()]
        sql = SEARCH.format(dates=DATES if query.published else "")
        return len(self.connection.execute(sql, params).fetchall())

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


if __name__ == "__main__":
    builder_main(index_articles)
