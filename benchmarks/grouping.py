"""What grouping versions of a story costs a rebuild: each article's shingle sample (taken in the build
workers) and the grouping of all samples when a generation is published, at up to a million articles.

Articles are read with the project's readers; words are split as the build does. With `--before FILE`
(the `indexer/duplicates.py` of another checkout) the same articles are signed and grouped by that
version too, in the same run. Peak memory is the process's high-water mark during grouping, above what
it held before.

    python benchmarks/grouping.py --corpus /work/data/news1m [--count 1000000] [--before OLD/indexer/duplicates.py]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.results import environment, write_result  # noqa: E402
from indexer import duplicates  # noqa: E402
from indexer.article import Article  # noqa: E402
from indexer.corpus import CorpusFile, discover, read_file  # noqa: E402
from indexer.dates import epoch_seconds  # noqa: E402
from indexer.storage import NO_DATE  # noqa: E402


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # the kernel restarts VmHWM from the current size


def read_words(corpus: Path, count: int) -> tuple[list[tuple[list[str], list[str]]], np.ndarray]:
    texts, published = [], []
    for file in discover([corpus]):
        if not isinstance(file, CorpusFile):
            continue
        for item in read_file(file):
            if isinstance(item, Article):
                texts.append((duplicates.words_of(item.title), duplicates.words_of(item.body)))
                published.append(epoch_seconds(item.published) if item.published else NO_DATE)
                if len(texts) >= count:
                    return texts, np.array(published, dtype=np.int64)
    return texts, np.array(published, dtype=np.int64)


def measure_current(texts, published) -> dict:
    started = time.perf_counter()
    samples = [duplicates.article_sample(title, body) for title, body in texts]
    sampling = time.perf_counter() - started
    values = np.concatenate(samples)
    counts = np.array([len(s) for s in samples], dtype=np.uint32)
    del samples
    before = _memory_kb("VmRSS")
    _reset_peak()
    started = time.perf_counter()
    group = duplicates.group(values, counts, np.ones(len(texts), dtype=bool), published, NO_DATE)
    grouping = time.perf_counter() - started
    return _figures(sampling, grouping, group, len(texts), _memory_kb("VmHWM") - before,
                    stored_bytes=values.nbytes + counts.nbytes)


def measure_before(module_path: Path, texts, published) -> dict:
    spec = importlib.util.spec_from_file_location("duplicates_before", module_path)
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    started = time.perf_counter()
    signatures = [old.signature(body if len(body) >= old.MIN_BODY_WORDS else title + body) for title, body in texts]
    sampling = time.perf_counter() - started
    rows = np.array([s if s is not None else [0] * old.SIZE for s in signatures], dtype=np.uint32)
    signed = np.array([s is not None for s in signatures])
    del signatures
    before = _memory_kb("VmRSS")
    _reset_peak()
    started = time.perf_counter()
    group = old.group(rows, signed, published, NO_DATE)
    grouping = time.perf_counter() - started
    return _figures(sampling, grouping, group, len(texts), _memory_kb("VmHWM") - before,
                    stored_bytes=rows.nbytes + signed.nbytes)


def _figures(sampling: float, grouping: float, group: np.ndarray, articles: int, peak_kb: int,
             stored_bytes: int) -> dict:
    grouped = group[group >= 0]
    return {"sampling_seconds": round(sampling, 1), "sampling_us_per_article": round(sampling / articles * 1e6, 1),
            "grouping_seconds": round(grouping, 1), "grouping_peak_mb": round(peak_kb / 1024),
            "stored_mb": round(stored_bytes / 2**20, 1), "groups": int(len(np.unique(grouped))),
            "grouped_articles": int(len(grouped))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--before", type=Path, help="another checkout's indexer/duplicates.py")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    texts, published = read_words(args.corpus, args.count)
    print(f"read {len(texts)} articles in {time.perf_counter() - started:.0f} s", flush=True)
    figures = {"articles": len(texts), "current": measure_current(texts, published)}
    print(json.dumps(figures["current"]), flush=True)
    if args.before:
        figures["before"] = measure_before(args.before, texts, published)
        print(json.dumps(figures["before"]), flush=True)
    path = write_result("grouping", args.corpus.name, {"environment": environment(), **figures})
    print(f"written {path}")


if __name__ == "__main__":
    main()
