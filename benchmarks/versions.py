"""Versions of a story on Reuters-21578: how many known version pairs are grouped, and how many grouped
pairs are not versions at all.

Known pairs: two articles with the same headline on the same day whose texts differ and where the
shorter text's word 4-shingles are at least 80% contained in the longer one's (read with the project's
Reuters reader). The index is built by `news-index rebuild` of this checkout or of another (`--bin`),
and each article's versions are read from `news-web`'s `/api/article/<id>`, as a user sees them.

- recall: of the known pairs with both articles indexed, the share in one group;
- false grouping: of every pair of articles the project puts in one group, the share whose shorter text
  has less than 30% of its 4-shingles in the longer one and whose headlines differ (in their words).

    python benchmarks/versions.py [--corpus ../shared/corpus/reuters21578] [--bin DIR] [--workdir DIR]
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.commands import fetch, rebuild_measured, serving  # noqa: E402
from benchmarks.results import environment, write_result  # noqa: E402
from indexer.article import Article  # noqa: E402
from indexer.corpus import CorpusFile, discover, read_file  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters21578"
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return set(zip(words, words[1:], words[2:], words[3:]))


def headline_words(title: str) -> list[str]:
    """A headline as its words: `STERLING-TARGET` and `sterling target,` are one headline."""
    return _WORD.findall(title.lower())


def containment(first: str, second: str) -> float:
    """The share of the shorter text's 4-shingles found in the longer one's."""
    a, b = shingles(first), shingles(second)
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0


def read_articles(corpus: Path) -> dict[str, dict]:
    articles = {}
    for file in discover([corpus]):
        for item in read_file(file) if isinstance(file, CorpusFile) else ():
            if isinstance(item, Article):
                articles[item.id] = {"title": item.title, "body": item.body,
                                     "day": item.published.date().isoformat() if item.published else ""}
    return articles


def known_pairs(articles: dict[str, dict]) -> list[tuple[str, str, float]]:
    """Same headline, same day, different text, shorter at least 80% contained in the longer."""
    by_story = defaultdict(list)
    for article_id, a in articles.items():
        if a["title"] and a["day"]:
            by_story[a["title"].strip().lower(), a["day"]].append(article_id)
    pairs = []
    for ids in by_story.values():
        for first, second in itertools.combinations(sorted(ids), 2):
            a, b = articles[first]["body"], articles[second]["body"]
            if a != b:
                share = containment(a, b)
                if share >= 0.8:
                    pairs.append((first, second, round(share, 3)))
    return pairs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--bin", type=Path, help="another checkout's virtualenv bin folder")
    parser.add_argument("--workdir", type=Path, help="keep the index here (default: a temporary folder)")
    args = parser.parse_args(argv)
    articles = read_articles(args.corpus)
    pairs = known_pairs(articles)
    with tempfile.TemporaryDirectory(prefix="versions-") as scratch:
        index = (args.workdir or Path(scratch)) / "index-versions"
        build = rebuild_measured(args.corpus, index, args.bin)
        versions: dict[str, list[str] | None] = {}
        with serving(index, workers=1, bin_dir=args.bin) as port:
            for article_id in articles:
                status, body, _ = fetch(port, f"/api/article/{article_id}")
                versions[article_id] = [v["id"] for v in json.loads(body)["versions"]] if status == 200 else None
    indexed = [(a, b, c) for a, b, c in pairs if versions[a] is not None and versions[b] is not None]
    grouped = [(a, b, c) for a, b, c in indexed if b in versions[a]]
    groups = {frozenset([article_id, *others]) for article_id, others in versions.items() if others}
    grouped_pairs = [tuple(sorted(p)) for g in groups for p in itertools.combinations(sorted(g), 2)]
    false = []
    for a, b in grouped_pairs:
        share = containment(articles[a]["body"], articles[b]["body"])
        if share < 0.3 and headline_words(articles[a]["title"]) != headline_words(articles[b]["title"]):
            false.append((a, b, round(share, 3)))
    summary = {
        "known_pairs": len(pairs), "both_indexed": len(indexed), "grouped": len(grouped),
        "recall": round(len(grouped) / len(indexed), 4) if indexed else None,
        "groups": len(groups), "grouped_pairs": len(grouped_pairs), "false_pairs": len(false),
        "false_share": round(len(false) / len(grouped_pairs), 4) if grouped_pairs else None,
        "rebuild_seconds": round(build.wall_seconds, 1), "articles_indexed": build.articles,
    }
    print(json.dumps(summary, indent=2))
    path = write_result("versions", "reuters", {
        "environment": environment(args.bin), "summary": summary,
        "missed": [p for p in indexed if p not in grouped], "caught": grouped, "false": false,
        "groups": sorted(sorted(g) for g in groups)})
    print(f"written {path}")


if __name__ == "__main__":
    main()
