import pytest

from indexer.readers import detect_format

from .helpers import read, source


@pytest.mark.parametrize("relpath, data, expected", [
    ("a.txt", "Headline\n\nBody", "text"),
    ("a.html", "<p>x</p>", "html"),
    ("a.jsonl", "{}", "jsonl"),
    ("a.ndjson", "{}", "jsonl"),
    ("a.sgm", "<REUTERS NEWID='1'>", "reuters"),
    ("a.sgm", "<DOC><DOCNO>1</DOCNO></DOC>", "trec"),
    ("LA010189", "<DOC>\n<DOCNO> LA010189-0001 </DOCNO>", "trec"),
    ("fr940104.0", "<DOC>\n<DOCNO> FR940104-0-00001 </DOCNO>", "trec"),
    ("page", "<!DOCTYPE html><html><body>x</body></html>", "html"),
    ("notes", "Headline\n\nBody", "text"),
    ("x.txt.gz", "Headline", "text"),
    ("image.png", "PNG-ish text", None),
])
def test_format_from_extension_or_content(relpath, data, expected):
    assert detect_format(source(data, relpath)) == expected


def test_empty_and_binary_files_are_skipped_with_reasons():
    assert read(b"", "empty.txt")[1][0].reason == "empty file"
    assert read(b"  \n\t", "blank.txt")[1][0].reason == "empty file"
    assert read(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 10, "fake.html")[1][0].reason == "binary file"


def test_unknown_extension_is_reported_not_guessed():
    articles, skips = read("some notes", "notes.md")
    assert not articles and skips[0].reason == "unrecognised format"


def test_utf16_text_is_not_mistaken_for_binary():
    articles, _ = read("Headline – Outlet\n\nBody text".encode("utf-16"), "u16.txt")
    assert articles[0].title == "Headline" and articles[0].body == "Body text"
