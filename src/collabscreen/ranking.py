"""Rank screening results. Pure and deterministic.

Order: successful screenings by score (high first), ties broken by
relevance, then by source name, then by content hash, so the same inputs give
the same ranking in any input order. A result screened against a job profile
ranks by its combined value (:func:`combined_score` of the collaboration score
and the job match); without a job the order is by score alone. Candidates
knocked out (``min_score``, must-have terms, a job's must-haves or query) and
files that failed follow, each with the reason shown.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, NamedTuple, Sequence, overload

from .errors import ConfigError
from .types import RankedCandidate, ScreeningResult

__all__ = [
    "rank_results",
    "Ranking",
    "sort_key",
    "knock_out_reason",
    "result_knock_out",
    "missing_terms",
    "combined_score",
    "DEFAULT_COLLABORATION_WEIGHT",
    "DEFAULT_JOB_WEIGHT",
    "shortlist",
    "Shortlist",
]

#: Default weights of the collaboration score and the job match in the combined value.
DEFAULT_COLLABORATION_WEIGHT = 0.7
DEFAULT_JOB_WEIGHT = 0.3


def combined_score(
    collaboration: float,
    job: float,
    *,
    collaboration_weight: float = DEFAULT_COLLABORATION_WEIGHT,
    job_weight: float = DEFAULT_JOB_WEIGHT,
) -> float:
    """The value a candidate screened against a job ranks by: the weighted mean
    of the collaboration score and the job match (weights >= 0, not both 0)."""
    total = collaboration_weight + job_weight
    if collaboration_weight < 0 or job_weight < 0 or total <= 0:
        raise ConfigError.from_code(
            "E400",
            name="(collaboration_weight, job_weight)",
            expected=">= 0 and not both 0",
            value=(collaboration_weight, job_weight),
        )
    # normalise the weights first: a tiny weight times a score would underflow
    return round((collaboration_weight / total) * collaboration + (job_weight / total) * job, 6)


def sort_key(
    score: float | None,
    relevance: float | None,
    source: str,
    sha256: str | None,
    *,
    ok: bool = True,
    excluded: bool = False,
    combined: float | None = None,
) -> tuple:
    """The one ranking order, for results and for output rows alike.

    Qualified candidates first, by ``combined`` when there is one (a job
    match) else by score (high first), then relevance, source and content
    hash; then knocked-out candidates in the same order; then failed inputs by
    source and hash.
    """
    if not ok:
        return (2, 0.0, 0.0, source or "", sha256 or "")
    value = combined if combined is not None else score
    return (1 if excluded else 0, -(value or 0.0), -(relevance or 0.0), source or "", sha256 or "")


def knock_out_reason(
    score: float, *, missing: Sequence[str] = (), min_score: float = 0.0, unmatched_query: str | None = None
) -> str:
    """Why a candidate is knocked out ("" if it qualifies): missing must-have terms,
    a job query the resume does not match, or a low score."""
    if missing:
        return "missing must-have term(s): " + ", ".join(missing)
    if unmatched_query is not None:
        return f"does not match the query {unmatched_query}"
    if score < min_score:
        return f"score {score:.3f} below min_score {min_score:.3f}"
    return ""


class Shortlist(NamedTuple):
    """Output rows (already in :func:`sort_key` order) split the way a recruiter reads them."""

    shown: list[dict[str, Any]]
    n_hidden: int  # qualified rows beyond ``top``
    knocked_out: list[tuple[dict[str, Any], str]]  # (row, reason)
    failed: list[dict[str, Any]]


def shortlist(rows: Sequence[dict[str, Any]], *, min_score: float | None = None, top: int | None = None) -> Shortlist:
    """Split sorted output rows into the first ``top`` qualified candidates, the knock-outs
    (must-have terms, recorded in the row, or ``min_score``) with their reasons, and failed files."""
    shown: list[dict[str, Any]] = []
    knocked: list[tuple[dict[str, Any], str]] = []
    failed = [r for r in rows if r.get("status") != "ok"]
    for r in rows:
        if r.get("status") != "ok":
            continue
        reason = (r.get("reason") or "excluded") if r.get("excluded") == "yes" else ""
        if not reason and min_score is not None:
            reason = knock_out_reason(r.get("score") or 0.0, min_score=min_score)
        if reason:
            knocked.append((r, reason))
        else:
            shown.append(r)
    n_hidden = max(0, len(shown) - top) if top is not None else 0
    return Shortlist(shown[:top] if top is not None else shown, n_hidden, knocked, failed)


def result_knock_out(result: ScreeningResult, *, must_have: Sequence[str] = (), min_score: float = 0.0) -> str:
    """:func:`knock_out_reason` for one successful result: the ``must_have`` terms
    (on its text) and its job match's must-haves and query."""
    missing = list(_missing_terms(result, must_have)) if must_have else []
    jm = result.job_match
    query = None
    if jm is not None:
        missing += [t for t in jm.missing_must_have if t not in missing]
        if jm.query is not None and not jm.query_matched:
            query = jm.query
    return knock_out_reason(result.score, missing=missing, min_score=min_score, unmatched_query=query)


