"""The re-ranking fast paths number and mark words exactly as the index analyzer does."""
from __future__ import annotations

from indexer.analysis import FIELD_BREAK, NewsAnalyzer, term_positions, term_spans

TEXTS = [
    f"Oil prices rise{FIELD_BREAK}The oil prices rose, and OPEC said prices would rise. Économie résumé U.S. 3.5",
    f"{FIELD_BREAK}Body only: the an a of to",
    "No field break, Lukašenko and Lukasenko meet",
    f"The a of{FIELD_BREAK}",
]


def _from_analyzer(text: str) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for token in NewsAnalyzer()(text, positions=True):
        found.setdefault(token.text, []).append(token.pos)
    return found


def test_term_positions_match_the_index_analyzer():
    for text in TEXTS:
        assert dict(term_positions(text)) == _from_analyzer(text), text


def test_term_spans_mark_the_words_the_analyzer_reads():
    body = TEXTS[0].split(FIELD_BREAK)[1]
    marked = [(t.startchar, t.endchar, t.text) for t in NewsAnalyzer()(body, chars=True) if t.text in {"price", "rise"}]
    assert len(marked) == 3  # "prices" twice, "rise" once ("rose" stems apart)
    assert term_spans(body, {"price", "rise"}) == marked
