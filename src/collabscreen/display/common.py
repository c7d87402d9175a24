"""What the notebook views share: band and category colours and labels, and turning a
Ranking / results / one result into candidate-like objects. Computes nothing."""

from __future__ import annotations

import re
import zlib
from typing import Any, Iterable, Mapping, Sequence

from ..errors import CollabscreenError, ConfigTypeError, MissingDependencyError
from ..types import RankedCandidate, ScreeningResult

__all__ = [
    "BAND_COLORS",
    "PALETTE",
    "category_labels",
    "category_colors",
    "taxonomy_categories",
    "as_candidates",
    "is_ranked",
    "category_keys",
    "basename",
    "require_pandas",
    "term_spans",
]

#: Colour of each score band (also used by :mod:`collabscreen.plots`).
BAND_COLORS: Mapping[str, str] = {
    "strong": "#2e7d32",
    "some": "#ef8f00",
    "none": "#9e9e9e",
    "error": "#c62828",
}

# light backgrounds for evidence highlights, one per category (taxonomy order)
PALETTE = (
    "#bbdefb",  # blue
    "#c8e6c9",  # green
    "#ffe0b2",  # orange
    "#e1bee7",  # purple
    "#b2ebf2",  # cyan
    "#f8bbd0",  # pink
    "#fff59d",  # yellow
    "#d7ccc8",  # brown
    "#cfd8dc",  # blue grey
    "#dcedc8",  # light green
)
_UNCATEGORISED = "#e0e0e0"
_INK = "#1f1f1f"  # text colour on the light backgrounds (also in dark themes)
_MUTED = "#6b6b6b"
_FONT = "font-family: -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;"


def taxonomy_categories() -> dict[str, str]:
    """``key -> label`` of the bundled taxonomy, in its order (empty if unreadable)."""
    try:
        from ..taxonomy import default_taxonomy

        return {k: c.label for k, c in default_taxonomy().categories.items()}
    except CollabscreenError:  # pragma: no cover - a broken install; keys still show
        return {}


def category_labels(keys: Iterable[str] = ()) -> dict[str, str]:
    """Human labels of category ``keys`` (taxonomy order first, then unknown keys sorted).

    Keys the bundled taxonomy does not know (a custom taxonomy) are labelled
    with the key itself, underscores as spaces.
    """
    known = taxonomy_categories()
    extra = sorted(set(keys) - set(known))
    out = dict(known)
    for k in extra:
        out[k] = k.replace("_", " ").capitalize()
    return out


def category_colors(keys: Iterable[str] = ()) -> dict[str, str]:
    """A stable highlight colour for each category key."""
    labels = category_labels(keys)
    known = list(taxonomy_categories())
    out = {}
    for k in labels:
        i = known.index(k) if k in known else zlib.crc32(k.encode("utf-8"))
        out[k] = PALETTE[i % len(PALETTE)]
    return out


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` of ``terms`` in ``text`` (longest terms first).

    Case-insensitive whole words; the words of a term may be joined by any
    run of spaces, hyphens or slashes ("hand-off" finds "hand off").
    """
    spans: list[tuple[int, int]] = []
    for t in sorted(set(terms), key=lambda t: (-len(t), t)):
        words = t.split()
        if not words:
            continue
        pat = r"(?<!\w)" + r"[\s\-/]+".join(re.escape(w) for w in words) + r"(?!\w)"
        for m in re.finditer(pat, text, flags=re.IGNORECASE):
            if m.end() > m.start() and all(m.end() <= a or m.start() >= b for a, b in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


class _Unranked:
    """Stand-in for a RankedCandidate when plain results are given."""

    __slots__ = ("rank", "result", "excluded", "reason")

    def __init__(self, result: ScreeningResult):
        self.rank = None
        self.result = result
        self.excluded = False
        self.reason = ""


def as_candidates(obj: Any) -> list[Any]:
    """Normalise a Ranking / candidates / results / one result to candidate-like objects."""
    if isinstance(obj, ScreeningResult):
        return [_Unranked(obj)]
    if isinstance(obj, RankedCandidate):
        return [obj]
    out: list[Any] = []
    for item in obj:
        if isinstance(item, RankedCandidate):
            out.append(item)
        elif isinstance(item, ScreeningResult):
            out.append(_Unranked(item))
        else:
            raise ConfigTypeError.from_code("E400", name="items", expected="ScreeningResult or RankedCandidate objects (or a Ranking)", value=item)
    return out


def is_ranked(cands: Sequence[Any]) -> bool:
    return any(c.rank is not None for c in cands)


def require_pandas(feature: str):
    try:
        import pandas as pd
    except ImportError as exc:
        raise MissingDependencyError.from_code("E403", feature=feature, package="pandas") from exc
    return pd


def category_keys(cands: Sequence[Any]) -> list[str]:
    keys: set[str] = set()
    for c in cands:
        keys.update(c.result.category_scores or {})
    if not keys:
        return list(taxonomy_categories())
    order = list(category_labels(keys))
    return sorted(keys, key=order.index)





