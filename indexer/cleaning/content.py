"""Find the article in a page's DOM and keep only its own paragraphs.

The page is flattened once into elements and text blocks (paragraph-sized runs of text,
each owned by its nearest block element). Each block gets a value (prose counts for,
link lists, teasers and furniture count against), each element a score that sums the
values below it with less weight for deeper ones, so that text concentrated in one
element beats text spread thinly over many boxes. The best element, with sibling parts of
the same story, is the article; inside it, furniture and link lists are dropped. Every
pass is iterative and linear in the size of the page, so hostile markup cannot exhaust
the stack or the clock.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData

from .boilerplate import CONTENT_TAGS, FURNITURE_TAGS, SKIP_TAGS, class_words, is_furniture, is_truncated
from .text import normalize_inline

# Elements whose start and end break the text into paragraphs.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "dl", "dt", "dd", "figure",
    "figcaption", "address", "details", "summary", "hr", "br", "center", "body", "html", "caption",
    "header", "footer", "nav", "aside", "form", "fieldset", "legend", "menu",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
PARAGRAPH_TAGS = frozenset({"p", "blockquote", "pre"})
# Elements that can be a list of links; a paragraph's links are judged after its inline noise is gone.
LIST_TAGS = BLOCK_TAGS - HEADINGS - {"p", "br", "hr"}
# The story's own element and the page's: climbing stops there.
STORY_TAGS = frozenset({"article", "main"})
PAGE_TAGS = frozenset({"body", "html", "[document]"})
# Blocks that can hold a whole article; a paragraph or list item alone never is the container.
CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "body", "td", "center", "form", "blockquote",
                            "[document]", "html", "header", "footer", "aside", "nav", "span", "font"})
_ITEM_TAGS = frozenset({"li", "dt", "dd"})
_TEXT_STRINGS = frozenset({NavigableString, CData})  # not comments, doctypes, script or style text
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SENTENCE_END = re.compile(r"[.!?。！？\"”’»)]\s*$")
_URL_TEXT = re.compile(r"\s*(?:https?://|www\.)\S+\s*$")
_NO_SPACE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_PUNCTUATION = re.compile(r"[.,;:!?。，、；！？]")


class Node:
    """One element of the page, in document order, with the figures the passes fill in.

    `end` is one past its last descendant; `chars`, `links`, `anchors` and `quoted` count the
    text below it; `gain` sums the values of the blocks below it, `score` weighs them less
    the deeper they sit, and `best` is the highest container score below it.
    """

    __slots__ = ("name", "parent", "end", "furniture", "by_class", "chars", "links", "anchors", "quoted",
                 "gain", "score", "best")

    def __init__(self, name: str, parent: int, furniture: bool, by_class: bool) -> None:
        self.name = name
        self.parent = parent
        self.end = 0
        self.furniture = furniture
        self.by_class = by_class
        self.chars = 0
        self.links = 0
        self.anchors = 0
        self.quoted = 0
        self.gain = 0.0
        self.score = 0.0
        self.best = 0.0


@dataclass(slots=True)
class Block:
    """A paragraph-sized run of text: pieces of (text, innermost element, inside a link)."""

    owner: int
    pieces: list[tuple[str, int, bool]]
    text: str = ""
    chars: int = 0
    links: int = 0
    heading: bool = False
    item: bool = False  # a list item
    quoted: bool = False
    value: float = 0.0


@dataclass
class PageLayout:
    """The page flattened into elements (pre-order) and text blocks (reading order)."""

    nodes: list[Node] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    marked_body: int = -1  # the element microdata marks as the articleBody, if any
    in_furniture: list[bool] = field(default_factory=list)  # per element, once main_container has run

    def link_share(self) -> float:
        """Share of the text outside page furniture that sits in links: high on index pages."""
        chars = links = 0
        for block in self.blocks:
            if not (self.in_furniture and self.in_furniture[block.owner]):
                chars += block.chars
                links += block.links
        return links / chars if chars else 0.0


def _hidden(attrs: dict) -> bool:
    style = attrs.get("style")
    return "hidden" in attrs or (isinstance(style, str) and bool(_HIDDEN_STYLE.search(style)))


def flatten(root: Tag) -> PageLayout:
    """Walk the tree once (explicit stack) into elements and blocks, skipping non-text elements."""
    layout = PageLayout()
    nodes, blocks = layout.nodes, layout.blocks
    pieces: list[tuple[str, int, bool]] = []
    open_blocks: list[int] = []
    current, links, quotes = -1, 0, 0  # innermost open element, open links, open quotations
    stack: list[object] = [root]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is int:  # leaving element `item`
            node = nodes[item]
            node.end = len(nodes)
            current = node.parent
            if open_blocks[-1] == item:
                if pieces:
                    blocks.append(Block(item, pieces, quoted=quotes > 0))
                    pieces = []
                open_blocks.pop()
            if node.name == "a":
                links -= 1
            elif node.name == "blockquote":
                quotes -= 1
        elif kind in _TEXT_STRINGS:
            pieces.append((item, current, links > 0))
        elif kind is Tag or kind is BeautifulSoup:
            name = item.name
            attrs = item.attrs
            if name in SKIP_TAGS or attrs and _hidden(attrs):
                continue
            index = len(nodes)
            by_class = bool(attrs) and name not in CONTENT_TAGS and is_furniture(
                class_words(attrs.get("class"), attrs.get("id")))
            nodes.append(Node(name, current, by_class or name in FURNITURE_TAGS, by_class))
            if layout.marked_body < 0 and attrs and "articleBody" in str(attrs.get("itemprop", "")).split():
                layout.marked_body = index
            current = index
            if name in BLOCK_TAGS or not open_blocks:  # the walk's root owns the text outside blocks
                if pieces:
                    blocks.append(Block(open_blocks[-1], pieces, quoted=quotes > 0))
                    pieces = []
                open_blocks.append(index)
            if name == "a":
                links += 1
            elif name == "blockquote":
                quotes += 1
            push(index)
            extend(reversed(item.contents))
    _measure(layout)
    return layout


def headline_block(layout: PageLayout, title: str) -> int:
    """The block holding the page's headline: its first `<h1>`, else one reading as its title; -1 if none."""
    nodes = layout.nodes
    for position, block in enumerate(layout.blocks):
        if nodes[block.owner].name == "h1":
            return position
    return next((position for position, block in enumerate(layout.blocks) if title and block.text == title), -1)


