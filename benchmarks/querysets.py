"""Realistic benchmark queries: words people type, sampled from real headlines and topics.

Seeded and deterministic, so every run and every system sees the same queries.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from indexer.corpus import CorpusFile, discover, read_file
from indexer.article import Article
from whoosh.analysis.analyzers import STOP_WORDS

SHARED = Path(__file__).resolve().parents[2] / "shared"
REUTERS = SHARED / "corpus" / "reuters21578"
TIME_TOPICS = SHARED / "eval" / "time" / "topics.tsv"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def _content_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if w.lower() not in STOP_WORDS and len(w) > 2]


def headlines(corpus: Path = REUTERS, limit: int = 5000) -> list[str]:
    """Titles of the first `limit` articles of a corpus, read by the project's own readers."""
    titles: list[str] = []
    for item in discover([corpus]):
        if not isinstance(item, CorpusFile):
            continue
        titles.extend(a.title for a in read_file(item) if isinstance(a, Article) and a.title)
        if len(titles) >= limit:
            break
    return titles[:limit]


def natural_queries(count: int = 300, seed: int = 1987, corpus: Path = REUTERS) -> list[str]:
    """1-5 word queries: runs of content words from headlines, plus TIME topic keywords."""
    rng = random.Random(seed)
    pools = [_content_words(t) for t in headlines(corpus)]
    pools = [p for p in pools if p]
    if TIME_TOPICS.exists():
        for line in TIME_TOPICS.read_text().splitlines():
            words = _content_words(line.partition("\t")[2])
            if words:
                pools.append(words)
    queries = []
    while len(queries) < count:
        words = rng.choice(pools)
        size = min(len(words), rng.randint(1, 5))
        start = rng.randint(0, len(words) - size)
        queries.append(" ".join(words[start:start + size]))
    return queries
