import json
from datetime import datetime, timezone

from .helpers import read


def test_fixture_lines(fixture_corpus):
    articles, skips = read((fixture_corpus / "wire" / "articles.jsonl").read_bytes(), "wire/articles.jsonl")
    assert not skips
    assert [a.id for a in articles] == ["wire-001", "wire-002", "wire-003"]
    first = articles[0]
    assert first.title == "Oil prices climb as supply tightens"
    assert first.body == "Oil prices rose for a third day on Monday.\n\nTraders pointed to lower output from major producers."
    assert first.url == "https://wire.example/oil-001"
    assert first.published == datetime(2022, 1, 10, 9, 0, tzinfo=timezone.utc)
    assert first.source == "Example Wire"
    assert first.authors == ["Ann Smith", "Bo Lee"]
    assert first.categories == ["energy", "markets"]
    assert first.language == "en" and first.section == "Business"


def test_body_aliases_and_author_string(fixture_corpus):
    articles, _ = read((fixture_corpus / "wire" / "articles.jsonl").read_bytes(), "wire/articles.jsonl")
    assert articles[1].body == "The city museum reopened its doors after a two-year renovation."
    assert articles[1].authors == ["Carla Diaz"]
    assert articles[2].body.startswith("A planned military parade")


def test_ids_are_kept_unchanged_and_missing_ids_derived():
    lines = [json.dumps({"id": 42, "title": "Numeric id", "body": "x"}),
             json.dumps({"title": "No id", "body": "y"})]
    articles, _ = read("\n".join(lines), "feed.jsonl")
    assert [a.id for a in articles] == ["42", "feed.jsonl#2"]


def test_broken_lines_are_skipped_with_reason_and_others_kept():
    text = "\n".join([
        json.dumps({"id": "a", "title": "Good", "body": "text"}),
        '{"id": "b", "title": "broken',
        "[1, 2]",
        json.dumps({"id": "c", "title": "", "body": ""}),
        json.dumps({"id": "d", "title": "Also good"}),
    ])
    articles, skips = read(text, "mixed.jsonl")
    assert [a.id for a in articles] == ["a", "d"]
    assert [(s.where, s.reason) for s in skips] == [
        ("/corpus/mixed.jsonl (line 2)", "invalid JSON"),
        ("/corpus/mixed.jsonl (line 3)", "not a JSON object"),
        ("/corpus/mixed.jsonl (line 4)", "no title or body"),
    ]


def test_unreadable_date_keeps_the_article():
    [article], _ = read(json.dumps({"id": "x", "title": "T", "published": "sometime"}), "x.jsonl")
    assert article.published is None


def test_json_array_export():
    data = json.dumps([{"id": "1", "title": "One"}, {"id": "2", "title": "Two"}], indent=2)
    articles, _ = read(data, "export.json")
    assert [a.title for a in articles] == ["One", "Two"]
