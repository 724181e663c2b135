"""Languages: does a query in other inflected forms find its article, against reference BM25 with that
language's stemmer, and does English ranking hold when the index is half other languages?

Morphological recall: every article and query of a fixture folder (`articles-LL.jsonl`,
`queries-LL.jsonl`, as in tests/fixtures/languages) goes into one index built by
`news-index rebuild`; each query is searched by `news-index search --queries` (of this checkout,
or of another with `--bin`) and by a
reference BM25 (k1 1.2, b 0.75) over the same articles analysed by the query language's
Snowball stemmer (PyStemmer), or by character pairs for Chinese, Japanese and Korean, as
Lucene's CJK analyzer does. Reported per language: the share of queries whose article is in
the top 10, and the mean reciprocal rank.

English with other languages: the TIME collection is scored by `ranking_eval.py` as it is, and
again with as many non-English documents added (the paragraphs of the fixture articles and
the passages, each one document).

    python benchmarks/multilingual.py [--fixtures tests/fixtures/languages] [--time ../shared/eval/time] [--bin DIR]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import Stemmer

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.commands import console_script, project_env  # noqa: E402
from benchmarks.results import environment, write_result  # noqa: E402
from indexer.analysis import STEMMED_LANGUAGES  # noqa: E402  (the reference's stemmers)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
DEPTH = 10


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def reference_tokens(text: str, language: str) -> list[str]:
    """Words lower-cased and stemmed by the language's Snowball stemmer; CJK runs as character pairs."""
    stem = Stemmer.Stemmer(STEMMED_LANGUAGES[language]).stemWord if language in STEMMED_LANGUAGES else None
    tokens = []
    for word in re.findall(r"\w+", text.lower()):
        runs = CJK.findall(word)
        if runs:
            for run in runs:
                tokens += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
            word = CJK.sub(" ", word).strip()
            if not word:
                continue
        tokens.append(stem(word) if stem else word)
    return tokens


def reference_ranking(articles: list[dict], query: str, language: str) -> list[str]:
    """Article ids by BM25 over all `articles`, everything analysed by `language`'s rules."""
    documents = [Counter(reference_tokens(f"{a['title']}\n{a['body']}", language)) for a in articles]
    lengths = [sum(d.values()) for d in documents]
    average = sum(lengths) / len(lengths)
    terms = set(reference_tokens(query, language))
    frequency = {t: sum(t in d for d in documents) for t in terms}
    scores = []
    for article, document, length in zip(articles, documents, lengths):
        score = 0.0
        for term in terms:
            tf = document.get(term, 0)
            if tf:
                idf = math.log(1 + (len(documents) - frequency[term] + 0.5) / (frequency[term] + 0.5))
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / average))
        if score > 0:
            scores.append((-score, article["id"]))
    return [doc for _, doc in sorted(scores)]


def rank_of(ids: list[str], wanted: str) -> int | None:
    return ids.index(wanted) + 1 if wanted in ids else None


def morphological_recall(fixtures: Path, work: Path, bin_dir: Path | None) -> dict:
    corpus = work / "corpus"
    corpus.mkdir()
    articles = []
    for path in sorted(fixtures.glob("articles-*.jsonl")):
        shutil.copy(path, corpus / path.name)
        articles += read_jsonl(path)
    index, queries = work / "index", read_jsonl_all(fixtures, "queries-*.jsonl")
    news_index = console_script("news-index", bin_dir)
    subprocess.run([news_index, "rebuild", "--corpus", str(corpus), "--index", str(index)],
                   check=True, stdout=subprocess.DEVNULL, env=project_env())
    (work / "queries.tsv").write_text("".join(f"{n}\t{q['query']}\n" for n, q in enumerate(queries)), encoding="utf-8")
    run = subprocess.run([news_index, "search", "--index", str(index), "--queries", str(work / "queries.tsv"),
                          "--format", "trec", "--limit", str(DEPTH)],
                         check=True, capture_output=True, text=True, env=project_env()).stdout
    found: dict[str, list[str]] = defaultdict(list)
    for line in run.splitlines():  # qid Q0 docid rank score tag, best first
        found[line.split()[0]].append(line.split()[2])
    ranks: dict[str, dict[str, list]] = defaultdict(lambda: {"project": [], "reference": []})
    for number, query in enumerate(queries):
        ranks[query["language"]]["project"].append(rank_of(found[str(number)], query["article"]))
        reference = reference_ranking(articles, query["query"], query["language"])[:DEPTH]
        ranks[query["language"]]["reference"].append(rank_of(reference, query["article"]))
    summary = {}
    for language, systems in sorted(ranks.items()):
        summary[language] = {system: {"queries": len(got),
                                      "top10": round(sum(r is not None for r in got) / len(got), 3),
                                      "mrr": round(sum(1 / r for r in got if r) / len(got), 3)}
                             for system, got in systems.items()}
    return summary


