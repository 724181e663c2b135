"""HTML pages: one article per page, cleaned by `indexer.cleaning`."""
from __future__ import annotations

from collections.abc import Iterator

from ..article import Article, Skip
from ..cleaning.html import CleanedPage, clean_html
from .source import SourceFile


def article_from_page(page: CleanedPage, article_id: str, path: str) -> Article:
    """The article record of a cleaned page, whether or not the page looked like an article."""
    return Article(
        id=article_id,
        title=page.title,
        body=page.body,
        url=page.url,
        published=page.published,
        modified=page.modified,
        source=page.site_name,
        authors=page.authors,
        categories=page.keywords,
        language=page.language,
        section=page.section,
        path=path,
    )


def read(source: SourceFile) -> Iterator[Article | Skip]:
    page = clean_html(source.data)
    if page.is_article:
        yield article_from_page(page, source.derived_id(), source.path)
    else:
        yield Skip(source.path, f"not an article: {page.reason}")
