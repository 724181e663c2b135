"""Authors' names as people write them in bylines and metadata: "By Jane Roe, Staff Writer" becomes
"Jane Roe", and "Jane Roe and John Doe" two names. Shared by the HTML extractor and the newswire readers."""
from __future__ import annotations

import re

from .text import normalize_inline, squash

_BYLINE_PREFIX = re.compile(r"^\s*(?:(?:written|posted|reported|words|text|story|photos?)\s+by|by|par|por|door|av|af|"
                            r"från|about|sobre|über)\s*:?\s+", re.I)
_LABEL_PREFIX = re.compile(r"^\w+\s*:\s+")  # "Text: Jane Roe", in any language
_ROLE = (r"(?:senior\s+|chief\s+|staff\s+|special\s+|contributing\s+|associate\s+|managing\s+|deputy\s+|"
         r"political\s+|technology\s+|science\s+|business\s+|news\s+|foreign\s+|local\s+|digital\s+)*"
         r"(?:writer|reporter|correspondent|editor|contributor|columnist|photographer|analyst|journalist|"
         r"producer|anchor|intern|author|critic|blogger)s?")
_QUALIFIED_ROLE = r"(?:senior|chief|staff|special|contributing|associate|managing|deputy)\s+" + _ROLE
# A role after a separator ("Jane Roe, Reporter"), or a qualified one without ("Jane Roe Staff Writer");
# a bare "Writer" may be a surname.
_ROLE_SUFFIX = re.compile(
    rf"(?:\s*(?:[,|\u2013\u2014-]|\bis\s+an?\b|\bis\s+the\b)\s*(?:[\w.'\u2019]+\s+){{0,3}}?{_ROLE}"
    rf"|\s+{_QUALIFIED_ROLE})\b.*$", re.I)
_AGENCY_SUFFIX = re.compile(r"[\s,|/-]+(?:the\s+)?(?:associated press|reuters|afp|ap|bloomberg|dpa|ians|pti)\s*$",
                            re.I)
_OUTLET_AFTER_DOT = re.compile(r"(?<=[a-z])\.\s+[A-Z].*$")  # "Jane Roe. Example Times"
_TRAILING_NOISE = re.compile(
    r"\s*(?:[,|\u2013\u2014]|\s-\s|\b(?:updated|published|posted|on|at)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b\d{1,2}[:./]\d|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+\d).*$", re.I)
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b)\s*")
_NOT_PEOPLE = frozenset({
    "reuters", "ap", "afp", "associated press", "the associated press", "agencies", "editor", "editors",
    "pti", "ians", "bloomberg", "dpa", "upi", "guest", "anonymous", "unknown", "administrator",
})
# Words that make a byline an organisation or a desk rather than a person.
_GROUP_WORDS = frozenset({"staff", "bureau", "desk", "wire", "wires", "services", "team", "admin", "news",
                          "newsroom", "editorial", "redaction", "redaktion", "redacción", "redação"})


def clean_author(name: str) -> str:
    """A person's name without the "By" prefix, role words or a trailing outlet; "" if it is none."""
    name = _LABEL_PREFIX.sub("", _BYLINE_PREFIX.sub("", normalize_inline(name)))
    name = _OUTLET_AFTER_DOT.sub("", _AGENCY_SUFFIX.sub("", _ROLE_SUFFIX.sub("", name)))
    name = re.sub(rf"^{_ROLE}\s*:?\s+", "", name, flags=re.I).strip(" ,;|:-")
    words = name.split()
    if (not words or name.lower() in _NOT_PEOPLE or "://" in name or "@" in name or len(name) > 60
            or len(words) > 5 or any(c.isdigit() for c in name)
            or not _GROUP_WORDS.isdisjoint(w.lower().strip(".") for w in words)):
        return ""
    if len(words) == 1 and (name.islower() or name.isupper() and len(name) <= 4 or _BYLINE_PREFIX.match(name + " x")):
        return ""  # a user handle ("jdadmin") or a credential ("MS", "RDN")
    return name


def split_authors(values: list[str], outlets: list[str] = ()) -> list[str]:
    """De-duplicated author names; `A and B`, `A, B` and `A & B` become separate names.

    Names that are one of `outlets` (the site or publisher, often listed as an author) are dropped.
    """
    outlet_keys = {squash(o) for o in outlets if len(squash(o)) > 2}
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = _ROLE_SUFFIX.sub("", _BYLINE_PREFIX.sub("", normalize_inline(value)))
        for part in _SPLIT_NAMES.split(value):
            name = clean_author(part)
            key = squash(name)
            if name and key not in seen and not any(o in key or key in o for o in outlet_keys):
                seen.add(key)
                names.append(name)
    return names


def byline_authors(bylines: list[str], outlets: list[str]) -> list[str]:
    """Authors from visible bylines, trimmed of the dates and outlets that share the line."""
    return split_authors([_TRAILING_NOISE.sub("", _BYLINE_PREFIX.sub("", line)) for line in bylines
                          if len(line) < 120], outlets)
