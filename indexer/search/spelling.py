""""Did you mean …?": each query word checked against the words the index actually holds.

The index stores stems ("militari"), which are no suggestion to show a person, so a build
also keeps the vocabulary of words as written (folded to lower case without accents),
each with the number of articles containing it. A word is corrected when the index has
it rarely or never and a word within two edits is much more common. Candidates share the
word's first letter, as Whoosh's documentation suggests: few typos change it, and it makes
the search of the vocabulary several times faster. (An update adds the
counts of new articles and drops words no longer indexed; counts of removed articles
linger until the next rebuild.)
"""
from __future__ import annotations

import pickle
import re
from collections import Counter
from pathlib import Path

from whoosh.spelling import ListCorrector
from whoosh.support.levenshtein import damerau_levenshtein

from ..analysis import fold
from .query import plain_words

FILENAME = "vocabulary.pickle"
MAX_WORDS = 6  # longer queries are not corrected word by word
RARE = 3  # only words in at most this many articles are candidates for correction
LONGEST_WORD = 30  # longer "words" are no typos, and would be slow to compare
CANDIDATES = 200
MORE_COMMON = 10  # a suggestion must be this many times more frequent than the word typed
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "TO"}


def save_vocabulary(directory: Path, frequencies: dict[str, int]) -> None:
    """Keep each word with the number of articles that contain it."""
    words = sorted(w for w, df in frequencies.items() if df > 0)
    (directory / FILENAME).write_bytes(pickle.dumps((words, [frequencies[w] for w in words]),
                                                    protocol=pickle.HIGHEST_PROTOCOL))


def _load(directory: Path) -> tuple[list[str], list[int]]:
    try:
        return pickle.loads((directory / FILENAME).read_bytes())
    except FileNotFoundError:
        return [], []


def load_words(directory: Path) -> Counter:
    """The vocabulary of a generation with its counts, for an update to extend."""
    return Counter(dict(zip(*_load(directory))))


class Speller:
    """Corrections from one generation's vocabulary."""

    def __init__(self, directory: Path) -> None:
        words, counts = _load(directory)
        self.frequency = dict(zip(words, counts))
        self._corrector = ListCorrector(words)

    def correct_word(self, word: str) -> str | None:
        """A much more common word within one edit (two for longer words), with the same first letter, or None."""
        folded = fold(word)
        if not 3 <= len(folded) <= LONGEST_WORD or folded.isdigit() or not self.frequency:
            return None
        known = self.frequency.get(folded, 0)
        if known > RARE:  # a word in several articles is meant as typed; and looking for others is slow
            return None
        maxdist = 1 if len(folded) <= 4 else 2
        candidates = [(damerau_levenshtein(folded, c), -self.frequency[c], c)
                      for c in self._corrector.suggest(folded, limit=CANDIDATES, maxdist=maxdist, prefix=1)
                      if c != folded]
        better = sorted(c for c in candidates if -c[1] >= (known * MORE_COMMON if known else 1))
        return better[0][2] if better else None

    def suggest(self, text: str) -> str | None:
        """The query with its unlikely words replaced, or None if no word needs correcting."""
        words = [w for w in plain_words(text) if w not in _OPERATORS]
        if not words or len(words) > MAX_WORDS:
            return None
        changed = False
        corrected = text
        for word in dict.fromkeys(words):
            better = self.correct_word(word)
            if better:
                corrected = re.sub(rf"(?<![\w]){re.escape(word)}(?![\w])", better, corrected)
                changed = True
        return corrected if changed else None
