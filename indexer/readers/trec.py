"""TREC SGML: `<DOC><DOCNO>…</DOCNO> … <HEADLINE>…</HEADLINE> … <TEXT>…</TEXT></DOC>`, many per file.

Covers the conventions of the TREC news collections (LA Times, Financial Times, FBIS,
AP, WSJ, AQUAINT): the DOCNO (or `<DOC id=...>`) is kept unchanged as the article id,
because relevance judgements refer to it.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..article import Article, Skip
from ..cleaning.authors import split_authors
from ..cleaning.decoding import decode_bytes
from ..dates import parse_date
from .sgml import attribute, block_text, elements, first_element, inline_text, records
from .source import SourceFile

TITLE_TAGS = ("HEADLINE", "TITLE", "HL", "HEAD", "TI", "H3")
DATE_TAGS = ("DATE", "DATE_TIME", "DD", "DATE1", "PUBDATE")
BYLINE_TAGS = ("BYLINE", "BY", "AU", "AUTHOR")
# Outlets of the standard collections, recognised from the DOCNO prefix.
OUTLETS = {
    "LA": "Los Angeles Times", "FT": "Financial Times", "FBIS": "Foreign Broadcast Information Service",
    "WSJ": "Wall Street Journal", "AP": "Associated Press", "APW": "Associated Press",
    "NYT": "New York Times", "XIE": "Xinhua", "SJMN": "San Jose Mercury News", "FR": "Federal Register",
    "ZF": "Ziff-Davis", "CR": "Congressional Record",
}
_DOCNO_PREFIX = re.compile(r"^([A-Za-z]+)")


def sniff(head: str) -> bool:
    upper = head.upper()
    return "<DOC>" in upper and "<DOCNO>" in upper or re.search(r"<DOC\s+ID=", upper) is not None


def _outlet(docno: str, content: str) -> str:
    given = inline_text(first_element(content, "SOURCE", "PUBLICATION"))
    if given:
        return given
    prefix = _DOCNO_PREFIX.match(docno)
    return OUTLETS.get(prefix.group(1).upper(), "") if prefix else ""


def _date(content: str):
    for tag in DATE_TAGS:
        for raw in elements(content, tag):
            found = parse_date(inline_text(raw))
            if found:
                return found
    return None


def article_from_record(attributes: str, content: str, source: SourceFile, position: int) -> Article | Skip:
    docno = inline_text(first_element(content, "DOCNO")) or attribute(attributes, "id")
    where = source.where(f"DOCNO {docno}" if docno else f"DOC {position + 1}")
    title = inline_text(first_element(content, *TITLE_TAGS))
    texts = elements(content, "TEXT") or elements(content, "LP")
    body = "\n\n".join(filter(None, (block_text(t) for t in texts)))
    if not title and not body:
        return Skip(where, "no title or body")
    return Article(
        id=docno or source.derived_id(position),
        title=title,
        body=body,
        published=_date(content),
        source=_outlet(docno, content),
        authors=split_authors([inline_text(first_element(content, *BYLINE_TAGS))]),
        section=inline_text(first_element(content, "SECTION")).split(";")[0].strip(),
        path=source.path,
    )


def read(source: SourceFile) -> Iterator[Article | Skip]:
    found = False
    for position, (attributes, content) in enumerate(records(decode_bytes(source.data), "DOC")):
        found = True
        yield article_from_record(attributes, content, source, position)
    if not found:
        yield Skip(source.path, "no <DOC> records found")
