"""How documents are scored: the weighting model every searcher uses."""
from __future__ import annotations

from whoosh import scoring


def weighting() -> scoring.WeightingModel:
    """BM25F over title and body; the title's extra weight comes from its field boost in the schema."""
    return scoring.BM25F(B=0.75, K1=1.2)