def _measure(layout: PageLayout) -> None:
    """Fill in each block's text and sizes, and each element's total and linked characters."""
    nodes = layout.nodes
    kept: list[Block] = []
    for block in layout.blocks:
        text = join_pieces(block.pieces)
        if not text:
            continue
        block.text = text
        block.chars = len(text)
        block.links = min(block.chars, _add_piece_sizes(nodes, block.pieces))
        block.heading = nodes[block.owner].name in HEADINGS
        block.item = nodes[block.owner].name in _ITEM_TAGS
        if block.quoted:
            nodes[block.owner].quoted += block.chars
        kept.append(block)
    layout.blocks = kept
    for node in reversed(nodes):
        if node.by_class and node.quoted > 0.5 * node.chars:
            node.furniture = False  # an embedded post or quotation, whatever its box is called
        if node.name == "a" and node.chars:
            node.anchors += 1
        if node.parent >= 0:
            parent = nodes[node.parent]
            parent.chars += node.chars
            parent.links += node.links
            parent.quoted += node.quoted
            parent.anchors += node.anchors


def _add_piece_sizes(nodes: list[Node], pieces: list[tuple[str, int, bool]]) -> int:
    """Credit each piece's characters to its innermost element; return the linked ones.

    A link whose text is a bare URL is printed text a reader sees, not navigation.
    """
    linked = 0
    for text, owner, link in pieces:
        size = len(text.strip())
        node = nodes[owner]
        node.chars += size
        if link and not _URL_TEXT.match(text):
            node.links += size
            linked += size
    return linked


def _linked_chars(pieces: list[tuple[str, int, bool]], kept: dict[int, bool]) -> int:
    return sum(len(text.strip()) for text, owner, link in pieces
               if link and kept.get(owner, False) and not _URL_TEXT.match(text))


def join_pieces(pieces: list[tuple[str, int, bool]], kept: dict[int, bool] | None = None) -> str:
    """The normalised text of a block's pieces (only the kept ones, if given).

    Where a link meets text without a space in a script written without spaces (Chinese,
    Japanese), the boundary is a word boundary, so a space marks it.
    """
    parts: list[str] = []
    previous_link = None
    for text, owner, link in pieces:
        if kept is not None and not kept.get(owner, False):
            continue
        if (parts and link != previous_link and text[:1] and parts[-1][-1:]
                and not text[:1].isspace() and not parts[-1][-1:].isspace()
                and (_NO_SPACE_SCRIPT.match(text[:1]) or _NO_SPACE_SCRIPT.match(parts[-1][-1:]))):
            parts.append(" ")
        parts.append(text)
        previous_link = link
    return normalize_inline("".join(parts))


def _furniture_in_context(layout: PageLayout) -> list[bool]:
    """Which elements are furniture or inside it.

    An element classed like furniture that holds most of the page's prose is a page wrapper
    (`<div class="has-sidebar">`, ASP.NET's `<form>` around a whole page), so it loses the
    mark; `<nav>`, `<aside>`, `<header>` and `<footer>` keep theirs.
    """
    nodes = layout.nodes
    prose = max(1, nodes[0].chars - nodes[0].links) if nodes else 1
    inside = [False] * len(nodes)
    for i, node in enumerate(nodes):
        if (node.furniture and (node.by_class or node.name == "form")
                and node.chars - node.links >= 0.5 * prose):
            node.furniture = False
        inside[i] = node.furniture or (node.parent >= 0 and inside[node.parent])
    return inside


