"""Reuters-21578 SGML: many `<REUTERS NEWID=...>` articles per `.sgm` file (see README_LEWIS.txt)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..article import Article, Skip
from ..cleaning.authors import split_authors
from ..cleaning.decoding import decode_bytes
from ..dates import parse_date
from .sgml import attribute, block_text, elements, first_element, inline_text, records
from .source import SourceFile

CATEGORY_TAGS = ("TOPICS", "PLACES", "PEOPLE", "ORGS")
_SIGNATURE = re.compile(r"\s*\bReuter\s*$", re.I)


def sniff(head: str) -> bool:
    return "<REUTERS" in head.upper()


def article_from_record(attributes: str, content: str, source: SourceFile, position: int) -> Article | Skip:
    """One `<REUTERS>` element; BRIEF items have only a title, UNPROC items only raw text."""
    newid = attribute(attributes, "NEWID")
    where = source.where(f"NEWID {newid}" if newid else f"article {position + 1}")
    text = first_element(content, "TEXT")
    title = inline_text(first_element(text, "TITLE"))
    body_raw = first_element(text, "BODY")
    if not body_raw and not title:  # TYPE="UNPROC": the text is the body
        body_raw = re.sub(r"<[^>]*>", " ", text)
    body = _SIGNATURE.sub("", block_text(body_raw))
    dateline = inline_text(first_element(text, "DATELINE")).rstrip(" -")
    if dateline and body:
        body = f"{dateline} - {body}"
    if not title and not body:
        return Skip(where, "no title or body")
    categories = [inline_text(d) for tag in CATEGORY_TAGS for group in elements(content, tag)
                  for d in elements(group, "D")]
    return Article(
        id=f"reuters-{newid}" if newid else source.derived_id(position),
        title=title,
        body=body,
        published=parse_date(inline_text(first_element(content, "DATE"))),
        source="Reuters",
        authors=split_authors([inline_text(first_element(text, "AUTHOR"))]),
        categories=[c for c in categories if c],
        language="en",
        path=source.path,
    )


def read(source: SourceFile) -> Iterator[Article | Skip]:
    found = False
    for position, (attributes, content) in enumerate(records(decode_bytes(source.data), "REUTERS")):
        found = True
        yield article_from_record(attributes, content, source, position)
    if not found:
        yield Skip(source.path, "no <REUTERS> articles found")
