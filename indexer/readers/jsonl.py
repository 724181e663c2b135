"""JSON exports: JSON Lines (one article per line) or a JSON array of article objects."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from ..article import Article, Skip
from ..cleaning.decoding import decode_bytes
from ..cleaning.text import normalize_body, normalize_inline
from ..dates import parse_date
from .source import SourceFile

BODY_KEYS = ("body", "text", "content")
SOURCE_KEYS = ("source", "outlet", "publisher")


def _text(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("name", "")
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _string_list(value: object) -> list[str]:
    """A list of names from a string ("A, B"), a list of strings, or a list of {"name": ...}."""
    if isinstance(value, str):
        items: Iterable[object] = value.split(",") if "," in value or ";" not in value else value.split(";")
    elif isinstance(value, list):
        items = value
    else:
        return []
    names = (normalize_inline(_text(item)) for item in items)
    return [n for n in names if n]


def article_from_record(record: dict, source: SourceFile, position: int) -> Article | Skip:
    """Map one JSON object to an article; records with neither title nor body are skipped."""
    where = source.where(f"line {position}")
    title = normalize_inline(_text(record.get("title") or record.get("headline")))
    body = normalize_body(next((_text(record[k]) for k in BODY_KEYS if record.get(k)), ""))
    if not title and not body:
        return Skip(where, "no title or body")
    given_id = record.get("id")
    if isinstance(given_id, (str, int)) and not isinstance(given_id, bool) and str(given_id).strip():
        article_id = str(given_id).strip()
    else:
        article_id = source.derived_id(position)
    categories = record.get("categories", record.get("tags", []))
    return Article(
        id=article_id,
        title=title,
        body=body,
        url=_text(record.get("url")).strip(),
        published=parse_date(record.get("published") or record.get("date")),
        modified=parse_date(record.get("modified") or record.get("updated")),
        source=normalize_inline(next((_text(record[k]) for k in SOURCE_KEYS if record.get(k)), "")),
        authors=_string_list(record.get("authors", record.get("author"))),
        categories=_string_list(categories),
        language=normalize_inline(_text(record.get("language") or record.get("lang"))).lower(),
        section=normalize_inline(_text(record.get("section"))),
        path=source.path,
    )


def _whole_document(text: str) -> list | None:
    """Records of a file that is one JSON document: an array, `{"articles": [...]}` or one object."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict):
        return data["articles"] if isinstance(data.get("articles"), list) else [data]
    return data if isinstance(data, list) else None


def _records(text: str, source: SourceFile) -> Iterator[tuple[int, object] | Skip]:
    whole = _whole_document(text) if text.lstrip().startswith(("[", "{")) else None
    if whole is not None:
        yield from enumerate(whole, start=1)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except ValueError as error:
            yield Skip(source.where(f"line {number}"), "invalid JSON", str(error)[:120])


def read(source: SourceFile) -> Iterator[Article | Skip]:
    for item in _records(decode_bytes(source.data), source):
        if isinstance(item, Skip):
            yield item
        elif isinstance(item[1], dict):
            yield article_from_record(item[1], source, item[0])
        else:
            yield Skip(source.where(f"line {item[0]}"), "not a JSON object")
