"""Value objects passed between the layers. Frozen dataclasses, no logic beyond
conversion to plain dicts. Nothing heavy is imported here."""

from __future__ import annotations

import bisect
import json
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "ExtractedText",
    "Evidence",
    "EvidencePart",
    "Role",
    "Recency",
    "Question",
    "ScreeningResult",
    "RankedCandidate",
    "TermOccurrence",
    "TermMatch",
    "JobMatch",
    "WordingLine",
]


@dataclass(frozen=True)
class ExtractedText:
    """Text extracted from one document.

    Attributes
    ----------
    text : str
        The repaired text, lines kept (one resume line or bullet per line).
    format : str
        Detected from content: ``"pdf"``, ``"docx"``, ``"odt"``, ``"rtf"``,
        ``"html"``, ``"markdown"`` or ``"text"``.
    sha256 : str
        Hex digest of the raw input bytes.
    source : str
        The file's path, or ``"<bytes>"`` / the file object's name.
    page_starts : tuple of int
        Character offset in ``text`` where each page starts (``(0,)`` for
        formats without pages).
    warnings : tuple of str
        Non-fatal problems noticed while extracting (repaired mojibake, a
        page without text, an extension that disagreed with the content...).
    metadata : dict
        Format-specific facts (page count, encoding detected, ...).
    """

    text: str
    format: str
    sha256: str
    source: str = "<bytes>"
    page_starts: tuple[int, ...] = (0,)
    warnings: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def n_pages(self) -> int:
        return len(self.page_starts)

    @property
    def pages(self) -> list[str]:
        """The text of each page."""
        bounds = list(self.page_starts) + [len(self.text)]
        return [self.text[a:b] for a, b in zip(bounds, bounds[1:])]

    def page_of(self, offset: int) -> int:
        """1-based page number that holds character ``offset``."""
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["page_starts"] = list(self.page_starts)
        d["warnings"] = list(self.warnings)
        return d

    def __repr__(self) -> str:
        return (
            f"ExtractedText(source={self.source!r}, format={self.format!r}, "
            f"pages={self.n_pages}, chars={len(self.text)}, warnings={len(self.warnings)})"
        )


