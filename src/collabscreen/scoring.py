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
6. **Bands.** ``strong`` if score >= the model's threshold (0.665 for the shipped model;
   ``ScoringConfig``'s 0.63 for a model without one), ``some`` if >= 0.4, else ``none``.

With a resume-level model (every model trained by ``collabscreen train`` on
the labelled resumes has one), rules 4-6 are replaced:

7. **Resume features.** :func:`resume_features` describes the resume's
   evidence profile in :data:`RESUME_FEATURES`: the best three distinct
   evidence weights, how many distinct evidence units and roles there are,
   the hybrid role, the best sales-duty and marketing-duty probabilities,
   template text, skills-list hints, and the resume's *wording*
   (:func:`wording_features`): a linear model of the rubric grade over the
   words of its sales and marketing lines, trained on the graded resumes,
   whose decision is a sum of one part per line, so every line's share can be
   shown. Units recognised as stock template sentences
   (:mod:`collabscreen.templates`), pasted adverts and bare term lists are
   never evidence and never count in the wording.
8. **Score = expected grade / 3.** The ordinal resume model
   (:class:`collabscreen.resume_model.OrdinalResumeModel`) turns the features
   into the probability of each rubric grade (``grade_probabilities``);
   ``expected_grade`` is the grade a careful reader gives on average, and
   ``score`` that grade divided by 3. ``strong`` (score >= 0.665 for the
   shipped model) means an expected grade of 2 or more, ``some`` (>= 0.4) 1.2
   or more. The ``strong`` threshold is set by :func:`collabscreen.train.strong_threshold`
   on the pool's cross-validated predictions: the lowest at which the band is
   as precise (share graded >= 2 by readers) as at an expected grade of 2, so
   that it holds every resume it can without meaning less. It ships in the
   model's ``meta.json`` and ``Screener`` uses it unless given ``strong=``.
9. **Every band is backed by listed evidence.** A resume with no evidence
   unit and no hybrid role listed is ``none``, and its score is capped just
   under the ``some`` threshold (:func:`capped_score`, in the order of the
   uncapped scores), so the ranking agrees with the band.

Recency weighting (optional, ``Screener(recency=True)``) comes after the
resume model and changes neither its features nor its grade probabilities:

10. **Recency.** Each evidence item is worth ``weight * r(years)``, where
    ``years`` is the time from the end of its role to the reference date
    (0 for a current role; evidence outside a dated role is not discounted)
    and ``r`` halves every ``half_life_years`` after ``grace_years``, never
    below ``floor``. The score is multiplied by the best discounted item over
    the best undiscounted one (:func:`recency_factor`), and the band follows
    the new score. Off, scores are exactly those of rules 1-9.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .taxonomy import CERTIFICATIONS, EDUCATION, EXPERIENCE, HEADER, OTHER, SKILLS, SUMMARY
__all__ = [
    "ScoringConfig",
    "UnitScores",
    "HybridRole",
    "RESUME_FEATURES",
    "resume_features",
    "DEFAULT_SECTION_WEIGHTS",
    "unit_weight",
    "combine",
    "dedupe",
    "band_for",
    "score_units",
    "excluded_units",
    "wording_units",
    "wording_features",
    "wording_parts",
    "capped_score",
    "RecencyConfig",
    "recency_weight",
    "recency_factor",
    "apply_recency",
]

