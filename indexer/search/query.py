"""Turn what a person typed into a match rule and the terms that rank, never failing.

People type sentences, so plain words are optional and documents matching more of them
score higher; the operators of web search engines still narrow the match. Whoosh's
parser decides which documents match; the ranked terms are every word not negated.
Anything the parser cannot read falls back to the plain words.
"""
from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh import query as wq
from whoosh.fields import Schema

from ..analysis import ENGLISH, WORD_PATTERN, QueryWordsAnalyzer, index_term
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
    # the index terms each plain word may be, one per language's rules ("Gewerkschaften": German
    # `gewerkschaft`, English `gewerkschaften`)
    alternatives: list[tuple[str, ...]] = field(default_factory=list)
    analyses_of: dict[str, frozenset[str]] = field(default_factory=dict)  # term -> the analyses that made it
    word_of: dict[str, str] = field(default_factory=dict)  # term -> the query word it stands for

    def words(self, terms: Collection[str]) -> set[str]:
        """The query words `terms` stand for: a word looked up in several languages counts once."""
        return {self.word_of.get(term, term) for term in terms}
    plain: bool = False  # only optional words: any document with one of `terms` matches
    periods: list[Period] = field(default_factory=list)  # date filters, all of which must hold

    @property
    def empty(self) -> bool:
        return self.query is wq.NullQuery


def make_parser(schema: Schema) -> qparser.QueryParser:
    """Optional words over the ranked field, with operators, phrases and field prefixes. Headline and body
    words are read as written, for `parse_query` to look them up under each language's rules."""
    schema = copy.deepcopy(schema)
    for name in RANKING_FIELDS:
        schema[name].analyzer = QueryWordsAnalyzer()
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


def _query_words(text: str) -> list[str]:
    return [token.text for token in QueryWordsAnalyzer()(" ".join(plain_words(text)))]


@dataclass
class _Variants:
    """What `_in_languages` learns on the way: each plain word's alternatives, and which analyses made
    each term."""

    analyses: Sequence[str]
    alternatives: list[tuple[str, ...]] = field(default_factory=list)
    analyses_of: dict[str, set[str]] = field(default_factory=dict)
    word_of: dict[str, str] = field(default_factory=dict)

    def under(self, word: str, analysis: str) -> str:
        """The word's index term under one analysis, noted."""
        term = index_term(word, analysis) or word
        self.analyses_of.setdefault(term, set()).add(analysis)
        self.word_of.setdefault(term, word)
        return term

    def of(self, word: str) -> list[str]:
        """The word's index term under each analysis, each once, in the order of `analyses`."""
        return list(dict.fromkeys(self.under(word, analysis) for analysis in self.analyses))


def _in_languages(node: wq.Query, variants: _Variants) -> wq.Query:
    """Each headline or body word (and phrase) as the index terms it is under each analysis of the index:
    one of them, or any of several."""
    if isinstance(node, wq.Phrase) and node.fieldname in RANKING_FIELDS:
        by_analysis = [[variants.under(w, a) for w in node.words] for a in variants.analyses]
        phrases = [wq.Phrase(node.fieldname, words, slop=node.slop, boost=node.boost)
                   for words in dict.fromkeys(map(tuple, by_analysis))]
        return phrases[0] if len(phrases) == 1 else wq.Or(phrases)
    if type(node) is wq.Term and node.fieldname in RANKING_FIELDS:
        terms = variants.of(node.text)
        variants.alternatives.append(tuple(terms))
        queries = [wq.Term(node.fieldname, t, boost=node.boost) for t in terms]
        return queries[0] if len(queries) == 1 else wq.Or(queries)
    return node.apply(lambda child: _in_languages(child, variants))


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


def _from_query(text: str, query: wq.Query, periods: list[Period], variants: _Variants) -> ParsedQuery:
    parsed = ParsedQuery(text, query, periods=periods, alternatives=variants.alternatives,
                         analyses_of={term: frozenset(made) for term, made in variants.analyses_of.items()},
                         word_of=variants.word_of)
    _collect(query, parsed)
    parsed.plain = _is_plain(query)
    return parsed


def _fallback(text: str, periods: list[Period], analyses: Sequence[str]) -> ParsedQuery:
    """Plain optional words, analysed like the index, when the operators cannot be parsed."""
    words = list(dict.fromkeys(_query_words(text)))
    if not words:
        return ParsedQuery(text, wq.Every() if periods else wq.NullQuery, periods=periods)
    variants = _Variants(analyses)
    query = wq.Or([wq.Term(RANKED_FIELD, w) for w in words]) if len(words) > 1 else wq.Term(RANKED_FIELD, words[0])
    return _from_query(text, _in_languages(query, variants).normalize(), periods, variants)


def parse_query(text: str, schema: Schema, parser: qparser.QueryParser | None = None,
                expander: Expander | None = None, budget: Budget | None = None,
                analyses: Sequence[str] = (ENGLISH,)) -> ParsedQuery:
    """The match rule, ranked terms and date filters for `text`; `empty` when nothing is searchable.

    Headline and body words are looked up under each of `analyses` (those of the index's languages). With
    an `expander`, prefix, wildcard and fuzzy terms are expanded to the words they match.
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
    variants = _Variants(analyses)
    try:
        query = parser.parse(words)
        if excluded_only:
            query = wq.AndNot(wq.Every(), query)
        query = _in_languages(query, variants)  # before expansion: it yields index terms
        if expander is not None:
            query = _expand(query, expander, budget or Budget(TIME_BUDGET_SECONDS))
        query = query.normalize()
    except Exception:  # Whoosh's parser raises assorted errors on odd input
        return _fallback(words, periods, analyses)
    if query is wq.NullQuery or not any(True for _ in query.leaves()):
        return _fallback(words, periods, analyses)
    return _from_query(text, query, periods, variants)
