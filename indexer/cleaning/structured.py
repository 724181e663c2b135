"""Schema.org data a page carries about itself: JSON-LD objects and the news article among them.

Publishers write this for search engines, so it is the most deliberate statement of
headline, dates and authors; its `articleBody` is sometimes the whole story and
sometimes a teaser, which is for the caller to judge against the page.
"""
from __future__ import annotations

import json
import re

ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "socialmediaposting",
    "liveblogposting", "report", "scholarlyarticle", "techarticle", "askpublicnewsarticle", "claimreview",
})
# Types of a page that lists or collects other pages rather than telling one story.
LISTING_TYPES = frozenset({"collectionpage", "searchresultspage", "profilepage"})
_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_MAX_OBJECTS = 500


def parse_json_ld(scripts: list[str]) -> list[dict]:
    """Every JSON-LD object in the given script texts, `@graph` members and nested lists flattened.

    CMSs often write raw newlines inside strings and trailing commas; both are forgiven,
    and a script that still does not parse is skipped.
    """
    found: list[dict] = []
    for raw in scripts:
        text = raw.strip().rstrip(";")
        if text.startswith("<!--"):
            text = text.removeprefix("<!--").removesuffix("-->").strip()
        data = _loads(text)
        if data is None:
            continue
        stack = [data]
        while stack and len(found) < _MAX_OBJECTS:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return found


def _loads(text: str) -> object:
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def types_of(obj: dict) -> set[str]:
    """The lower-cased schema.org types of an object (`@type` may be a string or a list)."""
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].lower() for k in kinds}


def article_object(objects: list[dict]) -> dict:
    """The page's news article object: the first of an article type, preferring one with a body."""
    articles = [obj for obj in objects if types_of(obj) & ARTICLE_TYPES]
    with_body = [obj for obj in articles if isinstance(obj.get("articleBody"), str)]
    return (with_body or articles or [{}])[0]


def object_of_type(objects: list[dict], kind: str) -> dict:
    """The first object of the given (lower-case) type, or an empty one."""
    return next((obj for obj in objects if kind in types_of(obj)), {})
