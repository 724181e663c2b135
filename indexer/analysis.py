"""Analyzers shared by indexing and querying, so both sides fold and stem words alike.

Accent folding runs before stemming: `Lukašenko` and `Lukasenko` meet as one term,
and the stemmer then sees plain ASCII English where it can.
"""
from __future__ import annotations

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.analyzers import STOP_WORDS
from whoosh.support.charset import accent_map

WORD_PATTERN = r"\w+(?:\.?\w+)*"


def text_analyzer() -> Analyzer:
    """Headlines and bodies: words, lower case, accents folded, English stopwords out, stemmed."""
    return (RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter(stoplist=STOP_WORDS, minsize=2) | StemFilter(lang="en", cachesize=-1))


def name_analyzer() -> Analyzer:
    """Outlets, authors and categories: whole words, folded, never stemmed (`Reuters` stays `reuters`)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
