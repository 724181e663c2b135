"""The article record every reader produces and the index stores."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property


@dataclass
class Article:
    """One news article, already cleaned to plain text with paragraphs split by blank lines."""

    id: str
    title: str
    body: str
    url: str = ""
    published: datetime | None = None
    source: str = ""
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    language: str = ""
    section: str = ""
    path: str = ""

    @cached_property
    def content_hash(self) -> str:
        """Hash of what a reader sees, so exact copies of one story can be recognised."""
        text = f"{self.title}\n\n{self.body}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict:
        """JSON-ready form, as printed by `news-index clean`."""
        return {
            "path": self.path,
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "authors": list(self.authors),
            "categories": list(self.categories),
            "language": self.language,
            "section": self.section,
            "content_hash": self.content_hash,
        }


@dataclass(frozen=True)
class Skip:
    """A file or record left out of the index, with the reason a user can act on."""

    where: str
    reason: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" + (f" ({self.detail})" if self.detail else "")
