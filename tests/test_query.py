import pytest
from whoosh import query as wq

from indexer.schema import build_schema
from indexer.search.query import parse_query

SCHEMA = build_schema()


def terms(parsed):
    return sorted({(f, t.decode() if isinstance(t, bytes) else t) for f, t in parsed.query.iter_all_terms()})


def test_sentence_words_are_optional_stemmed_and_ranked():
    parsed = parse_query("joint military exercises", SCHEMA)
    assert parsed.plain
    assert isinstance(parsed.query, wq.Or)
    assert dict(parsed.terms) == {"joint": 1.0, "militari": 1.0, "exercis": 1.0}


def test_accents_fold_like_the_index():
    assert dict(parse_query("Lukašenko", SCHEMA).terms) == {"lukasenko": 1.0}


def test_hyphenated_word_is_not_negation():
    parsed = parse_query("Levitation-Maglev", SCHEMA)
    assert "NOT" not in str(parsed.query) and set(parsed.terms) == {"levit", "maglev"}


def test_minus_and_plus_prefixes():
    minus = parse_query("cocoa -brazil", SCHEMA)
    assert "ANDNOT" in str(minus.query) and set(minus.terms) == {"cocoa"} and not minus.plain
    assert "ANDMAYBE" in str(parse_query("+cocoa brazil", SCHEMA).query)


def test_not_operator_excludes():
    parsed = parse_query("military NOT parade", SCHEMA)
    assert "ANDNOT" in str(parsed.query) and set(parsed.terms) == {"militari"}


def test_phrases_are_kept_for_ranking():
    parsed = parse_query('"joint exercise" Belarus', SCHEMA)
    phrases = [node.words for node in parsed.query.leaves() if isinstance(node, wq.Phrase)]
    assert phrases == [["joint", "exercis"]] and not parsed.plain
    assert set(parsed.terms) == {"joint", "exercis", "belarus"}


def test_field_queries_and_aliases():
    assert terms(parse_query("source:Reuters", SCHEMA)) == [("source", "reuters")]
    assert terms(parse_query("by:Smith", SCHEMA)) == [("author", "smith")]
    assert terms(parse_query("category:Cocoa", SCHEMA)) == [("category", "cocoa")]
    assert terms(parse_query("lang:en", SCHEMA)) == [("language", "en")]
    title = parse_query("title:cocoa", SCHEMA)
    assert terms(title) == [("title", "cocoa")] and dict(title.terms) == {"cocoa": 1.0}


def test_unknown_field_is_plain_words():
    assert ("text", "foo") in terms(parse_query("foo:bar", SCHEMA))


@pytest.mark.parametrize("text", ["U.S .", "NATIONS'", "((", '"', "a AND", "NOT", ")(*&^%", "title:", "~~~", "[x TO"])
def test_odd_input_never_raises(text):
    parse_query(text, SCHEMA)


def test_nothing_searchable_is_empty():
    assert parse_query("", SCHEMA).empty
    assert parse_query("the of and", SCHEMA).empty


def test_lone_star_is_everything():
    assert isinstance(parse_query("*", SCHEMA).query, wq.Every)
