"""Generate a large news-like corpus from statistics fitted on Reuters-21578 (seeded, streamed).

Bodies are real Reuters paragraphs recombined across articles of the same topic, with body
lengths drawn from Reuters' own distribution; invented names keep the vocabulary growing as
Heaps' law fitted on Reuters predicts once the corpus outgrows its source. Dates span 20
years, outlets are a few hundred Zipf-distributed names. Output: gzipped JSON Lines.

    python benchmarks/generate_corpus.py --count 1000000 --seed 1 --out /tmp/news
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import random
import re
import sys
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.articles import read_articles  # noqa: E402
from benchmarks.corpus_stats import words  # noqa: E402
from benchmarks.querysets import REUTERS  # noqa: E402

ARTICLES_PER_FILE = 10_000
DATELINE = re.compile(r"^([A-Z][A-Z .,&'/-]{1,50}?), ([A-Z][a-z]{2,8}\.?) \d{1,2} - ")
NAME = re.compile(r"(?<=\s)[A-Z][a-z]{3,}\b")  # a capitalised word inside a paragraph: usually a name
RARE_WORD_COUNT = 5  # only names this rare in Reuters are replaced by invented ones ("Reserve" stays)
MIN_TOPIC_PARAGRAPHS = 40  # smaller topics share one pool, so an article never repeats a paragraph
FIRST_DAY = datetime(2004, 1, 1, tzinfo=timezone.utc)
SPAN_SECONDS = int((datetime(2024, 1, 1, tzinfo=timezone.utc) - FIRST_DAY).total_seconds())
OUTLETS = 300
PAPERS = ("Herald", "Gazette", "Tribune", "Post", "Times", "Courier", "Chronicle", "Observer", "Daily News",
          "Journal", "Star", "Sentinel", "Ledger", "Examiner", "Dispatch", "Record", "Express", "Telegraph",
          "Business Review", "Independent", "Globe", "Mirror", "Standard", "Register")
MAX_NEW_NAMES_PER_ARTICLE = 20
RECURRING_NAME_RATE = 0.5  # chance that an article mentions again one of the recently invented names
RECENT_NAMES = 2000


@dataclass
class ReutersModel:
    """What the generator draws from: Reuters paragraphs grouped by topic, lengths, places, bylines."""

    paragraphs: list[str] = field(default_factory=list)
    paragraph_tokens: array = field(default_factory=lambda: array("I"))
    paragraph_words: list[array] = field(default_factory=list)  # distinct word ids, for vocabulary tracking
    topic_paragraphs: list[list[int]] = field(default_factory=list)
    topic_titles: list[list[str]] = field(default_factory=list)
    templates: list[tuple[int, int, list[str]]] = field(default_factory=list)  # topic, body words, categories
    cities: Counter = field(default_factory=Counter)
    authors: list[str] = field(default_factory=list)
    name_parts: list[str] = field(default_factory=list)
    rare_words: set[str] = field(default_factory=set)
    vocabulary: dict[str, int] = field(default_factory=dict)
    heaps_k: float = 0.0
    heaps_beta: float = 0.0


def _heaps_fit(points: list[tuple[int, int]]) -> tuple[float, float]:
    """Least-squares K, beta of V = K * n**beta on log-log points (tokens n, vocabulary V)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(v) for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    beta = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return math.exp(my - beta * mx), beta


