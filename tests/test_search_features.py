"""Filters, sorting, facets, timeline, duplicate collapsing and related articles in the search engine."""
import json
from datetime import date

import pytest

from indexer.build import rebuild
from indexer.search import LiveIndex, SearchRequest, get_article, related, search
from indexer.search.filters import Filters

STORY = ("The central bank raised its main interest rate by half a point on Tuesday, the first increase in "
         "three years, citing inflation that has stayed above its target for months and a tight labour market.")
ARTICLES = [
    {"id": "rate-wire", "title": "Central bank raises rates", "body": STORY, "source": "Wire One",
     "published": "2021-03-02T10:00:00Z", "categories": ["economy"], "authors": ["Ann Smith"], "language": "en"},
    {"id": "rate-copy", "title": "Central bank lifts interest rate", "body": "(Wire One) " + STORY, "source": "Daily Two",
     "published": "2021-03-02T15:00:00Z", "categories": ["economy", "banks"], "language": "en"},
    {"id": "rate-old", "title": "Bank holds interest rate", "body": "The central bank held its interest rate "
     "steady, saying inflation was under control and growth was slow but steady across the region.",
     "source": "Daily Two", "published": "2019-07-15", "categories": ["economy"], "authors": ["Bo Lee"],
     "language": "en"},
    {"id": "rate-de", "title": "Zentralbank erhöht Zinsen", "body": "Die Zentralbank hat den Zins erhöht; "
     "interest rate decision explained for readers abroad.", "source": "Blatt Drei", "published": "2021-03-03",
     "language": "de", "categories": ["economy"]},
    {"id": "floods", "title": "River floods old town", "body": "Heavy rain flooded the old town overnight and the "
     "river is expected to rise further, officials said.", "source": "Wire One", "published": "2020-11-20",
     "categories": ["weather"], "authors": ["Ann Smith"], "language": "en"},
    {"id": "undated", "title": "Interest rate explainer", "body": "What an interest rate is and why central "
     "banks change it.", "source": "Daily Two", "language": "en"},
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("features")
    (root / "articles.jsonl").write_text("\n".join(json.dumps(a) for a in ARTICLES))
    report = rebuild([root / "articles.jsonl"], root / "index")
    assert report.duplicate_groups == 1
    live = LiveIndex(root / "index")
    yield live
    live.close()


def ids(results):
    return [h.id for h in results.hits]


def test_duplicates_are_shown_once_with_their_versions(index):
    results = search(index, SearchRequest("central bank raises interest rate"))
    assert len([i for i in ids(results) if i in ("rate-wire", "rate-copy")]) == 1
    hit = next(h for h in results.hits if h.id in ("rate-wire", "rate-copy"))
    assert hit.id == "rate-copy"  # the most complete version (two words more) stands for the story
    assert hit.duplicates == ["rate-wire"] and hit.versions[0].source == "Wire One"
    assert results.total == len(results.hits) == 4
    everything = search(index, SearchRequest("central bank raises interest rate", collapse=False))
    assert everything.total == 5


def test_facet_filters_combine_and_within_or(index):
    by_source = search(index, SearchRequest("interest rate", filters=Filters({"source": ["Daily Two"]})))
    assert set(ids(by_source)) == {"rate-copy", "rate-old", "undated"}
    two = search(index, SearchRequest("interest rate", filters=Filters({"source": ["Daily Two", "Blatt Drei"]})))
    assert "rate-de" in ids(two)
    narrowed = search(index, SearchRequest("interest rate", filters=Filters({"source": ["Daily Two"],
                                                                              "year": ["2019"]})))
    assert ids(narrowed) == ["rate-old"]
    assert ids(search(index, SearchRequest("rate", filters=Filters({"category": ["banks"]})))) == ["rate-copy"]
    assert ids(search(index, SearchRequest("rate", filters=Filters({"author": ["Bo Lee"]})))) == ["rate-old"]
    assert ids(search(index, SearchRequest("rate", filters=Filters({"language": ["de"]})))) == ["rate-de"]
    assert ids(search(index, SearchRequest("rate", filters=Filters({"month": ["2019-07"]})))) == ["rate-old"]


def test_date_range_and_query_periods(index):
    in_2021 = search(index, SearchRequest("rate", filters=Filters(date_from=date(2021, 1, 1))))
    assert set(ids(in_2021)) <= {"rate-wire", "rate-copy", "rate-de"} and in_2021.total == 2
    assert "undated" not in ids(search(index, SearchRequest("rate published:<2022")))
    assert ids(search(index, SearchRequest("rate published:2019"))) == ["rate-old"]
    assert set(ids(search(index, SearchRequest("published:[2020-01-01 TO 2020-12-31]")))) == {"floods"}


def test_sort_by_date(index):
    newest = search(index, SearchRequest("rate", sort="newest", collapse=False))
    assert ids(newest)[:3] == ["rate-de", "rate-copy", "rate-wire"] and ids(newest)[-1] == "undated"
    oldest = search(index, SearchRequest("rate", sort="oldest", collapse=False))
    assert ids(oldest)[0] == "rate-old" and ids(oldest)[-1] == "undated"


def test_facet_counts_follow_the_filtered_set(index):
    results = search(index, SearchRequest("interest rate", facets=True, filters=Filters({"year": ["2019", "2021"]})))
    sources = {f["value"]: f["count"] for f in results.facets["source"]}
    # a story counts once under each outlet that has a version of it: the rate rise is told by
    # Wire One and (a copy) by Daily Two
    assert sources == {"Daily Two": 2, "Wire One": 1, "Blatt Drei": 1} and results.total == 3
    assert {f["value"] for f in results.facets["language"]} == {"en", "de"}
    uncollapsed = search(index, SearchRequest("interest rate", facets=True, collapse=False,
                                              filters=Filters({"year": ["2019", "2021"]})))
    assert {f["value"]: f["count"] for f in uncollapsed.facets["source"]}["Daily Two"] == 2
    assert uncollapsed.total == 4
    assert "facets" in results.to_dict() and "timeline" in results.to_dict()


def test_a_chosen_facet_still_offers_its_other_values(index):
    results = search(index, SearchRequest("interest rate", facets=True, filters=Filters({"language": ["de"]})))
    assert [h.id for h in results.hits] == ["rate-de"]
    assert {f["value"] for f in results.facets["language"]} == {"en", "de"}  # its own filter left out
    assert [f["value"] for f in results.facets["source"]] == ["Blatt Drei"]  # other facets follow it


def test_timeline_unit_follows_the_span(index):
    years = search(index, SearchRequest("*", facets=True))
    assert years.timeline_unit == "month" or years.timeline_unit == "year"
    assert sum(b.count for b in years.timeline) == 4  # one bar count per story; the undated one has none
    days = search(index, SearchRequest("rate published:2021-03", facets=True, collapse=False))
    assert days.timeline_unit == "day"
    assert [(b.label, b.count) for b in days.timeline] == [("2021-03-02", 2), ("2021-03-03", 1)]


def test_everything_query_with_filters(index):
    assert set(ids(search(index, SearchRequest("*", filters=Filters({"source": ["Wire One"]}))))) == {
        "rate-wire", "floods"}


def test_related_articles_exclude_own_versions(index):
    found = [h.id for h in related(index, "rate-wire")]
    assert "rate-wire" not in found and "rate-copy" not in found
    assert found and found[0] in ("rate-old", "undated", "rate-de")
    assert related(index, "no-such-id") == []


def test_a_filter_chooses_among_the_versions_it_lets_through(index):
    wire_only = search(index, SearchRequest("central bank raises interest rate",
                                            filters=Filters({"source": ["Wire One"]})))
    assert "rate-wire" in ids(wire_only) and "rate-copy" not in ids(wire_only)


def test_article_gives_its_story_s_versions_in_time_order_with_word_diffs(index):
    versions = get_article(index, "rate-copy")["versions"]
    assert [(v["id"], v["current"], v["source"]) for v in versions] == [("rate-wire", False, "Wire One"),
                                                                        ("rate-copy", True, "Daily Two")]
    first, second = versions
    assert first["diff"] is None and first["words"] == len(STORY.split())
    assert second["title_changed"] and second["words"] == first["words"] + 2
    assert second["diff"] == [{"op": "insert", "text": "(Wire One)"}, {"op": "equal", "text": " ".join(STORY.split())}]
    assert get_article(index, "floods")["versions"] == []


@pytest.mark.parametrize("kwargs", [{"sort": "random"}])
def test_bad_sort_is_a_value_error(kwargs):
    with pytest.raises(ValueError):
        SearchRequest("x", **kwargs)


@pytest.mark.parametrize("values, dates", [({"colour": ["red"]}, {}), ({"year": ["21"]}, {}),
                                           ({"month": ["2021-3"]}, {}),
                                           ({}, {"date_from": date(2021, 2, 1), "date_to": date(2021, 1, 1)})])
def test_bad_filters_are_value_errors(values, dates):
    with pytest.raises(ValueError):
        Filters(values, **dates)
