"""Analyzers shared by indexing and querying, so both sides fold and stem words alike.

`NewsAnalyzer` does in one pass what `RegexTokenizer | LowercaseFilter |
CharsetFilter(accent_map) | StopFilter | StemFilter` does in five generators, and
remembers each distinct word's term: indexing spends most of its time here, and news
vocabulary repeats. Accent folding runs before stemming, so `Lukašenko` and `Lukasenko`
meet as one term.
"""
from __future__ import annotations

import re
from collections.abc import Collection

import Stemmer
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    Token,
)
from whoosh.support.charset import accent_map

WORD_PATTERN = r"\w+(?:\.?\w+)*"
_WORD = re.compile(WORD_PATTERN)
_WORD_CHARACTER = re.compile(r"\w")
# Lucene's English stop set: short enough that "US", "who" and "will" stay searchable.
STOP_WORDS = frozenset("""a an and are as at be but by for if in into is it no not of on or such that
the their then there these they this to was will with""".split())
MIN_LENGTH = 2
# `text` field values are "title<FIELD_BREAK>body": title words weigh more (BM25F's field weight),
# and so, less, do the lead's (news puts the story's subject in its first sentences); the
# body starts after a position gap, so a phrase cannot span headline and body.
FIELD_BREAK = "\x1e"
TITLE_WEIGHT = 2.0
LEAD_WORDS = 40
LEAD_WEIGHT = 1.5
TITLE_GAP = 100
_CACHE_LIMIT = 300_000  # distinct words remembered per process; a build has two caches per worker
_stem = Stemmer.Stemmer("english").stemWord  # Snowball English (Porter2), in C
_stemmed: dict[str, str] = {}  # word as written -> index term ("" for a stopword)
_folded: dict[str, str] = {}


def fold(word: str) -> str:
    """Lower case without accents: the unstemmed form used for names and prefixes."""
    term = _folded.get(word)
    if term is None:
        if len(_folded) > _CACHE_LIMIT:
            _folded.clear()
        term = _folded[word] = word.lower().translate(accent_map)
    return term


def index_term(word: str) -> str:
    """The stemmed term for a word, or "" if it is a stopword or too short to index."""
    term = _stemmed.get(word)
    if term is None:
        if len(_stemmed) > _CACHE_LIMIT:
            _stemmed.clear()
        folded = fold(word)
        term = "" if folded in STOP_WORDS or len(folded) < MIN_LENGTH else _stem(folded)
        _stemmed[word] = term
    return term


class NewsAnalyzer(Analyzer):
    """Words, lower case, accents folded, stopwords out, English stemming; Whoosh's Token protocol."""

    is_morph = True

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", no_morph: bool = False, **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:  # the parser hands over a whole word, e.g. a prefix or wildcard
            token.text = fold(value) if no_morph else (index_term(value) or fold(value))
            token.original = value
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        pos = start_pos
        title, has_break, body = value.partition(FIELD_BREAK)
        segments = [(title, start_char, TITLE_WEIGHT), (body, start_char + len(title) + 1, 1.0)] if has_break \
            else [(value, start_char, 1.0)]
        for segment, offset, boost in segments:
            body_start = pos
            for match in _WORD.finditer(segment):
                word = match.group()
                term = fold(word) if no_morph else index_term(word)
                stopped = not term or (no_morph and (term in STOP_WORDS or len(term) < MIN_LENGTH))
                if stopped and removestops:
                    continue
                token.text = term or fold(word)
                token.stopped = stopped
                token.boost = LEAD_WEIGHT if has_break and boost == 1.0 and pos - body_start < LEAD_WORDS else boost
                if keeporiginal:
                    token.original = word
                if positions:
                    token.pos = pos
                    pos += 1
                if chars:
                    token.startchar = offset + match.start()
                    token.endchar = offset + match.end()
                yield token
            pos += TITLE_GAP


def index_terms(text: str) -> list[str]:
    """The index terms of a headline or a body in order, stopwords left out, as `NewsAnalyzer` indexes them:
    what the forward index records."""
    known = _stemmed.get  # the cache inline: this loop runs over every word of every article
    terms = []
    for word in _WORD.findall(text):
        term = known(word)
        if term is None:
            term = index_term(word)
        if term:
            terms.append(term)
    return terms


def _word_character(text: str, at: int) -> bool:
    return 0 <= at < len(text) and _WORD_CHARACTER.match(text, at) is not None


def _bounded(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a whole word for the tokenizer, not part of a longer one (`oil` in `oil.com`)."""
    before = _word_character(text, start - 1) or (text[start - 1:start] == "." and _word_character(text, start - 2))
    after = _word_character(text, end) or (text[end:end + 1] == "." and _word_character(text, end + 1))
    return not (before or after)


def term_spans(text: str, terms: Collection[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word of `text` whose index term is in `terms`: what snippets mark.

    Each distinct word is stemmed once; the few forms that match are then found with `str.find`.
    """
    known = _stemmed.get
    spans = []
    for word in set(_WORD.findall(text)):
        term = known(word)
        if term is None:
            term = index_term(word)
        if term in terms:
            start = text.find(word)
            while start >= 0:
                if _bounded(text, start, start + len(word)):
                    spans.append((start, start + len(word), term))
                start = text.find(word, start + 1)
    spans.sort()
    return spans


def text_analyzer() -> Analyzer:
    """Headlines and bodies."""
    return NewsAnalyzer()


def name_analyzer() -> Analyzer:
    """Outlets, authors and categories: whole words, folded, never stemmed (`Reuters` stays `reuters`)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
