"""Realistic benchmark queries: words people type, sampled from real headlines and topics.

Seeded and deterministic, so every run and every system sees the same queries. Besides the
natural-language set (the headline figure) there are phrase, field, date-filtered, fuzzy and
prefix queries, each kept with its parts so that other systems can express the same search.
"""
from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from whoosh.analysis.analyzers import STOP_WORDS

from benchmarks.articles import read_articles

SHARED = Path(__file__).resolve().parents[2] / "shared"
REUTERS = SHARED / "corpus" / "reuters21578"
TIME_TOPICS = SHARED / "eval" / "time" / "topics.tsv"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")

NATURAL, PHRASE, TITLE, SOURCE, DATE = "natural", "phrase", "title", "source", "date"
FUZZY, PREFIX = "fuzzy", "prefix"
CATEGORIES = (NATURAL, PHRASE, TITLE, SOURCE, DATE, FUZZY, PREFIX)
FACTS_SAMPLE = 20_000  # articles read to learn a corpus's outlets and date span
RANGE_DAYS = (7, 30, 90, 365, 3 * 365)


@dataclass(frozen=True)
class BenchQuery:
    """One query in the project's syntax, plus the parts another system needs to express it."""

    category: str
    text: str
    words: tuple[str, ...]
    field: str = ""  # "title" or "source": the words are searched in that field only
    phrase: bool = False  # the words form one exact phrase
    published: tuple[date, date] | None = None  # inclusive range of publication dates
    fuzzy: int = 0  # the one word may be this many edits away (written `word~` or `word~2`)
    prefix: bool = False  # the one word is a prefix (written `stem*`)


@dataclass(frozen=True)
class CorpusFacts:
    """What field and date queries need to know about a corpus: its outlets and date span."""

    sources: tuple[str, ...]
    first: date | None
    last: date | None


def _is_content_word(word: str) -> bool:
    return word not in STOP_WORDS and len(word) > 2


def _content_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if _is_content_word(w.lower())]


def headlines(corpus: Path = REUTERS, limit: int = 5000) -> list[str]:
    """Titles of the first `limit` articles of a corpus, read by the project's own readers."""
    titles = (a.title for a in read_articles(corpus) if a.title)
    return list(itertools.islice(titles, limit))


def _topic_lines() -> list[str]:
    if not TIME_TOPICS.exists():
        return []
    return [line.partition("\t")[2] for line in TIME_TOPICS.read_text().splitlines()]


def _word_pools(corpus: Path) -> list[list[str]]:
    """Content words of each headline and TIME topic: the runs queries are cut from."""
    pools = [p for p in map(_content_words, headlines(corpus)) if p]
    return pools + [p for p in map(_content_words, _topic_lines()) if p]


def _cut(rng: random.Random, pools: list[list[str]], longest: int) -> list[str]:
    words = rng.choice(pools)
    size = min(len(words), rng.randint(1, longest))
    start = rng.randint(0, len(words) - size)
    return words[start:start + size]


def natural_queries(count: int = 300, seed: int = 1987, corpus: Path = REUTERS) -> list[str]:
    """1-5 word queries: runs of content words from headlines, plus TIME topic keywords."""
    rng = random.Random(seed)
    pools = _word_pools(corpus)
    return [" ".join(_cut(rng, pools, 5)) for _ in range(count)]


def _phrases(titles: list[str]) -> list[tuple[str, ...]]:
    """Two or three content words standing next to each other in a headline."""
    found: list[tuple[str, ...]] = []
    for title in titles:
        run: list[str] = []
        for token in title.lower().split():
            if not (_WORD.fullmatch(token) and _is_content_word(token)):
                run = []
                continue
            run.append(token)
            found.extend(tuple(run[-n:]) for n in (2, 3) if len(run) >= n)
    return found


def corpus_facts(corpus: Path, sample: int = FACTS_SAMPLE) -> CorpusFacts:
    """Outlets and date span of the first `sample` articles of `corpus`."""
    sources: dict[str, None] = {}
    days: list[date] = []
    for article in itertools.islice(read_articles(corpus), sample):
        if article.source:
            sources.setdefault(article.source)
        if article.published:
            days.append(article.published.date())
    return CorpusFacts(tuple(sources), min(days, default=None), max(days, default=None))


