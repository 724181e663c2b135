"""Which language an article is written in: what it says about itself, else what its text looks like.

Identification is py3langid's (langid.py's byte n-gram model, shipped as numpy arrays, no pickle).
On the 360 passages of 1-3 sentences in 12 languages in `tests/fixtures/languages` it names
every one right in 0.1 ms each; lingua is as accurate there but takes 2 ms a passage, 12 s to
load and 1.4 GB of memory in every build worker.
"""
from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from ..article import Article
from ..languages import NAMES, UNDETERMINED, language_code

SAMPLE_CHARS = 300  # the headline and the opening: enough to tell, in about 0.2 ms
MIN_LETTERS = 16  # fewer letters than this ("Brexit vote") say too little
MIN_CONFIDENCE = 0.4  # below this probability the text is too short or too mixed to tell


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The model, loaded once per process (0.7 s, about 70 MB) and limited to languages with an ISO 639-1
    code; built from the limited arrays, so the full model is not kept beside them."""
    full = LanguageIdentifier.from_model_file(MODEL_FILE)
    kept = [place for place, code in enumerate(full.nb_classes) if code in NAMES]
    return LanguageIdentifier(full.nb_ptc[:, kept], full.nb_pc[kept], [full.nb_classes[p] for p in kept],
                              full.tk_nextmove, full.tk_output, norm_probs=True, tk_row=full.tk_row)


def forget_model() -> None:
    """Free the model: a build worker that has read all its files needs the memory for its postings."""
    _identifier.cache_clear()


def identify_language(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in, or `und` when it cannot be told."""
    sample = text[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return UNDETERMINED
    code, confidence = _identifier().classify(sample)
    return code if confidence >= MIN_CONFIDENCE else UNDETERMINED


def settle_language(article: Article) -> Article:
    """The article with its language as an ISO 639-1 code: the one it states (a record's field, a page's
    `lang`, `og:locale`, `inLanguage` or `Content-Language`), else the one its text shows."""
    article.language = language_code(article.language) or identify_language(f"{article.title}\n{article.body}")
    return article
