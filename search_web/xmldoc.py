"""XML documents in one namespace (the Atom feed, the OpenSearch description), built with ElementTree.

The root declares its namespace as the default (`xmlns="…"`) and children carry plain names,
so no module registers a global prefix: two modules registering the empty prefix undo each
other, and the loser's documents come out as `ns0:feed`.
"""
from __future__ import annotations

import re
from xml.etree import ElementTree

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # characters XML 1.0 forbids


def xml_text(value: str) -> str:
    """Text without the control characters XML cannot carry (old newswire has them)."""
    return _NOT_XML.sub("", value or "")


class XmlDocument:
    """A root element in `namespace` and a helper to grow it."""

    def __init__(self, namespace: str, root: str) -> None:
        self.root = ElementTree.Element(root, xmlns=namespace)

    @staticmethod
    def add(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
        """A child of `parent`, with text made safe for XML."""
        element = ElementTree.SubElement(parent, tag, attributes)
        if text is not None:
            element.text = xml_text(text)
        return element

    def to_bytes(self) -> bytes:
        return ElementTree.tostring(self.root, encoding="utf-8", xml_declaration=True)
