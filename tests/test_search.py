import pytest

from indexer.search import SearchRequest, get_article, search


def ids(results):
    return [h.id for h in results.hits]


def test_natural_sentence_ranks_the_matching_article_first(live_index):
    results = search(live_index, SearchRequest("Russia Belarus joint military exercise"))
    assert results.hits[0].id == "text/belarus-exercise.txt"
    # documents matching only some words are still found, ranked lower
    assert "wire-003" in ids(results)


def test_hit_shape_and_highlighted_snippet(live_index):
    hit = search(live_index, SearchRequest("coastal storm")).hits[0]
    assert hit.id == "html/storm.html"
    assert hit.title == "Storm closes coastal roads"
    assert hit.source == "Example Gazette"
    assert hit.published == "2021-12-03T08:15:00+01:00"
    assert hit.url == "https://gazette.example/news/storm-closes-coastal-roads"
    marked = [hit.snippet.text[start:end] for start, end in hit.snippet.spans]
    assert {word.lower() for word in marked} == {"storm", "coastal"}
    assert "<mark>storm</mark>" in hit.snippet.html().lower() and "<mark>coastal</mark>" in hit.snippet.html()
    assert hit.rank == 1 and hit.score > 0


def test_accent_folding_finds_unaccented_spelling(live_index):
    assert ids(search(live_index, SearchRequest("Lukasenko"))) == ["text/belarus-exercise.txt"]


def test_stemming(live_index):
    assert "text/harvest.txt" in ids(search(live_index, SearchRequest("harvesting forecast")))


def test_phrase_and_operators(live_index):
    assert ids(search(live_index, SearchRequest('"military parade"'))) == ["wire-003"]
    assert ids(search(live_index, SearchRequest('"parade military"'))) == []
    assert "wire-003" not in ids(search(live_index, SearchRequest("military -parade")))
    assert ids(search(live_index, SearchRequest("military AND parade"))) == ["wire-003"]
    assert set(ids(search(live_index, SearchRequest("ferry OR harbor")))) == {"text/ferry.txt.gz", "LA010189-0001"}
    assert "wire-003" not in ids(search(live_index, SearchRequest("military NOT parade")))


def test_field_queries(live_index):
    assert ids(search(live_index, SearchRequest("title:cocoa"))) == ["reuters-101"]
    assert set(ids(search(live_index, SearchRequest("source:example wire")))) >= {"wire-001", "wire-002"}
    assert ids(search(live_index, SearchRequest("author:Diaz"))) == ["wire-002"]
    assert ids(search(live_index, SearchRequest("category:energy"))) == ["wire-001"]


def test_match_in_title_only_gets_lead_snippet(live_index):
    hit = search(live_index, SearchRequest("title:DIVIDEND")).hits[0]
    assert hit.id == "reuters-102" and hit.snippet.text == "" and not hit.snippet.spans
    hit = search(live_index, SearchRequest("author:Roe")).hits[0]
    body = get_article(live_index, hit.id)["body"]
    assert hit.snippet and not hit.snippet.spans and " ".join(body.split()).startswith(hit.snippet.text[:40])


def test_snippets_escape_document_text(live_index):
    hit = search(live_index, SearchRequest("kilos")).hits[0]
    assert "& more" in hit.snippet.text
    assert "&amp; more" in hit.snippet.html() and "<mark>kilos</mark>" in hit.snippet.html()


def test_pagination(live_index):
    everything = search(live_index, SearchRequest("the military OR harvest OR storm OR oil OR school", limit=2))
    assert everything.total >= 5 and len(everything.hits) == 2 and everything.pages >= 3
    second = search(live_index, SearchRequest("the military OR harvest OR storm OR oil OR school", page=2, limit=2))
    assert [h.rank for h in second.hits] == [3, 4]
    assert not set(ids(second)) & set(ids(everything))
    beyond = search(live_index, SearchRequest("military", page=50))
    assert beyond.hits == [] and beyond.total > 0


@pytest.mark.parametrize("kwargs", [{"limit": 0}, {"limit": 1001}, {"page": 0}, {"page": 10**9}])
def test_bad_requests_are_value_errors(kwargs):
    with pytest.raises(ValueError):
        SearchRequest("x", **kwargs)


def test_empty_and_unsearchable_queries_have_messages(live_index):
    assert search(live_index, SearchRequest("")).message.startswith("Type some words")
    assert search(live_index, SearchRequest("the of")).message.startswith("Nothing searchable")


def test_get_article(live_index):
    article = get_article(live_index, "wire-001")
    assert article["title"] == "Oil prices climb as supply tightens"
    assert article["authors"] == ["Ann Smith", "Bo Lee"]
    assert article["categories"] == ["energy", "markets"]
    assert article["published"] == "2022-01-10T09:00:00+00:00"
    assert len(article["content_hash"]) == 64
    assert get_article(live_index, "no-such-id") is None


def test_to_dict_has_the_documented_keys(live_index):
    data = search(live_index, SearchRequest("oil")).to_dict()
    assert {"query", "total", "page", "hits"} <= set(data)
    assert {"id", "title", "url", "source", "published", "score", "snippet"} <= set(data["hits"][0])


def test_did_you_mean_for_words_the_index_lacks(live_index):
    results = search(live_index, SearchRequest("milotary parade"))
    assert results.suggestion == "military parade"
    assert search(live_index, SearchRequest("military parade")).suggestion is None
    assert search(live_index, SearchRequest("zzqxv")).suggestion is None
    assert results.to_dict()["suggestion"] == "military parade"


def test_prefix_and_fuzzy_terms(live_index):
    assert "text/harvest.txt" in ids(search(live_index, SearchRequest("harv*")))
    assert ids(search(live_index, SearchRequest("Lukasenka~"))) == ["text/belarus-exercise.txt"]
    assert ids(search(live_index, SearchRequest("Lukashenka~2"))) == ["text/belarus-exercise.txt"]


def test_date_periods_in_the_query(live_index):
    assert ids(search(live_index, SearchRequest("oil published:2022"))) == ["wire-001"]
    assert ids(search(live_index, SearchRequest("oil published:2021"))) == []
    assert set(ids(search(live_index, SearchRequest("published:>=2022-02")))) == {"wire-002", "wire-003"}


def test_did_you_mean_keeps_the_first_letter(live_index):
    assert search(live_index, SearchRequest("nilitary parade")).suggestion is None
