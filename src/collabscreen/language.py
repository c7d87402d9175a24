"""Which language is a resume written in? A function-word count, no model, no download.

The classifier and the taxonomy are English. A resume in another language
gets English scores that mean little, so the result says so: the share of a
text's words that are common function words of each language decides.
Pure functions, standard library only.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["guess_language", "LANGUAGE_NAMES"]

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in for with on at by from as is was were are be an a or that this our their my i we".split()),
    "es": frozenset("el la los las de del y en con para por un una que es se su sus al como más".split()),
    "fr": frozenset("le la les de des du et en avec pour par un une que est dans sur au aux ses son".split()),
    "de": frozenset("der die das und in mit für von zu den dem des ein eine ist im auf bei als".split()),
    "pt": frozenset("o a os as de do da dos das e em com para por um uma que é no na nos".split()),
    "it": frozenset("il lo la gli le di del della e in con per un una che è nel nella al".split()),
    "nl": frozenset("de het een en van in met voor op te bij als door naar ook".split()),
    "id": frozenset("dan yang di dengan untuk dari ke pada dalam ini itu atau sebagai".split()),
}
LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese",
    "it": "Italian", "nl": "Dutch", "id": "Indonesian",
}


def guess_language(text: str, *, min_words: int = 40) -> tuple[str | None, float]:
    """``(language code, share of its function words)``, or ``(None, 0.0)`` when too short.

    The language whose function words make up the largest share of the words
    wins; a resume's English is terse, so even 3% English function words
    beats a language with fewer.
    """
    text = text[:200_000]
    # ASCII text: lower-casing first finds the same words, lower-cased (letters stay letters)
    words = _WORD_RE.findall(text.lower()) if text.isascii() else [w.lower() for w in _WORD_RE.findall(text)]
    if len(words) < min_words:
        return None, 0.0
    n = len(words)
    counts = Counter(words)
    shares = {lang: sum(counts[w] for w in fw if w in counts) / n for lang, fw in _FUNCTION_WORDS.items()}
    best = max(shares, key=lambda k: (shares[k], k == "en"))
    return best, shares[best]
