"""The article record every reader produces and the index stores."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from .fields import FACET_FIELDS, PUBLIC_FIELDS


@dataclass
class Article:
    """One news article, already cleaned to plain text with paragraphs split by blank lines."""

    id: str
    title: str
    body: str
    url: str = ""
    published: datetime | None = None
    modified: datetime | None = None
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
        """JSON-ready form, as printed by `news-index clean`: the file it came from, then the article record."""
        record = {"path": self.path}
        for f in PUBLIC_FIELDS:
            value = getattr(self, f.name)
            record[f.name] = list(value) if f.many else value.isoformat() if isinstance(value, datetime) else value
        return record

    def facet_values(self) -> dict[str, list[str]]:
        """The values of each facet field as lists (a single value, or none, for one-valued fields)."""
        return {f.facet: list(getattr(self, f.name)) if f.many else [getattr(self, f.name)] for f in FACET_FIELDS}


@dataclass(frozen=True)
class Skip:
    """A file or record left out of the index, with the reason a user can act on."""

    where: str
    reason: str
    detail: str = ""
    routine: bool = False  # no article by its kind (a WARC request record, an image): counted, not a problem

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" + (f" ({self.detail})" if self.detail else "")
