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

from whoosh import qparser
from whoosh import query as wq
from whoosh.fields import Schema

from ..analysis import WORD_PATTERN
from ..fields import RANKED_FIELD
from .budget import TIME_BUDGET_SECONDS, Budget
from .expansion import Expander
from .periods import Period, extract_periods

FIELD_ALIASES = {"author": ["by", "authors"], "language": ["lang"], "category": ["topic", "tag", "categories"],
                 "source": ["outlet", "site"], RANKED_FIELD: ["body"]}
RANKING_FIELDS = (RANKED_FIELD, "title")
MAX_QUERY_CHARS = 2000
_ONLY_EXCLUSIONS = re.compile(r"^(?:-\S+\s*)+$")


@dataclass
class ParsedQuery:
    """The match rule (a Whoosh query) and what ranks the matches."""

    text: str
    query: wq.Query
    terms: Counter = field(default_factory=Counter)  # ranked-field term -> weight in the query
    plain: bool = False  # only optional words: any document with one of `terms` matches
    periods: list[Period] = field(default_factory=list)  # date filters, all of which must hold

    @property
    def empty(self) -> bool:
        return self.query is wq.NullQuery


def make_parser(schema: Schema) -> qparser.QueryParser:
    """Optional words over the ranked field, with operators, phrases and field prefixes."""
    parser = qparser.QueryParser(RANKED_FIELD, schema, group=qparser.OrGroup)
    # `-word` and `+word` only at the start of a word: `Levitation-Maglev` is one hyphenated name.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(qparser.FuzzyTermPlugin())
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
            parsed.terms.update(node.words)
        return
    if isinstance(node, wq.Term) and not isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
        if node.fieldname in RANKING_FIELDS:
            parsed.terms[node.text] += node.boost
        return
    for child in node.children():
        _collect(child, parsed)


def _expand(node: wq.Query, expander: Expander, budget: Budget) -> wq.Query:
    """Prefix, wildcard and fuzzy terms become the most frequent words they match."""
    if isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
        terms = [wq.Term(node.fieldname, w) for w in expander.words(node, budget)]
        if not terms:
            return wq.NullQuery
        return terms[0] if len(terms) == 1 else wq.Or(terms)
    return node.apply(lambda child: _expand(child, expander, budget))


def _is_plain(node: wq.Query) -> bool:
    def plain_term(q: wq.Query) -> bool:
        return type(q) is wq.Term and q.fieldname == RANKED_FIELD and q.boost == 1.0
    return plain_term(node) or (type(node) is wq.Or and all(plain_term(q) for q in node.subqueries))


def _from_query(text: str, query: wq.Query, periods: list[Period]) -> ParsedQuery:
    parsed = ParsedQuery(text, query, periods=periods)
    _collect(query, parsed)
    parsed.plain = _is_plain(query)
    return parsed


def _fallback(text: str, schema: Schema, periods: list[Period]) -> ParsedQuery:
    """Plain optional words, analysed like the index, when the operators cannot be parsed."""
    terms = list(dict.fromkeys(_analysed_terms(text, schema)))
    if not terms:
        return ParsedQuery(text, wq.Every() if periods else wq.NullQuery, periods=periods)
    return _from_query(text, wq.Or([wq.Term(RANKED_FIELD, t) for t in terms]) if len(terms) > 1
                       else wq.Term(RANKED_FIELD, terms[0]), periods)


def parse_query(text: str, schema: Schema, parser: qparser.QueryParser | None = None,
                expander: Expander | None = None, budget: Budget | None = None) -> ParsedQuery:
    """The match rule, ranked terms and date filters for `text`; `empty` when nothing is searchable.

    With an `expander`, prefix, wildcard and fuzzy terms are expanded to the words they match.
    """
    text = (text or "").strip()[:MAX_QUERY_CHARS]
    words, periods = extract_periods(text)
    words = words.strip()
    if words == "*" or (not words and periods):  # everything, e.g. to browse by date or outlet
        return ParsedQuery(text, wq.Every(), periods=periods)
    if not words:
        return ParsedQuery(text, wq.NullQuery)
    parser = parser or make_parser(schema)
    excluded_only = _ONLY_EXCLUSIONS.match(words)
    if excluded_only:  # `-word` alone: everything but the word
        words = " ".join(w[1:] for w in words.split())
    try:
        query = parser.parse(words)
        if excluded_only:
            query = wq.AndNot(wq.Every(), query)
        if expander is not None:
            query = _expand(query, expander, budget or Budget(TIME_BUDGET_SECONDS)).normalize()
    except Exception:  # Whoosh's parser raises assorted errors on odd input
        return _fallback(words, schema, periods)
    if query is wq.NullQuery or not any(True for _ in query.leaves()):
        return _fallback(words, schema, periods)
    return _from_query(text, query, periods)