@dataclass(frozen=True)
class EvidencePart:
    """One sentence inside a composite evidence item (a hybrid role's sales or marketing duty)."""

    side: str
    text: str
    probability: float
    start_char: int
    end_char: int
    page: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Evidence:
    """One item of collaboration evidence, as the score used it.

    ``kind`` is ``"unit"`` (one sentence or bullet; ``probability`` is the
    classifier's calibrated probability and ``weight`` that probability times
    its section weight, the value the score used) or ``"hybrid_role"`` (a role
    with a sales duty and a marketing duty: ``parts`` holds the two sentences
    with the duty probabilities that were used, ``probability`` and
    ``weight`` the weaker of the two).
    """

    text: str
    category: str | None
    categories: tuple[str, ...]
    probability: float
    weight: float
    section: str
    start_char: int
    end_char: int
    page: int
    role: str | None = None
    terms: tuple[str, ...] = ()
    kind: str = "unit"
    parts: tuple[EvidencePart, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["categories"] = list(self.categories)
        d["terms"] = list(self.terms)
        d["parts"] = [p.to_dict() for p in self.parts]
        return d


@dataclass(frozen=True)
class WordingLine:
    """A line whose wording raised the score: its additive ``part`` of the resume model's
    log-odds of grade >= 2 through the wording features (see
    :func:`collabscreen.scoring.wording_parts`). Wording alone never lifts a resume above
    ``none``: a band above it always has listed :class:`Evidence`."""

    text: str
    part: float
    section: str
    start_char: int
    end_char: int
    page: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Role:
    """One role of the experience section, with the evidence found in it.

    ``start`` and ``end`` are ISO dates with the resume's precision
    (``"2019-03"``, or ``"2019"`` for a year alone); ``end`` is None and
    ``current`` True for a role running to the present ("to Present", "Since
    2015"). ``months`` counts both ends inclusively, an open role up to the
    reference date (``ScreeningResult.recency.reference_date``); None without
    a start date. ``dates`` is the date range as the resume writes it.
    """

    title: str | None
    employer: str | None
    location: str | None
    start: str | None
    end: str | None
    months: int | None
    current: bool
    evidence: tuple[Evidence, ...] = ()
    dates: str = ""
    start_char: int = 0
    end_char: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = [e.to_dict() for e in self.evidence]
        return d


@dataclass(frozen=True)
class Recency:
    """How recent the resume's evidence is, against a reference date.

    ``reference_date`` (ISO) and where it came from (``reference``:
    ``"caller"``, ``"today"``, or ``"latest date in resume"`` for a resume
    with no role running to the present); ``factor`` is what the recency
    weighting multiplies the score by (1.0: the best evidence is recent);
    ``applied`` says whether it did (``Screener(recency=...)``); ``note`` is
    the sentence the explanation shows ("strong evidence in the current
    role", "evidence only in a role that ended in 2009").
    """

    reference_date: str
    reference: str
    factor: float = 1.0
    applied: bool = False
    note: str = ""
    unweighted_score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TermOccurrence:
    """Where a job term (or a query term) occurs in a resume: the words, the unit
    (sentence, line or bullet) that holds them, its section and role."""

    term: str
    text: str
    start_char: int
    end_char: int
    sentence: str | None
    section: str
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Question:
    """One interview question about a collaboration category (see :mod:`collabscreen.questions`).

    ``kind`` is ``"gap"`` (the resume shows no or only weak evidence of the
    category: a concrete question to ask) or ``"probe"`` (strong evidence: the
    question quotes it and asks the candidate to back it up). ``evidence_ref``
    is the index in :attr:`ScreeningResult.evidence` of the evidence item the
    question quotes, or None when it quotes none. ``text`` is plain text
    (it may quote the resume: escape it before putting it in HTML).
    """

    category: str
    kind: str
    text: str
    evidence_ref: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TermMatch:
    """One term of a job profile: found or not, how often, and the first occurrences."""

    term: str
    matched: bool
    count: int = 0
    occurrences: tuple[TermOccurrence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "matched": self.matched,
            "count": self.count,
            "occurrences": [o.to_dict() for o in self.occurrences],
        }


@dataclass(frozen=True)
class JobMatch:
    """How one resume matches a job profile (:class:`collabscreen.jobs.JobProfile`).

    ``score`` (in [0, 1]) is the weighted mean of the ``parts`` the profile
    has: ``required`` and ``preferred`` (the share of those terms the resume
    mentions) and ``emphasis`` (the resume's mean category score over the
    collaboration categories the job stresses, listed in ``emphasis``); a
    profile with only a query scores 1 for a match and 0 otherwise.
    ``combined`` is what the ranking sorts on: ``weights["collaboration"] *
    collaboration + weights["job"] * score`` over the sum of both weights.
    ``missing_must_have`` and an unmatched ``query`` knock the candidate out.
    """

    score: float
    combined: float
    collaboration: float
    weights: dict[str, float]
    parts: dict[str, float]
    required: tuple[TermMatch, ...] = ()
    preferred: tuple[TermMatch, ...] = ()
    must_have: tuple[TermMatch, ...] = ()
    query: str | None = None
    query_matched: bool | None = None
    query_hits: tuple[TermOccurrence, ...] = ()
    emphasis: dict[str, float] = field(default_factory=dict)
    title: str = ""

    @property
    def missing_must_have(self) -> tuple[str, ...]:
        return tuple(t.term for t in self.must_have if not t.matched)

    @property
    def matched_required(self) -> tuple[str, ...]:
        return tuple(t.term for t in self.required if t.matched)

    @property
    def matched_preferred(self) -> tuple[str, ...]:
        return tuple(t.term for t in self.preferred if t.matched)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "score": self.score,
            "combined": self.combined,
            "collaboration": self.collaboration,
            "weights": dict(self.weights),
            "parts": dict(self.parts),
            "required": [t.to_dict() for t in self.required],
            "preferred": [t.to_dict() for t in self.preferred],
            "must_have": [t.to_dict() for t in self.must_have],
            "missing_must_have": list(self.missing_must_have),
            "query": self.query,
            "query_matched": self.query_matched,
            "query_hits": [o.to_dict() for o in self.query_hits],
            "emphasis": dict(self.emphasis),
        }


