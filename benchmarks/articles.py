"""Articles of a corpus as the project itself reads and cleans them, so every system gets the same text."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.article import Article
from indexer.corpus import CorpusFile, discover, read_file


def read_articles(corpus: Path) -> Iterator[Article]:
    """Every article under `corpus`, in corpus order, through the project's readers (skips dropped)."""
    for item in discover([corpus]):
        if isinstance(item, CorpusFile):
            yield from (a for a in read_file(item) if isinstance(a, Article))


def clean_record(article: Article) -> dict:
    """The fields the baselines index: already-clean text plus the metadata their queries filter on."""
    return {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "published": article.published.isoformat() if article.published else "",
    }


def write_jsonl(records: Iterable[dict], path: Path) -> int:
    """Write one JSON object per line; returns how many were written."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_jsonl_batches(path: Path, size: int = 1000) -> Iterator[list[dict]]:
    """Records of a JSON Lines file in lists of `size`, so a consumer never holds the whole file."""
    batch: list[dict] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            batch.append(json.loads(line))
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch
