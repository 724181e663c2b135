"""Date presets (past week, month, year) counted back from the newest article, so old archives work too."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

SPANS = (("Past week", 7), ("Past month", 30), ("Past year", 365))


@dataclass(frozen=True)
class DatePreset:
    label: str
    date_from: date


def date_presets(newest: date | None) -> list[DatePreset]:
    """Presets ending at `newest` (open-ended, nothing is newer); none for an index without dates."""
    if newest is None:
        return []
    return [DatePreset(label, newest - timedelta(days=days - 1)) for label, days in SPANS]
