"""The Whoosh schema, made from the field map, and the mapping from an `Article` to the fields it fills.

Ranking reads one `text` field holding the headline and the body, the headline's words
weighted up (BM25F with combined term frequencies, as Lucene's CombinedFieldQuery does);
`title:` queries read their own field. The stored values are what results, snippets and
the article page show, so the web layer never needs the corpus files.
"""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, FieldType, Schema

from .analysis import FIELD_BREAK, name_analyzer, text_analyzer, with_language
from .article import Article
from .fields import FIELDS, RANKED_FIELD, Field


def _whoosh_field(f: Field) -> FieldType:
    if f.kind == "id":
        return ID(stored=True, unique=f.name == "id")
    if f.kind == "text":
        return TEXT(analyzer=text_analyzer(), stored=True)
    if f.kind == "names":
        return TEXT(analyzer=name_analyzer(), stored=True)
    if f.kind == "keywords":
        return KEYWORD(stored=True, lowercase=True, commas=True, scorable=True)
    return STORED()


def build_schema() -> Schema:
    """Fields for full-text ranking (headline and body), field queries and display."""
    return Schema(**{RANKED_FIELD: TEXT(analyzer=text_analyzer())}, **{f.index: _whoosh_field(f) for f in FIELDS})


def indexed_text(f: Field, values: list[str]) -> str:
    """What Whoosh analyses for a list field: values comma-separated for keywords, else "; "-separated names."""
    return ",".join(v.replace(",", " ") for v in values) if f.kind == "keywords" else "; ".join(values)


def document_fields(article: Article) -> dict:
    """Keyword arguments for `writer.add_document`; lists are stored as lists, indexed as text. Headline and
    body are indexed marked with the article's language, whose rules analyse them; the headline is stored
    as written."""
    fields = {RANKED_FIELD: with_language(f"{article.title}{FIELD_BREAK}{article.body}", article.language)}
    for f in FIELDS:
        value = getattr(article, f.name)
        if f.many:
            if value:
                fields[f.index] = indexed_text(f, value)
                fields[f"_stored_{f.index}"] = list(value)
        elif f.kind == "date":
            if value is not None:
                fields[f.index] = value.isoformat()
        elif f.kind == "text":
            fields[f.index] = with_language(value, article.language)
            fields[f"_stored_{f.index}"] = value
        elif value or f.name in ("id", "body"):
            fields[f.index] = value
    return fields
