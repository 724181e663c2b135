"""A deadline for one search: past it, work stops and the results are marked partial."""
from __future__ import annotations

import time

TIME_BUDGET_SECONDS = 2.0  # a search stops here and answers with what it has


class Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds
        self.exceeded = False

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()

    def spent(self) -> bool:
        if not self.exceeded and time.perf_counter() > self.deadline:
            self.exceeded = True
        return self.exceeded
