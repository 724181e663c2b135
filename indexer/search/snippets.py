"""Highlighted snippets: HTML-escaped text where the only markup added is `<mark>`.

The body is tokenised with the index's own analyzer, so a snippet marks exactly the
words that matched (stemmed and accent-folded alike), and the passage shown is the one
holding the most distinct query words.
"""
from __future__ import annotations

import html
from collections.abc import Iterable

from ..analysis import term_spans

FRAGMENT_CHARS = 160
MAX_FRAGMENTS = 2
LEAD_CHARS = 240
SCAN_CHARS = 50_000  # a match deeper into a very long body is not worth the time to find
_CONTEXT_BEFORE = 40


def _matches(body: str, terms: set[str]) -> list[tuple[int, int, str]]:
    return term_spans(body[:SCAN_CHARS], terms)


def _best_window(matches: list[tuple[int, int, str]], wanted: set[str]) -> tuple[int, int] | None:
    """(first, last) indexes into `matches` of the window holding the most wanted terms, then most matches."""
    best, best_key, last = None, (0, 0), 0
    for first in range(len(matches)):
        last = max(last, first)
        while last + 1 < len(matches) and matches[last + 1][1] - matches[first][0] <= FRAGMENT_CHARS - _CONTEXT_BEFORE:
            last += 1
        window = matches[first:last + 1]
        key = (len({m[2] for m in window} & wanted), len(window))
        if key > best_key:
            best, best_key = (first, last), key
    return best


def _snap(body: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words, keeping about FRAGMENT_CHARS of context."""
    start = max(0, start - _CONTEXT_BEFORE)
    if start > 0:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < end else start
    stop = min(len(body), max(end, start + FRAGMENT_CHARS))
    if stop < len(body):
        space = body.rfind(" ", end, stop)
        stop = space if space > end else stop
    return start, stop


def _render(body: str, span: tuple[int, int], marks: Iterable[tuple[int, int, str]]) -> str:
    start, stop = span
    out, cursor = [], start
    for mark_start, mark_end, _ in marks:
        if mark_start < cursor or mark_end > stop:
            continue
        out.append(html.escape(body[cursor:mark_start], quote=False))
        out.append(f"<mark>{html.escape(body[mark_start:mark_end], quote=False)}</mark>")
        cursor = mark_end
    out.append(html.escape(body[cursor:stop], quote=False))
    text = " ".join("".join(out).split())
    return ("… " if start > 0 else "") + text + (" …" if stop < len(body) else "")


def lead_snippet(body: str, limit: int = LEAD_CHARS) -> str:
    """The opening of the body, escaped, cut at a word boundary: for hits matched only in metadata."""
    text = " ".join(body[:limit * 2].split())
    if len(text) > limit:
        return html.escape(text[:limit].rsplit(" ", 1)[0], quote=False) + " …"
    return html.escape(text, quote=False)


def make_snippet(body: str, terms: Iterable[str]) -> str:
    """Up to two passages of `body` with the query's terms marked; the lead when none occur."""
    wanted = set(terms)
    matches = _matches(body, wanted) if wanted else []
    if not matches:
        return lead_snippet(body)
    fragments, uncovered = [], set(wanted)
    while matches and len(fragments) < MAX_FRAGMENTS:
        window = _best_window(matches, uncovered or wanted)
        if window is None:
            break
        first, last = window
        span = _snap(body, matches[first][0], matches[last][1])
        fragments.append((span, matches[first:last + 1]))
        uncovered -= {m[2] for m in matches[first:last + 1]}
        if not uncovered:
            break
        matches = [m for m in matches if m[2] in uncovered and not span[0] <= m[0] < span[1]]
    fragments.sort()
    return " ".join(_render(body, span, marks) for span, marks in fragments).replace("… …", "…")
