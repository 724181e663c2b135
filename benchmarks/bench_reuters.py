"""Rebuild Reuters-21578 and time realistic queries with snippets (top 10), for the project alone.

The same measurement as `compare.py --systems project`; kept as the short command the README names.

    python benchmarks/bench_reuters.py [--corpus ../shared/corpus/reuters21578] [--queries 300]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import compare  # noqa: E402
from benchmarks.querysets import REUTERS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REUTERS)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    compare.main(["--corpus", str(args.corpus), "--systems", "project", "--queries", str(args.queries)])


if __name__ == "__main__":
    main()
