"""Side by side on the same articles and queries: this project, naive Whoosh and SQLite FTS5.

Measures each system's index build (articles/s, size on disk, peak memory of its process
tree) and its top-10-with-snippets query latency per query category, in one run.
`--served` times the project as users wait for it instead: through `news-web` (one worker)
over HTTP, against FTS5 in-process, with the first search after a start and after a switch.

    python benchmarks/compare.py --corpus reuters
    python benchmarks/compare.py --corpus generated --generated-count 20000 --systems project,fts5
    python benchmarks/compare.py --served --corpus reuters --workdir /tmp/bench [--index IDX] [--bin VENV/bin]
"""
from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.articles import clean_record, read_articles, write_jsonl  # noqa: E402
from benchmarks.commands import console_script, fetch, rebuild_measured, serving  # noqa: E402
from benchmarks.corpora import Corpus, choose_corpus  # noqa: E402
from benchmarks.latency import summarize, timed  # noqa: E402
from benchmarks.querysets import CATEGORIES, NATURAL, BenchQuery, corpus_facts, query_set  # noqa: E402
from benchmarks.results import environment, write_result  # noqa: E402
from benchmarks.served import (  # noqa: E402
    WARM_REPEATS,
    ServedApi,
    ServedPage,
    built_from,
    first_after_switch,
    first_and_warm,
    switch_generation,
)
from benchmarks.systems.base import Answer, BuildResult, PreparedCorpus, Searcher, System  # noqa: E402
from benchmarks.systems.fts5 import Fts5  # noqa: E402
from benchmarks.systems.naive_whoosh import NaiveWhoosh  # noqa: E402

SYSTEM_NAMES = ("project", "whoosh", "fts5")
DEFAULT_SYSTEMS = ",".join(SYSTEM_NAMES)
WARMUP_QUERIES = 10
SERVED_ENDPOINTS = ("/search", "/api/search")
MB = 1e6


def make_system(name: str, index: Path | None) -> System:
    """A system by its command-line name; `index`: the project's, built before (--index)."""
    if name == "project":
        from benchmarks.systems.project import Project  # in-process search: never imported in served mode

        return Project(index)
    return {"whoosh": NaiveWhoosh, "fts5": Fts5}[name]()


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare(corpus: Path, work: Path, reused: list[str]) -> PreparedCorpus:
    """Read and clean the corpus once with the project's readers (untimed) for the baselines.

    A note of the corpus is written once the articles are complete; a kept workdir with that note is reused.
    """
    clean, note = work / "clean.jsonl", work / "prepared.json"
    if note.exists():
        kept = json.loads(note.read_text())
        if kept["corpus"] != str(corpus.resolve()):
            raise SystemExit(f"{work} holds the articles of {kept['corpus']}, not of {corpus}: use another --workdir")
        reused.append(f"clean articles {clean}")
        return PreparedCorpus(corpus, clean, kept["articles"])
    work.mkdir(parents=True, exist_ok=True)
    articles = write_jsonl(map(clean_record, read_articles(corpus)), clean)
    note.write_text(json.dumps({"corpus": str(corpus.resolve()), "articles": articles}))
    return PreparedCorpus(corpus, clean, articles)


def build_or_reuse(system: System, prepared: PreparedCorpus, work: Path, reused: list[str]) -> dict | None:
    """Build summary of `system`, or None (noted in `reused`) when it keeps an index built before."""
    _progress(f"building {system.name} ...")
    summary = build_summary(system.build(prepared, work))
    if summary is None:
        reused.append(f"{system.name} index {system.index}")
    return summary


