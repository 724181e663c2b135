"""Side by side on the same articles and queries: this project, naive Whoosh and SQLite FTS5.

Measures each system's index build (articles/s, size on disk, peak memory of its process
tree) and its top-10-with-snippets query latency per query category, in one run.

    python benchmarks/compare.py --corpus reuters
    python benchmarks/compare.py --corpus generated --generated-count 20000 --systems project,fts5
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.articles import clean_record, read_articles, write_jsonl  # noqa: E402
from benchmarks.corpora import Corpus, choose_corpus  # noqa: E402
from benchmarks.latency import summarize, timed  # noqa: E402
from benchmarks.querysets import CATEGORIES, NATURAL, BenchQuery, corpus_facts, query_set  # noqa: E402
from benchmarks.results import environment, write_result  # noqa: E402
from benchmarks.systems.base import BuildResult, PreparedCorpus, System  # noqa: E402
from benchmarks.systems.fts5 import Fts5  # noqa: E402
from benchmarks.systems.naive_whoosh import NaiveWhoosh  # noqa: E402
from benchmarks.systems.project import Project  # noqa: E402

SYSTEMS: dict[str, type[System]] = {"project": Project, "whoosh": NaiveWhoosh, "fts5": Fts5}
WARMUP_QUERIES = 10
MB = 1e6


def prepare(corpus: Path, workdir: Path) -> PreparedCorpus:
    """Read and clean the corpus once with the project's readers (untimed) for the baselines."""
    clean = workdir / "clean.jsonl"
    return PreparedCorpus(corpus, clean, write_jsonl(map(clean_record, read_articles(corpus)), clean))


def measure_queries(systems: list[System], queries: list[BenchQuery]) -> dict[str, dict[str, dict]]:
    """Latency summary per system and category; queries are interleaved so load from others hits all alike.

    A query that raises is counted as an error of its system and category, and the run goes on.
    """
    times: dict[str, dict[str, list[float]]] = {s.name: defaultdict(list) for s in systems}
    hits: dict[str, dict[str, list[int]]] = {s.name: defaultdict(list) for s in systems}
    errors: dict[str, dict[str, list[str]]] = {s.name: defaultdict(list) for s in systems}
    for system in systems:
        system.open()
        for query in queries[:WARMUP_QUERIES]:  # opens searchers and fills caches outside the timing
            _search_or_error(system, query, {system.name: defaultdict(list)})
    for number, query in enumerate(queries):
        turn = number % len(systems)
        for system in systems[turn:] + systems[:turn]:
            found, ms = timed(_search_or_error, system, query, errors)
            if found is not None:
                times[system.name][query.category].append(ms)
                hits[system.name][query.category].append(found)
    for system in systems:
        system.close()
    summary: dict[str, dict[str, dict]] = {}
    for name, by_category in times.items():
        summary[name] = {c: summarize(v) | {"mean_hits": round(sum(hits[name][c]) / len(v), 2)}
                         for c, v in by_category.items()}
        for category, messages in errors[name].items():
            summary[name].setdefault(category, {"count": 0}).update(errors=len(messages), first_error=messages[0])
    return summary


def _search_or_error(system: System, query: BenchQuery, errors: dict[str, dict[str, list[str]]]) -> int | None:
    try:
        return system.search(query)
    except Exception as error:  # reported with the results; one bad query must not lose the whole run
        errors[system.name][query.category].append(f"{query.text!r}: {type(error).__name__}: {error}")
        return None


def ratios(systems: dict, project: str = "project") -> dict[str, dict[str, float]]:
    """project/other for every figure both systems have (above 1 means the project's figure is larger)."""
    if project not in systems:
        return {}
    mine = _figures(systems[project])
    out = {}
    for name, data in systems.items():
        if name == project:
            continue
        theirs = _figures(data)
        out[f"{project}/{name}"] = {k: round(mine[k] / theirs[k], 3) for k in mine if theirs.get(k)}
    return out


def _figures(system: dict) -> dict[str, float]:
    build = system["build"]
    flat = {"articles_per_second": build["articles_per_second"], "elapsed_seconds": build["seconds"],
            "index_mb": build["index_mb"], "peak_rss_mb": build["peak_rss_mb"]}
    for category, summary in system["latency_ms"].items():
        flat.update({f"{category}_{k}_ms": summary[k] for k in ("median", "p95", "p99") if k in summary})
    return flat


def build_summary(result: BuildResult) -> dict:
    return {"articles": result.articles, "seconds": round(result.seconds, 2), "timed": result.timed,
            "wall_seconds": round(result.wall_seconds, 2), "articles_per_second": round(result.rate, 1),
            "index_mb": round(result.index_bytes / MB, 2), "peak_rss_mb": round(result.peak_rss_bytes / MB, 1)}


