"""The article body: the page's main content without its header lines and stock phrases,
or the publisher's structured `articleBody` when the page's text lacks part of it."""
from __future__ import annotations

import html
import re
from collections import Counter

from bs4 import BeautifulSoup

from .boilerplate import is_boilerplate_line, is_byline_or_date, is_pointer_heading, is_truncated
from .content import Block, flatten
from .text import join_paragraphs, normalize_body

_WORD = re.compile(r"\w+")
_MARKUP = re.compile(r"</?(?:p|br|div|h[1-6]|li|ul|ol|blockquote|a|strong|em|b|i|span)\b[^>]*>", re.I)
_SQUASH = re.compile(r"[\W_]+")
# Share of the structured body's words the page text must hold for the page text to be kept.
_COVERED = 0.8


def body_paragraphs(blocks: list[Block], title: str) -> list[str]:
    """The paragraphs worth indexing: no headline repeat, no byline or dateline before the
    text starts, no stock phrases, no lines that are only links, and no “More stories:”
    label with the list it introduces."""
    headline = _SQUASH.sub("", title.lower())
    paragraphs: list[str] = []
    in_pointer_list = False
    for block in blocks:
        text = block.text
        if in_pointer_list and (block.item or block.links > 0.3 * block.chars):
            continue
        in_pointer_list = False
        if (block.heading or block.chars < 60) and is_pointer_heading(text):
            in_pointer_list = True
            continue
        if is_boilerplate_line(text) or block.links > 0.6 * block.chars:
            continue
        if _SQUASH.sub("", text.lower()) == headline:
            continue
        if not paragraphs and is_byline_or_date(text):
            continue
        paragraphs.append(text)
    return paragraphs


def _words(text: str) -> Counter[str]:
    return Counter(word.lower() for word in _WORD.findall(text))


def covered_share(part: str, whole: str) -> float:
    """Share of the words of `part` (with repeats) that `whole` also has."""
    wanted = _words(part)
    total = sum(wanted.values())
    if not total:
        return 1.0
    have = _words(whole)
    return sum(min(count, have[word]) for word, count in wanted.items()) / total


def structured_text(body: str) -> str:
    """A structured body as plain paragraphs: some CMSs put HTML or entities in it, or single line breaks."""
    if _MARKUP.search(body):
        layout = flatten(BeautifulSoup(body, "lxml"))
        return join_paragraphs([block.text for block in layout.blocks])
    body = html.unescape(body)
    if "\n\n" not in body.replace("\r\n", "\n"):
        return join_paragraphs(body.splitlines())
    return normalize_body(body)


def choose_body(page_paragraphs: list[str], structured: str) -> str:
    """The page's own paragraphs, unless the structured body is complete and the page text misses it.

    A structured body that ends mid-sentence with an ellipsis, or that the page text
    already covers, is a teaser or a duplicate: the page text (with its paragraph breaks)
    wins. One that is whole and mostly absent from the page text replaces it.
    """
    page_text = "\n\n".join(page_paragraphs)
    structured = structured_text(structured)
    if not structured or is_truncated(structured):
        return page_text
    if page_text and covered_share(structured, page_text) >= _COVERED:
        return page_text
    if page_text and len(structured) < 0.5 * len(page_text):
        return page_text
    return structured
