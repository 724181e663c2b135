"""Turn what a person typed into a match rule and the terms that rank, never failing.

People type sentences, so plain words are optional and documents matching more of them
score higher; the operators of web search engines still narrow the match. Whoosh's
parser decides which documents match; the ranked terms are every word not negated.
Anything the parser cannot read falls back to the plain words.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from whoosh import qparser, query as wq
from whoosh.fields import Schema

from ..analysis import WORD_PATTERN
from ..schema import RANKED_FIELD

FIELD_ALIASES = {"author": ["by", "authors"], "language": ["lang"], "category": ["topic", "tag", "categories"],
                 "source": ["outlet", "site"], RANKED_FIELD: ["body"]}
RANKING_FIELDS = (RANKED_FIELD, "title")
MAX_QUERY_CHARS = 2000


@dataclass
class ParsedQuery:
    """The match rule (a Whoosh query) and what ranks the matches."""

    text: str
    query: wq.Query
    terms: Counter = field(default_factory=Counter)  # ranked-field term -> weight in the query
    phrases: list[list[str]] = field(default_factory=list)
    plain: bool = False  # only optional words: any document with one of `terms` matches

    @property
    def empty(self) -> bool:
        return self.query is wq.NullQuery


def make_parser(schema: Schema) -> qparser.QueryParser:
    """Optional words over the ranked field, with operators, phrases and field prefixes."""
    parser = qparser.QueryParser(RANKED_FIELD, schema, group=qparser.OrGroup)
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


def _analysed_terms(text: str, schema: Schema) -> list[str]:
    return [token.text for token in schema[RANKED_FIELD].analyzer(" ".join(plain_words(text)))]


def _collect(node: wq.Query, parsed: ParsedQuery) -> None:
    """Add the ranked terms of every part of the query that is not negated."""
    if isinstance(node, wq.Not):
        return
    if isinstance(node, wq.AndNot):
        _collect(node.a, parsed)
        return
    if isinstance(node, wq.Phrase):
        if node.fieldname in RANKING_FIELDS:
            parsed.phrases.append(list(node.words))
            parsed.terms.update(node.words)
        return
    if isinstance(node, wq.Term) and not isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
        if node.fieldname in RANKING_FIELDS:
            parsed.terms[node.text] += node.boost
        return
    for child in node.children():
        _collect(child, parsed)


def _is_plain(node: wq.Query) -> bool:
    def plain_term(q: wq.Query) -> bool:
        return type(q) is wq.Term and q.fieldname == RANKED_FIELD and q.boost == 1.0
    return plain_term(node) or (type(node) is wq.Or and all(plain_term(q) for q in node.subqueries))


def _from_query(text: str, query: wq.Query) -> ParsedQuery:
    parsed = ParsedQuery(text, query)
    _collect(query, parsed)
    parsed.plain = _is_plain(query)
    return parsed


def _fallback(text: str, schema: Schema) -> ParsedQuery:
    """Plain optional words, analysed like the index, when the operators cannot be parsed."""
    terms = list(dict.fromkeys(_analysed_terms(text, schema)))
    if not terms:
        return ParsedQuery(text, wq.NullQuery)
    return _from_query(text, wq.Or([wq.Term(RANKED_FIELD, t) for t in terms]) if len(terms) > 1
                       else wq.Term(RANKED_FIELD, terms[0]))


def parse_query(text: str, schema: Schema, parser: qparser.QueryParser | None = None) -> ParsedQuery:
    """The match rule and ranked terms for `text`; `empty` when nothing in it is searchable."""
    text = (text or "").strip()[:MAX_QUERY_CHARS]
    if not text:
        return ParsedQuery(text, wq.NullQuery)
    if text == "*":  # everything, e.g. to browse by date or outlet
        return ParsedQuery(text, wq.Every())
    parser = parser or make_parser(schema)
    try:
        query = parser.parse(text)
    except Exception:  # Whoosh's parser raises assorted errors on odd input
        return _fallback(text, schema)
    if query is wq.NullQuery or not any(True for _ in query.leaves()):
        return _fallback(text, schema)
    return _from_query(text, query)
