"""Generic signs of page furniture: class/id words, tag names and stock phrases.

Only words any news site might use live here (nothing keyed to one outlet), so the
same hints work on pages the extractor has never seen.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Elements that never hold article text.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "canvas", "button", "select", "input", "textarea",
    "object", "embed", "video", "audio", "map", "dialog", "link", "meta", "head", "title", "iframe",
    "picture", "img", "source", "option", "label", "math",
})
# Page furniture by its tag, whatever its class says.
FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "header", "form", "menu"})
# Elements that name themselves as content; their class lists (CMS taxonomy words) are no hint.
CONTENT_TAGS = frozenset({"article", "main", "body", "html"})

# Class/id fragments that name furniture wherever they appear ("article-comments", "sharebar").
FURNITURE_FRAGMENTS = (
    "comment", "disqus", "share", "sharing", "social", "related", "recommend", "promo", "newsletter", "subscri",
    "signup", "sign-up", "footer", "sidebar", "side-bar", "widget", "advert", "sponsor", "banner", "cookie",
    "consent", "gdpr", "popup", "pop-up", "modal", "overlay", "breadcrumb", "navbar", "navigation", "menu",
    "masthead", "pagination", "pager", "outbrain", "taboola", "popular", "trending", "most-read", "mostread",
    "read-more", "readmore", "more-stories", "also-read", "toolbar", "follow", "rating", "survey", "skip",
    "tag-list", "taglist", "tag-cloud", "tagcloud", "keywords", "byline", "author", "timestamp",
    "caption", "credit", "copyright", "adslot", "adunit", "ad-slot", "dfp", "post-meta", "entry-meta",
    "article-meta", "teaser", "upsell", "offer", "donate", "signin", "login", "register", "alert",
    "notification", "profile", "gallery", "carousel", "slider", "playlist", "video", "podcast", "recirc",
    "nocontent", "noprint", "tools", "utility", "sticky",
)
# Whole words that name furniture only on their own ("nav" but not "canvas", "ad" but not "head").
FURNITURE_WORDS = frozenset({
    "nav", "print", "email", "tags", "ad", "ads", "meta", "cta", "bio", "more", "next", "prev",
})
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")


def literal_trie_pattern(words: tuple[str, ...]) -> str:
    """A regex matching any of `words`, factored as a trie so matching stays fast with many words."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        if "" in node:  # a shorter word already ends here, and any match of it is enough
            return ""
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(trie)


_FURNITURE_FRAGMENT = re.compile(literal_trie_pattern(FURNITURE_FRAGMENTS))

# A whole line that is a label, a button or a credit.
_STOCK_LINE = re.compile(
    r"^(?:advertisement|advertising|advert|sponsored(?: content)?|anzeige|publicidad|pubblicità|publicité|reklama|"
    r"(?:photo|image|picture|video|source|credit|illustration)s?\s*:.*|©.*|\(c\)\s.*|copyright\s+(?:©|\(c\)|\d).*|"
    r".*all rights reserved\W*|(?:loading|comments?|share|tweet|email|print|facebook|twitter|whatsapp|linkedin|"
    r"pinterest)\W*|\((?:additional |with )?(?:reporting|writing|editing|compiled|research)\b.*\)|"
    r".{0,80}\bcontributed to this (?:report|story|article)\W*)$",
    re.I)
# The start of a pointer to other pages: counts when a colon or dash follows, or the line is short.
_POINTER = re.compile(
    r"^(?:(?:read|see|watch|listen|view)\s+(?:more|also|next|the full story)|related(?:\s+\w+)?|"
    r"recommended(?:\s+\w+)?|more (?:from|on)\b|more(?:\s+\S+){0,4}?\s+(?:stories|articles|news|coverage|videos|"
    r"headlines|reading)\b|more(?=\s*:)|also read|further reading|you (?:may|might) also (?:like|enjoy)|"
    r"most (?:read|popular|viewed|shared)|sign up|subscribe|follow us|share (?:this|on|via)|click here)\b"
    r"\s*(?P<mark>[:\-\u2013\u2014|»›>])?",
    re.I)