def measure_queries(systems: list[Searcher], queries: list[BenchQuery]) -> dict[str, dict[str, dict]]:
    """Latency summary per system and category; queries are interleaved so load from others hits all alike.

    A query that raises is counted as an error of its system and category, and the run goes on.
    Systems that say whether an answer is partial get the count of partial answers per category.
    """
    times: dict[str, dict[str, list[float]]] = {s.name: defaultdict(list) for s in systems}
    hits: dict[str, dict[str, list[int]]] = {s.name: defaultdict(list) for s in systems}
    partial: dict[str, dict[str, int]] = {s.name: defaultdict(int) for s in systems}
    errors: dict[str, dict[str, list[str]]] = {s.name: defaultdict(list) for s in systems}
    for system in systems:
        system.open()
        for query in queries[:WARMUP_QUERIES]:  # opens searchers and fills caches outside the timing
            _search_or_error(system, query, {system.name: defaultdict(list)})
    for number, query in enumerate(queries):
        turn = number % len(systems)
        for system in systems[turn:] + systems[:turn]:
            found, ms = timed(_search_or_error, system, query, errors)
            if found is None:
                continue
            answer = found if isinstance(found, Answer) else Answer(found, ms)
            times[system.name][query.category].append(answer.ms)
            if answer.hits is not None:
                hits[system.name][query.category].append(answer.hits)
            if answer.partial is not None:
                partial[system.name][query.category] += answer.partial
    for system in systems:
        system.close()
    summary: dict[str, dict[str, dict]] = {}
    for name, by_category in times.items():
        summary[name] = {c: summarize(v) for c, v in by_category.items()}
        for category, found in hits[name].items():
            summary[name][category]["mean_hits"] = round(sum(found) / len(found), 2)
        for category, count in partial[name].items():
            summary[name][category]["partial"] = count
        for category, messages in errors[name].items():
            summary[name].setdefault(category, {"count": 0}).update(errors=len(messages), first_error=messages[0])
    return summary


def _search_or_error(system: Searcher, query: BenchQuery,
                     errors: dict[str, dict[str, list[str]]]) -> int | Answer | None:
    try:
        return system.search(query)
    except Exception as error:  # reported with the results; one bad query must not lose the whole run
        errors[system.name][query.category].append(f"{query.text!r}: {type(error).__name__}: {error}")
        return None


def ratios(systems: dict, mine: str, others: list[str]) -> dict[str, dict[str, float]]:
    """mine/other for every figure both systems have (above 1 means `mine`'s figure is larger)."""
    figures = _figures(systems[mine])
    out = {}
    for name in others:
        theirs = _figures(systems[name])
        out[f"{mine}/{name}"] = {k: round(figures[k] / theirs[k], 3) for k in figures if theirs.get(k)}
    return out


def _figures(system: dict) -> dict[str, float]:
    build = system.get("build")
    flat = {}
    if build:
        flat = {"articles_per_second": build["articles_per_second"], "elapsed_seconds": build["seconds"],
                "index_mb": build["index_mb"], "peak_rss_mb": build["peak_rss_mb"]}
    for category, summary in system["latency_ms"].items():
        flat.update({f"{category}_{k}_ms": summary[k] for k in ("median", "p95", "p99", "max") if k in summary})
    return flat


def build_summary(result: BuildResult | None) -> dict | None:
    if result is None:
        return None
    return {"articles": result.articles, "seconds": round(result.seconds, 2), "timed": result.timed,
            "wall_seconds": round(result.wall_seconds, 2), "articles_per_second": round(result.rate, 1),
            "index_mb": round(result.index_bytes / MB, 2), "peak_rss_mb": round(result.peak_rss_bytes / MB, 1)}


