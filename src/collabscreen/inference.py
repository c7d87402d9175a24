"""Screening-time prediction with numpy only: the trained model as plain arrays.

Training fits scikit-learn estimators (:class:`collabscreen.model.CollabClassifier`,
:class:`collabscreen.resume_model.OrdinalResumeModel`) and stores them with skops.
Screening only needs their linear parts, so :func:`compile_model` reads those out
as arrays (coefficients of every logistic head, the sigmoid calibrators, the
feature settings, the template hashes, the resume model) and :class:`UnitModel` /
:class:`ResumeModel` predict from them with numpy and MurmurHash3 alone. A
screening process therefore never imports scikit-learn, SciPy or skops: it starts
faster and each worker holds less memory.

The arrays are saved as ``inference.npz`` beside ``model.skops`` (plain numeric
arrays, read with ``allow_pickle=False``, sha256 recorded in ``meta.json``). The
predictions are those of the estimators: the same features (the same
:func:`collabscreen.features.hash_rows`), the same sums in the same order as
SciPy's sparse products, the same ``1 / (1 + exp(-x))`` from the C library as
SciPy's ``expit``; ``tests/test_inference.py`` checks they agree bit for bit.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple, Sequence

import numpy as np

__all__ = ["UnitOutputs", "UnitModel", "ResumeModel", "compile_model", "INFERENCE_FORMAT_VERSION", "ordinal_cumulative"]

INFERENCE_FORMAT_VERSION = 1


class UnitOutputs(NamedTuple):
    """Everything the model says about a list of unit records, row for row."""

    evidence: np.ndarray  # (n,) calibrated P(evidence)
    category: np.ndarray  # (n, n_categories), columns ``classes``
    domain: np.ndarray  # (n, 2) P(sales duty), P(marketing duty)
    template: np.ndarray  # (n,) bool: stock template text
    specific: np.ndarray  # (n,) P(a concrete joint mechanism)
    classes: list[str]  # category column names
    #: (n, 3) each unit's part of the resume-wording model's decision for grade >= 1, 2, 3
    #: (:func:`collabscreen.scoring.wording_features`); None for a model without one
    wording: np.ndarray | None = None


def _expit(x: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-x))`` with the C library's ``exp``, element by element (as SciPy's ``expit``),
    so results do not depend on numpy's vectorised ``exp`` of the machine at hand; 0 where
    ``x <= -709`` (or NaN). ``exp`` runs through ``map`` (no Python frame per element); the sum
    and the quotient are numpy's, the same IEEE operations as Python's."""
    flat = np.asarray(x, dtype=np.float64).ravel()
    low = ~(flat > -709.0)
    e = np.fromiter(map(math.exp, np.where(low, 0.0, -flat).tolist()), dtype=np.float64, count=flat.size)
    out = 1.0 / (1.0 + e)
    out[low] = 0.0
    return out.reshape(np.shape(x))