@dataclass(frozen=True)
class ScreeningResult:
    """The screening of one resume.

    ``score`` is the probability that a careful reader, applying the rubric,
    grades the resume 2 or 3 (clear evidence of sales-marketing collaboration
    in a past role), from the resume-level model calibrated on hand-graded
    real resumes; ``grade_probabilities`` are P(grade = 0, 1, 2, 3) and
    ``expected_grade`` their mean (see :mod:`collabscreen.scoring`). ``band``
    is ``"strong"``, ``"some"`` or ``"none"`` by the thresholds in force, and
    is never above ``"none"`` without listed ``evidence``. ``job_match`` is
    set when the resume was screened against a job profile or a query.
    """

    source: str
    score: float
    band: str
    category_scores: dict[str, float]
    evidence: tuple[Evidence, ...]
    sha256: str = ""
    format: str = ""
    status: str = "ok"
    error: str | None = None
    error_type: str | None = None
    error_code: str | None = None
    warnings: tuple[str, ...] = ()
    model_version: str = ""
    taxonomy_version: str = ""
    n_sentences: int = 0
    relevance: float = 0.0
    grade_probabilities: tuple[float, ...] = ()
    expected_grade: float | None = None
    roles: tuple[Role, ...] = ()
    recency: Recency | None = None
    text: str | None = field(default=None, repr=False, compare=False)
    job_match: JobMatch | None = None
    wording: tuple[WordingLine, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def questions(self) -> tuple[Question, ...]:
        """Interview questions from this result's evidence (and job match, when there is one).

        Derived on each access by :func:`collabscreen.questions.interview_questions`
        with its defaults, so they always agree with ``evidence`` and
        ``job_match``; empty for a file that could not be screened.
        """
        from .questions import interview_questions

        return interview_questions(self)

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        d = {
            "source": self.source,
            "status": self.status,
            "score": self.score,
            "band": self.band,
            "relevance": self.relevance,
            "category_scores": dict(self.category_scores),
            "evidence": [e.to_dict() for e in self.evidence],
            "sha256": self.sha256,
            "format": self.format,
            "error": self.error,
            "error_type": self.error_type,
            "error_code": self.error_code,
            "warnings": list(self.warnings),
            "model_version": self.model_version,
            "taxonomy_version": self.taxonomy_version,
            "n_sentences": self.n_sentences,
            "grade_probabilities": list(self.grade_probabilities),
            "expected_grade": self.expected_grade,
            "roles": [r.to_dict() for r in self.roles],
            "recency": self.recency.to_dict() if self.recency is not None else None,
            "job_match": self.job_match.to_dict() if self.job_match is not None else None,
            "questions": [q.to_dict() for q in self.questions],
            "wording": [w.to_dict() for w in self.wording],
        }
        if include_text:
            d["text"] = self.text
        return d

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(**kwargs), ensure_ascii=False)

    def __repr__(self) -> str:
        name = self.source.replace("\\", "/").rsplit("/", 1)[-1]
        if not self.ok:
            return f"<ScreeningResult {name!r} status=error {self.error_type}: {self.error}>"
        top = f", top={self.evidence[0].text[:60]!r}" if self.evidence else ""
        return f"<ScreeningResult {name!r} score={self.score:.3f} band={self.band} evidence={len(self.evidence)}{top}>"

    def _repr_html_(self) -> str:
        from .display import result_html

        return result_html(self)

    def to_pandas(self):
        """One row per evidence span of this result (pandas imported lazily)."""
        from .display import evidence_frame

        return evidence_frame([self])


@dataclass(frozen=True)
class RankedCandidate:
    """A screening result with its place in a ranking."""

    rank: int
    result: ScreeningResult
    excluded: bool = False
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "excluded": self.excluded, "reason": self.reason, **self.result.to_dict()}
