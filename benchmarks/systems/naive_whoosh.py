"""Whoosh as a newcomer would use it: StemmingAnalyzer schema, one default writer, default parser.

The parser gets the one plugin Whoosh's documentation adds for `word~` fuzzy terms.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import FuzzyTermPlugin, OrGroup, QueryParser

from benchmarks.latency import timed
from benchmarks.querysets import BenchQuery
from benchmarks.systems.base import BuildResult, PreparedCorpus, builder_main, run_builder


def schema() -> Schema:
    return Schema(id=ID(stored=True),
                  title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
                  body=TEXT(analyzer=StemmingAnalyzer(), stored=True))


def _add(writer, batch: list[dict]) -> None:
    for record in batch:
        writer.add_document(id=record["id"], title=record["title"], body=record["body"])


def index_articles(batches: Iterator[list[dict]], index: Path) -> tuple[int, float]:
    """One `ix.writer()` in this process; only adding documents and the commit are timed."""
    index.mkdir(parents=True)
    writer = whoosh_index.create_in(str(index), schema()).writer()
    count, elapsed_ms = 0, 0.0
    for batch in batches:
        _, ms = timed(_add, writer, batch)
        count, elapsed_ms = count + len(batch), elapsed_ms + ms
    _, ms = timed(writer.commit)
    return count, (elapsed_ms + ms) / 1000


class NaiveWhoosh:
    name = "naive-whoosh"

    def __init__(self) -> None:
        self.index: Path | None = None
        self.searcher = None
        self.parser: QueryParser | None = None

    def build(self, corpus: PreparedCorpus, workdir: Path) -> BuildResult | None:
        self.index = workdir / "whoosh-index"
        return run_builder(__name__, corpus, self.index)

    def open(self) -> None:
        ix = whoosh_index.open_dir(str(self.index))
        self.searcher = ix.searcher()
        self.parser = QueryParser("body", ix.schema, group=OrGroup)
        self.parser.add_plugin(FuzzyTermPlugin())

    def search(self, query: BenchQuery) -> int | None:
        """Natural, phrase, title, fuzzy and prefix queries read the same in Whoosh's syntax.

        The naive schema has no outlet or date field, so those categories are not expressible.
        """
        if query.published or query.field == "source":
            return None
        results = self.searcher.search(self.parser.parse(query.text), limit=10)
        hits = [(hit["id"], hit["title"], hit.highlights("body")) for hit in results]
        return len(hits)

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()


if __name__ == "__main__":
    builder_main(index_articles)