def read_jsonl_all(folder: Path, pattern: str) -> list[dict]:
    return [record for path in sorted(folder.glob(pattern)) for record in read_jsonl(path)]


def non_english_documents(fixtures: Path, count: int) -> list[dict]:
    """Up to `count` one-paragraph documents in the fixtures' languages other than English."""
    documents = []
    for article in read_jsonl_all(fixtures, "articles-*.jsonl"):
        if article["id"].startswith("en-"):
            continue
        for number, paragraph in enumerate(article["body"].split("\n\n")):
            documents.append({"id": f"{article['id']}-p{number}", "title": article["title"], "body": paragraph})
    for number, passage in enumerate(read_jsonl_all(fixtures, "passages-*.jsonl")):
        if passage["language"] != "en":
            documents.append({"id": f"passage-{number}", "title": "", "body": passage["text"]})
    return documents[:count]


def time_scores(collection: Path, work: Path, fixtures: Path, bin_dir: Path | None) -> dict:
    """nDCG@10 and MAP of TIME alone and with as many non-English documents, by ranking_eval.py."""
    mixed = work / "time-mixed"
    mixed.mkdir()
    for name in ("topics.tsv", "qrels.txt"):
        shutil.copy(collection / name, mixed / name)
    time_docs = read_jsonl(collection / "docs.jsonl")
    added = non_english_documents(fixtures, len(time_docs))
    with (mixed / "docs.jsonl").open("w", encoding="utf-8") as out:
        for record in time_docs + added:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    commands = Path(console_script("news-index", bin_dir)).parent
    env = project_env() | {"PATH": f"{commands}{os.pathsep}{os.environ['PATH']}"}
    scores = {}
    for name, folder in (("TIME", collection), (f"TIME + {len(added)} non-English", mixed)):
        done = subprocess.run([sys.executable, str(SHARED / "eval" / "ranking_eval.py"), "--collection", str(folder)],
                              capture_output=True, text=True, env=env, check=True)
        line = done.stdout.strip().splitlines()[-1]
        scores[name] = dict(re.findall(r"([\w@]+)=([\d.]+)", line))
    return {"documents_added": len(added), "time_documents": len(time_docs), "scores": scores}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures" / "languages")
    parser.add_argument("--time", type=Path, default=SHARED / "eval" / "time")
    parser.add_argument("--bin", type=Path, help="the folder holding the news-index to measure (default: beside "
                        "this Python)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="news-languages-") as tmp:
        recall = morphological_recall(args.fixtures, Path(tmp), args.bin)
        english = time_scores(args.time, Path(tmp), args.fixtures, args.bin) if args.time.exists() else None
    print(f"{'language':8} {'queries':>7} {'top-10 project':>15} {'reference':>10} {'MRR project':>12} "
          f"{'reference':>10}")
    for language, systems in recall.items():
        p, r = systems["project"], systems["reference"]
        print(f"{language:8} {p['queries']:>7} {p['top10']:>15.3f} {r['top10']:>10.3f} {p['mrr']:>12.3f} "
              f"{r['mrr']:>10.3f}")
    if english:
        for name, scores in english["scores"].items():
            print(f"{name}: nDCG@10 {scores.get('ndcg@10')}, MAP {scores.get('map')}")
    data = {"date": datetime.now().isoformat(timespec="seconds"), "environment": environment(args.bin),
            "fixtures": str(args.fixtures), "recall": recall, "english_with_other_languages": english}
    print(f"\nresults: {write_result('multilingual', 'fixtures', data)}")


if __name__ == "__main__":
    main()
