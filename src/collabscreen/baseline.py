"""The keyword baseline collabscreen must beat: a Boolean ATS-style term search.

``KeywordBaseline`` counts how many distinct taxonomy terms occur in a text
(case-insensitive, whole words), the way a recruiter's OR-query over the
same vocabulary ranks resumes by hits. It uses plain regular expressions, no
spaCy, so it is also the speed reference of the benchmarks.
"""

from __future__ import annotations

import re

from .taxonomy import Taxonomy, default_taxonomy

__all__ = ["KeywordBaseline"]


class KeywordBaseline:
    """Count distinct taxonomy category terms in a text."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        tax = taxonomy or default_taxonomy()
        terms = sorted({t for c in tax.categories.values() for t in c.terms}, key=len, reverse=True)
        alternation = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in terms)
        self._re = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])")

    def terms(self, text: str) -> set[str]:
        return {" ".join(m.group(0).split()) for m in self._re.finditer(text.lower())}

    def count(self, text: str) -> int:
        return len(self.terms(text))
