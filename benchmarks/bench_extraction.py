"""Time article extraction per page: the project's clean_html, and trafilatura on the same pages.

Pages are read into memory first, then each page is extracted by each system in turn
(interleaved, so both see the same machine load); a page's time is its fastest of
`--repeat` runs. trafilatura is only timed when it is importable (install it in a
scratch virtualenv, never as a project dependency); it gets the page decoded as UTF-8,
as the extraction evaluation gives it, while clean_html gets the raw bytes and decodes
them itself. Parsing alone (decoding and BeautifulSoup on lxml) is timed too, as the floor
under clean_html.

    python benchmarks/bench_extraction.py [--pages ../shared/eval/extraction-dev/html] [--repeat 3]
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.cleaning.html import clean_html, parse_html  # noqa: E402

DEFAULT_PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction-dev" / "html"


def load_pages(folder: Path) -> list[bytes]:
    """Every .html/.htm page in the folder, gzipped or not, in name order."""
    pages = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith((".html.gz", ".htm.gz")):
            pages.append(gzip.decompress(path.read_bytes()))
        elif path.suffix in (".html", ".htm"):
            pages.append(path.read_bytes())
    return pages


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_once(extract: Callable[[], object]) -> float:
    start = time.perf_counter()
    extract()
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    pages = load_pages(args.pages)
    if not pages:
        sys.exit(f"no .html or .html.gz pages in {args.pages}")
    try:
        import trafilatura
    except ImportError:
        trafilatura = None
    systems: dict[str, Callable[[bytes], object]] = {
        "project clean_html": clean_html,
        "  of which parsing": parse_html,  # decoding + BeautifulSoup on lxml: the floor under clean_html
    }
    if trafilatura is not None:
        systems["trafilatura.extract"] = lambda page: trafilatura.extract(page.decode("utf-8", "replace"))
    for extract in systems.values():
        extract(pages[0])  # lazy imports and first-use set-up stay outside the measurement
    times: dict[str, list[float]] = {name: [] for name in systems}
    for page in pages:
        for name, extract in systems.items():
            times[name].append(min(time_once(lambda: extract(page)) for _ in range(max(1, args.repeat))))
    print(f"pages: {len(pages)} from {args.pages}, fastest of {args.repeat} runs per page")
    for name, values in times.items():
        print(f"{name:22s} median {statistics.median(values):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms"
              f"   mean {statistics.fmean(values):7.1f} ms")
    if trafilatura is None:
        print("trafilatura is not importable here: no comparison (install it in a scratch virtualenv)")
        return
    project, reference = statistics.median(times["project clean_html"]), statistics.median(times["trafilatura.extract"])
    print(f"median ratio project/trafilatura: {project / reference:.2f}")


if __name__ == "__main__":
    main()
