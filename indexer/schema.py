"""The Whoosh schema and the mapping from an `Article` to the fields it fills.

Ranking reads one `text` field holding the headline and the body, the headline's words
weighted up (BM25F with combined term frequencies, as Lucene's CombinedFieldQuery does);
`title:` queries read their own field. The stored values are what results, snippets and
the article page show, so the web layer never needs the corpus files.
"""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from .analysis import FIELD_BREAK, name_analyzer, text_analyzer
from .article import Article

RANKED_FIELD = "text"


def build_schema() -> Schema:
    """Fields for full-text ranking (title, body), field queries, filters and display."""
    text = text_analyzer()
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        text=TEXT(analyzer=text),
        title=TEXT(analyzer=text, stored=True),
        body=STORED(),
        url=STORED(),
        source=TEXT(analyzer=names, stored=True),
        author=TEXT(analyzer=names, stored=True),
        category=KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
        language=ID(stored=True),
        section=STORED(),
        published_iso=STORED(),  # as the source gave it, offset included; filters read docvalues
        path=STORED(),
        content_hash=STORED(),
    )


def document_fields(article: Article) -> dict:
    """Keyword arguments for `writer.add_document`; lists are stored as lists, indexed as text."""
    fields = {
        "id": article.id,
        "text": f"{article.title}{FIELD_BREAK}{article.body}",
        "title": article.title,
        "body": article.body,
        "url": article.url,
        "source": article.source,
        "author": "; ".join(article.authors),
        "_stored_author": list(article.authors),
        "category": ",".join(c.replace(",", " ") for c in article.categories),
        "_stored_category": list(article.categories),
        "language": article.language,
        "section": article.section,
        "path": article.path,
        "content_hash": article.content_hash,
    }
    fields = {k: v for k, v in fields.items() if v or k in ("id", "title", "body")}
    if article.published is not None:
        fields["published_iso"] = article.published.isoformat()
    return fields
