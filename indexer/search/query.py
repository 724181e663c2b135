"""Turn what a person typed into a Whoosh query that ranks well and never fails.

People type sentences, so words are optional (OrGroup) and documents matching more of
them score higher; the operators of web search engines still work. Anything the parser
cannot read falls back to the plain words.
"""
from __future__ import annotations

import re

from whoosh import qparser
from whoosh.fields import Schema
from whoosh.query import Every, NullQuery, Or, Query, Term

from ..analysis import WORD_PATTERN

DEFAULT_FIELDS = ("title", "body")
FIELD_ALIASES = {"author": ["by", "authors"], "language": ["lang"], "category": ["topic", "tag", "categories"],
                 "source": ["outlet", "site"]}
MAX_QUERY_CHARS = 2000
COORDINATION = 0.9  # OrGroup bonus for matching more of the query's words


def make_parser(schema: Schema) -> qparser.QueryParser:
    """The project's query parser: optional words over title and body, operators and fields."""
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema,
                                      group=qparser.OrGroup.factory(COORDINATION))
    # `-word` and `+word` only at the start of a word: `Levitation-Maglev` is one hyphenated name.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    # `a NOT b` means a without b, as in web search engines (Whoosh's default reads "a OR (NOT b)").
    parser.remove_plugin_class(qparser.OperatorsPlugin)
    parser.add_plugin(qparser.OperatorsPlugin(AndNot=r"(?<=\s)(?:AND\s*NOT|NOT)(?=\s)",
                                              Not=r"(^|(?<=\())NOT(?=\s)"))
    return parser


def plain_words(text: str) -> list[str]:
    """The words of a query, ignoring every operator and punctuation."""
    return re.findall(WORD_PATTERN, text)


def _fallback(text: str, schema: Schema) -> Query:
    """Plain optional words, analysed like the index, when the operators cannot be parsed."""
    terms = []
    for field in DEFAULT_FIELDS:
        analyzer = schema[field].analyzer
        for word in plain_words(text):
            terms.extend(Term(field, token.text) for token in analyzer(word))
    return Or(terms) if terms else NullQuery


def parse_query(text: str, schema: Schema, parser: qparser.QueryParser | None = None) -> Query:
    """A query for `text`; NullQuery when it holds nothing searchable."""
    text = (text or "").strip()[:MAX_QUERY_CHARS]
    if not text:
        return NullQuery
    if text == "*":  # everything, e.g. to browse by date or outlet
        return Every()
    parser = parser or make_parser(schema)
    try:
        query = parser.parse(text)
    except Exception:  # Whoosh's parser raises assorted errors on odd input
        return _fallback(text, schema)
    if query is NullQuery or not list(query.terms()) and not _has_leaves(query):
        return _fallback(text, schema)
    return query


def _has_leaves(query: Query) -> bool:
    return any(True for _ in query.leaves())
