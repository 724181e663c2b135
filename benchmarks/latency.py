"""The one timing and percentile helper every benchmark uses, so all figures are computed alike."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def timed(fn: Callable[..., T], *args: Any) -> tuple[T, float]:
    """Call `fn(*args)` and return its result with the wall time it took, in milliseconds."""
    started = time.perf_counter()
    result = fn(*args)
    return result, (time.perf_counter() - started) * 1000


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (`fraction` 0..1) of non-empty `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summarize(values_ms: list[float]) -> dict[str, float]:
    """Count, median, p95, p99 and the slowest of latencies in milliseconds (empty input gives count 0 only)."""
    if not values_ms:
        return {"count": 0}
    return {
        "count": len(values_ms),
        "median": round(statistics.median(values_ms), 3),
        "p95": round(percentile(values_ms, 0.95), 3),
        "p99": round(percentile(values_ms, 0.99), 3),
        "max": round(max(values_ms), 3),
    }
