"""A deadline for one search: past it, work stops and the results are marked partial."""
from __future__ import annotations

import time

TIME_BUDGET_SECONDS = 2.0  # a search stops here and answers with what it has


class Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds
        self.exceeded = False
        self.shortfall: str | None = None  # why the answer is partial, when time is not the reason

    def fall_short(self, reason: str) -> None:
        """Mark the answer partial for `reason` (part of the index did not answer)."""
        self.exceeded = True
        self.shortfall = reason

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()

    def spent(self) -> bool:
        if not self.exceeded and time.perf_counter() > self.deadline:
            self.exceeded = True
        return self.exceeded
