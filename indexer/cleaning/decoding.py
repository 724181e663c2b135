"""Turn bytes of unknown encoding into text without ever failing.

News archives mix UTF-8, UTF-16 exports and legacy Windows code pages, and one stray
byte must not cost a whole file (Reuters-21578 has one), so decoding is lenient.
"""
from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A valid UTF-8 multi-byte sequence; plenty of them means "UTF-8 with a few bad bytes".
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SAMPLE = 65536


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the data starts with one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by the zero bytes that ASCII characters leave in it."""
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > 0.3 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.3 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def _known_codec(name: str | None) -> str | None:
    """Python's name for a declared charset; Latin-1 and ASCII mean cp1252, as in browsers."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec


def detect_encoding(data: bytes, declared: str | None = None) -> str:
    """Best guess of the encoding: BOM, then UTF-8, then what the document declares, then cp1252."""
    found = bom_encoding(data) or utf16_without_bom(data)
    if found:
        return found
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:_SAMPLE]
    valid = len(_UTF8_MULTIBYTE.findall(sample))
    invalid = sample.decode("utf-8", errors="replace").count("\ufffd")
    if valid >= 4 * max(1, invalid):
        return "utf-8"
    return _known_codec(declared) or "cp1252"


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode with the detected encoding, replacing what cannot be decoded."""
    text = data.decode(detect_encoding(data, declared), errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