def _source_word(source: str, all_sources: tuple[str, ...]) -> str:
    """The word of an outlet's name that the fewest outlets share (`boston` of "The Boston Globe")."""
    candidates = _content_words(source) or [source.lower()]
    counts = {w: sum(w in s.lower() for s in all_sources) for w in candidates}
    return min(candidates, key=lambda w: counts[w])


def _date_filter(rng: random.Random, first: date, last: date) -> tuple[str, tuple[date, date]]:
    """A `published:` filter in one of its three spellings (year, month, range) and the days it covers."""
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    form = rng.choice(("year", "month", "range"))
    if form == "year":
        return f"published:{day.year}", (date(day.year, 1, 1), date(day.year, 12, 31))
    if form == "month":
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return f"published:{day:%Y-%m}", (day.replace(day=1), following - timedelta(days=1))
    end = min(last, day + timedelta(days=rng.choice(RANGE_DAYS)))
    return f"published:[{day} TO {end}]", (day, end)


def _typo(rng: random.Random, word: str) -> str:
    """`word` with one inner letter dropped, doubled or swapped with the next (first and last letters kept)."""
    i = rng.randint(1, len(word) - 3)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "double":
        return word[:i + 1] + word[i:]
    return word[:i] + word[i + 1:]


def _fuzzy_query(rng: random.Random, words: list[str]) -> BenchQuery:
    """A word of 5+ letters, misspelt half the time, within one edit (`word~`) or, for a third of
    the words of 7+ letters, two (`word~2`)."""
    word = rng.choice(words)
    typed = _typo(rng, word) if rng.random() < 0.5 else word
    edits = 2 if len(word) >= 7 and rng.random() < 1 / 3 else 1
    return BenchQuery(FUZZY, typed + ("~2" if edits == 2 else "~"), (typed,), fuzzy=edits)


def query_set(natural: int, facts: CorpusFacts, seed: int = 1987, per_category: int | None = None,
              corpus: Path = REUTERS) -> list[BenchQuery]:
    """`natural` natural-language queries, then `per_category` (default natural // 5) of each other kind.

    Categories that need outlets or dates are left out when the corpus has none.
    """
    per_category = per_category if per_category is not None else max(10, natural // 5)
    queries = [BenchQuery(NATURAL, q, tuple(q.split())) for q in natural_queries(natural, seed, corpus)]
    rng = random.Random(seed + 1)
    titles = headlines(corpus)
    pools = _word_pools(corpus)
    phrases = _phrases(titles)
    for _ in range(per_category):
        words = rng.choice(phrases)
        queries.append(BenchQuery(PHRASE, '"' + " ".join(words) + '"', words, phrase=True))
    for _ in range(per_category):
        word = rng.choice(rng.choice(pools))
        queries.append(BenchQuery(TITLE, f"title:{word}", (word,), field="title"))
    for _ in range(per_category if facts.sources else 0):
        word = _source_word(rng.choice(facts.sources), facts.sources)
        queries.append(BenchQuery(SOURCE, f"source:{word}", (word,), field="source"))
    for _ in range(per_category if facts.first and facts.last else 0):
        words = _cut(rng, pools, 2)
        spelled, days = _date_filter(rng, facts.first, facts.last)
        queries.append(BenchQuery(DATE, " ".join(words) + " " + spelled, tuple(words), published=days))
    letters = [w for pool in pools for w in pool if w.isalpha()]
    fuzzy_words = [w for w in letters if len(w) >= 5]
    queries += [_fuzzy_query(rng, fuzzy_words) for _ in range(per_category)]
    prefix_words = [w for w in letters if len(w) >= 6]
    for _ in range(per_category):
        stem = rng.choice(prefix_words)[:rng.randint(4, 6)]
        queries.append(BenchQuery(PREFIX, stem + "*", (stem,), prefix=True))
    return queries
