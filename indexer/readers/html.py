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


def page_item(data: bytes, article_id: str, path: str, url: str = "", where: str = "") -> Article | Skip:
    """The article a page holds, or the skip saying why it holds none (an index, error or empty page)."""
    page = clean_html(data, url)
    if not page.is_article:
        return Skip(where or path, f"not an article: {page.reason}")
    return article_from_page(page, article_id, path)


def read(source: SourceFile) -> Iterator[Article | Skip]:
    yield page_item(source.data, source.derived_id(), source.path)
