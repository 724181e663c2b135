from indexer.cleaning.text import normalize_body, normalize_inline, split_paragraphs


def test_inline_collapses_whitespace_and_strips_controls():
    assert normalize_inline("  a\x03\tb \u00a0 c\n d ") == "a b c d"


def test_inline_is_nfc_and_keeps_curly_quotes():
    assert normalize_inline("Lukas\u030cenko “said”") == "Lukašenko “said”"


def test_paragraphs_split_on_blank_lines_and_join_wrapped_lines():
    text = "First line\nwraps here.\n\n\n  Second paragraph.  \r\n\r\nThird."
    assert split_paragraphs(text) == ["First line wraps here.", "Second paragraph.", "Third."]
    assert normalize_body(text) == "First line wraps here.\n\nSecond paragraph.\n\nThird."


def test_empty_body_stays_empty():
    assert normalize_body(" \n\n \t") == ""
