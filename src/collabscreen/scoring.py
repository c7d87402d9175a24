"""How unit probabilities become a resume score. Pure functions, no I/O, no model.

The rules, each tested in ``tests/test_scoring.py``:

1. **Section weight.** A unit's weight ``q = p * w(section)``: experience 1.0,
   summary 0.85, other/unknown 0.7, header 0.6, skills 0.35, education and
   certifications 0.3. The same words count more under experience than in a
   skills list.
2. **Evidence threshold.** Units with ``q >= evidence_threshold`` (0.5) are
   evidence. A skills, education or certifications unit can never reach it
   (``0.35 * p < 0.5``), so a keyword-stuffed skills section cannot reach the
   top band however long it is.
3. **No double counting.** Near-identical evidence units (word-set Jaccard >=
   0.8, e.g. the same bullet repeated under two jobs) count once, at their best.
4. **Combination.** The score is a noisy-OR over the evidence, best first,
   with the i-th unit discounted by ``decay**i`` and at most ``max_evidence``
   units: ``1 - prod(1 - q_i * decay**i)``. More independent evidence raises
   the score monotonically; it saturates, so a long resume is not favoured
   for length alone. With no evidence, the score is the best single ``q``
   (a weak hint below the threshold).
5. **Hybrid roles.** The rubric counts a role with duties on both sides
   (selling *and* marketing) as generic evidence. Per role (experience units
   under the same role header), the best sales-duty and the best
   marketing-duty probability are taken; their minimum, times
   ``hybrid_weight`` (0.6: generic evidence can reach the ``some`` band on its
   own, never ``strong``), joins the evidence as one more unit when it passes
   the threshold.
6. **Bands.** ``strong`` if score >= 0.7, ``some`` if >= 0.4, else ``none``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

__all__ = [
    "ScoringConfig",
    "DEFAULT_SECTION_WEIGHTS",
    "unit_weight",
    "combine",
    "dedupe",
    "band_for",
    "score_units",
]

DEFAULT_SECTION_WEIGHTS: Mapping[str, float] = {
    "experience": 1.0,
    "summary": 0.85,
    "other": 0.7,
    "header": 0.6,
    "skills": 0.35,
    "education": 0.3,
    "certifications": 0.3,
}


@dataclass(frozen=True)
class ScoringConfig:
    """Thresholds and weights of the scoring rules (see the module docstring)."""

    section_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SECTION_WEIGHTS))
    default_weight: float = 0.7
    evidence_threshold: float = 0.5
    decay: float = 0.5
    max_evidence: int = 5
    dedup_jaccard: float = 0.8
    strong: float = 0.7
    some: float = 0.4
    hybrid_weight: float = 0.6

    def __post_init__(self) -> None:
        from .errors import Errors

        checks = [
            ("evidence_threshold", self.evidence_threshold, 0.0, 1.0),
            ("decay", self.decay, 0.0, 1.0),
            ("dedup_jaccard", self.dedup_jaccard, 0.0, 1.0),
            ("strong", self.strong, 0.0, 1.0),
            ("some", self.some, 0.0, 1.0),
            ("hybrid_weight", self.hybrid_weight, 0.0, 1.0),
        ]
        for name, value, lo, hi in checks:
            if not (lo <= float(value) <= hi):
                raise ValueError(Errors.E400.format(name=name, expected=f"in [{lo}, {hi}]", value=value))
        if self.some > self.strong:
            raise ValueError(Errors.E400.format(name="some", expected="<= strong", value=self.some))
        if int(self.max_evidence) < 1:
            raise ValueError(Errors.E400.format(name="max_evidence", expected=">= 1", value=self.max_evidence))


_WORD_RE = re.compile(r"[a-z0-9]+")


def unit_weight(section: str, config: ScoringConfig) -> float:
    return float(config.section_weights.get(section, config.default_weight))


def combine(qs: Sequence[float], config: ScoringConfig) -> float:
    """Noisy-OR of ``qs`` (any order) with rank decay, capped at ``max_evidence``."""
    prod = 1.0
    for i, q in enumerate(sorted(qs, reverse=True)[: config.max_evidence]):
        prod *= 1.0 - min(max(q, 0.0), 1.0) * config.decay**i
    return 1.0 - prod


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD_RE.findall(text.lower()))


def dedupe(items: Sequence[tuple[float, str]], threshold: float) -> list[int]:
    """Indices of ``items`` (``(q, text)``) to keep: the best of each near-duplicate group."""
    order = sorted(range(len(items)), key=lambda i: (-items[i][0], i))
    kept: list[int] = []
    kept_words: list[frozenset[str]] = []
    for i in order:
        w = _words(items[i][1])
        dup = False
        for kw in kept_words:
            union = len(w | kw)
            if union and len(w & kw) / union >= threshold:
                dup = True
                break
        if not dup:
            kept.append(i)
            kept_words.append(w)
    return kept


def band_for(score: float, config: ScoringConfig) -> str:
    if score >= config.strong:
        return "strong"
    if score >= config.some:
        return "some"
    return "none"


_HYBRID_SECTIONS = ("experience", "other")
# the category a hybrid role counts under (generic joint work)
HYBRID_CATEGORY = "joint_work"


def hybrid_role(
    records: Sequence[Mapping[str, Any]], domain_probs: Sequence[Sequence[float]]
) -> tuple[float, int, int] | None:
    """Best role with both a sales duty and a marketing duty.

    Returns ``(min(p_sales, p_marketing), sales_unit, marketing_unit)`` for the
    role where that minimum is highest, or None. Negated and hypothetical
    units do not count.
    """
    groups: dict[Any, list[int]] = {}
    for i, r in enumerate(records):
        if r.get("section") in _HYBRID_SECTIONS and not r.get("negated") and not r.get("hypothetical"):
            groups.setdefault(r.get("role"), []).append(i)
    best: tuple[float, int, int] | None = None
    for units in groups.values():
        i_s = max(units, key=lambda i: (float(domain_probs[i][0]), -i))
        i_m = max(units, key=lambda i: (float(domain_probs[i][1]), -i))
        if i_s == i_m:
            continue
        h = min(float(domain_probs[i_s][0]), float(domain_probs[i_m][1]))
        if best is None or h > best[0]:
            best = (h, i_s, i_m)
    return best


def score_units(
    records: Sequence[Mapping[str, Any]],
    probs: Sequence[float],
    category_probs: Sequence[Sequence[float]] | None = None,
    category_classes: Sequence[str] = (),
    config: ScoringConfig | None = None,
    domain_probs: Sequence[Sequence[float]] | None = None,
) -> dict[str, Any]:
    """Score one resume from its unit records and their probabilities.

    Returns a dict with ``score``, ``band``, ``category_scores`` (each
    category's own combined score, units split by their category
    probabilities), ``evidence`` (indices into ``records`` of the counted
    evidence, best first), ``q`` (weighted probability per unit) and
    ``category`` (best category per unit or None).
    """
    config = config or ScoringConfig()
    n = len(records)
    q = [float(probs[i]) * unit_weight(str(records[i].get("section", "other")), config) for i in range(n)]
    candidates = [i for i in range(n) if q[i] >= config.evidence_threshold]
    kept_local = dedupe([(q[i], str(records[i].get("text", ""))) for i in candidates], config.dedup_jaccard)
    evidence = sorted((candidates[k] for k in kept_local), key=lambda i: (-q[i], i))
    hybrid = None  # the hybrid role, when it counts as evidence
    weak_hints = list(q)  # best single value when nothing reaches the threshold
    if domain_probs is not None and len(records) and config.hybrid_weight > 0:
        found = hybrid_role(records, domain_probs)
        if found is not None:
            h, i_s, i_m = found
            q_h = h * config.hybrid_weight
            if q_h >= config.evidence_threshold:
                hybrid = {"q": q_h, "sales_unit": i_s, "marketing_unit": i_m}
            else:
                weak_hints.append(q_h)
    qs = [q[i] for i in evidence] + ([hybrid["q"]] if hybrid else [])
    score = combine(qs, config) if qs else max(weak_hints, default=0.0)
    cats: list[str | None] = [None] * n
    category_scores = {str(c): 0.0 for c in category_classes}
    if category_probs is not None and len(category_classes):
        for i in evidence:
            row = category_probs[i]
            best = max(range(len(category_classes)), key=lambda k: (row[k], -k))
            cats[i] = str(category_classes[best])
        for k, c in enumerate(category_classes):
            parts = [q[i] * float(category_probs[i][k]) for i in evidence]
            if c == HYBRID_CATEGORY and hybrid is not None:
                parts.append(hybrid["q"])
            category_scores[str(c)] = round(combine(parts, config), 6)
    score = round(min(max(score, 0.0), 1.0), 6)
    return {
        "score": score,
        "band": band_for(score, config),
        "category_scores": category_scores,
        "evidence": evidence,
        "q": q,
        "category": cats,
        "hybrid": hybrid,
    }
