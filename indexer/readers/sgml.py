"""Forgiving helpers for the SGML of newswire collections (Reuters-21578, TREC).

These files are not well-formed XML (stray `&`, unclosed tags, control bytes), so they
are read with patterns that tolerate damage instead of a strict parser.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache

from ..cleaning.text import join_paragraphs, normalize_inline

_TAG = re.compile(r"<[^>]{0,200}>")
_PARAGRAPH_TAG = re.compile(r"</?p\b[^>]*>", re.I)
_INDENTED_LINE = re.compile(r"\n[ \t]{2,}")


@lru_cache(maxsize=64)
def _tag_patterns(tag: str) -> tuple[re.Pattern, re.Pattern]:
    return re.compile(rf"<{tag}\b([^>]*)>", re.I), re.compile(rf"</{tag}\s*>", re.I)


def records(text: str, tag: str) -> Iterator[tuple[str, str]]:
    """(attributes, content) of each `<tag ...>...</tag>`; a missing end tag ends at the next start."""
    start_tag, end_tag = _tag_patterns(tag)
    starts = list(start_tag.finditer(text))
    for number, start in enumerate(starts):
        limit = starts[number + 1].start() if number + 1 < len(starts) else len(text)
        end = end_tag.search(text, start.end(), limit)
        yield start.group(1), text[start.end():end.start() if end else limit]


def attribute(attributes: str, name: str) -> str:
    found = re.search(rf"\b{name}\s*=\s*[\"']?([^\"'\s>]*)", attributes, re.I)
    return found.group(1) if found else ""


def elements(fragment: str, tag: str) -> list[str]:
    """Raw contents of every `<tag>` in `fragment`, tolerating a missing end tag."""
    return [content for _, content in records(fragment, tag)]


def first_element(fragment: str, *tags: str) -> str:
    """Raw content of the first of `tags` that occurs, in the order given."""
    for tag in tags:
        found = elements(fragment, tag)
        if found:
            return found[0]
    return ""


def inline_text(fragment: str) -> str:
    """Tags removed, entities decoded, whitespace collapsed: for titles and short fields."""
    return normalize_inline(html.unescape(_TAG.sub(" ", fragment)))


def block_text(fragment: str) -> str:
    """Body text with paragraphs: `<P>` elements, blank lines or indented lines start a new one."""
    text = _PARAGRAPH_TAG.sub("\n\n", fragment)
    text = _INDENTED_LINE.sub("\n\n", text)
    text = html.unescape(_TAG.sub(" ", text))
    return join_paragraphs(re.split(r"\n\s*\n", text))