def print_report(data: dict) -> None:
    """The figures of every system side by side with the ratios, then what each ran, what was reused."""
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
        rows += [(f"{category} query {k} ms", f"{category}_{k}_ms") for k in ("median", "p95", "p99", "max")]
    for label, key in rows:
        if not any(key in figures[n] for n in names):
            continue
        cells = "".join(f"{figures[n][key]:>14.1f}" if key in figures[n] else f"{'n/a':>14}" for n in names)
        cells += "".join(f"{data['ratios'][r][key]:>22.2f}" if key in data["ratios"][r] else f"{'n/a':>22}"
                         for r in ratio_names)
        print(f"{label:34}{cells}")
    served = data.get("mode") == "served"
    summaries = {c: [data["systems"][n]["latency_ms"].get(c) for n in names] for c in CATEGORIES}
    for category, found in summaries.items():
        partial = [s.get("partial") if s else None for s in found]
        if any(p is not None for p in partial):
            _print_counts(f"{category} partial answers", partial)
    for category, found in summaries.items():
        errors = [s.get("errors", 0) if s else None for s in found]
        if any(errors) or (served and any(e is not None for e in errors)):
            _print_counts(f"{category} errors", errors)
    for name in names:
        _print_system(name, data["systems"][name])
    if served:
        _print_served(data)
    if data["reused"]:
        print("reused from before (not rebuilt, so not measured): " + "; ".join(data["reused"]))
    if served:
        print("ratios: the served figure divided by FTS5's (above 1: the served project is slower); "
              "n/a: FTS5 cannot express that category (partial answers: only /api/search says)")
    else:
        print("ratios: the project's figure divided by the other's (latency above 1: the project is slower; "
              "articles/s above 1: the project is faster); n/a: the system cannot express that category "
              "(or, for build figures, its index was built before)")


def _print_counts(label: str, counts: list[int | None]) -> None:
    print(f"{label:34}" + "".join(f"{'n/a' if c is None else c:>14}" for c in counts))


def _print_system(name: str, system: dict) -> None:
    latency = system["latency_ms"]
    counts = ", ".join(f"{c} {s['count']}" for c, s in latency.items())
    hits = ", ".join(f"{c} {s['mean_hits']}" for c, s in latency.items() if "mean_hits" in s)
    build = system.get("build")
    built = ""
    if build:
        built = (f"elapsed = {build['timed']} (wall {build['wall_seconds']} s); "
                 f"{build['articles']:,} articles; ")
    elif "build" in system:
        built = "build not measured; "
    print(f"{name}: {built}queries run: {counts}" + (f"; mean hits: {hits}" if hits else ""))
    for category, summary in latency.items():
        if summary.get("errors"):
            print(f"  ERRORS {category}: {summary['errors']} queries failed, first: {summary['first_error']}")


def _build_text(build: dict | None) -> str:
    if build is None:
        return "not measured (built before)"
    return (f"{build['seconds']} s ({build['timed']}), {build['articles']:,} articles, "
            f"{build['articles_per_second']:,.0f} articles/s, {build['index_mb']:,.1f} MB, "
            f"peak {build['peak_rss_mb']:,.0f} MB (PSS)")


def _print_served(data: dict) -> None:
    project = data["project_index"]
    print(f"served: news-web --workers 1 from {data['bin']}; index {project['path']}: "
          f"{project['articles']:,} articles, {project['generation']}")
    if project["warning"]:
        print(f"WARNING: {project['warning']}")
    for name, build in data["builds"].items():
        print(f"{name} build: {_build_text(build)}")
    print(f"first search after a start and after a generation switch (target: cold <= 2x warm; warm: median "
          f"of {WARM_REPEATS}):")
    for endpoint, moments in data["first_search"].items():
        for moment, figures in moments.items():
            label = f"  {endpoint} after {moment}:"
            if "error" in figures:
                print(f"{label:30} ERROR {figures['error']}")
                continue
            line = (f"{label:30} cold {figures['cold_ms']:.1f} ms, warm {figures['warm_median_ms']:.1f} ms, "
                    f"cold/warm {figures['cold_over_warm']:.2f}")
            if "update_seconds" in figures:
                line += (f" (cold: the first answer from the new generation, served "
                         f"{figures['visible_after_ms']:.0f} ms after the update returned; the first answer "
                         f"after the update: {figures['first_answer_ms']:.1f} ms, "
                         f"{figures['first_over_warm']:.2f}x warm)"
                         f"; news-index update {figures['update_seconds']} s "
                         f"({figures['generation_before']} -> {figures['generation_after']})")
            print(line)
    print(f"each switch added one article to {project['path']} with news-index update; "
          "the last one stays in that index (the next switch drops it)")


