import codecs

import pytest

from indexer.cleaning.decoding import decode_bytes, detect_encoding

TEXT = "Lukašenko said “no” to the café’s naïve plan."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
def test_utf_with_and_without_bom(encoding):
    bom = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[encoding]
    assert decode_bytes(bom + TEXT.encode(encoding)) == TEXT
    assert decode_bytes(TEXT.encode(encoding)) == TEXT


def test_windows_1252_is_detected_when_not_utf8():
    data = "Café “quoted” – naïve".encode("cp1252")
    assert detect_encoding(data) == "cp1252"
    assert decode_bytes(data) == "Café “quoted” – naïve"


def test_latin1_declared_is_read_as_windows_1252():
    assert decode_bytes("Zürich".encode("latin-1"), declared="iso-8859-1") == "Zürich"


def test_one_bad_byte_in_utf8_text_is_replaced_not_fatal():
    data = ("Prague – Praha – Žižkov " * 20).encode("utf-8") + b"\xfc end"
    text = decode_bytes(data)
    assert text.startswith("Prague – Praha – Žižkov")
    assert text.endswith("\ufffd end")


def test_stray_high_byte_in_ascii_decodes_as_windows_1252():
    # Reuters-21578 has a lone 0xFC in otherwise ASCII text.
    assert decode_bytes(b"world economic growth.\xfc side measures") == "world economic growth.ü side measures"


def test_declared_charset_is_used_for_legacy_pages():
    data = "Příliš žluťoučký kůň".encode("cp1250")
    assert decode_bytes(data, declared="windows-1250") == "Příliš žluťoučký kůň"


def test_unknown_declared_charset_is_ignored():
    assert decode_bytes("naïve".encode("cp1252"), declared="no-such-charset") == "naïve"
