"""Where benchmark results go: one JSON file per run in benchmarks/results/, with the machine's context."""
from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import whoosh

RESULTS = Path(__file__).resolve().parent / "results"


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    return done.stdout.strip()


def checkout_of(bin_dir: Path) -> Path | None:
    """The source checkout whose commands are in `bin_dir`: where that virtualenv's Python finds `indexer`."""
    try:
        done = subprocess.run([str(bin_dir / "python"), "-I", "-c",
                               "import importlib.util; print(importlib.util.find_spec('indexer').origin)"],
                              capture_output=True, text=True)
    except OSError:
        return None
    return Path(done.stdout.strip()).parents[1] if done.returncode == 0 else None


def environment(bin_dir: Path | None = None) -> dict:
    """What the figures depend on besides the code: versions, cores, load, the commit measured.

    With `bin_dir` (another virtualenv's commands measured), the commit is that checkout's, if it can be found.
    """
    harness = Path(__file__).resolve().parents[1]
    measured = checkout_of(bin_dir) if bin_dir else harness
    found = {}
    if measured is not None:
        found = {"commit": _git(measured, "rev-parse", "--short", "HEAD"),
                 "uncommitted_changes": bool(_git(measured, "status", "--porcelain", "--untracked-files=no"))}
    if bin_dir:
        found |= {"bin": str(bin_dir), "checkout": str(measured) if measured else None,
                  "harness_commit": _git(harness, "rev-parse", "--short", "HEAD")}
    return {
        "python": platform.python_version(),
        "whoosh": whoosh.versionstring(),
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        **found,
    }


def write_result(kind: str, label: str, data: dict) -> Path:
    """Save `data` as results/KIND-LABEL-YYYYmmdd-HHMMSS.json (written whole, then renamed)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{kind}-{label}-{datetime.now():%Y%m%d-%H%M%S}.json"
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    partial.replace(path)
    return path
