"""Highlighted snippets: HTML-escaped text where the only markup added is `<mark>`."""
from __future__ import annotations

import html

from whoosh.highlight import ContextFragmenter, Formatter, Highlighter, get_text

SNIPPET_CHARS = 240
FRAGMENTS = 2


class MarkFormatter(Formatter):
    """Escape the document's text and wrap matched words in bare `<mark>` elements."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"<mark>{html.escape(get_text(text, token, replace), quote=False)}</mark>"

    def format(self, fragments: list, replace: bool = False) -> str:
        """Fragments on one line, with an ellipsis where the body's text continues."""
        if not fragments:
            return ""
        joined = self.between.join(self.format_fragment(f, replace=replace) for f in fragments)
        if fragments[0].startchar > 0:
            joined = "… " + joined
        if fragments[-1].endchar < len(fragments[-1].text):
            joined += " …"
        return " ".join(joined.split())


def make_highlighter() -> Highlighter:
    return Highlighter(fragmenter=ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80),
                       formatter=MarkFormatter())


def lead_snippet(body: str, limit: int = SNIPPET_CHARS) -> str:
    """The opening of the body, escaped, cut at a word boundary: for hits matched only in metadata."""
    text = " ".join(body.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False)
