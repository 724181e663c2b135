"""Plain-text articles: first line `Headline – Section – Outlet`, then paragraphs."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..article import Article, Skip
from ..cleaning.decoding import decode_bytes
from ..cleaning.text import normalize_body, normalize_inline
from .source import SourceFile

# Spaced en dash, em dash or hyphen; an unspaced hyphen belongs to a word ("Belarus-Russia").
_SEPARATOR = re.compile(r"\s+[\u2013\u2014]\s+|\s+-\s+")
_EN_DASH = re.compile(r"\s+[\u2013\u2014]\s+")
_LONGEST_HEADLINE = 300


def parse_headline(line: str) -> tuple[str, str, str]:
    """Split a header line into (title, section, outlet).

    Three or more parts are `title – section – outlet`; two parts are `title – outlet`
    only with a dash, since a spaced hyphen inside a headline is common.
    """
    line = normalize_inline(line)
    parts = _SEPARATOR.split(line)
    if len(parts) >= 3:
        return " - ".join(parts[:-2]), parts[-2], parts[-1]
    dash_parts = _EN_DASH.split(line)
    if len(dash_parts) == 2:
        return dash_parts[0], "", dash_parts[1]
    return line, "", ""


def read(source: SourceFile) -> Iterator[Article | Skip]:
    text = decode_bytes(source.data).replace("\r\n", "\n").replace("\r", "\n")
    head, _, rest = text.strip().partition("\n")
    if len(head) > _LONGEST_HEADLINE:  # no header line: the text is all body
        title, section, outlet, rest = "", "", "", text
    else:
        title, section, outlet = parse_headline(head)
    body = normalize_body(rest)
    if not title and not body:
        yield Skip(source.path, "no text")
        return
    yield Article(id=source.derived_id(), title=title, body=body, source=outlet, section=section,
                  path=source.path)
