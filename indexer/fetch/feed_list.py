"""The feeds to follow: a file with one URL a line (`#` comments allowed), or an OPML subscription list."""
from __future__ import annotations

from pathlib import Path

from lxml import etree


def read_feed_list(path: Path) -> list[str]:
    """The http(s) feed URLs a list names, in order, each once."""
    data = path.read_bytes()
    if b"<opml" in data[:2048].lower():
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        urls = [node.get("xmlUrl") or node.get("xmlurl") or "" for node in root.iter("outline")]
    else:
        lines = data.decode("utf-8", "replace").splitlines()
        urls = [line.split("#", 1)[0].strip() for line in lines]
    return list(dict.fromkeys(url for url in urls if url.startswith(("http://", "https://"))))