def print_report(data: dict) -> None:
    names = list(data["systems"])
    ratio_names = list(data["ratios"])
    print(f"\n== {data['corpus']}: {data['articles']:,} articles; queries: "
          + ", ".join(f"{n} {c}" for c, n in data["queries"].items()) + " ==")
    if data.get("generator"):
        g = data["generator"]
        print(f"generated in {g['seconds']} s ({g['articles_per_second']:.0f} articles/s after "
              f"{g['fit_seconds']} s fitting on Reuters)")
    print(f"{'':34}" + "".join(f"{n:>14}" for n in names) + "".join(f"{r:>22}" for r in ratio_names))
    figures = {n: _figures(data["systems"][n]) for n in names}
    rows = [("rebuild elapsed s", "elapsed_seconds"), ("rebuild articles/s", "articles_per_second"),
            ("index size MB", "index_mb"), ("peak memory of build MB (PSS)", "peak_rss_mb")]
    for category in CATEGORIES:
        rows += [(f"{category} query {k} ms", f"{category}_{k}_ms") for k in ("median", "p95", "p99")]
    for label, key in rows:
        if not any(key in figures[n] for n in names):
            continue
        cells = "".join(f"{figures[n][key]:>14.1f}" if key in figures[n] else f"{'n/a':>14}" for n in names)
        cells += "".join(f"{data['ratios'][r][key]:>22.2f}" if key in data["ratios"][r] else f"{'n/a':>22}"
                         for r in ratio_names)
        print(f"{label:34}{cells}")
    for name in names:
        system = data["systems"][name]
        counts = ", ".join(f"{c} {s['count']}" for c, s in system["latency_ms"].items())
        hits = ", ".join(f"{c} {s['mean_hits']}" for c, s in system["latency_ms"].items() if "mean_hits" in s)
        print(f"{name}: elapsed = {system['build']['timed']} (wall {system['build']['wall_seconds']} s); "
              f"{system['build']['articles']:,} articles; queries run: {counts}; mean hits: {hits}")
        for category, summary in system["latency_ms"].items():
            if summary.get("errors"):
                print(f"  ERRORS {category}: {summary['errors']} queries failed, first: {summary['first_error']}")
    print("ratios: the project's figure divided by the other's (latency above 1: the project is slower; "
          "articles/s above 1: the project is faster); n/a: the system cannot express that category")


def run(corpus: Corpus, names: list[str], natural: int, seed: int, workdir: Path) -> dict:
    """Build every system on `corpus`, time the same queries on each, and return the results."""
    prepared = prepare(corpus.path, workdir)
    queries = query_set(natural, corpus_facts(corpus.path), seed)
    systems = [SYSTEMS[n]() for n in names]
    builds = {}
    for system in systems:
        print(f"building {system.name} ...", file=sys.stderr, flush=True)
        builds[system.name] = build_summary(system.build(prepared, workdir))
    print(f"timing {len(queries)} queries on {', '.join(names)} ...", file=sys.stderr, flush=True)
    latencies = measure_queries(systems, queries)
    data = {
        "corpus": corpus.label,
        "corpus_path": str(corpus.path),
        "articles": prepared.articles,
        "date": datetime.now().isoformat(timespec="seconds"),
        "environment": environment(),
        "query_seed": seed,
        "queries": {c: sum(q.category == c for q in queries) for c in CATEGORIES
                    if any(q.category == c for q in queries)},
        "systems": {s.name: {"build": builds[s.name], "latency_ms": latencies[s.name]} for s in systems},
    }
    if corpus.generation:
        g = corpus.generation
        data["generator"] = {"articles": g.articles, "seconds": round(g.seconds, 2),
                             "fit_seconds": round(g.fit_seconds, 2), "articles_per_second": round(g.rate, 1),
                             "invented_names": g.invented_names}
    data["ratios"] = ratios(data["systems"])
    return data


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="reuters", help="reuters, generated, or a folder (default reuters)")
    parser.add_argument("--generated-count", type=int, default=20_000,
                        help="articles to generate for --corpus generated (default 20000)")
    parser.add_argument("--generator-seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=300,
                        help=f"{NATURAL} queries (headline figure); each other category gets a fifth as many")
    parser.add_argument("--seed", type=int, default=1987, help="query sampling seed")
    parser.add_argument("--systems", default="project,whoosh,fts5", help="comma-separated: " + ",".join(SYSTEMS))
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown or not names:
        parser.error(f"unknown systems {unknown}; choose from {', '.join(SYSTEMS)}")
    with tempfile.TemporaryDirectory(prefix="news-bench-") as tmp:
        corpus = choose_corpus(args.corpus, args.generated_count, args.generator_seed, Path(tmp))
        data = run(corpus, names, args.queries, args.seed, Path(tmp))
    print_report(data)
    print(f"\nresults: {write_result('compare', data['corpus'], data)}")


if __name__ == "__main__":
    main()