def fit(corpus: Path = REUTERS) -> ReutersModel:
    """Fit the model on a Reuters-like corpus read with the project's readers."""
    model = ReutersModel()
    topics: dict[str, tuple[list[int], list[str]]] = {}
    raw_templates: list[tuple[str, int, list[str]]] = []
    name_counts: Counter = Counter()
    word_counts: Counter = Counter()
    tokens, next_checkpoint, heaps_points = 0, 50_000, []
    for article in read_articles(corpus):
        body = article.body
        dateline = DATELINE.match(body)
        if dateline:
            model.cities[dateline.group(1)] += 1
            body = body[dateline.end():]
        paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
        model.authors.extend(article.authors)
        if not paragraphs or not article.title or not article.published:
            continue
        key = article.categories[0] if article.categories else ""
        pool, titles = topics.setdefault(key, ([], []))
        titles.append(article.title)
        length = 0
        for text in paragraphs:
            tokens_here = words(text)
            word_counts.update(tokens_here)
            ids = {model.vocabulary.setdefault(w, len(model.vocabulary)) for w in tokens_here}
            pool.append(len(model.paragraphs))
            model.paragraphs.append(text)
            model.paragraph_tokens.append(len(tokens_here))
            model.paragraph_words.append(array("I", sorted(ids)))
            name_counts.update(n for n in NAME.findall(text) if len(n) >= 5)
            length += len(tokens_here)
        raw_templates.append((key, length, article.categories))
        tokens += length
        if tokens >= next_checkpoint:
            heaps_points.append((tokens, len(model.vocabulary)))
            next_checkpoint = int(next_checkpoint * 1.25)
    misc: tuple[list[int], list[str]] = ([], [])
    topic_index: dict[str, int] = {}
    for key, (pool, titles) in topics.items():
        if len(pool) < MIN_TOPIC_PARAGRAPHS:
            misc[0].extend(pool)
            misc[1].extend(titles)
            continue
        topic_index[key] = len(model.topic_paragraphs)
        model.topic_paragraphs.append(pool)
        model.topic_titles.append(titles)
    misc_index = len(model.topic_paragraphs)
    model.topic_paragraphs.append(misc[0])
    model.topic_titles.append(misc[1])
    model.templates = [(topic_index.get(key, misc_index), length, categories)
                       for key, length, categories in raw_templates]
    model.name_parts = [n for n, c in name_counts.items() if c >= 2]
    model.rare_words = {w for w, c in word_counts.items() if c <= RARE_WORD_COUNT}
    model.heaps_k, model.heaps_beta = _heaps_fit(heaps_points)
    return model


