"""Word diffs between versions of a story."""
from indexer.search.versions import word_diff


def test_a_word_diff_keeps_inserts_and_deletes_apart():
    before = "Oil prices rose on Monday after OPEC said it would cut output"
    after = "Oil prices rose sharply on Monday after OPEC ministers agreed to cut output"
    assert word_diff(before, after) == [
        {"op": "equal", "text": "Oil prices rose"}, {"op": "insert", "text": "sharply"},
        {"op": "equal", "text": "on Monday after OPEC"}, {"op": "delete", "text": "said it would"},
        {"op": "insert", "text": "ministers agreed to"}, {"op": "equal", "text": "cut output"}]


def test_a_short_version_of_a_long_story_is_a_deletion_of_the_rest():
    assert word_diff("One two three four five six", "One two three") == [
        {"op": "equal", "text": "One two three"}, {"op": "delete", "text": "four five six"}]
    assert word_diff("same words", "same  words\n") == [{"op": "equal", "text": "same words"}]
    assert word_diff("", "") == []
