"""Export of every match: the engine's rows, CSV and JSON Lines, `/search.csv`, `/search.jsonl`, `news-index export`."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from indexer.build import rebuild
from indexer.cli import main
from indexer.search import EXPORT_COLUMNS, Filters, LiveIndex, SearchRequest, csv_chunks, export, jsonl_chunks, search
from indexer.search.export import neutralised
from search_web import create_app

RISKY_TITLES = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1 point for the harbour", "-5% at the harbour",
                "@harbour pilots strike", "Plain harbour news"]  # (readers strip a headline's leading tab or CR)
BODIES = ["Ferries were late all morning", "The council voted on mooring fees", "Fish prices fell again at auction",
          "Pilots walked out over rosters", "A new crane arrived from the north"]


@pytest.fixture(scope="module")
def risky_index(tmp_path_factory) -> LiveIndex:
    """Articles whose headlines a spreadsheet would run as formulas, and one plain one."""
    corpus = tmp_path_factory.mktemp("risky")
    lines = [{"id": f"risky-{n}", "title": title, "body": f"{body} in the harbour town.",
              "source": "=cmd|' /C calc'!A0", "published": f"2022-01-{n + 1:02d}T08:00:00Z", "language": "en"}
             for n, (title, body) in enumerate(zip(RISKY_TITLES, BODIES))]
    (corpus / "risky.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("risky-index")
    rebuild([corpus], index_dir)
    index = LiveIndex(index_dir)
    yield index
    index.close()


def _rows(index: LiveIndex, request: SearchRequest, cap: int | None = None) -> list[dict]:
    return list(export(index, request, cap).rows)


def test_rows_follow_the_search_order_and_count(facets_index):
    index = LiveIndex(facets_index)
    for request in (SearchRequest("city"), SearchRequest("city", sort="newest"), SearchRequest("*", sort="oldest"),
                    SearchRequest("bank rates", collapse=False)):
        found = search(index, SearchRequest(request.q, limit=100, sort=request.sort, collapse=request.collapse))
        rows = _rows(index, request)
        assert [row["id"] for row in rows] == [hit.id for hit in found.hits]
        assert [row["score"] for row in rows] == [hit.score for hit in found.hits]
        assert export(index, request).total == found.total == len(rows)
        assert all(list(row) == list(EXPORT_COLUMNS) for row in rows)
    index.close()


def test_rows_carry_the_story_versions_and_the_filters(facets_index):
    index = LiveIndex(facets_index)
    rows = _rows(index, SearchRequest("central bank"))
    story = next(row for row in rows if row["id"].startswith("rates-"))
    assert sorted([story["id"], *story["versions"]]) == ["rates-ap", "rates-guardian", "rates-reuters"]
    narrowed = _rows(index, SearchRequest("city", filters=Filters(values={"source": ["Reuters"]})))
    assert narrowed and {row["source"] for row in narrowed} == {"Reuters"}
    dated = _rows(index, SearchRequest("*", filters=Filters(date_from=date(2022, 1, 1))))
    assert dated and all(row["published"] >= "2022" for row in dated)
    index.close()


def test_a_cap_cuts_the_rows_and_says_so(facets_index):
    index = LiveIndex(facets_index)
    found = export(index, SearchRequest("*"), cap=3)
    assert found.truncated and found.row_count == 3 and found.total > 3
    assert len(list(found.rows)) == 3
    whole = export(index, SearchRequest("*"), cap=1000)
    assert not whole.truncated and len(list(whole.rows)) == whole.total
    index.close()


def test_an_empty_query_exports_nothing(facets_index):
    index = LiveIndex(facets_index)
    found = export(index, SearchRequest(""))
    assert found.total == 0 and list(found.rows) == []
    assert "".join(csv_chunks(found.rows)).splitlines() == [",".join(EXPORT_COLUMNS)]
    index.close()


@pytest.mark.parametrize("cell, shown", [("=1+2", "'=1+2"), ("+44 20", "'+44 20"), ("-5%", "'-5%"),
                                         ("@sum", "'@sum"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("Plain", "Plain"),
                                         ("a=b", "a=b"), ("", "")])
def test_cells_a_spreadsheet_would_run_are_neutralised(cell, shown):
    assert neutralised(cell) == shown


def test_csv_neutralises_formulas_but_jsonl_keeps_the_data(risky_index):
    request = SearchRequest("harbour", sort="oldest")
    table = list(csv.DictReader(io.StringIO("".join(csv_chunks(export(risky_index, request).rows)))))
    assert [row["title"] for row in table] == ["'" + t if t[0] in "=+-@" else t for t in RISKY_TITLES]
    assert {row["source"] for row in table} == {"'=cmd|' /C calc'!A0"}
    assert all(float(row["score"]) >= 0 for row in table)  # numbers stay numbers
    lines = [json.loads(line) for line in "".join(jsonl_chunks(export(risky_index, request).rows)).splitlines()]
    assert [line["title"] for line in lines] == RISKY_TITLES


def test_download_routes_stream_every_match(facets_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(facets_index)}).test_client()
    total = client.get("/api/search?q=city&source=Reuters&source=The+Guardian").get_json()["total"]
    response = client.get("/search.csv?q=city&source=Reuters&source=The+Guardian&page=3&limit=1")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="news-search-city.csv"'
    assert response.headers["X-Total-Matches"] == str(total) and response.headers["X-Export-Truncated"] == "false"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == total and {row["source"] for row in rows} <= {"Reuters", "The Guardian"}
    lines = client.get("/search.jsonl?q=city&source=Reuters&source=The+Guardian").get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [row["id"] for row in rows]


def test_download_cap_comes_from_the_config(facets_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(facets_index), "EXPORT_CAP": 2}).test_client()
    response = client.get("/search.csv?q=*")
    assert response.headers["X-Export-Truncated"] == "true" and response.headers["X-Exported-Rows"] == "2"
    assert len(list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))) == 2
    page = client.get("/search?q=*").get_data(as_text=True)
    assert "exports hold the first 2" in page and 'href="/search.csv?q=%2A"' in page


def test_bad_parameters_are_refused_before_streaming(facets_client):
    response = facets_client.get("/search.csv?q=x&from=tomorrow")
    assert response.status_code == 400 and "from" in response.get_data(as_text=True)


def test_cli_export_with_filters(facets_index, tmp_path, capsys):
    output = tmp_path / "out.csv"
    assert main(["export", "city", "--index", str(facets_index), "--source", "Reuters", "--source", "The Guardian",
                 "--output", str(output)]) == 0
    assert "exported" in capsys.readouterr().err
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    client = create_app({"TESTING": True, "INDEX_DIR": str(facets_index)}).test_client()
    assert len(rows) == client.get("/api/search?q=city&source=Reuters&source=The+Guardian").get_json()["total"]
    assert main(["export", "*", "--index", str(facets_index), "--format", "jsonl", "--from", "2023-01-01",
                 "--sort", "oldest", "--cap", "2"]) == 0
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    oldest = search(LiveIndex(facets_index), SearchRequest("*", sort="oldest", filters=Filters(
        date_from=date(2023, 1, 1)))).hits
    assert [line["id"] for line in lines] == [hit.id for hit in oldest[:2]]
    assert all(line["published"] >= "2023-01-01" for line in lines)
    assert "cut at --cap 2" in captured.err


def test_cli_search_takes_the_same_filters(facets_index, capsys):
    assert main(["search", "*", "--index", str(facets_index), "--language", "de", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [hit["id"] for hit in data["hits"]] == ["bahn-2022"]
    assert main(["search", "city", "--index", str(facets_index), "--to", "2019-12-31", "--format", "json"]) == 0
    assert [hit["id"] for hit in json.loads(capsys.readouterr().out)["hits"]] == ["budget-2019"]
