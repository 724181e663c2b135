"""Every match of a search as rows, in the search's order: what CSV and JSON Lines exports are made of.

An export reads its own copy of the live generation (`LiveIndex.open_snapshot`), so streaming a
million rows neither holds up other searches nor changes halfway when a rebuild publishes.
Rows are made one at a time as they are written out: memory holds the matches' numbers and
scores, never the rows.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..fields import PUBLIC_FIELDS, record_of
from .budget import Budget
from .engine import match_filtered, order, parse
from .generation import Generation
from .live import LiveIndex
from .results import SearchRequest

EXPORT_COLUMNS = ("id", "title", "url", "source", "published", "authors", "categories", "language", "score",
                  "versions")
EXPORT_BUDGET_SECONDS = 60.0  # ranking every match of a common word takes longer than one page's 2 seconds
ROWS_PER_CHUNK = 500  # rows written out at once
_STORED = tuple(next(f for f in PUBLIC_FIELDS if f.name == name) for name in EXPORT_COLUMNS[:-2])
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula (OWASP)


@dataclass
class Export:
    """The rows of an export (up to `cap`) and how many matches there are in all."""

    total: int  # matches, stories when versions are folded
    rows: Iterator[dict]
    cap: int | None

    @property
    def row_count(self) -> int:
        return self.total if self.cap is None else min(self.total, self.cap)

    @property
    def truncated(self) -> bool:
        return self.row_count < self.total


def export(index: LiveIndex, request: SearchRequest, cap: int | None = None) -> Export:
    """The matches of `request` (its query, filters, order and folding of versions; not its page) as rows
    with `EXPORT_COLUMNS`; the rows are read lazily from a private copy of the generation, closed when
    they run out or the caller closes them."""
    generation = index.open_snapshot()
    try:
        budget = Budget(EXPORT_BUDGET_SECONDS)
        parsed = parse(generation, request.q, budget)
        if parsed.empty:
            generation.close()
            return Export(0, iter(()), cap)
        _, matched = match_filtered(generation, parsed, request.filters, budget)
        docs, scores = order(generation, parsed, request, matched, budget, len(matched))
    except BaseException:
        generation.close()
        raise
    count = len(docs) if cap is None else min(len(docs), cap)

    def rows() -> Iterator[dict]:
        try:
            for start in range(0, count, ROWS_PER_CHUNK):  # a million numbers as Python objects are ~60 MB
                end = min(start + ROWS_PER_CHUNK, count)
                for docnum, score in zip(docs[start:end].tolist(), scores[start:end].tolist()):
                    if request.collapse:
                        docnum = generation.most_complete(docnum, matched.docs)
                    yield _row(generation, docnum, score)
        finally:
            generation.close()

    return Export(len(docs), rows(), cap)


def _row(generation: Generation, docnum: int, score: float) -> dict:
    row = record_of(generation.reader.stored_fields(docnum), _STORED)
    row["score"] = round(score, 4)
    row["versions"] = [generation.reader.stored_fields(other)["id"] for other in generation.versions_of(docnum)]
    return row


def neutralised(cell: str) -> str:
    """A text cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_cells(row: dict, columns: Sequence[str] = EXPORT_COLUMNS) -> list[str | float]:
    """One CSV line's cells; lists are joined with "; ", texts neutralised, numbers left numbers."""
    cells: list[str | float] = []
    for name in columns:
        value = row[name]
        if isinstance(value, list):
            value = "; ".join(value)
        cells.append(neutralised(value) if isinstance(value, str) else "" if value is None else value)
    return cells


def csv_chunks(rows: Iterable[dict], columns: Sequence[str] = EXPORT_COLUMNS) -> Iterator[str]:
    """The rows as CSV text (a header line first), a few hundred lines at a time; any download as CSV
    (exports, trends) is written by it, so none escapes the neutralising of formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for number, row in enumerate(rows, start=1):
        writer.writerow(csv_cells(row, columns))
        if number % ROWS_PER_CHUNK == 0:
            yield _taken(buffer)
    yield _taken(buffer)


def jsonl_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """The rows as JSON Lines, a few hundred lines at a time."""
    lines = []
    for row in rows:
        lines.append(json.dumps(row, ensure_ascii=False) + "\n")
        if len(lines) == ROWS_PER_CHUNK:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