# A pitch addressed to the reader: sign up, subscribe, follow us, click here.
_PITCH = re.compile(
    r"(?:^|[.!?]\s+)(?:sign up|subscribe)\b|\b(?:newsletter|inbox)\b.{0,80}\b(?:sign up|subscribe)\b|"
    r"\bfollow (?:us|him|her|them|me) on\b|\bfollow @\w|"
    r"^follow\b.{0,60}\bon (?:facebook|twitter|instagram|x|linkedin)\b|\bclick here\b|\btell us what you think\b",
    re.I)
_TRUNCATED = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*[\])]?$")
_BYLINE = re.compile(r"^(?:by|par|por|door|av|af)\s+(?P<names>.+)$", re.I)
_NAME_JOINERS = frozenset({"and", "&", "und", "et", "y", "e", "de", "da", "van", "von", "der", "la", "le", "bin", "al"})
_STAMP_LINE = re.compile(r"^(?:published|updated|posted|last updated|modified|first published)\b", re.I)
# What a date and time line is made of, in the languages of Western European news sites;
# a line that is nothing else is a dateline.
_MONTHS = (r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janeiro|fevereiro|março|abril|maio|junho|julho|"
           r"agosto|setembro|outubro|novembro|dezembro|enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|"
           r"noviembre|diciembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
           r"décembre|januar|februar|märz|juni|juli|oktober|dezember|gennaio|febbraio|aprile|maggio|giugno|luglio|"
           r"settembre|ottobre|dicembre|januari|februari|maart|mei|augustus")
_WEEKDAYS = (r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|segunda|terça|quarta|quinta|sexta|sábado|domingo|feira|"
             r"lunes|martes|miércoles|jueves|viernes|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|"
             r"dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunedì|martedì|mercoledì|giovedì|venerdì|sabato")
_DATE_PARTS = re.compile(
    rf"\b(?:(?:{_MONTHS})[a-z]*\.?|{_WEEKDAYS}|am|pm|a\.m\.|p\.m\.|at|on|of|the|de|del|às|à|le|um|gmt|utc|"
    r"[a-z]?[ecmp][sd]t|bst|cet|cest|ist)(?!\w)|[\d\W_]+",
    re.I)


def class_words(tag_class: object, tag_id: object) -> str:
    """The class and id of an element as one lower-case string, for hint matching."""
    classes = " ".join(tag_class) if isinstance(tag_class, list) else str(tag_class or "")
    return f"{classes} {tag_id or ''}".strip().lower()


@lru_cache(maxsize=4096)
def is_furniture(words: str) -> bool:
    """Class/id words that name navigation, promotion, sharing, comments and the like."""
    return bool(_FURNITURE_FRAGMENT.search(words)) or not FURNITURE_WORDS.isdisjoint(_WORD_SPLIT.split(words))


def is_boilerplate_line(text: str) -> bool:
    """A short stock phrase (“Advertisement”, “Read more…”, a photo credit) rather than prose."""
    if len(text) >= 250:
        return False
    pointer = _POINTER.match(text)
    return (bool(pointer) and (bool(pointer.group("mark")) or len(text) < 60)
            or len(text) < 120 and bool(_STOCK_LINE.match(text)) or bool(_PITCH.search(text)))


def is_pointer_heading(text: str) -> bool:
    """A label such as “More stories:” or “You may also like” that introduces a list of links."""
    pointer = _POINTER.match(text)
    return bool(pointer) and (len(text) < 60 or text.endswith(":"))


def is_truncated(text: str) -> bool:
    """Text cut short with an ellipsis: a teaser of a story told elsewhere."""
    return bool(_TRUNCATED.search(text))


def is_byline_or_date(text: str) -> bool:
    """A short “By Jane Roe”, “Updated 3 May 2021” or “Tuesday 4 May 2021, 10:30 GMT” line from the article's header."""
    if len(text) >= 80:
        return False
    byline = _BYLINE.match(text)
    if byline:
        words = [w for w in re.split(r"[\s,|]+", byline.group("names")) if w and w.lower() not in _NAME_JOINERS]
        return bool(words) and sum(w[:1].isupper() for w in words) >= 0.6 * len(words)
    return bool(_STAMP_LINE.match(text)) or (any(c.isdigit() for c in text) and not _DATE_PARTS.sub("", text).strip())