def ordinal_cumulative(X: np.ndarray, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """P(grade >= 1, 2, 3) of a cumulative logistic model, made monotone in each row."""
    Z = (X - mean) / scale
    P = 1.0 / (1.0 + np.exp(-(Z @ coef.T + intercept)))
    return np.minimum.accumulate(P, axis=1)


class ResumeModel:
    """The resume-level ordinal model as arrays (see :class:`collabscreen.resume_model.OrdinalResumeModel`)."""

    def __init__(self, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: np.ndarray, feature_names: Sequence[str]):
        self.mean_, self.scale_, self.coef_, self.intercept_ = mean, scale, coef, intercept
        self.feature_names = tuple(feature_names)
        self.n_features_in_ = int(coef.shape[1])

    def predict_cumulative(self, X: Any) -> np.ndarray:
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but the resume model expects {self.n_features_in_}")
        return ordinal_cumulative(X, self.mean_, self.scale_, self.coef_, self.intercept_)

    def predict_proba(self, X: Any) -> np.ndarray:
        """P(grade = 0..3), shape (n, 4)."""
        C = self.predict_cumulative(X)
        ones = np.ones((C.shape[0], 1))
        zeros = np.zeros((C.shape[0], 1))
        return np.hstack([ones, C]) - np.hstack([C, zeros])

    def expected_grade(self, X: Any) -> np.ndarray:
        return self.predict_cumulative(X).sum(axis=1)

    def contributions(self, x: Sequence[float], k: int = 2) -> list[tuple[str, float]]:
        """Each feature's additive part of the log-odds of P(grade >= k) for one resume."""
        z = (np.asarray(x, dtype=float) - self.mean_) / self.scale_
        parts = z * self.coef_[k - 1]
        return sorted(zip(self.feature_names, parts.tolist()), key=lambda t: -abs(t[1]))


class UnitModel:
    """The unit model (every head of :class:`collabscreen.model.CollabClassifier`) as arrays.

    ``W`` holds one row of hashed-feature weights per logistic head over the
    hashed columns that any head uses (``cols``, sorted), ``W_meta`` the weights of
    the dense columns, ``b`` the intercepts. Head rows: the evidence model's
    calibrated folds (``evidence_heads`` with their sigmoid ``a``, ``b``), the
    category one-vs-rest heads, the specificity head, the two duty heads.
    """

    def __init__(self, arrays: dict[str, np.ndarray], spec: dict[str, Any]):
        self.spec = spec
        self.n_features = int(spec["n_features"])
        self.ngram_max = int(spec["ngram_max"])
        self.use_lemmas = bool(spec["use_lemmas"])
        self.categories = tuple(spec["categories"])
        self.classes = [str(c) for c in spec["category_classes"]]
        self.vocab_gate = float(spec["vocab_gate"])
        self.cols = arrays["cols"]
        self.W = arrays["W"]
        self.W_meta = arrays["W_meta"]
        self.b = arrays["b"]
        self._colpos: np.ndarray | None = None
        self._WT: np.ndarray | None = None
        self.cal = arrays["calibration"]  # (n_folds, 2): sigmoid a, b
        self.known = arrays["known_words"] if arrays["known_words"].size else None
        self.templates = arrays["template_hashes"] if arrays["template_hashes"].size else None
        self.evidence_heads = [int(i) for i in spec["heads"]["evidence"]]
        self.category_heads = [int(i) for i in spec["heads"]["category"]]
        self.specific_head = spec["heads"]["specific"]
        self.domain_heads = [int(i) for i in spec["heads"]["domain"]]
        self.wording_heads = [int(i) for i in spec["heads"].get("wording", [])]
        names = list(spec["meta_features"])
        self._vocab_cols = [k for k, n in enumerate(names) if n in ("dom:sales", "dom:marketing") or n.startswith("cat:")]

    # ------------------------------------------------------------ decision values
    def _lookup(self) -> tuple[np.ndarray, np.ndarray]:
        """Built on first use: each hashed column's position in ``cols`` (-1 for a column no head
        uses), and ``W`` laid out transposed (one contiguous row of head weights per used column;
        ``W`` is then a view of it, so the weights are held once)."""
        if self._colpos is None:
            colpos = np.full(self.n_features, -1, dtype=np.int32)
            colpos[self.cols] = np.arange(len(self.cols), dtype=np.int32)
            self._colpos, self._WT = colpos, np.ascontiguousarray(self.W.T)
            self.W = self._WT.T
        assert self._WT is not None
        return self._colpos, self._WT

    def decision(self, records: Sequence[dict]) -> tuple[np.ndarray, np.ndarray]:
        """Decision value of every head for every record, shape (n_heads, n), and the dense columns."""
        from .features import hash_rows, meta_matrix

        n = len(records)
        indptr, indices, data = hash_rows(
            [r["text"] for r in records], n_features=self.n_features, use_lemmas=self.use_lemmas, ngram_max=self.ngram_max, known=self.known
        )
        colpos, WT = self._lookup()
        pos = colpos[indices]
        used = pos >= 0  # a column no head uses adds 0 (it still counted in the norm)
        rows = np.repeat(np.arange(n), np.diff(indptr))[used]
        pos, vals = pos[used], data[used]
        meta = meta_matrix(records, self.categories)
        # parts[h, j] = vals[j] * W[h, pos[j]]: the same products, gathered one row of heads at a time
        parts = np.ascontiguousarray((WT[pos] * vals[:, None]).T)
        D = np.empty((self.W.shape[0], n), dtype=np.float64)
        for h in range(self.W.shape[0]):
            # bincount adds in input order, row by row: SciPy's sparse product sums the same way
            D[h] = np.bincount(rows, weights=parts[h], minlength=n)
        for k in range(meta.shape[1]):  # then each dense column in turn, for all heads at once
            D = D + self.W_meta[:, k][:, None] * meta[:, k]
        return D + self.b[:, None], meta

    # ------------------------------------------------------------ heads
    def predict_units(self, records: Sequence[dict]) -> UnitOutputs:
        """All heads for ``records`` (what scoring needs), as :meth:`CollabClassifier.predict_units`."""
        from .templates import is_template

        n = len(records)
        if not n:
            wording = np.zeros((0, len(self.wording_heads))) if self.wording_heads else None
            return UnitOutputs(np.zeros(0), np.zeros((0, len(self.classes))), np.zeros((0, 2)), np.zeros(0, dtype=bool), np.zeros(0), list(self.classes), wording)
        D, meta = self.decision(records)
        gate = np.where(meta[:, self._vocab_cols].sum(axis=1) > 0, 1.0, self.vocab_gate) if self.vocab_gate < 1.0 else None
        # evidence: the mean of the calibrated folds, each a sigmoid of its fold's decision value
        mean = np.zeros(n)
        for k, h in enumerate(self.evidence_heads):
            p = _expit(-(self.cal[k, 0] * D[h] + self.cal[k, 1]))
            p[(1.0 < p) & (p <= 1.0 + 1e-5)] = 1.0
            mean += p
        evidence = mean / len(self.evidence_heads)
        if gate is not None:
            evidence = evidence * gate
        # category: one-vs-rest, normalised per row
        if self.category_heads:
            Y = _expit(D[self.category_heads]).T
            category = Y / np.sum(Y, axis=1)[:, np.newaxis]
        else:
            category = np.zeros((n, len(self.classes)))
        if self.domain_heads:
            domain = np.column_stack([_expit(D[h]) for h in self.domain_heads])
            if gate is not None:
                domain = domain * gate[:, None]
        else:
            domain = np.zeros((n, 2))
        if self.specific_head is not None:
            specific = _expit(D[int(self.specific_head)])
            if gate is not None:
                specific = specific * gate
        else:
            specific = np.zeros(n)
        return UnitOutputs(
            evidence=evidence,
            category=category,
            domain=domain,
            template=is_template([r["text"] for r in records], self.templates),
            specific=specific,
            classes=list(self.classes),
            wording=D[self.wording_heads].T.copy() if self.wording_heads else None,
        )


# ---------------------------------------------------------------- compiling a fitted model
def _linear(est: Any) -> tuple[np.ndarray, float]:
    """(coefficients, intercept) of a fitted binary logistic regression."""
    if type(est).__name__ != "LogisticRegression" or est.coef_.shape[0] != 1:
        raise TypeError(f"cannot compile {type(est).__name__}: only binary LogisticRegression heads")
    return np.asarray(est.coef_[0], dtype=np.float64), float(est.intercept_[0])


def compile_model(estimator: Any) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and the spec of a fitted :class:`~collabscreen.model.CollabClassifier` (and its
    ``resume_model_``), for :class:`UnitModel` / :class:`ResumeModel`.

    Raises
    ------
    TypeError
        A head that is not a logistic regression, or a calibration other than sigmoid.
    """
    f = estimator.featurizer_
    heads: list[tuple[np.ndarray, float]] = []
    spec_heads: dict[str, Any] = {"evidence": [], "category": [], "specific": None, "domain": [], "wording": []}
    cal = []
    for cc in estimator.classifier_.calibrated_classifiers_:
        calibrator = cc.calibrators[0]
        if type(calibrator).__name__ != "_SigmoidCalibration":
            raise TypeError(f"cannot compile a {type(calibrator).__name__} calibrator: only sigmoid")
        spec_heads["evidence"].append(len(heads))
        heads.append(_linear(cc.estimator))
        cal.append((float(calibrator.a_), float(calibrator.b_)))
    if estimator.category_model_ is not None:
        for e in estimator.category_model_.estimators_:
            spec_heads["category"].append(len(heads))
            heads.append(_linear(e))
    if getattr(estimator, "specific_model_", None) is not None:
        spec_heads["specific"] = len(heads)
        heads.append(_linear(estimator.specific_model_))
    for e in getattr(estimator, "domain_models_", None) or []:
        spec_heads["domain"].append(len(heads))
        heads.append(_linear(e))
    n_text = int(f.n_features)
    wording = getattr(estimator, "wording_coef_", None)
    if wording is not None:  # text columns only: no dense columns, no intercept (a unit's plain part of a sum)
        for row in np.asarray(wording, dtype=np.float64):
            spec_heads["wording"].append(len(heads))
            heads.append((np.concatenate([row, np.zeros(len(f.feature_names_meta_))]), 0.0))
    full = np.vstack([c for c, _ in heads])
    cols = np.flatnonzero(np.any(full[:, :n_text] != 0.0, axis=0)).astype(np.int64)
    arrays = {
        "cols": cols,
        "W": np.ascontiguousarray(full[:, cols]),
        "W_meta": np.ascontiguousarray(full[:, n_text:]),
        "b": np.asarray([b for _, b in heads], dtype=np.float64),
        "calibration": np.asarray(cal, dtype=np.float64).reshape(-1, 2),
        "known_words": np.asarray(getattr(f, "known_words_", np.zeros(0, dtype=np.uint64))),
        "template_hashes": np.asarray(getattr(estimator, "template_hashes_", None) if getattr(estimator, "template_hashes_", None) is not None else np.zeros(0, dtype=np.uint64)),
    }
    rm = getattr(estimator, "resume_model_", None)
    spec: dict[str, Any] = {
        "format_version": INFERENCE_FORMAT_VERSION,
        "n_features": n_text,
        "ngram_max": int(f.ngram_max),
        "use_lemmas": bool(f.use_lemmas),
        "categories": list(f.categories),
        "meta_features": list(f.feature_names_meta_),
        "category_classes": [str(c) for c in estimator.category_classes_],
        "vocab_gate": float(estimator.vocab_gate),
        "heads": spec_heads,
        "resume_features": None,
    }
    if rm is not None:
        arrays.update(
            resume_mean=np.asarray(rm.mean_, dtype=np.float64),
            resume_scale=np.asarray(rm.scale_, dtype=np.float64),
            resume_coef=np.asarray(rm.coef_, dtype=np.float64),
            resume_intercept=np.asarray(rm.intercept_, dtype=np.float64),
        )
        spec["resume_features"] = list(rm.feature_names) or [f"f{i}" for i in range(rm.coef_.shape[1])]
    return arrays, spec


def models_from_arrays(arrays: dict[str, np.ndarray], spec: dict[str, Any]) -> tuple[UnitModel, ResumeModel | None]:
    """The unit and resume models of :func:`compile_model`'s output (or of a loaded ``inference.npz``)."""
    for name, a in arrays.items():
        if a.dtype.kind not in "biuf":
            raise TypeError(f"array {name!r} has dtype {a.dtype}: only numbers are allowed")
    resume = None
    if spec.get("resume_features") is not None:
        resume = ResumeModel(arrays["resume_mean"], arrays["resume_scale"], arrays["resume_coef"], arrays["resume_intercept"], spec["resume_features"])
    return UnitModel(arrays, spec), resume