def run(corpus: Corpus, names: list[str], natural: int, seed: int, work: Path, index: Path | None) -> dict:
    """Build every system on `corpus`, time the same queries on each, and return the results."""
    reused: list[str] = []
    prepared = prepare(corpus.path, work, reused)
    queries = query_set(natural, corpus_facts(corpus.path), seed)
    systems = [make_system(n, index) for n in names]
    builds = {system.name: build_or_reuse(system, prepared, work, reused) for system in systems}
    _progress(f"timing {len(queries)} queries on {', '.join(names)} ...")
    latencies = measure_queries(systems, queries)
    data = _header(corpus, prepared, queries, seed, environment())
    data["systems"] = {s.name: {"build": builds[s.name], "latency_ms": latencies[s.name]} for s in systems}
    data["reused"] = reused
    others = [s.name for s in systems if s.name != "project"]
    data["ratios"] = ratios(data["systems"], "project", others) if "project" in names else {}
    return data


def _header(corpus: Corpus, prepared: PreparedCorpus, queries: list[BenchQuery], seed: int, env: dict) -> dict:
    """What a run was on: the corpus (and its generation), when, where, which queries."""
    data = {
        "corpus": corpus.label,
        "corpus_path": str(corpus.path),
        "articles": prepared.articles,
        "date": datetime.now().isoformat(timespec="seconds"),
        "environment": env,
        "query_seed": seed,
        "queries": {c: sum(q.category == c for q in queries) for c in CATEGORIES
                    if any(q.category == c for q in queries)},
    }
    if corpus.generation:
        g = corpus.generation
        data["generator"] = {"articles": g.articles, "seconds": round(g.seconds, 2),
                             "fit_seconds": round(g.fit_seconds, 2), "articles_per_second": round(g.rate, 1),
                             "invented_names": g.invented_names}
    return data


def _attempt(measure: Callable[..., dict], *args: object) -> dict:
    """`measure(*args)`, or the error it ran into: one failed step must not lose the whole run."""
    try:
        return measure(*args)
    except (RuntimeError, OSError, http.client.HTTPException) as error:
        return {"error": f"{type(error).__name__}: {error}"}


def _switch_then_first(index: Path, bin_dir: Path | None, port: int, endpoint: str) -> dict:
    switch = switch_generation(index, bin_dir)
    return switch | first_after_switch(port, endpoint, switch["generation_after"])


def _project_index(index: Path, corpus: Path, port: int) -> dict:
    """The served index as /healthz describes it, with a warning if it was not built from `corpus`."""
    health = json.loads(fetch(port, "/healthz")[1])
    sources = built_from(index, health["generation"])
    warning = "" if str(corpus.resolve()) in sources else f"the index was built from {sources}, not from {corpus}"
    return {"path": str(index), "articles": health["articles"], "generation": health["generation"],
            "corpus": sources, "warning": warning}


# every search is timed as its first asking: the server's memory of answered searches is off (a page and its
# JSON twin, or the 20 repeats of a warm search, would otherwise be answered from it)
UNREMEMBERED = {"RESULT_CACHE": "0"}


