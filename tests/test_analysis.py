"""The forward index and snippets read words exactly as the index analyzer does."""
from __future__ import annotations

import random
import re

from indexer.analysis import FIELD_BREAK, TITLE_GAP, WORD_PATTERN, NewsAnalyzer, index_term, index_terms, term_spans

TEXTS = [
    f"Oil prices rise{FIELD_BREAK}The oil prices rose, and OPEC said prices would rise. Économie résumé U.S. 3.5",
    f"{FIELD_BREAK}Body only: the an a of to",
    f"Headline only, the of{FIELD_BREAK}",
    f"The a of{FIELD_BREAK}Lukašenko and Lukasenko meet",
]


def test_forward_terms_and_positions_match_the_index_analyzer():
    for text in TEXTS:
        title, body = text.split(FIELD_BREAK)
        title_terms, body_terms = index_terms(title), index_terms(body)
        # the forward index numbers a body word `TITLE_GAP` after the headline's length
        forward = [(t, p) for p, t in enumerate(title_terms)] + \
            [(t, len(title_terms) + TITLE_GAP + p) for p, t in enumerate(body_terms)]
        assert forward == [(token.text, token.pos) for token in NewsAnalyzer()(text, positions=True)], text


def test_term_spans_mark_the_words_the_analyzer_reads():
    body = TEXTS[0].split(FIELD_BREAK)[1]
    marked = [(t.startchar, t.endchar, t.text) for t in NewsAnalyzer()(body, chars=True) if t.text in {"price", "rise"}]
    assert len(marked) == 3  # "prices" twice, "rise" once ("rose" stems apart)
    assert term_spans(body, {"price", "rise"}) == marked


def test_term_spans_find_exactly_the_tokenizers_words_in_tricky_text():
    """Words with dots and digits, accents, and forms inside longer words: as a plain pass over every token."""
    word = re.compile(WORD_PATTERN)
    pieces = ["oil", "Oil", "oils", "U.S.", "u.s", "oil.com", ".oil", "oil.", "x.oil", "prices", "price3", "priced",
              "é", "Économie", "economy", " ", " ", ". ", ", ", "-", "__", "3.5", "a.b.c"]
    terms = {index_term(w) for w in ("oil", "price", "u.s", "economie")}
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        every_token = [(m.start(), m.end(), index_term(m.group())) for m in word.finditer(text)]
        assert term_spans(text, terms) == [span for span in every_token if span[2] in terms], text
