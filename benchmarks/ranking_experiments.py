"""Score ranking configurations on a test collection, side by side, and record the table.

    python benchmarks/ranking_experiments.py [--collection ../shared/eval/time] [--grid default|full]

Builds the collection's index once, then runs every query of the collection under each
`RankingConfig` through the project's own search function, scoring with the metric code
of `../shared/eval/ranking_eval.py` (MAP, nDCG@10, P@10, recall@100). Results go to
stdout and to benchmarks/results/ranking-<collection>-<date>.json.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.build import rebuild  # noqa: E402
from indexer.search import LiveIndex, SearchRequest, search  # noqa: E402
from indexer.search.ranking import RankingConfig  # noqa: E402
from indexer.storage import BM25F  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval"
RESULTS = ROOT / "benchmarks" / "results"


def load_metrics_module():
    spec = importlib.util.spec_from_file_location("ranking_eval", SHARED_EVAL / "ranking_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def configurations(grid: str) -> dict[str, tuple[BM25F, RankingConfig]]:
    """Named configurations: the steps from plain BM25 to the chosen ranking, and a k1/b grid (BM25F's
    parameters are the build's, so each of those gets an index of its own)."""
    base = RankingConfig(sentence_stopwords=False, feedback_docs=0, proximity=0.0)
    steps = {
        "bm25f k1=1.2 b=0.75 alone": base,
        "+ sentence stopwords": (stopwords := dataclasses.replace(base, sentence_stopwords=True)),
        "+ rm3 10 docs, 20 terms, w 0.3": dataclasses.replace(stopwords, feedback_docs=10),
        "+ proximity 0.1 = chosen (defaults)": RankingConfig(),
        "chosen without sentence stopwords": RankingConfig(sentence_stopwords=False),
        "chosen without rm3": RankingConfig(feedback_docs=0),
    }
    chosen = RankingConfig()
    for weight in (0.05, 0.1, 0.2, 0.4):
        steps[f"defaults + proximity {weight}"] = dataclasses.replace(chosen, proximity=weight)
    for docs, terms, weight in ((5, 10, 0.3), (10, 20, 0.3), (10, 20, 0.5), (5, 20, 0.5)):
        steps[f"defaults + rm3 docs={docs} terms={terms} w={weight}"] = dataclasses.replace(
            chosen, feedback_docs=docs, feedback_terms=terms, feedback_weight=weight)
    for weight in (0.01, 0.02, 0.05, 0.1):
        for depth in (20,):
            steps[f"defaults + proximity {weight}@{depth} + rm3 10/20/0.3"] = dataclasses.replace(
                chosen, proximity=weight, rerank_depth=depth, feedback_docs=10, feedback_terms=20,
                feedback_weight=0.3)
    for depth in (50, 100, 200, 500):
        steps[f"defaults, rm3 re-scoring the top {depth}"] = dataclasses.replace(chosen, feedback_depth=depth)
    for docs, terms, weight in ((10, 10, 0.5), (10, 30, 0.3), (15, 20, 0.3), (10, 20, 0.2)):
        steps[f"defaults + rm3 docs={docs} terms={terms} w={weight}"] = dataclasses.replace(
            chosen, feedback_docs=docs, feedback_terms=terms, feedback_weight=weight)
    configured = {name: (BM25F(), config) for name, config in steps.items()}
    if grid == "full":
        for k1 in (0.6, 0.9, 1.2, 1.5, 2.0):
            for b in (0.3, 0.5, 0.75, 0.9):
                configured[f"grid k1={k1} b_body={b}"] = (BM25F(k1=k1, b_body=b), chosen)
    return configured


def run(index_dir: Path, topics: list[tuple[str, str]], config: RankingConfig) -> tuple[dict, float]:
    live = LiveIndex(index_dir, config)
    run_lists, started = {}, time.perf_counter()
    for qid, text in topics:
        results = search(live, SearchRequest(text, limit=1000, snippets=False))
        run_lists[qid] = [hit.id for hit in results.hits]
    live.close()
    return run_lists, (time.perf_counter() - started) * 1000 / max(1, len(topics))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collection", type=Path, default=SHARED_EVAL / "time")
    parser.add_argument("--grid", choices=["default", "full"], default="default")
    args = parser.parse_args()
    metrics = load_metrics_module()
    qrels = metrics.load_qrels(args.collection / "qrels.txt")
    topics = [tuple(line.split("\t", 1)) for line in (args.collection / "topics.tsv").read_text().splitlines()
              if "\t" in line]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        indexes: dict[BM25F, Path] = {}
        print(f"{'configuration':48} {'nDCG@10':>8} {'MAP':>7} {'P@10':>7} {'R@100':>7} {'ms/q':>6}")
        for name, (bm25, config) in configurations(args.grid).items():
            if bm25 not in indexes:
                indexes[bm25] = Path(tmp) / f"index-{len(indexes)}"
                rebuild([args.collection / "docs.jsonl"], indexes[bm25], bm25=bm25)
            run_lists, ms = run(indexes[bm25], topics, config)
            scores = metrics.metrics(qrels, run_lists)
            rows.append({"configuration": name, "bm25": dataclasses.asdict(bm25), "config": dataclasses.asdict(config),
                         "ms_per_query": round(ms, 2),
                         **{k: round(v, 4) for k, v in scores.items()}})
            print(f"{name:48} {scores['ndcg@10']:8.4f} {scores['map']:7.4f} {scores['P@10']:7.4f} "
                  f"{scores['recall@100']:7.4f} {ms:6.1f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"ranking-{args.collection.name}-{date.today().isoformat()}.json"
    out.write_text(json.dumps(rows, indent=2))
    print(f"saved {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
