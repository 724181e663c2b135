"""Snippets: passages of an article's body holding the query's words, as plain text plus the spans of the
matched words, for each front end to render (marked HTML, bold on a terminal, plain text in feeds).

The body is tokenised with the index's own analyzer, so a snippet marks exactly the words
that matched (stemmed and accent-folded alike), and the passage shown is the one holding
the most distinct query words.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..analysis import ENGLISH, term_spans

FRAGMENT_CHARS = 160
MAX_FRAGMENTS = 2
LEAD_CHARS = 240
SCAN_CHARS = 50_000  # a match deeper into a very long body is not worth the time to find
ELLIPSIS = "…"
_CONTEXT_BEFORE = 40
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Snippet:
    """A passage (or two, joined by an ellipsis) and where the matched words are in it."""

    text: str = ""
    spans: tuple[tuple[int, int], ...] = field(default_factory=tuple)  # (start, end) of each match, in order

    def pieces(self) -> Iterator[tuple[str, bool]]:
        """The text in order as (piece, whether it is a match)."""
        cursor = 0
        for start, end in self.spans:
            if start > cursor:
                yield self.text[cursor:start], False
            yield self.text[start:end], True
            cursor = end
        if cursor < len(self.text):
            yield self.text[cursor:], False

    def html(self) -> str:
        """Escaped HTML with matches in `<mark>`: the documented form of the JSON `snippet`."""
        return "".join(f"<mark>{html.escape(p, quote=False)}</mark>" if matched else html.escape(p, quote=False)
                       for p, matched in self.pieces())

    def __bool__(self) -> bool:
        return bool(self.text)


def _assemble(pieces: Iterable[tuple[str, bool]]) -> Snippet:
    text, spans = [], []
    length = 0
    for piece, matched in pieces:
        if matched:
            spans.append((length, length + len(piece)))
        text.append(piece)
        length += len(piece)
    return Snippet("".join(text), tuple(spans))


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


def _fragment(body: str, span: tuple[int, int], marks: Iterable[tuple[int, int, str]]) -> list[tuple[str, bool]]:
    """One passage as pieces, whitespace collapsed, its marked words kept apart."""
    start, stop = span
    pieces, cursor = [], start
    for mark_start, mark_end, _ in marks:
        if mark_start < cursor or mark_end > stop:
            continue
        pieces += [(_SPACE.sub(" ", body[cursor:mark_start]), False), (body[mark_start:mark_end], True)]
        cursor = mark_end
    pieces.append((_SPACE.sub(" ", body[cursor:stop]), False))
    pieces[0] = (pieces[0][0].lstrip(), False)
    pieces[-1] = (pieces[-1][0].rstrip(), False)
    return [piece for piece in pieces if piece[0]]


def lead_snippet(body: str, limit: int = LEAD_CHARS) -> Snippet:
    """The opening of the body, cut at a word boundary: for hits matched only in metadata."""
    text = " ".join(body[:limit * 2].split())
    if len(text) > limit:
        return Snippet(text[:limit].rsplit(" ", 1)[0] + f" {ELLIPSIS}")
    return Snippet(text)


def make_snippet(body: str, terms: Iterable[str], analysis: str = ENGLISH) -> Snippet:
    """Up to two passages of `body` with the query's terms marked (its words read by `analysis`, the
    article's language's rules); the lead when none occur."""
    wanted = set(terms)
    matches = term_spans(body[:SCAN_CHARS], wanted, analysis) if wanted else []
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
    pieces = []
    for number, (span, marks) in enumerate(fragments):
        if span[0] > 0:
            pieces.append((f"{ELLIPSIS} " if number == 0 else f" {ELLIPSIS} ", False))
        elif number:
            pieces.append((" ", False))
        pieces += _fragment(body, span, marks)
    if fragments[-1][0][1] < len(body):
        pieces.append((f" {ELLIPSIS}", False))
    return _assemble(pieces)
