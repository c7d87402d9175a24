"""The resume-level model: from a resume's evidence profile to the rubric grade.

:class:`OrdinalResumeModel` is a cumulative ("Frank and Hall") ordinal model:
one logistic regression per threshold, P(grade >= 1), P(grade >= 2) and
P(grade >= 3), over the standardised features of
:func:`collabscreen.scoring.resume_features`. The three are made monotone
(P(>=3) <= P(>=2) <= P(>=1)), so the grade distribution is proper. Prediction
is plain numpy on the fitted arrays, so a saved model holds nothing but
numbers.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from sklearn.base import BaseEstimator

__all__ = ["OrdinalResumeModel", "GRADES"]

GRADES = (0, 1, 2, 3)


class OrdinalResumeModel(BaseEstimator):
    """Cumulative logistic model of a 0-3 grade.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation of each threshold's logistic regression.
    feature_names : tuple of str, default=()
        Names of the feature columns (recorded, shown in explanations).
    monotone : tuple of str, default=()
        Features whose weight may not be negative at any threshold: a feature
        that would get a negative weight is left out of that threshold's fit
        and the rest refitted, so more evidence never lowers a score.

    Attributes
    ----------
    mean_, scale_ : ndarray of shape (n_features,)
        Standardisation learned at fit time.
    coef_ : ndarray of shape (3, n_features)
        One row per threshold (grade >= 1, >= 2, >= 3).
    intercept_ : ndarray of shape (3,)
    base_rates_ : ndarray of shape (3,)
        Training share of each threshold (used when a threshold had one class).
    """

    def __init__(self, C: float = 1.0, feature_names: tuple = (), monotone: tuple = ()):
        self.C = C
        self.feature_names = feature_names
        self.monotone = monotone

    def fit(self, X: Any, y: Sequence[int], sample_weight: Any = None) -> "OrdinalResumeModel":
        from sklearn.linear_model import LogisticRegression
        from sklearn.utils.validation import validate_data

        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
        y = np.asarray(y, dtype=int)
        if sample_weight is None:
            self.mean_ = X.mean(axis=0)
            scale = X.std(axis=0)
        else:  # weighted, so a weight of k means k copies of a row (and 0 leaves it out)
            from sklearn.utils.validation import _check_sample_weight

            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
            if not sample_weight.sum() > 0:
                from .errors import ConfigError

                raise ConfigError.from_code("E400", name="sample_weight", expected="at least one weight > 0", value=float(sample_weight.sum()))
            self.mean_ = np.average(X, axis=0, weights=sample_weight)
            scale = np.sqrt(np.average((X - self.mean_) ** 2, axis=0, weights=sample_weight))
        self.scale_ = np.where(scale > 1e-9, scale, 1.0)
        Z = (X - self.mean_) / self.scale_
        coefs, intercepts, rates = [], [], []
        for k in (1, 2, 3):
            t = (y >= k).astype(int)
            rate = float(t.mean()) if sample_weight is None else float(np.average(t, weights=sample_weight))
            rates.append(rate)
            if len(set(t if sample_weight is None else t[sample_weight > 0])) < 2:
                coefs.append(np.zeros(X.shape[1]))
                intercepts.append(float(np.log((rate + 1e-6) / (1 - rate + 1e-6))))
                continue
            names = list(self.feature_names) or [f"f{i}" for i in range(X.shape[1])]
            mono = np.asarray([n in set(self.monotone) for n in names])
            active = np.ones(X.shape[1], dtype=bool)
            while True:
                lr = LogisticRegression(C=self.C, max_iter=5000, solver="lbfgs")
                lr.fit(Z[:, active], t, sample_weight=sample_weight)
                w = np.zeros(X.shape[1])
                w[active] = lr.coef_[0]
                bad = mono & active & (w < 0)
                if not bad.any():
                    break
                active &= ~bad
            coefs.append(w.astype(float))
            intercepts.append(float(lr.intercept_[0]))
        self.coef_ = np.vstack(coefs)
        self.intercept_ = np.asarray(intercepts, dtype=float)
        self.base_rates_ = np.asarray(rates, dtype=float)
        self.n_features_in_ = X.shape[1]
        return self

    def _check(self) -> None:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "coef_")

    def predict_cumulative(self, X: Any) -> np.ndarray:
        """P(grade >= 1), P(grade >= 2), P(grade >= 3), shape (n, 3), monotone in each row."""
        from sklearn.utils.validation import validate_data

        self._check()
        from .inference import ordinal_cumulative

        X = validate_data(self, X, reset=False, dtype=np.float64)
        return ordinal_cumulative(X, self.mean_, self.scale_, self.coef_, self.intercept_)

    def predict_proba(self, X: Any) -> np.ndarray:
        """P(grade = 0..3), shape (n, 4)."""
        C = self.predict_cumulative(X)
        ones = np.ones((C.shape[0], 1))
        zeros = np.zeros((C.shape[0], 1))
        upper = np.hstack([ones, C])
        lower = np.hstack([C, zeros])
        return upper - lower

    def expected_grade(self, X: Any) -> np.ndarray:
        return self.predict_cumulative(X).sum(axis=1)

    def predict(self, X: Any) -> np.ndarray:
        return np.asarray(GRADES)[self.predict_proba(X).argmax(axis=1)]

    def contributions(self, x: Sequence[float], k: int = 2) -> list[tuple[str, float]]:
        """Each feature's additive part of the log-odds of P(grade >= k) for one resume."""
        self._check()
        z = (np.asarray(x, dtype=float) - self.mean_) / self.scale_
        parts = z * self.coef_[k - 1]
        names = list(self.feature_names) or [f"f{i}" for i in range(len(parts))]
        return sorted(zip(names, parts.tolist()), key=lambda t: -abs(t[1]))
