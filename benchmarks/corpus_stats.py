"""Describe a corpus the way the generator is judged against Reuters: size, vocabulary, body lengths.

    python benchmarks/corpus_stats.py PATH [PATH...]
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.articles import read_articles  # noqa: E402

_TOKEN = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-case word tokens (letters and digits); the unit of vocabulary and length counts."""
    return _TOKEN.findall(text.lower())


def describe(corpus: Path) -> dict:
    """Articles, tokens, vocabulary and the body-length distribution (in words) of `corpus`."""
    vocabulary: set[str] = set()
    lengths: list[int] = []
    paragraphs: list[int] = []
    sources: Counter = Counter()
    dates = []
    for article in read_articles(corpus):
        body = words(article.body)
        vocabulary.update(body)
        vocabulary.update(words(article.title))
        lengths.append(len(body))
        paragraphs.append(len([p for p in article.body.split("\n\n") if p.strip()]))
        sources[article.source] += 1
        if article.published:
            dates.append(article.published.date().isoformat())
    nonempty = [n for n in lengths if n]
    return {
        "corpus": str(corpus),
        "articles": len(lengths),
        "body_tokens": sum(lengths),
        "vocabulary": len(vocabulary),
        "empty_bodies": lengths.count(0),
        "body_words_mean": round(statistics.fmean(lengths), 1) if lengths else 0,
        "body_words_median": statistics.median(lengths) if lengths else 0,
        "body_words_p90": sorted(lengths)[int(0.9 * (len(lengths) - 1))] if lengths else 0,
        "nonempty_body_words_mean": round(statistics.fmean(nonempty), 1) if nonempty else 0,
        "nonempty_body_words_median": statistics.median(nonempty) if nonempty else 0,
        "paragraphs_mean": round(statistics.fmean(paragraphs), 2) if paragraphs else 0,
        "sources": len(sources),
        "published_first": min(dates, default=None),
        "published_last": max(dates, default=None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path)
    for path in parser.parse_args().paths:
        print(json.dumps(describe(path)))


if __name__ == "__main__":
    main()
