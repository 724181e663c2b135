"""Run a command and sample the memory of its whole process tree (workers included).

Linux /proc only. Each process counts its proportional set size (PSS: pages shared
between forked workers are split among them, so the sum is what the tree really holds);
sampling every 500 ms catches the peak of anything that lives longer than that.
"""
from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.5  # reading PSS walks page tables: sampling more often slows what it measures


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _rss_bytes(pid: int) -> int:
    """Proportional set size of one process (its resident size where PSS is unavailable)."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
        except (OSError, ValueError):
            continue
    return 0


def tree_rss_bytes(root: int) -> int:
    """Memory of `root` and all its descendants, summed (shared pages split between their sharers)."""
    total, pending, seen = 0, [root], set()
    while pending:
        pid = pending.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_bytes(pid)
        pending.extend(_children(pid))
    return total


class PeakTreeRss:
    """Background sampler of `tree_rss_bytes(pid)`; `peak` holds the largest sum seen."""

    def __init__(self, pid: int, interval: float = SAMPLE_SECONDS) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_bytes(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakTreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class MeasuredRun:
    returncode: int
    wall_seconds: float
    peak_rss_bytes: int
    stdout: str
    stderr: str


def run_measured(command: list[str], env: dict[str, str] | None = None) -> MeasuredRun:
    """Run `command` to completion, timing it and sampling its process tree's peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    with PeakTreeRss(process.pid) as sampler:
        stdout, stderr = process.communicate()
    return MeasuredRun(process.returncode, time.perf_counter() - started, sampler.peak, stdout, stderr)
