"""Whether a page is an article at all, so that section fronts, error pages and empty shells
are reported instead of being indexed as junk."""
from __future__ import annotations

import re

from .metadata import PageMetadata
from .structured import ARTICLE_TYPES, LISTING_TYPES

_ERROR_TITLE = re.compile(
    r"\b(?:404|403|410|500|page not found|not found|file not found|no longer available|access denied|"
    r"forbidden|server error|page (?:does not|doesn't) exist|error)\b", re.I)
_ARTICLE_OG_TYPES = ("article", "news", "blog")
# Bodies shorter than this are a teaser, a gallery caption or a stub, unless the page says it is an article.
_SHORT_BODY = 300


def article_verdict(meta: PageMetadata, body: str, link_share: float) -> tuple[bool, str]:
    """(is it an article, why not) from what the page declares and what its body looks like.

    `link_share` is the share of the page's text outside navigation that sits in links:
    index pages are mostly headlines linking elsewhere. A page that declares itself an
    article is believed unless its body is empty; the other signals only count against a
    short body, so a long story is never turned away.
    """
    declared = bool(meta.page_types & ARTICLE_TYPES) or meta.og_type.startswith(_ARTICLE_OG_TYPES)
    if body and (declared or len(body) >= _SHORT_BODY):
        return True, ""
    if _ERROR_TITLE.search(meta.title):
        return False, "error page"
    if link_share > 0.5 or body and (meta.page_types & LISTING_TYPES or meta.og_type == "website"):
        return False, "index page"
    if not body:
        return False, "no article text"
    return True, ""
