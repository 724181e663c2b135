from indexer.duplicates import DATE_WINDOW, group, signature, similarity

STORY = ("The central bank raised its main interest rate by half a point on Tuesday, the first "
         "increase in three years, citing inflation that has stayed above its target for months.")


def test_short_texts_have_no_signature():
    assert signature("Too short to compare") is None


def test_identical_and_near_identical_texts_are_similar():
    edited = STORY.replace("Tuesday", "Tuesday afternoon") + " Markets were calm."
    assert similarity(signature(STORY), signature(STORY)) == 1.0
    assert similarity(signature(STORY), signature(edited)) >= 0.5  # true Jaccard about 0.66
    other = "Heavy rain flooded the old town overnight and the river is expected to rise further, officials said today."
    assert similarity(signature(STORY), signature(other)) < 0.2


def test_signatures_do_not_depend_on_the_process():
    # zlib.crc32, not Python's salted hash(): updates compare new signatures with stored ones
    assert signature("one two three four five six seven eight nine ten").hex()[:32] == "e2299a2fe2299a2fe2299a2f05e3ef0b"
    assert len(signature(STORY)) == 128


def test_grouping_joins_copies_and_keeps_first_as_leader():
    copy = "(Wire) " + STORY
    unrelated = "A new bridge across the river opened to traffic after four years of construction work downtown."
    groups = group([("a", signature(STORY), 0), ("b", signature(unrelated), 0), ("c", signature(copy), 3600),
                    ("d", None, 0)], threshold=0.7)
    assert groups == {"a": "a", "c": "a"}


def test_copies_far_apart_in_time_are_different_stories():
    groups = group([("a", signature(STORY), 0), ("b", signature(STORY), DATE_WINDOW + 1)], threshold=0.8)
    assert groups == {}
