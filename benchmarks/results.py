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


def environment() -> dict:
    """What the figures depend on besides the code: versions, cores, load, the commit measured."""
    repo = Path(__file__).resolve().parents[1]

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
        return done.stdout.strip()

    return {
        "python": platform.python_version(),
        "whoosh": whoosh.versionstring(),
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def write_result(kind: str, label: str, data: dict) -> Path:
    """Save `data` as results/KIND-LABEL-YYYYmmdd-HHMMSS.json (written whole, then renamed)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{kind}-{label}-{datetime.now():%Y%m%d-%H%M%S}.json"
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    partial.replace(path)
    return path
