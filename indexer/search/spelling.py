""""Did you mean …?": each query word checked against the words the index actually holds.

The index stores stems ("militari"), which are no suggestion to show a person, so a build
also keeps the vocabulary of words as written (folded to lower case without accents),
each with the number of articles containing it. A word is corrected when the index has
it rarely or never and a word within two edits is much more common. Candidates share the
word's first letter, as Whoosh's documentation suggests: few typos change it, and it keeps
the search to one range of the sorted vocabulary. (An update adds the counts of new
articles; counts of removed articles linger until the next rebuild.)
"""
from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz.distance import OSA

from ..analysis import fold
from ..storage import Vocabulary
from .expansion import within
from .query import plain_words

MAX_WORDS = 6  # longer queries are not corrected word by word
RARE = 3  # only words in at most this many articles are candidates for correction
LONGEST_WORD = 30  # longer "words" are no typos, and would be slow to compare
MORE_COMMON = 10  # a suggestion must be this many times more frequent than the word typed
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "TO"}


class Speller:
    """Corrections from one generation's vocabulary of words as written."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def correct_word(self, word: str, accept: Callable[[str], bool] | None = None) -> str | None:
        """A much more common word within one edit (two for longer words), with the same first letter, that
        `accept` accepts (a word of the query's language), or None."""
        folded = fold(word)
        if not 3 <= len(folded) <= LONGEST_WORD or folded.isdigit() or not len(self.vocabulary.words):
            return None
        known = self.vocabulary.count(folded)
        if known > RARE:  # a word in several articles is meant as typed
            return None
        least = known * MORE_COMMON if known else 1
        candidates = []
        for position in within(self.vocabulary, folded, 1 if len(folded) <= 4 else 2, prefix=1).tolist():
            candidate, count = self.vocabulary.words[position], int(self.vocabulary.counts[position])
            if candidate != folded and count >= least and (accept is None or accept(candidate)):
                candidates.append((OSA.distance(folded, candidate), -count, candidate))
        return min(candidates)[2] if candidates else None

    def suggest(self, text: str, accept: Callable[[str], bool] | None = None) -> str | None:
        """The query with its unlikely words replaced by words `accept` accepts, or None if no word needs
        correcting."""
        words = [w for w in plain_words(text) if w not in _OPERATORS]
        if not words or len(words) > MAX_WORDS:
            return None
        changed = False
        corrected = text
        for word in dict.fromkeys(words):
            better = self.correct_word(word, accept)
            if better:
                corrected = re.sub(rf"(?<![\w]){re.escape(word)}(?![\w])", better, corrected)
                changed = True
        return corrected if changed else None
