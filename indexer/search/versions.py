"""A story's version history: every version in time order, each with what changed since the one before.

The differences are word by word (difflib over the texts' words, as `git diff --word-diff` reads
them), returned as data: runs of words kept, inserted or deleted. Each front end marks them up
(the article page with `<ins>` and `<del>`, so they read without colour).
"""
from __future__ import annotations

from difflib import SequenceMatcher

from ..fields import record_of
from ..storage import NO_DATE
from .generation import Generation

MAX_DIFF_WORDS = 5000  # longer texts are compared on their first words: a diff is read, not archived


def word_diff(before: str, after: str) -> list[dict]:
    """Runs of `{"op": "equal" | "insert" | "delete", "text": ...}` that turn `before` into `after`."""
    old, new = before.split()[:MAX_DIFF_WORDS], after.split()[:MAX_DIFF_WORDS]
    runs: list[dict] = []
    for tag, old_start, old_end, new_start, new_end in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append({"op": "equal", "text": " ".join(new[new_start:new_end])})
            continue
        if old_end > old_start:
            runs.append({"op": "delete", "text": " ".join(old[old_start:old_end])})
        if new_end > new_start:
            runs.append({"op": "insert", "text": " ".join(new[new_start:new_end])})
    return runs


def version_history(generation: Generation, docnum: int) -> list[dict]:
    """Every version of the article's story, itself included (`current`), oldest first (undated last), each
    with its length in words, its headline and the word diff of its text against the version before it."""
    numbers = [docnum, *generation.versions_of(docnum)]
    if len(numbers) == 1:
        return []
    published = generation.values.published
    numbers.sort(key=lambda number: (published[number] == NO_DATE, int(published[number]), number))
    history, previous = [], None
    for number in numbers:
        record = record_of(generation.reader.stored_fields(number))
        history.append({"id": record["id"], "title": record["title"], "source": record["source"],
                        "published": record["published"], "words": len(record["body"].split()),
                        "current": number == docnum,
                        "title_changed": previous is not None and previous["title"] != record["title"],
                        "diff": word_diff(previous["body"], record["body"]) if previous is not None else None})
        previous = record
    return history
