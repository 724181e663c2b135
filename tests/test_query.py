import pytest
from whoosh.query import Every, NullQuery

from indexer.schema import build_schema
from indexer.search.query import parse_query

SCHEMA = build_schema()


def terms(query):
    return sorted({(f, t.decode() if isinstance(t, bytes) else t) for f, t in query.iter_all_terms()})


def test_sentence_words_are_optional_and_stemmed_in_title_and_body():
    query = parse_query("joint military exercises", SCHEMA)
    assert str(query).count(" OR ") == 5
    assert ("body", "exercis") in terms(query) and ("title", "militari") in terms(query)


def test_accents_fold_like_the_index():
    assert ("body", "lukasenko") in terms(parse_query("Lukašenko", SCHEMA))


def test_hyphenated_word_is_not_negation():
    assert "NOT" not in str(parse_query("Levitation-Maglev", SCHEMA))


def test_minus_and_plus_prefixes():
    assert "ANDNOT" in str(parse_query("cocoa -brazil", SCHEMA))
    assert "ANDMAYBE" in str(parse_query("+cocoa brazil", SCHEMA))


def test_field_queries_and_aliases():
    assert terms(parse_query("source:Reuters", SCHEMA)) == [("source", "reuters")]
    assert terms(parse_query("by:Smith", SCHEMA)) == [("author", "smith")]
    assert terms(parse_query("category:Cocoa", SCHEMA)) == [("category", "cocoa")]
    assert terms(parse_query("lang:en", SCHEMA)) == [("language", "en")]


def test_unknown_field_is_plain_words():
    assert ("body", "foo") in terms(parse_query("foo:bar", SCHEMA))


@pytest.mark.parametrize("text", ["U.S .", "NATIONS'", "((", '"', "a AND", "NOT", ")(*&^%", "title:", "~~~", "[x TO"])
def test_odd_input_never_raises(text):
    parse_query(text, SCHEMA)


def test_nothing_searchable_is_null():
    assert parse_query("", SCHEMA) is NullQuery
    assert parse_query("the of and", SCHEMA) is NullQuery


def test_lone_star_is_everything():
    assert isinstance(parse_query("*", SCHEMA), Every)
