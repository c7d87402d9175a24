"""Stock template sentences: recognise resume-builder text that recurs across unrelated resumes.

Resume builders offer suggestion sentences ("Effectively communicated with and
supported sales, marketing and administrative teams on a daily basis.") that
people paste into jobs the sentence does not describe. A sentence that recurs,
word for word after normalisation, in several unrelated resumes of the
training pool is such a sentence. The model ships the set as sorted 64-bit
hashes (no text), and a unit whose normalised text is in the set counts as no
evidence and raises a warning.

Pure functions, standard library and numpy only.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable, Mapping, Sequence

import numpy as np

__all__ = ["template_key", "template_hash", "find_templates", "is_template", "PLACEHOLDER_RE"]

_WORD_RE = re.compile(r"[a-z0-9]+")
#: Unfilled resume-builder placeholders: "[Number]", "[Job Title]", "[X%]".
PLACEHOLDER_RE = re.compile(r"\[(?:[A-Za-z][A-Za-z0-9 %,/&.'-]{0,40}|x+%?|#)\]", re.I)


def template_key(text: str) -> str:
    """Normalised form: lower-case words and numbers, placeholders as ``<ph>``, joined by spaces."""
    if "[" in text:  # every placeholder holds one
        text = PLACEHOLDER_RE.sub(" zzph ", text)
    return " ".join(_WORD_RE.findall(text.lower()))


def template_hash(text: str) -> int:
    """64-bit hash of :func:`template_key` (stable across runs and machines)."""
    key = template_key(text)
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def find_templates(
    units_by_resume: Mapping[str, Iterable[str]],
    groups: Mapping[str, str] | None = None,
    *,
    min_resumes: int = 3,
    min_words: int = 6,
) -> np.ndarray:
    """Hashes of unit texts that occur in at least ``min_resumes`` unrelated resumes.

    ``groups`` maps a resume id to its near-duplicate cluster: copies of one
    resume count once. Units shorter than ``min_words`` words (headings, "Sales
    Associate") are never templates. Returns a sorted ``uint64`` array.
    """
    seen: dict[int, set[str]] = {}
    for rid, texts in units_by_resume.items():
        g = (groups or {}).get(rid, rid)
        for t in set(texts):
            if len(template_key(t).split()) < min_words:
                continue
            seen.setdefault(template_hash(t), set()).add(g)
    keep = [h for h, gs in seen.items() if len(gs) >= min_resumes]
    return np.asarray(sorted(keep), dtype=np.uint64)


_HASHES: dict[str, int] = {}  # text -> template_hash(text), for recurring unit texts
_HASHES_MAX = 20_000  # then forgotten and started again (memory stays bounded)


def _remembered_hash(text: str) -> int:
    got = _HASHES.get(text)
    if got is None:
        got = template_hash(text)
        if len(_HASHES) >= _HASHES_MAX:
            _HASHES.clear()
        _HASHES[text] = got
    return got


def is_template(texts: Sequence[str], hashes: np.ndarray | None) -> np.ndarray:
    """Boolean array: is each text a known template sentence or an unfilled placeholder?"""
    out = np.zeros(len(texts), dtype=bool)
    for i, t in enumerate(texts):
        if "[" in t and PLACEHOLDER_RE.search(t):
            out[i] = True
    if hashes is not None and len(hashes) and len(texts):
        h = np.fromiter(map(_remembered_hash, texts), dtype=np.uint64, count=len(texts))
        pos = np.searchsorted(hashes, h)
        pos[pos >= len(hashes)] = 0
        out |= hashes[pos] == h
    return out
