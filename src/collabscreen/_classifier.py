"""The collaboration classifier, a scikit-learn estimator (training, and the skops model file).

Known by its public name ``collabscreen.model.CollabClassifier`` (the name saved
model files record); defined apart so that loading a model for screening, which
uses the arrays of :mod:`collabscreen.inference`, never imports scikit-learn.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError as _SklearnNotFittedError

from .errors import ModelError
from .features import CollabFeaturizer
from .inference import UnitOutputs

__all__ = ["CollabClassifier", "NotFittedError"]


class NotFittedError(ModelError, _SklearnNotFittedError):
    """The classifier is used before ``fit`` or ``load`` (E204); also scikit-learn's ``NotFittedError``."""


def wording_coefficients(X_resumes: Any, grades: Sequence[int], *, C: float = 3.0, random_state: int = 0) -> np.ndarray:
    """Coefficients, shape (3, n_features), of one L2 logistic regression per grade threshold
    (>= 1, 2, 3) on resume rows (:meth:`CollabClassifier.wording_matrix`); a row of zeros for a
    threshold with one class."""
    from sklearn.linear_model import LogisticRegression

    g = np.asarray(grades, dtype=int)
    coef = np.zeros((3, X_resumes.shape[1]))
    for k in (1, 2, 3):
        t = (g >= k).astype(int)
        if len(set(t)) == 2:
            coef[k - 1] = LogisticRegression(C=C, max_iter=3000, solver="liblinear", random_state=random_state).fit(X_resumes, t).coef_[0]
    return coef


class CollabClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated logistic regression over :class:`CollabFeaturizer` features.

    Parameters
    ----------
    C : float, default=4.0
        Inverse regularisation strength of the logistic regression.
    calibration : {"sigmoid", "isotonic"}, default="sigmoid"
        Probability calibration method (``CalibratedClassifierCV``).
    cv : int, default=5
        Folds for calibration.
    n_features : int, default=2**18
        Width of the hashed n-gram block.
    ngram_max : int, default=2
    categories : tuple of str, default=()
        Taxonomy category keys (indicator features and the category model).
    vocab_gate : float, default=0.1
        Units that contain no taxonomy term and no sales or marketing word
        have their probabilities (evidence, sales duty, marketing duty)
        multiplied by this: 99% of the positive
        training units contain one, so a unit without any is evidence only
        by accident of wording ("planned activities within the classroom").
    random_state : int, default=0

    Attributes
    ----------
    featurizer_ : CollabFeaturizer
    classifier_ : CalibratedClassifierCV
    category_model_ : OneVsRestClassifier of LogisticRegression
        Trained on the positive units only; predicts the evidence category.
    domain_models_ : list of two LogisticRegression or None
        Sales-duty and marketing-duty models (trained on every unit's domain).
    classes_ : ndarray of shape (2,)
    category_classes_ : ndarray of str
    """

    def __init__(
        self,
        C: float = 4.0,
        calibration: str = "sigmoid",
        cv: int = 5,
        n_features: int = 2**18,
        ngram_max: int = 2,
        categories: tuple = (),
        vocab_gate: float = 0.1,
        random_state: int = 0,
    ):
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.n_features = n_features
        self.ngram_max = ngram_max
        self.categories = categories
        self.vocab_gate = vocab_gate
        self.random_state = random_state

    def fit(
        self,
        X: Sequence[Any],
        y: Sequence[int],
        category: Sequence[str | None] | None = None,
        domain: Sequence[str | None] | None = None,
        sample_weight: Sequence[float] | None = None,
        specific: Sequence[int] | None = None,
    ) -> "CollabClassifier":
        """Fit on unit records ``X`` with labels ``y`` (1 = evidence), for
        positives their ``category``, and for every unit its ``domain``
        (``"sales"``, ``"marketing"``, ``"both"`` or ``"other"``), from which
        the sales-duty and marketing-duty models are trained. ``sample_weight``
        weighs units in the evidence and duty models (real resume units can
        count more than hand-written ones). ``specific`` (1 = a concrete joint
        mechanism, the rubric's grade-3 kind) trains the specificity model."""
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold

        y = np.asarray(y, dtype=int)
        self.featurizer_ = CollabFeaturizer(
            n_features=self.n_features, ngram_max=self.ngram_max, categories=tuple(self.categories)
        ).fit(X)
        Xm = self.featurizer_.transform(X)
        base = LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced", solver="liblinear")
        folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
        self.classifier_ = CalibratedClassifierCV(base, method=self.calibration, cv=folds, ensemble=True)
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.classifier_.fit(Xm, y, sample_weight=sw)
        self.classes_ = self.classifier_.classes_
        self.category_classes_ = np.asarray([], dtype=object)
        self.category_model_ = None
        if category is not None:
            cat = np.asarray([c if c else "" for c in category], dtype=object)
            pos = (y == 1) & (cat != "")
            if len(set(cat[pos])) >= 2:
                from sklearn.multiclass import OneVsRestClassifier

                # one-vs-rest liblinear: ~10x faster than multinomial lbfgs on 2**18 sparse columns
                self.category_model_ = OneVsRestClassifier(
                    LogisticRegression(C=self.C, max_iter=2000, solver="liblinear", random_state=self.random_state)
                )
                self.category_model_.fit(Xm[pos], cat[pos].astype(str))
                self.category_classes_ = self.category_model_.classes_.astype(object)
        self.specific_model_ = None
        if specific is not None:
            ys = np.asarray(specific, dtype=int)
            if len(set(ys)) == 2:
                self.specific_model_ = LogisticRegression(
                    C=self.C, max_iter=2000, solver="liblinear", class_weight="balanced", random_state=self.random_state
                ).fit(Xm, ys, sample_weight=sw)
        self.domain_models_ = None
        if domain is not None:
            dom = np.asarray([d or "" for d in domain], dtype=object)
            known = dom != ""
            models = []
            for side in ("sales", "marketing"):
                target = np.isin(dom[known], [side, "both"]).astype(int)
                if len(set(target)) < 2:
                    models = []
                    break
                lr = LogisticRegression(C=self.C, max_iter=2000, solver="liblinear", random_state=self.random_state)
                models.append(lr.fit(Xm[known], target, sample_weight=None if sw is None else sw[known]))
            self.domain_models_ = models or None
        return self

    def predict_domain_proba_features(self, Xm) -> np.ndarray:
        """Probability that each unit describes a sales duty (column 0) and a
        marketing duty (column 1); zeros when the model has no domain models."""
        self._check()
        models = getattr(self, "domain_models_", None)
        if not models or Xm.shape[0] == 0:
            return np.zeros((Xm.shape[0], 2))
        D = np.column_stack([m.predict_proba(Xm)[:, 1] for m in models])
        if self.vocab_gate < 1.0:
            D *= np.where(self._has_vocab(Xm), 1.0, self.vocab_gate)[:, None]
        return D

    def predict_units(self, records: Sequence[Any]) -> UnitOutputs:
        """All heads for ``records`` from one feature matrix (what scoring needs)."""
        self._check()
        classes = [str(c) for c in self.category_classes_]
        if not len(records):
            coef = getattr(self, "wording_coef_", None)
            wording = None if coef is None else np.zeros((0, coef.shape[0]))
            return UnitOutputs(np.zeros(0), np.zeros((0, len(classes))), np.zeros((0, 2)), np.zeros(0, dtype=bool), np.zeros(0), classes, wording)
        Xm = self.transform_features(records)
        return UnitOutputs(
            evidence=self.predict_proba_features(Xm)[:, 1],
            category=self.predict_category_proba_features(Xm),
            domain=self.predict_domain_proba_features(Xm),
            template=self.is_template([r["text"] for r in records]),
            specific=self.predict_specific_proba_features(Xm),
            classes=classes,
            wording=self.wording_features(Xm),
        )

    # ------------------------------------------------------------ resume wording
    def wording_matrix(self, resumes: Sequence[Sequence[Any]]):
        """One row per resume: the sum of its units' hashed n-gram rows over the square root of
        their number (the units :func:`collabscreen.scoring.wording_units` keeps), shape
        (n_resumes, n_features). A resume without such units is a row of zeros."""
        import scipy.sparse as sp

        self._check()
        nf = int(self.featurizer_.n_features)
        rows = []
        for recs in resumes:
            if not len(recs):
                rows.append(sp.csr_matrix((1, nf)))
                continue
            block = self.transform_features(list(recs))[:, :nf]
            rows.append(sp.csr_matrix(block.sum(axis=0)) / np.sqrt(len(recs)))
        return sp.vstack(rows, format="csr") if rows else sp.csr_matrix((0, nf))

    def fit_wording(self, X_resumes: Any, grades: Sequence[int], C: float = 3.0) -> CollabClassifier:
        """Fit the resume-wording model (:func:`wording_coefficients`) on :meth:`wording_matrix`
        rows. Only the coefficients are kept (``wording_coef_``, shape (3, n_features)): a resume's
        wording feature for threshold k is the sum of its units' parts (:meth:`wording_features`),
        and the resume model supplies the intercepts."""
        self._check()
        self.wording_coef_ = wording_coefficients(X_resumes, grades, C=C, random_state=self.random_state)
        return self

    def wording_features(self, Xm) -> np.ndarray | None:
        """Each unit's part of the wording decision for each threshold, shape (n, 3), or None
        without a wording model. Only the hashed n-gram columns weigh (the dense ones do not)."""
        coef = getattr(self, "wording_coef_", None)
        if coef is None:
            return None
        return np.asarray(Xm[:, : coef.shape[1]] @ np.asarray(coef, dtype=np.float64).T)

    def predict_specific_proba_features(self, Xm) -> np.ndarray:
        """Probability that each unit states a concrete joint mechanism (zeros without the model)."""
        self._check()
        m = getattr(self, "specific_model_", None)
        if m is None or Xm.shape[0] == 0:
            return np.zeros(Xm.shape[0])
        p = m.predict_proba(Xm)[:, 1]
        if self.vocab_gate < 1.0:
            p = p * np.where(self._has_vocab(Xm), 1.0, self.vocab_gate)
        return p

    def _check(self) -> None:
        if not hasattr(self, "classifier_"):
            raise NotFittedError.from_code("E204")

    def transform_features(self, X: Sequence[Any]):
        self._check()
        return self.featurizer_.transform(X)

    def predict_proba(self, X: Sequence[Any]) -> np.ndarray:
        """Calibrated probabilities, shape (n, 2); column 1 is "evidence"."""
        return self.predict_proba_features(self.transform_features(X))

    def predict_proba_features(self, Xm) -> np.ndarray:
        self._check()
        if Xm.shape[0] == 0:
            return np.zeros((0, 2))
        P = self.classifier_.predict_proba(Xm)
        if self.vocab_gate < 1.0:
            P = P.copy()
            p1 = P[:, 1] * np.where(self._has_vocab(Xm), 1.0, self.vocab_gate)
            P[:, 1] = p1
            P[:, 0] = 1.0 - p1
        return P

    def is_template(self, texts: Sequence[str]) -> np.ndarray:
        """True for each text that is stock template text (see :mod:`collabscreen.templates`)."""
        from .templates import is_template

        return is_template(list(texts), getattr(self, "template_hashes_", None))

    def _has_vocab(self, Xm) -> np.ndarray:
        """Rows with a sales/marketing word or a taxonomy term (meta columns)."""
        names = self.featurizer_.feature_names_meta_
        cols = [self.featurizer_.n_features + k for k, n in enumerate(names) if n in ("dom:sales", "dom:marketing") or n.startswith("cat:")]
        return np.asarray(Xm[:, cols].sum(axis=1)).ravel() > 0

    def predict(self, X: Sequence[Any]) -> np.ndarray:
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]

    def predict_category_proba_features(self, Xm) -> np.ndarray:
        """Category distribution per unit, columns ``category_classes_``."""
        self._check()
        if self.category_model_ is None or Xm.shape[0] == 0:
            return np.zeros((Xm.shape[0], len(self.category_classes_)))
        return self.category_model_.predict_proba(Xm)

    def predict_category(self, X: Sequence[Any]) -> np.ndarray:
        P = self.predict_category_proba_features(self.transform_features(X))
        if P.shape[1] == 0:
            return np.asarray([None] * P.shape[0], dtype=object)
        return self.category_classes_[P.argmax(axis=1)]

    # ------------------------------------------------------------ persistence
    def save(self, path: str | PathLike[str], *, meta: dict[str, Any] | None = None, card: str | None = None) -> Path:
        """Write the model directory (see :func:`collabscreen.model.save_model`)."""
        from .model import save_model

        self._check()
        return save_model(self, path, meta=meta, card=card)


CollabClassifier.__module__ = "collabscreen.model"
NotFittedError.__module__ = "collabscreen.model"