def block_value(block: Block, in_furniture: bool) -> float:
    """How much a block speaks for its container being the article: prose counts, links and furniture count against."""
    if in_furniture:
        return -float(block.chars)
    density = block.links / block.chars
    if density > 0.5 or is_truncated(block.text):
        return -float(block.chars)
    if block.heading:
        return 0.0
    if block.chars < 40 and not _SENTENCE_END.search(block.text):
        return 0.0
    return block.chars * (1 - density) * (1 + min(1.0, len(_PUNCTUATION.findall(block.text)) / 10))


def main_container(layout: PageLayout, decay: float = 0.5) -> list[int]:
    """The elements that hold the article, in order: the best-scoring container and its sibling parts.

    A container's score counts its blocks with a weight halving at every level below it,
    so text concentrated in one element beats the same amount of text spread over many
    small boxes (teaser cards, link lists); siblings that carry enough prose of their own
    (an article split in parts around an advert) join it.
    """
    nodes = layout.nodes
    if not nodes:
        return []
    inside = layout.in_furniture = _furniture_in_context(layout)
    for block in layout.blocks:
        block.value = block_value(block, inside[block.owner])
        nodes[block.owner].gain += block.value
    for node in nodes:
        node.score = node.gain
    for node in reversed(nodes):
        if node.name in CONTAINER_TAGS:
            node.best = max(node.best, node.score)
        if node.parent >= 0:
            parent = nodes[node.parent]
            parent.gain += node.gain
            parent.score += decay * node.score
            parent.best = max(parent.best, node.best)
    candidates = [i for i in range(len(nodes) - 1, -1, -1) if nodes[i].name in CONTAINER_TAGS]
    best = max(candidates, key=lambda i: nodes[i].score, default=0)
    if nodes[best].score <= 0:  # nothing reads like prose: keep whatever text is not furniture
        return [0]
    marked = layout.marked_body
    if marked >= 0 and not inside[marked]:
        if marked <= best < nodes[marked].end:  # the story is inside the marked body: grow no further
            return _with_sibling_parts(nodes, inside, best, limit=marked)
        if nodes[marked].gain >= 0.8 * nodes[best].gain:
            return [marked]
    return _with_sibling_parts(nodes, inside, best)


def _with_sibling_parts(nodes: list[Node], inside: list[bool], best: int, levels: int = 3,
                        limit: int = -1) -> list[int]:
    """Climb a few levels from the best container, adding siblings that look like parts of the same story.

    A sibling qualifies when, scored at its own level, it is at least a fifth of the part
    of the story beside it, or when it holds a container half as strong as the best one;
    a paragraph qualifies when it is prose. Teaser lists spread their text too thin for either.
    Climbing stops at the story's own element, at the page's, and at `limit`.
    """
    strong = 0.5 * nodes[best].score
    chosen, root = [best], best
    for _ in range(levels):
        parent = nodes[root].parent
        if (parent < 0 or root == limit or nodes[root].name in STORY_TAGS or nodes[parent].name in PAGE_TAGS
                or inside[parent]):
            break
        beside = max(10.0, 0.2 * nodes[root].score)
        parts: list[int] = []
        for i in range(parent + 1, nodes[parent].end):
            node = nodes[i]
            if node.parent != parent:
                continue
            if i == root:
                parts.extend(chosen)
            elif not inside[i] and (node.score >= beside or node.best >= strong
                                    or node.name in PARAGRAPH_TAGS and node.gain > 0):
                parts.append(i)
        chosen, root = parts, parent
    return chosen


def _kept_elements(layout: PageLayout, roots: list[int]) -> dict[int, bool]:
    """Elements under the chosen roots that survive: not furniture, not a link list."""
    nodes = layout.nodes
    kept: dict[int, bool] = {}
    for top in roots:
        kept[top] = True
        for i in range(top + 1, nodes[top].end):
            node = nodes[i]
            noisy = node.furniture or node.chars and (
                node.name in LIST_TAGS and node.links > 0.5 * node.chars  # a link list
                or node.anchors > 1 and node.links > 0.8 * node.chars)  # a hover card of links inside a paragraph
            kept[i] = kept.get(node.parent, False) and not noisy
    return kept


def article_blocks(layout: PageLayout, roots: list[int]) -> list[Block]:
    """The blocks under the chosen elements, in reading order, with the text of dropped elements removed."""
    kept = _kept_elements(layout, roots)
    chosen = []
    for block in layout.blocks:
        if not kept.get(block.owner):
            continue
        if all(kept.get(p[1], False) for p in block.pieces):
            chosen.append(block)
            continue
        text = join_pieces(block.pieces, kept)
        if text:
            links = min(len(text), _linked_chars(block.pieces, kept))
            chosen.append(Block(block.owner, block.pieces, text, len(text), links, block.heading, block.item))
    return chosen

