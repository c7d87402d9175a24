"""pandas DataFrames of results and rankings (``to_pandas()``). pandas is imported lazily.

:func:`candidates_frame` has exactly the columns of ``collabscreen score``'s CSV output
(:func:`collabscreen.batch.columns`, built by :func:`collabscreen.batch.result_row`): one row
schema for the command line, the notebook and Dask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..batch.rows import columns, frame_dtypes, result_row
from .common import as_candidates, category_keys, category_labels, require_pandas

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["candidates_frame", "evidence_frame"]


def candidates_frame(ranking_or_results: Any) -> "pd.DataFrame":
    """One row per candidate, with the columns of ``collabscreen score -o ranked.csv``.

    ``rank``, ``path``, ``status``, ``score``, ``band``, ``relevance``,
    ``n_evidence``, ``n_sentences``, the top evidence (text, category, section,
    probability), one ``cat_<key>`` sub-score per category, ``excluded``
    (``"yes"``/``"no"``) and ``reason`` (why a candidate was knocked out),
    ``error`` / ``error_type`` / ``error_code``, ``warnings``, ``sha256``,
    ``format``, ``model_version``, ``taxonomy_version``. ``rank`` is ``<NA>``
    for plain (unranked) results. Rows of files that failed have
    ``status="error"`` and missing (``NaN``) scores rather than a misleading 0.

    Raises
    ------
    MissingDependencyError
        If pandas is not installed (``pip install 'collabscreen[notebook]'``).
    """
    pd = require_pandas("candidates_frame() / to_pandas()")
    cands = as_candidates(ranking_or_results)
    keys = category_keys(cands)
    cols = columns(keys, "csv")
    rows = []
    for c in cands:
        row = result_row(c.result, path=c.result.source, category_keys=keys, excluded=bool(c.excluded), reason=c.reason or "")
        row["rank"] = c.rank
        rows.append(row)
    return pd.DataFrame(rows, columns=cols).astype(frame_dtypes(cols))


_EVIDENCE_COLUMNS = [
    "path",
    "rank",
    "evidence_rank",
    "kind",
    "text",
    "category",
    "category_label",
    "probability",
    "weight",
    "section",
    "role",
    "page",
    "start_char",
    "end_char",
]


def evidence_frame(ranking_or_results: Any) -> "pd.DataFrame":
    """Tidy evidence: one row per evidence span of every candidate.

    Columns: ``path``, ``rank`` (candidate's rank; ``<NA>`` for unranked
    results), ``evidence_rank`` (1 = the candidate's best evidence),
    ``kind``, ``text``, ``category``, ``category_label``, ``probability``,
    ``weight``, ``section``, ``role``, ``page``, ``start_char``, ``end_char``.
    A hybrid role gives one row per duty sentence (``kind`` ``hybrid_role:
    sales`` / ``hybrid_role: marketing``, ``probability`` that duty's, the
    same ``evidence_rank``). Candidates without evidence contribute no rows.

    Raises
    ------
    CollabscreenError
        If pandas is not installed (``pip install 'collabscreen[notebook]'``).
    """
    pd = require_pandas("evidence_frame()")
    cands = as_candidates(ranking_or_results)
    labels = category_labels(k for c in cands for e in c.result.evidence if e.category for k in [e.category])
    rows = []
    for c in cands:
        for i, e in enumerate(c.result.evidence, start=1):
            spans = [(e.kind, e.text, e.probability, e.page, e.start_char, e.end_char)]
            if e.parts:
                spans = [(f"{e.kind}: {p.side}", p.text, p.probability, p.page, p.start_char, p.end_char) for p in e.parts]
            for kind, text, prob, page, start, end in spans:
                rows.append(
                    {
                        "path": c.result.source,
                        "rank": c.rank,
                        "evidence_rank": i,
                        "kind": kind,
                        "text": text,
                        "category": e.category,
                        "category_label": labels.get(e.category) if e.category else None,
                        "probability": float(prob),
                        "weight": float(e.weight),
                        "section": e.section,
                        "role": e.role,
                        "page": int(page),
                        "start_char": int(start),
                        "end_char": int(end),
                    }
                )
    df = pd.DataFrame(rows, columns=_EVIDENCE_COLUMNS)
    for col in ("rank",):
        df[col] = df[col].astype("Int64")
    for col in ("evidence_rank", "page", "start_char", "end_char"):
        df[col] = df[col].astype("int64")
    for col in ("probability", "weight"):
        df[col] = df[col].astype("float64")
    return df