class ArticleGenerator:
    """Draws articles one by one from a fitted model; the same seed always gives the same articles."""

    def __init__(self, model: ReutersModel, seed: int) -> None:
        self.model = model
        self.rng = random.Random(seed)
        self.outlets = self._outlets()
        self.outlet_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.outlets))))  # Zipf
        self.cities = list(model.cities)
        self.city_weights = list(accumulate(model.cities.values()))
        bylines = [[p.capitalize() if p.isupper() else p for p in a.split()] for a in model.authors]
        self.first_names = sorted({b[0] for b in bylines if len(b) > 1})
        self.last_names = sorted({b[-1] for b in bylines if len(b) > 1})
        self.paragraph_used = bytearray(len(model.paragraphs))
        self.word_seen = bytearray(len(model.vocabulary))
        self.reuters_words_seen = 0
        self.tokens = 0
        self.invented: list[str] = []
        self._invented_set: set[str] = set()

    def _outlets(self) -> list[str]:
        """A few hundred outlet names: a Reuters dateline city and a newspaper word."""
        places = sorted({c.split(",")[0].title() for c in self.model.cities})
        names = sorted({f"The {place} {paper}" for place in places for paper in PAPERS})
        return self.rng.sample(names, min(OUTLETS, len(names)))

    def _paragraphs(self, topic: int, target_words: int) -> list[int]:
        """Distinct paragraphs of one topic whose lengths add up closest to `target_words`."""
        pool = self.model.topic_paragraphs[topic]
        picked: list[int] = []
        total = 0
        while total < target_words and len(picked) < len(pool) // 2:
            index = self.rng.choice(pool)
            if index in picked:
                continue
            size = self.model.paragraph_tokens[index]
            if picked and total + size - target_words > target_words - total:
                break
            picked.append(index)
            total += size
        return picked

    def _track_vocabulary(self, picked: list[int]) -> None:
        for index in picked:
            if self.paragraph_used[index]:
                continue
            self.paragraph_used[index] = 1
            for word in self.model.paragraph_words[index]:
                if not self.word_seen[word]:
                    self.word_seen[word] = 1
                    self.reuters_words_seen += 1
        self.tokens += sum(self.model.paragraph_tokens[i] for i in picked)

    def _new_name(self) -> str:
        """A name-like word that is neither a Reuters word nor invented before."""
        while True:
            head, tail = self.rng.choice(self.model.name_parts), self.rng.choice(self.model.name_parts)
            name = (head[:len(head) // 2 + self.rng.randint(0, 1)] + tail[len(tail) // 2:]).capitalize()
            if name.lower() not in self.model.vocabulary and name not in self._invented_set:
                return name

    def _place_name(self, texts: list[str], name: str) -> bool:
        """Replace one rare capitalised word of one paragraph by `name`; False if no paragraph has one."""
        start = self.rng.randrange(len(texts))
        for offset in range(len(texts)):
            i = (start + offset) % len(texts)
            found = [m for m in NAME.finditer(texts[i]) if m.group().lower() in self.model.rare_words]
            if found:
                match = self.rng.choice(found)
                texts[i] = texts[i][:match.start()] + name + texts[i][match.end():]
                return True
        return False

    def _add_names(self, texts: list[str]) -> None:
        """Invent as many new names as Heaps' law asks for now, and let an earlier one recur."""
        target = self.model.heaps_k * self.tokens ** self.model.heaps_beta
        missing = int(target) - self.reuters_words_seen - len(self.invented)
        for _ in range(max(0, min(missing, MAX_NEW_NAMES_PER_ARTICLE))):
            name = self._new_name()
            if not self._place_name(texts, name):
                break
            self.invented.append(name)
            self._invented_set.add(name)
        if self.invented and self.rng.random() < RECURRING_NAME_RATE:
            self._place_name(texts, self.rng.choice(self.invented[-RECENT_NAMES:]))

    def _authors(self) -> list[str]:
        roll = self.rng.random()
        count = 0 if roll < 0.3 else 1 if roll < 0.85 else 2
        return [f"{self.rng.choice(self.first_names)} {self.rng.choice(self.last_names)}" for _ in range(count)]

    def article(self, number: int) -> dict:
        """The `number`-th article as a JSON Lines record (see README "Input formats")."""
        rng = self.rng
        topic, length, categories = rng.choice(self.model.templates)
        picked = self._paragraphs(topic, length)
        self._track_vocabulary(picked)
        texts = [self.model.paragraphs[i] for i in picked]
        self._add_names(texts)
        published = FIRST_DAY + timedelta(seconds=rng.randrange(SPAN_SECONDS))
        city = rng.choices(self.cities, cum_weights=self.city_weights)[0]
        texts[0] = f"{city}, {published:%b} {published.day} - {texts[0]}"
        return {
            "id": f"gen-{number:07d}",
            "title": rng.choice(self.model.topic_titles[topic]),
            "body": "\n\n".join(texts),
            "published": published.isoformat(),
            "source": rng.choices(self.outlets, cum_weights=self.outlet_weights)[0],
            "authors": self._authors(),
            "categories": categories,
        }


@dataclass
class GenerationReport:
    articles: int
    files: int
    fit_seconds: float
    seconds: float  # writing the articles, after fitting
    invented_names: int
    heaps_k: float
    heaps_beta: float

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def _open_part(path: Path) -> io.TextIOWrapper:
    """A gzip text file with a fixed header timestamp, so equal seeds give byte-identical files."""
    return io.TextIOWrapper(gzip.GzipFile(path, "wb", compresslevel=6, mtime=0), encoding="utf-8")


def generate(count: int, seed: int, out: Path, per_file: int = ARTICLES_PER_FILE,
             model: ReutersModel | None = None) -> GenerationReport:
    """Write `count` articles to `out/news-NNNNN.jsonl.gz`, `per_file` per file, streaming."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    generator = ArticleGenerator(model or fit(), seed)
    fitted = time.perf_counter()
    files = 0
    for first in range(0, count, per_file):
        with _open_part(out / f"news-{files:05d}.jsonl.gz") as part:
            for number in range(first, min(count, first + per_file)):
                part.write(json.dumps(generator.article(number), ensure_ascii=False) + "\n")
        files += 1
    return GenerationReport(count, files, fitted - started, time.perf_counter() - fitted, len(generator.invented),
                            generator.model.heaps_k, generator.model.heaps_beta)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-file", type=int, default=ARTICLES_PER_FILE)
    args = parser.parse_args()
    report = generate(args.count, args.seed, args.out, args.per_file)
    print(f"generated {report.articles} articles in {report.files} files in {report.seconds:.1f} s "
          f"({report.rate:.0f} articles/s, after {report.fit_seconds:.1f} s fitting on Reuters); "
          f"{report.invented_names} invented names "
          f"(Heaps' law fitted on Reuters: V = {report.heaps_k:.1f} * n^{report.heaps_beta:.3f})")


if __name__ == "__main__":
    main()
