"""The archive overview: the home page, `/api/status` and `news-index stats` say what the index holds."""
from __future__ import annotations

import json

from indexer.build import rebuild, update
from indexer.cli import main
from indexer.search import LiveIndex, SearchRequest, archive_overview, search
from search_web import create_app


def test_overview_counts_what_searches_find(facets_index):
    index = LiveIndex(facets_index)
    overview = archive_overview(index)
    everything = search(index, SearchRequest("*", facets=True))
    assert overview.stories == everything.total
    assert overview.articles == search(index, SearchRequest("*", collapse=False)).total == 17
    assert overview.outlets == 8
    assert overview.top_outlets[0] == {"value": "Reuters", "count": 5}
    assert {item["value"] for item in overview.languages} == {"en", "fr", "de"}
    assert (overview.first_day, overview.last_day) == ("2019-05-02", "2023-03-27")
    assert overview.undated == 1
    assert overview.timeline_unit == "year" and sum(b.count for b in overview.timeline) == overview.stories - 1
    assert overview.last_build["kind"] == "rebuild" and overview.last_build["indexed"] == 17
    index.close()


def test_status_is_the_overview_as_json(facets_client):
    data = facets_client.get("/api/status").get_json()
    assert data["articles"] == 17 and data["outlets"] == 8
    assert data["timeline"]["unit"] == "year" and data["timeline"]["buckets"][0]["label"] == "2019"
    assert data["last_build"]["skipped"] == {}


def test_home_page_shows_the_archive(facets_client):
    page = facets_client.get("/").get_data(as_text=True)
    assert "<dt>Articles</dt><dd>17</dd>" in page and "<dt>Outlets</dt><dd>8</dd>" in page
    assert "2 May 2019 – 27 Mar 2023" in page
    assert 'class="timeline-chart"' in page and "Stories per year" in page
    assert 'href="/search?q=%2A&amp;source=Reuters">Reuters</a>' in page
    assert "Last rebuild" in page and "Nothing was skipped." in page


def test_home_page_lists_skips_by_reason(fixture_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Harbour reopens – Local – Town Crier\n\nThe harbour reopened today.\n", "utf-8")
    (corpus / "empty.txt").write_text("", "utf-8")
    (corpus / "broken.json").write_text("{not json", "utf-8")
    rebuild([corpus], tmp_path / "index")
    page = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client().get("/")
    text = page.get_data(as_text=True)
    assert "Skipped, by reason (2 in all)" in text
    (corpus / "more.txt").write_text("Ferry returns – Local – Town Crier\n\nThe ferry is back.\n", "utf-8")
    update([corpus], tmp_path / "index")
    status = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client().get("/api/status")
    build = status.get_json()["last_build"]
    assert build["kind"] == "update" and build["added_files"] == 1 and status.get_json()["articles"] == 2
    assert "Last update" in create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client().get(
        "/").get_data(as_text=True)


def test_stats_prints_the_overview(facets_index, capsys):
    assert main(["stats", "--index", str(facets_index), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 17 and stats["outlets"] == 8 and stats["size_bytes"] > 0
    assert stats["first_day"] == "2019-05-02" and stats["last_build"]["kind"] == "rebuild"
    assert main(["stats", "--index", str(facets_index)]) == 0
    out = capsys.readouterr().out
    assert "outlets     8" in out and "2019-05-02 to 2023-03-27" in out