DEFAULT_SECTION_WEIGHTS: Mapping[str, float] = {
    EXPERIENCE: 1.0,
    SUMMARY: 0.85,
    OTHER: 0.7,
    HEADER: 0.6,
    SKILLS: 0.35,
    EDUCATION: 0.3,
    CERTIFICATIONS: 0.3,
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
    strong: float = 0.63
    some: float = 0.4
    hybrid_weight: float = 0.6
    dedup_containment: float = 0.8
    hint_floor: float = 0.2
    hybrid_threshold: float = 0.5

    def __post_init__(self) -> None:
        from .errors import ConfigError

        checks = [
            ("evidence_threshold", self.evidence_threshold, 0.0, 1.0),
            ("decay", self.decay, 0.0, 1.0),
            ("dedup_jaccard", self.dedup_jaccard, 0.0, 1.0),
            ("strong", self.strong, 0.0, 1.0),
            ("some", self.some, 0.0, 1.0),
            ("hybrid_weight", self.hybrid_weight, 0.0, 1.0),
            ("dedup_containment", self.dedup_containment, 0.0, 1.0),
            ("hint_floor", self.hint_floor, 0.0, 1.0),
            ("hybrid_threshold", self.hybrid_threshold, 0.0, 1.0),
        ]
        for name, value, lo, hi in checks:
            if not (lo <= float(value) <= hi):
                raise ConfigError.from_code("E400", name=name, expected=f"in [{lo}, {hi}]", value=value)
        if self.some > self.strong:
            raise ConfigError.from_code("E400", name="some", expected="<= strong", value=self.some)
        if int(self.max_evidence) < 1:
            raise ConfigError.from_code("E400", name="max_evidence", expected=">= 1", value=self.max_evidence)


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


def dedupe(items: Sequence[tuple[float, str]], threshold: float, containment: float = 1.01) -> list[int]:
    """Indices of ``items`` (``(q, text)``) to keep: the best of each near-duplicate group.

    Two texts are near-copies when their word sets have Jaccard >= ``threshold``
    or when the smaller set is contained in the larger one at >= ``containment``
    (one bullet with a few words added is the same bullet).
    """
    order = sorted(range(len(items)), key=lambda i: (-items[i][0], i))
    kept: list[int] = []
    kept_words: list[frozenset[str]] = []
    for i in order:
        w = _words(items[i][1])
        dup = False
        for kw in kept_words:
            union = len(w | kw)
            inter = len(w & kw)
            if union and inter / union >= threshold:
                dup = True
                break
            small = min(len(w), len(kw))
            if small >= 4 and inter / small >= containment:
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


_HYBRID_SECTIONS = (EXPERIENCE, OTHER)
# the category a hybrid role counts under (generic joint work)
HYBRID_CATEGORY = "joint_work"
#: A duty under no recognised role header pairs with a duty at most this many units away
#: (counting only units with sales/marketing vocabulary or a taxonomy term)
#: (see :func:`hybrid_role`).
HYBRID_WINDOW = 8


@dataclass(frozen=True)
class HybridRole:
    """A role with a sales duty and a marketing duty (the rubric's generic evidence)."""

    role: str | None
    sales_unit: int
    marketing_unit: int
    p_sales: float
    p_marketing: float

    @property
    def strength(self) -> float:
        return min(self.p_sales, self.p_marketing)


def has_vocabulary(record: Mapping[str, Any]) -> bool:
    """True if a unit carries a sales or marketing word or a taxonomy term.

    Only such units enter a resume feature (and the hybrid-role distance): a line
    about who the candidate is (name, age, nationality, contact) never moves a score.
    """
    return bool(record.get("domains") or record.get("categories"))


def hybrid_role(
    records: Sequence[Mapping[str, Any]],
    domain_probs: Sequence[Sequence[float]],
    excluded: Sequence[bool] | None = None,
    window: int = HYBRID_WINDOW,
) -> HybridRole | None:
    """Best role with both a sales duty and a marketing duty, or None.

    Per role (experience units under one role header), the best sales-duty and
    the best marketing-duty unit are taken; the role whose weaker side is
    strongest wins. Role headers are often missed (free-form layouts, bullets
    lost in extraction), so a unit under no recognised role header pairs with
    a duty at most ``window`` vocabulary units away (the role is that of the sales unit;
    lines without sales/marketing vocabulary do not count in the distance);
    two units under two different recognised roles never pair (separate
    jobs). Negated, hypothetical and ``excluded`` (template) units do not
    count, and one unit cannot be both sides.
    """
    duty = [
        i
        for i, r in enumerate(records)
        if not (excluded is not None and excluded[i])
        and r.get("section") in _HYBRID_SECTIONS
        and not r.get("negated")
        and not r.get("hypothetical")
    ]
    groups: dict[Any, list[int]] = {}
    for i in duty:
        groups.setdefault(records[i].get("role"), []).append(i)
    best: HybridRole | None = None

    def consider(i_s: int, i_m: int) -> None:
        nonlocal best
        if i_s == i_m:
            return
        h = HybridRole(records[i_s].get("role"), i_s, i_m, float(domain_probs[i_s][0]), float(domain_probs[i_m][1]))
        if best is None or h.strength > best.strength:
            best = h

    for units in groups.values():
        consider(max(units, key=lambda i: (float(domain_probs[i][0]), -i)), max(units, key=lambda i: (float(domain_probs[i][1]), -i)))
    # distance counts only units with sales/marketing vocabulary (or a taxonomy term), so a line
    # about who the candidate is (age, nationality, contact) never moves two duties apart
    pos = list(itertools.accumulate(has_vocabulary(r) for r in records))
    for a, i in enumerate(duty):
        for j in duty[a + 1 :]:
            if pos[j] - pos[i] > window:
                break
            if records[i].get("role") is not None and records[j].get("role") is not None and records[i].get("role") != records[j].get("role"):
                continue  # two recognised roles: separate jobs, not one hybrid role
            # the better pairing of the two units (i sells and j markets, or the reverse)
            if min(float(domain_probs[i][0]), float(domain_probs[j][1])) >= min(float(domain_probs[j][0]), float(domain_probs[i][1])):
                consider(i, j)
            else:
                consider(j, i)
    return best


#: Changes whenever the scoring rules that feed the resume model change (part of the model version hash).
SCORING_VERSION = "scoring-5 (resume wording: the wording model's three threshold decisions, over vocabulary units that are not template, advert or term-list text, negated or hypothetical)"

#: The resume-level features, in the order the resume model reads them.
RESUME_FEATURES: tuple[str, ...] = (
    "best_evidence",
    "second_evidence",
    "third_evidence",
    "n_evidence_units",
    "n_strong_units",
    "n_evidence_roles",
    "hybrid_role",
    "best_sales_duty",
    "best_marketing_duty",
    "n_sales_duties",
    "n_marketing_duties",
    "template_share",
    "best_template_hint",
    "best_skills_hint",
    "n_categories",
    "evidence_mass",
    "n_hint_units",
    "sales_title",
    "marketing_title",
    "listed_vocabulary",
    "best_specific",
    "n_specific_units",
    "n_units",
    "wording_ge1",
    "wording_ge2",
    "wording_ge3",
)
#: Features the resume model may only weigh positively (more evidence never lowers a score):
#: all of them but the template and skills-list hints, which may count against a resume, and
#: the resume's length (the same evidence in a longer resume may weigh less or more).
MONOTONE_FEATURES: frozenset[str] = frozenset(RESUME_FEATURES) - {"template_share", "best_template_hint", "best_skills_hint", "n_units"}
_SALES_TITLE = re.compile(r"\b(sales|sell\w*|account (?:executive|manager|rep\w*)|business development|bdr|sdr|retail|store manager|cashier|merchandis\w*)\b", re.I)
_MARKETING_TITLE = re.compile(r"\b(marketing|brand|advertising|promotions?|public relations|pr|communications|digital media|social media|content|seo|events?|media)\b", re.I)
_DUTY_SECTIONS = (EXPERIENCE, OTHER, SUMMARY)
#: The voice of a job advert, not of a candidate.
_ADVERT_RE = re.compile(
    r"\b(?:we are (?:looking|seeking|hiring)|we'?re (?:looking|hiring)|you will|you'll|the ideal candidate|ideal candidates?|"
    r"candidates? (?:must|should|will)|requirements?:|qualifications?:|responsibilities include|what you(?:'ll| will) do|"
    r"who you are|join our (?:growing )?team|we offer|apply (?:now|today)|our client|the successful candidate|"
    r"must have \d|\d\+? years of (?:\w+ )?experience (?:is )?required|equal opportunity employer)\b",
    re.I,
)
#: What every match of ``_ADVERT_RE`` holds, in lower case (at least one of these).
_ADVERT_MARKS = (
    "we are", "re looking", "re hiring", "you will", "you'll", "candidate", "requirement", "qualification",
    "responsibilities include", "what you", "who you are", "join our", "we offer", "apply ", "our client",
    "must have", "required", "equal opportunity",
)
_TERM_WORD_RE = re.compile(r"[a-z0-9]+")


def _advert_voice(text: str) -> bool:
    """``_ADVERT_RE.search(text)``, without running the pattern on ASCII text that holds none of
    :data:`_ADVERT_MARKS` (case-insensitive matching of other characters is left to the pattern)."""
    if text.isascii():
        low = text.lower()
        if not any(map(low.__contains__, _ADVERT_MARKS)):
            return False
    return _ADVERT_RE.search(text) is not None


def keyword_only(record: Mapping[str, Any]) -> bool:
    """A unit that is nothing but taxonomy terms ("• Lead Scoring", "• ABM Campaigns"): a term, not a duty."""
    if not record.get("terms"):
        return False
    words = _TERM_WORD_RE.findall(str(record.get("text", "")).lower())
    if not words or len(words) > 6:
        return False
    covered = set(_TERM_WORD_RE.findall(" ".join(record.get("terms") or ()).lower()))
    return sum(1 for w in words if w in covered) >= 0.7 * len(words)


def advert_units(records: Sequence[Mapping[str, Any]]) -> list[bool]:
    """Units of a role (or section) that reads as a pasted job advert: two or more advert-voice lines."""
    groups: dict[tuple, list[int]] = {}
    for i, r in enumerate(records):
        groups.setdefault((r.get("section"), r.get("role")), []).append(i)
    out = [False] * len(records)
    for units in groups.values():
        if sum(1 for i in units if _advert_voice(str(records[i].get("text", "")))) >= 2:
            for i in units:
                out[i] = True
    return out
_HINT_SECTIONS = (SKILLS, EDUCATION, CERTIFICATIONS)


@dataclass(frozen=True)
class UnitScores:
    """How one resume's unit probabilities became its score (see the module docstring).

    ``evidence`` holds indices into the records, best first; ``q`` the
    weighted probability of every unit; ``hybrid`` the hybrid role when it is
    listed as evidence; ``features`` the resume features (what a resume
    model reads, also what it is trained on); ``grade_probabilities``
    P(grade = 0..3) (empty without a resume model).
    """

    score: float
    band: str
    category_scores: dict[str, float]
    evidence: tuple[int, ...]
    q: tuple[float, ...]
    category: tuple[str | None, ...]
    hybrid: HybridRole | None = None
    templates: tuple[int, ...] = ()
    adverts: tuple[int, ...] = ()
    keyword_lines: tuple[int, ...] = ()
    features: tuple[float, ...] = ()
    grade_probabilities: tuple[float, ...] = ()
    expected_grade: float | None = None
    capped: bool = False
    #: ``(unit, part)``: the units whose wording raises the log-odds of grade >= 2 most, with that
    #: part (:func:`wording_parts`), best first
    wording_lines: tuple[tuple[int, float], ...] = ()


def _log_count(n: int) -> float:
    return math.log1p(n)


def excluded_units(records: Sequence[Mapping[str, Any]], templates: Sequence[bool] | None = None) -> list[bool]:
    """True for each unit that is never the candidate's own duty: stock template text
    (``templates``), a pasted job advert (:func:`advert_units`) or a bare list of terms
    (:func:`keyword_only`)."""
    return _exclusions(records, templates)[0]


def _exclusions(records: Sequence[Mapping[str, Any]], templates: Sequence[bool] | None) -> tuple[list[bool], list[bool], list[bool]]:
    """(excluded, adverts, term lists), one flag per unit."""
    n = len(records)
    tmpl = [bool(t) for t in templates] if templates is not None else [False] * n
    adverts = advert_units(records)
    keywords = [keyword_only(r) for r in records]
    return [t or a or k for t, a, k in zip(tmpl, adverts, keywords)], adverts, keywords


def wording_units(records: Sequence[Mapping[str, Any]], excluded: Sequence[bool]) -> list[int]:
    """The units whose words the wording model reads: sales or marketing vocabulary, not excluded,
    not negated ("never carried a quota") and not hypothetical ("hoping to work with marketing")."""
    return [
        i for i, r in enumerate(records) if has_vocabulary(r) and not excluded[i] and not r.get("negated") and not r.get("hypothetical")
    ]


def wording_features(units: Sequence[int], wording: Sequence[Sequence[float]] | None) -> tuple[float, float, float]:
    """The resume's wording decision for grade >= 1, 2, 3: the sum of its units' parts
    (``wording[i]``, from the unit model) over the square root of their number; zeros
    without units or without a wording model. Unit ``i``'s share is ``wording[i][k] / sqrt(len(units))``."""
    if wording is None or not len(units):
        return (0.0, 0.0, 0.0)
    root = math.sqrt(len(units))
    return tuple(math.fsum(float(wording[i][k]) for i in units) / root for k in range(3))  # type: ignore[return-value]


def capped_score(score: float, config: ScoringConfig) -> float:
    """Where a score at or above ``some`` goes when no evidence is listed (rule 9): into
    ``[some - 0.001, some - 0.000001]``, increasing with the uncapped score."""
    span = max(1e-9, 1.0 - config.some)
    return config.some - 0.001 + 0.000999 * min(1.0, max(0.0, (score - config.some) / span))


def wording_parts(
    units: Sequence[int], wording: Sequence[Sequence[float]] | None, resume_model: Any, k: int = 2, top: int = 3
) -> tuple[tuple[int, float], ...]:
    """Each unit's additive part of the resume model's log-odds of grade >= ``k`` that comes
    through the wording features, for the ``top`` units with the largest positive part.

    The wording features are sums of unit parts (:func:`wording_features`) and the resume model
    is linear in them, so these parts add up (with the model's centring constant) to exactly
    what the wording moved."""
    if wording is None or not len(units) or resume_model is None:
        return ()
    names = list(getattr(resume_model, "feature_names", ()) or ())
    cols = [names.index(f"wording_ge{t}") for t in (1, 2, 3) if f"wording_ge{t}" in names]
    if len(cols) != 3:
        return ()
    coef = [float(resume_model.coef_[k - 1][j]) / float(resume_model.scale_[j]) for j in cols]
    root = math.sqrt(len(units))
    parts = [(i, sum(c * float(wording[i][t]) for t, c in enumerate(coef)) / root) for i in units]
    best = sorted((p for p in parts if p[1] > 0), key=lambda p: (-p[1], p[0]))[:top]
    return tuple((i, round(v, 6)) for i, v in best)


def resume_features(
    records: Sequence[Mapping[str, Any]],
    q: Sequence[float],
    evidence: Sequence[int],
    domain_probs: Sequence[Sequence[float]] | None,
    templates: Sequence[bool],
    probs: Sequence[float],
    hybrid: HybridRole | None,
    categories: Sequence[str | None],
    config: ScoringConfig,
    specific_probs: Sequence[float] | None = None,
    wording: Sequence[float] = (0.0, 0.0, 0.0),
) -> tuple[float, ...]:
    """The :data:`RESUME_FEATURES` vector of one resume (pure; see the module docstring).

    ``templates`` marks every excluded unit (:func:`excluded_units`); ``wording`` is the
    resume's three wording decisions (:func:`wording_features`)."""
    n = len(records)
    # a unit without any sales or marketing word or taxonomy term never enters a feature:
    # lines about who the candidate is (name, age, nationality, contact) cannot move a score
    vocab = [has_vocabulary(r) for r in records]
    ev_q = sorted((q[i] for i in evidence), reverse=True)
    hints = sorted(
        (q[i] for i in range(n) if vocab[i] and not templates[i] and q[i] >= config.hint_floor and records[i].get("section") not in _HINT_SECTIONS),
        reverse=True,
    )
    # best three distinct units: evidence first, then sub-threshold hints
    top = (ev_q + [h for h in hints if h < config.evidence_threshold])[:3]
    top += [0.0] * (3 - len(top))
    roles = {records[i].get("role") for i in evidence if records[i].get("section") in _DUTY_SECTIONS}
    strong = sum(1 for v in ev_q if v >= 0.8)
    s_best = m_best = 0.0
    n_s = n_m = 0
    if domain_probs is not None:
        for i in range(n):
            if not vocab[i] or templates[i] or records[i].get("section") not in _DUTY_SECTIONS or records[i].get("negated"):
                continue
            ps, pm = float(domain_probs[i][0]), float(domain_probs[i][1])
            s_best, m_best = max(s_best, ps), max(m_best, pm)
            n_s += ps >= 0.5
            n_m += pm >= 0.5
    raw_candidates = [i for i in range(n) if vocab[i] and float(probs[i]) >= 0.5]
    n_tmpl = sum(1 for i in raw_candidates if templates[i])
    t_share = n_tmpl / len(raw_candidates) if raw_candidates else 0.0
    t_hint = max((float(probs[i]) for i in range(n) if vocab[i] and templates[i]), default=0.0)
    sk_hint = max((q[i] for i in range(n) if vocab[i] and records[i].get("section") in _HINT_SECTIONS), default=0.0)
    n_cats = len({categories[i] for i in evidence if categories[i]})
    duty = [i for i in range(n) if vocab[i] and not templates[i] and records[i].get("section") in _DUTY_SECTIONS]
    mass = sum(q[i] for i in duty if q[i] >= config.hint_floor)
    n_hint = sum(1 for i in duty if q[i] >= 0.3)
    # job titles: role headers, and the headline above the first section (a resume's own title)
    titles = {str(records[i].get("role") or "") for i in range(n) if records[i].get("section") == EXPERIENCE}
    titles |= {str(records[i].get("text", ""))[:80] for i in range(n) if records[i].get("section") == HEADER}
    sales_title = float(any(_SALES_TITLE.search(t) for t in titles))
    marketing_title = float(any(_MARKETING_TITLE.search(t) for t in titles))
    listed = float(any(records[i].get("domains") for i in range(n) if records[i].get("section") in _HINT_SECTIONS + (SUMMARY, HEADER)))
    spec = [
        float(specific_probs[i]) * unit_weight(str(records[i].get("section", OTHER)), config)
        for i in duty
        if not records[i].get("negated") and not records[i].get("hypothetical")
    ] if specific_probs is not None else []
    return (
        top[0],
        top[1],
        top[2],
        _log_count(len(ev_q)),
        _log_count(strong),
        min(len(roles), 3) / 3.0,
        hybrid.strength if hybrid is not None else 0.0,
        s_best,
        m_best,
        _log_count(n_s),
        _log_count(n_m),
        t_share,
        t_hint,
        sk_hint,
        min(n_cats, 4) / 4.0,
        _log_count(0) + math.log1p(mass),
        _log_count(n_hint),
        sales_title,
        marketing_title,
        listed,
        max(spec, default=0.0),
        _log_count(sum(1 for v in spec if v >= 0.5)),
        # resume length counts only units with sales/marketing vocabulary, like every other feature:
        # a name, contact, age or nationality line never changes it
        _log_count(sum(vocab)),
        *wording,
    )


def _plain(a: Any) -> Any:
    """A numpy array as (nested) lists of Python numbers; anything else as it is."""
    tolist = getattr(a, "tolist", None)
    return tolist() if tolist is not None else a


def score_units(
    records: Sequence[Mapping[str, Any]],
    probs: Sequence[float],
    category_probs: Sequence[Sequence[float]] | None = None,
    category_classes: Sequence[str] = (),
    config: ScoringConfig | None = None,
    domain_probs: Sequence[Sequence[float]] | None = None,
    *,
    templates: Sequence[bool] | None = None,
    resume_model: Any = None,
    specific_probs: Sequence[float] | None = None,
    wording: Sequence[Sequence[float]] | None = None,
) -> UnitScores:
    """Score one resume from its unit records and their probabilities.

    Parameters
    ----------
    records : unit records (:func:`collabscreen.features.unit_records`)
    probs : calibrated evidence probability of each unit
    category_probs, category_classes : the category model's output
    domain_probs : (n, 2) sales-duty and marketing-duty probabilities
    templates : bool per unit, True for stock template text (never evidence)
    specific_probs : probability per unit that it states a concrete joint mechanism
    wording : (n, 3) each unit's part of the wording decisions (:func:`wording_features`)
    resume_model : OrdinalResumeModel, optional
        Without one, the score is the noisy-OR of rules 4-6.
    """
    config = config or ScoringConfig()
    n = len(records)
    # numpy arrays as lists of Python floats (the same values): read element by element below
    probs, category_probs, domain_probs, templates, specific_probs, wording = (
        _plain(a) for a in (probs, category_probs, domain_probs, templates, specific_probs, wording)
    )
    # a pasted job advert and a bare list of terms are not the candidate's duties
    tmpl, adverts, keywords = _exclusions(records, templates)
    q = [
        0.0 if tmpl[i] else float(probs[i]) * unit_weight(str(records[i].get("section", OTHER)), config)
        for i in range(n)
    ]
    candidates = [i for i in range(n) if q[i] >= config.evidence_threshold]
    kept_local = dedupe(
        [(q[i], str(records[i].get("text", ""))) for i in candidates], config.dedup_jaccard, config.dedup_containment
    )
    evidence = sorted((candidates[k] for k in kept_local), key=lambda i: (-q[i], i))
    cats: list[str | None] = [None] * n
    if category_probs is not None and len(category_classes):
        for i in evidence:
            row = category_probs[i]
            best_k = max(range(len(category_classes)), key=lambda k: (row[k], -k))
            cats[i] = str(category_classes[best_k])
    found = None
    if domain_probs is not None and n and config.hybrid_weight > 0:
        no_vocab = [not has_vocabulary(r) for r in records]
        found = hybrid_role(records, domain_probs, [a or b for a, b in zip(tmpl, no_vocab)])
    grade_probs: tuple[float, ...] = ()
    expected: float | None = None
    capped = False
    # the features the resume model reads, computed the same way for training and for screening
    w_units = wording_units(records, tmpl)
    features = resume_features(records, q, evidence, domain_probs, tmpl, probs, found, cats, config, specific_probs, wording_features(w_units, wording))
    if resume_model is not None:
        hybrid = found if found is not None and found.strength >= config.hybrid_threshold else None
        P = resume_model.predict_proba([features])[0]
        grade_probs = tuple(round(float(v), 6) for v in P)
        expected = round(float(sum(k * v for k, v in enumerate(P))), 6)
        score = expected / 3.0
        if not evidence and hybrid is None and score >= config.some:
            # just under 'some', in the order of the uncapped scores (no ties among capped resumes)
            score, capped = capped_score(score, config), True
    else:
        hybrid = None
        weak_hints = list(q)
        qs = [q[i] for i in evidence]
        if found is not None:
            q_h = found.strength * config.hybrid_weight
            if q_h >= config.evidence_threshold:
                hybrid = found
                qs.append(q_h)
            else:
                weak_hints.append(q_h)
        score = combine(qs, config) if qs else max(weak_hints, default=0.0)
    category_scores = {str(c): 0.0 for c in category_classes}
    if category_probs is not None and len(category_classes):
        for k, c in enumerate(category_classes):
            parts = [q[i] * float(category_probs[i][k]) for i in evidence]
            if c == HYBRID_CATEGORY and hybrid is not None:
                parts.append(hybrid.strength * config.hybrid_weight)
            category_scores[str(c)] = round(combine(parts, config), 6)
    score = round(min(max(score, 0.0), 1.0), 6)
    return UnitScores(
        score=score,
        band=band_for(score, config),
        category_scores=category_scores,
        evidence=tuple(evidence),
        q=tuple(q),
        category=tuple(cats),
        hybrid=hybrid,
        templates=tuple(i for i in range(n) if templates is not None and bool(templates[i])),
        adverts=tuple(i for i in range(n) if adverts[i]),
        keyword_lines=tuple(i for i in range(n) if keywords[i] and not adverts[i]),
        features=tuple(float(f) for f in features),
        grade_probabilities=grade_probs,
        expected_grade=expected,
        capped=capped,
        wording_lines=wording_parts(w_units, wording, resume_model),
    )


@dataclass(frozen=True)
class RecencyConfig:
    """Settings of the recency weighting (rule 10 in the module docstring)."""

    half_life_years: float = 5.0
    grace_years: float = 2.0
    floor: float = 0.5

    def __post_init__(self) -> None:
        from .errors import ConfigError

        if not float(self.half_life_years) > 0:
            raise ConfigError.from_code("E400", name="half_life_years", expected="> 0", value=self.half_life_years)
        if not float(self.grace_years) >= 0:
            raise ConfigError.from_code("E400", name="grace_years", expected=">= 0", value=self.grace_years)
        if not (0.0 <= float(self.floor) <= 1.0):
            raise ConfigError.from_code("E400", name="floor", expected="in [0.0, 1.0]", value=self.floor)


def recency_weight(years_ago: float | None, config: RecencyConfig) -> float:
    """What one item of evidence keeps ``years_ago`` after its role ended (1.0 for a current or undated role)."""
    if years_ago is None:
        return 1.0
    over = max(0.0, float(years_ago) - config.grace_years)
    return max(config.floor, 0.5 ** (over / config.half_life_years))


def recency_factor(items: Sequence[tuple[float, float | None]], config: RecencyConfig) -> float:
    """Best discounted evidence over best evidence, in ``[floor, 1]``; 1.0 without evidence.

    ``items`` are ``(weight, years since the role ended)`` of each evidence
    item, ``None`` for evidence outside a dated role.
    """
    best = max((float(w) for w, _ in items), default=0.0)
    if best <= 0.0:
        return 1.0
    kept = max(float(w) * recency_weight(a, config) for w, a in items)
    # kept / best >= floor in exact arithmetic; the clamp keeps it there when a tiny weight underflows
    return round(min(1.0, max(config.floor, kept / best)), 6)


def apply_recency(score: float, factor: float, config: ScoringConfig) -> tuple[float, str]:
    """The score and band after recency weighting by ``factor``."""
    new = round(min(max(score * factor, 0.0), 1.0), 6)
    return new, band_for(new, config)
