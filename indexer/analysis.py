"""Analyzers shared by indexing and querying, so both sides fold and stem words alike, in each language.

`NewsAnalyzer` does in one pass what `RegexTokenizer | LowercaseFilter |
CharsetFilter(accent_map) | StopFilter | StemFilter` does in five generators, and
remembers each distinct word's term: indexing spends most of its time here, and news
vocabulary repeats.

Each article is analysed by its language's rules (`analysis_of`): the Snowball stemmer of
that language where PyStemmer has one, English's for English and for articles whose
language is unknown, folding alone for the rest. English folds accents before stemming, so
`Lukašenko` and `Lukasenko` meet as one term; other languages stem the word as written (their
stemmers read accents) and fold the stem. Chinese, Japanese and Korean, written without
spaces between words, are indexed as overlapping pairs of characters, as Lucene's CJK
bigrams are. A query is read into words as written (`QueryWordsAnalyzer`), and each word is
then looked up under every language of the index (`search.query`).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

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
# Han, kana and Hangul: written without spaces between words
_CJK_CHARACTERS = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CHARACTERS}]")
_CJK_RUN = re.compile(f"[{_CJK_CHARACTERS}]+")
# Lucene's English stop set: short enough that "US", "who" and "will" stay searchable. Left out in every
# language, so that a phrase reads the same positions in the index and in a query.
STOP_WORDS = frozenset("""a an and are as at be but by for if in into is it no not of on or such that
the their then there these they this to was will with""".split())
MIN_LENGTH = 2
# `text` field values are "title<FIELD_BREAK>body": title words weigh more (BM25F's field weight),
# and so, less, do the lead's (news puts the story's subject in its first sentences); the
# body starts after a position gap, so a phrase cannot span headline and body.
FIELD_BREAK = "\x1e"
# an indexed value may start with its language: "de<LANGUAGE_MARK>text" (see `with_language`)
LANGUAGE_MARK = "\x1f"
TITLE_WEIGHT = 2.0
LEAD_WORDS = 40
LEAD_WEIGHT = 1.5
TITLE_GAP = 100
_CACHE_LIMIT = 300_000  # distinct words remembered per process and language; a build has two caches per worker
ENGLISH = "en"
FOLDING_ONLY = ""  # the analysis of languages without a stemmer
_SNOWBALL = {"ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
             "en": "english", "eo": "esperanto", "es": "spanish", "et": "estonian", "eu": "basque", "fa": "persian",
             "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian",
             "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian", "ne": "nepali",
             "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
             "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish"}
STEMMED_LANGUAGES = {code: name for code, name in _SNOWBALL.items() if name in Stemmer.algorithms()}
# what a stemmer does not fold itself (Snowball's Arabic stemmer normalises alef forms, short vowels and
# tatweel on its own)
_BEFORE_STEMMING: dict[str, Callable[[str], str]] = {"ru": lambda word: word.replace("ё", "е")}
_folded: dict[str, str] = {}


def analysis_of(language: str) -> str:
    """Whose rules analyse an article in `language`: its own stemmer's, English's for English and for an
    unknown language (as before languages were told apart), else folding only."""
    if language in STEMMED_LANGUAGES:
        return language
    return ENGLISH if language in ("", "und") else FOLDING_ONLY


def with_language(text: str, language: str) -> str:
    """`text` marked for `NewsAnalyzer` to read by `language`'s rules."""
    return f"{language}{LANGUAGE_MARK}{text}"


def fold(word: str) -> str:
    """Lower case without accents: the unstemmed form used for names and prefixes."""
    term = _folded.get(word)
    if term is None:
        if len(_folded) > _CACHE_LIMIT:
            _folded.clear()
        term = _folded[word] = word.lower().translate(accent_map)
    return term


def _rules(analysis: str) -> Callable[[str], str]:
    """word -> index term under one analysis ("" for a stopword or a word too short to index)."""
    stem = Stemmer.Stemmer(STEMMED_LANGUAGES[analysis]).stemWord if analysis else None
    before = _BEFORE_STEMMING.get(analysis)

    def term(word: str) -> str:
        if _CJK.match(word):  # a pair (or a lone one) of CJK characters
            return word
        folded = fold(word)
        if folded in STOP_WORDS or len(folded) < MIN_LENGTH:
            return ""
        if analysis == ENGLISH:
            return stem(folded)
        if stem is None:
            return folded
        written = word.lower()
        return fold(stem(before(written) if before else written))

    return term


_terms: dict[str, dict[str, str]] = {}  # analysis -> word as written -> index term
_rules_of: dict[str, Callable[[str], str]] = {}


def _known(analysis: str) -> dict[str, str]:
    known = _terms.get(analysis)
    if known is None:
        known = _terms[analysis] = {}
        _rules_of[analysis] = _rules(analysis)
    elif len(known) > _CACHE_LIMIT:
        known.clear()
    return known


def index_term(word: str, analysis: str = ENGLISH) -> str:
    """The term a word is indexed as under `analysis` (see `analysis_of`), or "" if it is not indexed."""
    known = _known(analysis)
    term = known.get(word)
    if term is None:
        term = known[word] = _rules_of[analysis](word)
    return term


@dataclass(frozen=True, slots=True)
class _Piece:
    """A word cut from a run of CJK characters, read like a regex match."""

    text: str
    first: int
    last: int

    def group(self) -> str:
        return self.text

    def start(self) -> int:
        return self.first

    def end(self) -> int:
        return self.last


