import numpy as np

from indexer.duplicates import DATE_WINDOW, SIZE, group, signature, similarity, words_of

STORY = ("The central bank raised its main interest rate by half a point on Tuesday, the first "
         "increase in three years, citing inflation that has stayed above its target for months.")
NO_DATE = -1


def sign(text: str):
    return signature(words_of(text))


def test_short_texts_have_no_signature():
    assert sign("Too short to compare") is None


def test_identical_and_near_identical_texts_are_similar():
    edited = STORY.replace("Tuesday", "Tuesday afternoon") + " Markets were calm."
    assert similarity(sign(STORY), sign(STORY)) == 1.0
    assert similarity(sign(STORY), sign(edited)) >= 0.5  # true Jaccard about 0.66
    other = "Heavy rain flooded the old town overnight and the river is expected to rise further, officials said today."
    assert similarity(sign(STORY), sign(other)) < 0.2


def test_signatures_do_not_depend_on_the_process():
    # zlib.crc32, not Python's salted hash(): updates compare new signatures with stored ones
    assert sign("one two three four five six seven eight nine ten").tobytes().hex()[:32] == \
        "e2299a2fe2299a2fe2299a2f05e3ef0b"
    assert len(sign(STORY)) == SIZE


def _rows(*texts: str | None) -> tuple[np.ndarray, np.ndarray]:
    signatures = [sign(t) if t else None for t in texts]
    rows = np.array([s if s is not None else [0] * SIZE for s in signatures], dtype=np.uint32)
    return rows, np.array([s is not None for s in signatures])


def test_grouping_joins_copies_under_the_first_document():
    copy = "(Wire) " + STORY
    unrelated = "A new bridge across the river opened to traffic after four years of construction work downtown."
    rows, signed = _rows(STORY, unrelated, copy, None)
    groups = group(rows, signed, np.array([0, 0, 3600, 0]), NO_DATE, threshold=0.7)
    assert groups.tolist() == [0, -1, 0, -1]


def test_deleted_or_unsigned_documents_are_never_grouped():
    rows, signed = _rows(STORY, STORY, STORY)
    signed[1] = False
    assert group(rows, signed, np.zeros(3, dtype=np.int64), NO_DATE).tolist() == [0, -1, 0]


def test_copies_far_apart_in_time_are_different_stories():
    rows, signed = _rows(STORY, STORY)
    assert group(rows, signed, np.array([0, DATE_WINDOW + 1]), NO_DATE, threshold=0.8).tolist() == [-1, -1]


def test_undated_copies_are_grouped():
    rows, signed = _rows(STORY, STORY)
    assert group(rows, signed, np.array([NO_DATE, 5]), NO_DATE).tolist() == [0, 0]