def run_served(corpus: Corpus, natural: int, seed: int, work: Path, index: Path | None,
               bin_dir: Path | None) -> dict:
    """Time the project as users wait for it (news-web, one worker, over HTTP) against FTS5 in-process.

    Each endpoint's first search is timed on a freshly started server, then after a generation switch.
    """
    reused: list[str] = []
    prepared = prepare(corpus.path, work, reused)
    queries = query_set(natural, corpus_facts(corpus.path), seed)
    fts5 = Fts5()
    builds = {"fts5": build_or_reuse(fts5, prepared, work, reused), "project": None}
    if index is None:
        index = work / "project-index"
        _progress(f"building the project index in {index} ...")
        builds["project"] = build_summary(rebuild_measured(corpus.path, index, bin_dir))
    else:
        reused.append(f"project index {index} (--index)")
    first_search: dict[str, dict[str, dict]] = {}
    with serving(index, 1, bin_dir, UNREMEMBERED) as port:
        first_search["/search"] = {"start": _attempt(first_and_warm, port, "/search")}
        project = _project_index(index, corpus.path, port)
    with serving(index, 1, bin_dir, UNREMEMBERED) as port:
        first_search["/api/search"] = {"start": _attempt(first_and_warm, port, "/api/search")}
        _progress(f"timing {len(queries)} queries on served-api, served-page, fts5 (news-web on port {port}) ...")
        latencies = measure_queries([ServedApi(port), ServedPage(port), fts5], queries)
        for endpoint in SERVED_ENDPOINTS:
            _progress(f"switching generation (news-index update), then timing {endpoint} ...")
            first_search[endpoint]["switch"] = _attempt(_switch_then_first, index, bin_dir, port, endpoint)
    data = _header(corpus, prepared, queries, seed, environment(bin_dir))
    data |= {"mode": "served", "bin": str(Path(console_script("news-web", bin_dir)).parent),
             "project_index": project, "builds": builds, "first_search": first_search, "reused": reused,
             "systems": {name: {"latency_ms": summary} for name, summary in latencies.items()}}
    data["ratios"] = ratios(data["systems"], "served-api", ["fts5"]) | ratios(data["systems"], "served-page", ["fts5"])
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
    parser.add_argument("--systems",
                        help=f"comma-separated, from {', '.join(SYSTEM_NAMES)} (default {DEFAULT_SYSTEMS})")
    parser.add_argument("--served", action="store_true",
                        help="time news-web (one worker) over HTTP against FTS5 in-process, and its first searches")
    parser.add_argument("--index", type=Path,
                        help="the project's index, built before: no rebuild (its build figures are not measured)")
    parser.add_argument("--workdir", type=Path,
                        help="keep the clean articles and the baselines' indexes here, and reuse those present")
    parser.add_argument("--bin", type=Path, help="with --served: the folder holding the news-index and news-web "
                        "to measure (default: beside this Python)")
    args = parser.parse_args(argv)
    names = [n.strip() for n in (args.systems or DEFAULT_SYSTEMS).split(",") if n.strip()]
    unknown = [n for n in names if n not in SYSTEM_NAMES]
    if unknown or not names:
        parser.error(f"unknown systems {unknown}; choose from {', '.join(SYSTEM_NAMES)}")
    if args.served and args.systems:
        parser.error("--served measures served-api, served-page and fts5: --systems does not apply")
    if args.bin and not args.served:
        parser.error("--bin needs --served (the in-process project is this checkout's code)")
    if args.index and not (args.index / "CURRENT").exists():
        parser.error(f"{args.index} is not a built index (no CURRENT file)")
    index, bin_dir = (p.resolve() if p else None for p in (args.index, args.bin))
    with tempfile.TemporaryDirectory(prefix="news-bench-") as tmp:
        store = args.workdir.resolve() if args.workdir else Path(tmp)
        corpus = choose_corpus(args.corpus, args.generated_count, args.generator_seed, store)
        work = store / corpus.label
        if args.served:
            data = run_served(corpus, args.queries, args.seed, work, index, bin_dir)
        else:
            data = run(corpus, names, args.queries, args.seed, work, index)
    print_report(data)
    kind = "compare-served" if args.served else "compare"
    print(f"\nresults: {write_result(kind, data['corpus'], data)}")


if __name__ == "__main__":
    main()
