"""What is distinctive in a search's matches: the terms far more common among its best matches than in the
archive, as Elasticsearch's significant-terms aggregation finds them.

The foreground is the best few hundred matches, each story once; the background is the whole
generation, whose document frequencies the vocabulary already holds. Each term is scored by
JLH (the foreground share's absolute gain over the background share times its ratio), which
favours terms both common in the foreground and rare elsewhere; a term must be in a few
foreground stories, so one article's rare name does not win alone.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from ..storage import SEPARATOR
from .arrays import concatenated_ranges, distinct
from .generation import Generation
from .ranking import stopword_terms

SAMPLE_SIZE = 300  # best matches read
TERMS_SHOWN = 20
MIN_STORIES = 3  # foreground stories a term must be in, as Elasticsearch's default `min_doc_count`


@dataclass(frozen=True)
class SignificantTerm:
    term: str  # the word as it is most often written
    score: float  # JLH
    matches: int  # how many of the sampled matches (stories) hold it

    def to_dict(self) -> dict:
        return {"term": self.term, "score": self.score, "matches": self.matches}


def significant_terms(generation: Generation, sample: np.ndarray, excluded: Collection[str],
                      size: int = TERMS_SHOWN) -> list[SignificantTerm]:
    """The `size` terms most over-represented in `sample` (document numbers, one per story) against the
    whole generation; `excluded` (the query's own terms) are left out."""
    if not len(sample):
        return []
    term_ids, held = np.unique(_distinct_terms(generation, np.sort(sample)), return_counts=True)
    common = held >= min(MIN_STORIES, len(sample))
    term_ids, held = term_ids[common], held[common]
    foreground = held / len(sample)
    background = np.maximum(generation.postings.vocabulary.counts[term_ids], 1) / generation.count
    scores = np.where(foreground > background, (foreground - background) * foreground / background, 0.0)
    analyses = generation.document_analyses[sample]
    analysis = generation.analyses[int(np.bincount(analyses).argmax())]  # the sample's language
    skipped = stopword_terms(analysis) | set(excluded)
    found = []
    for place in np.argsort(-scores, kind="stable").tolist():
        if scores[place] <= 0 or len(found) == size:
            break
        text = generation.postings.text(int(term_ids[place]))
        if text in skipped or len(text) < 3 or not any(c.isalpha() for c in text):
            continue
        found.append(SignificantTerm(generation.written_form(text, analysis), round(float(scores[place]), 4),
                                     int(held[place])))
    return found


def _distinct_terms(generation: Generation, docs: np.ndarray) -> np.ndarray:
    """Each document's distinct terms (as vocabulary ids), all documents' together."""
    found = []
    vocabulary_size = len(generation.postings.vocabulary.counts)
    for number, part in enumerate(generation.postings.parts):
        local = docs[(docs >= part.base) & (docs < generation.part_end(number))] - part.base
        if not len(local):
            continue
        forward = generation.forward[number]
        first, end = forward.starts[local], forward.starts[local + 1]
        tokens = forward.tokens[concatenated_ranges(first, end)].astype(np.int64)
        owners = np.repeat(np.arange(len(local), dtype=np.int64), end - first)
        words = tokens != SEPARATOR
        pairs = distinct(owners[words] * vocabulary_size + part.positions[tokens[words]])
        found.append(pairs % vocabulary_size)
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)