def _key(r: ScreeningResult) -> tuple:
    return sort_key(r.score, r.relevance, r.source, r.sha256, combined=r.job_match.combined if r.job_match else None)


def missing_terms(result: ScreeningResult, must_have: Sequence[str]) -> list[str]:
    """The must-have terms (case-insensitive, whole words) the resume's text does not mention."""
    return _missing_terms(result, must_have)


def _missing_terms(result: ScreeningResult, must_have: Sequence[str]) -> list[str]:
    if result.text is None:
        raise ConfigError.from_code("E408", source=result.source)
    low = result.text.lower()
    return [t for t in must_have if not re.search(r"(?<!\w)" + re.escape(t.lower()) + r"(?!\w)", low)]


def rank_results(
    results: Iterable[ScreeningResult],
    *,
    top_k: int | None = None,
    min_score: float = 0.0,
    must_have: Sequence[str] = (),
) -> "Ranking":
    """Rank ``results`` best first.

    Parameters
    ----------
    top_k : int, optional
        Keep only the best ``top_k`` qualifying candidates; those below are
        dropped (knocked-out and failed inputs are always kept, after them).
    min_score : float, default=0.0
        Candidates scoring below it are knocked out, with the reason.
    must_have : sequence of str
        Terms (case-insensitive, whole words) every candidate must mention;
        a candidate missing one is knocked out, with the terms named.

    Results screened against a job (``ScreeningResult.job_match``) rank by
    its ``combined`` value and are knocked out when a job must-have is
    missing or the job's query does not match.
    """
    if top_k is not None and top_k < 0:
        raise ConfigError.from_code("E400", name="top_k", expected=">= 0", value=top_k)
    results = list(results)
    qualified: list[tuple[ScreeningResult, str]] = []
    knocked: list[tuple[ScreeningResult, str]] = []
    failed: list[tuple[ScreeningResult, str]] = []
    for r in results:
        if not r.ok:
            failed.append((r, f"{r.error_type or 'error'}: {r.error or ''}".strip()))
            continue
        why = result_knock_out(r, must_have=must_have, min_score=min_score)
        (knocked if why else qualified).append((r, why))
    qualified.sort(key=lambda x: _key(x[0]))
    knocked.sort(key=lambda x: _key(x[0]))
    failed.sort(key=lambda x: (x[0].source, x[0].sha256))
    if top_k is not None:
        qualified = qualified[:top_k]
    ranked = [RankedCandidate(rank=i + 1, result=r, excluded=False, reason=why) for i, (r, why) in enumerate(qualified)]
    start = len(ranked)
    ranked += [
        RankedCandidate(rank=start + i + 1, result=r, excluded=True, reason=why)
        for i, (r, why) in enumerate(knocked + failed)
    ]
    return Ranking(ranked)


class Ranking(Sequence[RankedCandidate]):
    """Candidates best first, with knocked-out and failed inputs at the end."""

    def __init__(self, candidates: Sequence[RankedCandidate]):
        self._c = list(candidates)

    @overload
    def __getitem__(self, i: int) -> RankedCandidate: ...
    @overload
    def __getitem__(self, i: slice) -> "Ranking": ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return Ranking(self._c[i])
        return self._c[i]

    def __len__(self) -> int:
        return len(self._c)

    def __iter__(self) -> Iterator[RankedCandidate]:
        return iter(self._c)

    @property
    def qualified(self) -> "Ranking":
        return Ranking([c for c in self._c if not c.excluded])

    @property
    def results(self) -> list[ScreeningResult]:
        return [c.result for c in self._c]

    def to_dicts(self) -> list[dict[str, Any]]:
        return [c.to_dict() for c in self._c]

    def to_pandas(self):
        """One row per candidate (see :func:`collabscreen.display.candidates_frame`)."""
        from .display import candidates_frame

        return candidates_frame(self)

    def evidence_frame(self):
        """One row per evidence span (see :func:`collabscreen.display.evidence_frame`)."""
        from .display import evidence_frame

        return evidence_frame(self)

    def __repr__(self) -> str:
        head = ", ".join(f"#{c.rank} {c.result.source.rsplit('/', 1)[-1]} {c.result.score:.3f}" for c in self._c[:3])
        more = f", ... ({len(self._c)} total)" if len(self._c) > 3 else ""
        return f"Ranking([{head}{more}])"

    def _repr_html_(self) -> str:
        from .display import ranking_html

        return ranking_html(self)