def _cjk_pieces(match: re.Match) -> Iterator[_Piece]:
    word, offset = match.group(), match.start()
    cursor = 0
    for run in _CJK_RUN.finditer(word):
        if run.start() > cursor:
            yield _Piece(word[cursor:run.start()], offset + cursor, offset + run.start())
        characters = run.group()
        if len(characters) == 1:
            yield _Piece(characters, offset + run.start(), offset + run.end())
        for at in range(len(characters) - 1):
            yield _Piece(characters[at:at + 2], offset + run.start() + at, offset + run.start() + at + 2)
        cursor = run.end()
    if cursor < len(word):
        yield _Piece(word[cursor:], offset + cursor, offset + len(word))


def _with_cjk(text: str) -> Iterator[re.Match | _Piece]:
    for match in _WORD.finditer(text):
        if _CJK.search(match.group()):
            yield from _cjk_pieces(match)
        else:
            yield match


def word_matches(text: str) -> Iterable[re.Match | _Piece]:
    """Each word the index reads in `text`, as a match (`group`, `start`, `end`): runs of CJK characters
    become overlapping pairs of characters (a lone one stays itself). Most texts have none: their words
    are the tokenizer's own matches."""
    return _with_cjk(text) if _CJK.search(text) else _WORD.finditer(text)


def _lookup(analysis: str) -> Callable[[str], str]:
    """word -> index term under `analysis`, remembered: one dictionary lookup for a word met before."""
    known = _known(analysis)
    rules = _rules_of[analysis]

    def term(word: str) -> str:
        found = known.get(word)
        if found is None:
            if len(known) > _CACHE_LIMIT:
                known.clear()
            found = known[word] = rules(word)
        return found

    return term


def _split_language(value: str) -> tuple[str, str]:
    """(language, text) of a value `with_language` marked; ("", value) for one it did not."""
    language, marked, text = value[:16].partition(LANGUAGE_MARK)
    return (language, text + value[16:]) if marked else ("", value)


class NewsAnalyzer(Analyzer):
    """Words (CJK as pairs of characters), lower case, accents folded, stopwords out, stemmed by the value's
    language (see `with_language`); Whoosh's Token protocol."""

    is_morph = True

    def lookup(self, analysis: str) -> Callable[[str], str]:
        """word -> the term this analyzer gives it under `analysis` ("" to leave it out)."""
        return _lookup(analysis)

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
        language, text = _split_language(value)
        lookup = self.lookup(analysis_of(language))
        start_char += len(value) - len(text)
        pos = start_pos
        title, has_break, body = text.partition(FIELD_BREAK)
        segments = [(title, start_char, TITLE_WEIGHT), (body, start_char + len(title) + 1, 1.0)] if has_break \
            else [(text, start_char, 1.0)]
        for segment, offset, boost in segments:
            body_start = pos
            for match in word_matches(segment):
                word = match.group()
                term = fold(word) if no_morph else lookup(word)
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


class QueryWordsAnalyzer(NewsAnalyzer):
    """A query's words as written (lower case), stopwords out as the index leaves them out: the query is
    then looked up under each language's rules (`search.query`)."""

    def lookup(self, analysis: str) -> Callable[[str], str]:
        return _as_written


def _as_written(word: str) -> str:
    """A query word in lower case, or "" where the index leaves it out."""
    return word.lower() if index_term(word, FOLDING_ONLY) else ""


def index_terms(text: str, analysis: str = ENGLISH) -> list[str]:
    """The index terms of a headline or a body in order, stopwords left out, as `NewsAnalyzer` indexes them:
    what the forward index records."""
    known = _known(analysis)  # the cache inline: this loop runs over every word of every article
    rules = _rules_of[analysis]
    terms = []
    found = _WORD.findall(text) if not _CJK.search(text) else [match.group() for match in word_matches(text)]
    for word in found:
        term = known.get(word)
        if term is None:
            term = known[word] = rules(word)
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


def term_spans(text: str, terms: Collection[str], analysis: str = ENGLISH) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word of `text` whose index term under `analysis` is in `terms`: what
    snippets mark (overlapping CJK pairs are joined into one span).

    Each distinct word is stemmed once; the few forms that match are then found with `str.find`.
    """
    if _CJK.search(text):
        return _joined([(match.start(), match.end(), term) for match in word_matches(text)
                        if (term := index_term(match.group(), analysis)) in terms])
    known = _known(analysis)
    rules = _rules_of[analysis]
    spans = []
    for word in set(_WORD.findall(text)):
        term = known.get(word)
        if term is None:
            term = known[word] = rules(word)
        if term in terms:
            start = text.find(word)
            while start >= 0:
                if _bounded(text, start, start + len(word)):
                    spans.append((start, start + len(word), term))
                start = text.find(word, start + 1)
    spans.sort()
    return spans


def _joined(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans in order, overlapping ones (consecutive CJK pairs) made one."""
    joined: list[tuple[int, int, str]] = []
    for start, end, term in spans:
        if joined and start < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]), joined[-1][2])
        else:
            joined.append((start, end, term))
    return joined


def text_analyzer() -> Analyzer:
    """Headlines and bodies."""
    return NewsAnalyzer()


def name_analyzer() -> Analyzer:
    """Outlets, authors and categories: whole words, folded, never stemmed (`Reuters` stays `reuters`)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
