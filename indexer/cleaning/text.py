"""Whitespace and Unicode normalisation shared by every reader.

Articles are stored as paragraphs separated by one blank line, so snippets, the article
page and the extraction score all see the same shape whatever the input format.
"""
from __future__ import annotations

import re
import unicodedata

# C0/C1 control characters except tab and newlines; wire copy is full of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n")


def normalize_inline(text: str) -> str:
    """One line of text: NFC, no control characters, single spaces."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    return _SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, each flattened to one line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p for p in (normalize_inline(chunk) for chunk in _BLANK_LINES.split(text)) if p]


def join_paragraphs(paragraphs: list[str]) -> str:
    """The stored body shape: normalised paragraphs separated by one blank line."""
    return "\n\n".join(p for p in (normalize_inline(p) for p in paragraphs) if p)


def normalize_body(text: str) -> str:
    """Normalise free text whose paragraphs are separated by blank lines."""
    return join_paragraphs(split_paragraphs(text))


_SQUASH = re.compile(r"[\W_]+")


def squash(text: str) -> str:
    """Lower case letters and digits only: how names are compared ("The Times" and "the-times" are one)."""
    return _SQUASH.sub("", text.lower())
