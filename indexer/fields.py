"""The article's fields, declared once: what each is called, how Whoosh indexes it, which facet it feeds.

The Whoosh schema, the article record that pages, the JSON API and `news-index clean` show,
the document values a build records and the OpenAPI description are all made from this table.
"""
from __future__ import annotations

from dataclasses import dataclass

RANKED_FIELD = "text"  # headline and body in one Whoosh field, what plain words are ranked on


@dataclass(frozen=True)
class Field:
    name: str  # in the article record, `clean` output and the JSON API
    index: str  # the Whoosh field holding it
    kind: str  # how Whoosh indexes it: "id" (whole value), "text" (analysed words), "names" (words, not
    # stemmed), "keywords" (comma-separated values), "stored" (not searchable), "date" (stored as ISO 8601,
    # null when unknown)
    many: bool = False  # a list of values
    facet: str = ""  # the facet it feeds
    public: bool = True  # in the article record (else build bookkeeping only)
    description: str = ""

    @property
    def api_schema(self) -> dict:
        """The field's JSON schema in API answers."""
        if self.many:
            return {"type": "array", "items": {"type": "string"}, "description": self.description}
        if self.kind == "date":
            return {"type": ["string", "null"], "description": self.description}
        return {"type": "string", "description": self.description}


FIELDS = (
    Field("id", "id", "id", description="stable id: from the source where it has one, else the file's path"),
    Field("title", "title", "text", description="headline"),
    Field("body", "body", "stored", description="cleaned text, paragraphs separated by blank lines"),
    Field("url", "url", "stored", description="where the article was published, if known"),
    Field("published", "published_iso", "date",
          description="ISO 8601 date and time of publication, with its zone when known"),
    Field("modified", "modified_iso", "date",
          description="ISO 8601 date and time of the latest update, when the source gives one apart from publication"),
    Field("source", "source", "names", facet="source", description="outlet"),
    Field("authors", "author", "names", many=True, facet="author", description="author names"),
    Field("categories", "category", "keywords", many=True, facet="category", description="topics"),
    Field("language", "language", "id", facet="language",
          description="ISO 639-1 language code, `und` when it cannot be told"),
    Field("section", "section", "stored", description="section of the outlet"),
    Field("content_hash", "content_hash", "stored", description="SHA-256 of headline and body"),
    Field("path", "path", "stored", public=False, description="the corpus file it came from"),
)
PUBLIC_FIELDS = tuple(f for f in FIELDS if f.public)
FACET_FIELDS = tuple(f for f in FIELDS if f.facet)
NAME_FIELDS = tuple(f.index for f in FIELDS if f.facet)  # searchable by word, answered from facet values


def record_of(stored: dict, fields: tuple[Field, ...] = PUBLIC_FIELDS) -> dict:
    """An article as pages and the API present it (or those of its `fields` an export has), from the index's
    stored fields."""
    record = {}
    for f in fields:
        value = stored.get(f.index)
        record[f.name] = list(value or []) if f.many else (value if f.kind == "date" else value or "")
    return record
