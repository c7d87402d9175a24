"""The collaboration classifier: a scikit-learn estimator, saved safely with skops.

:class:`CollabClassifier` maps unit records (see :mod:`collabscreen.features`)
to the calibrated probability that a unit is sales-marketing collaboration
evidence, and to a distribution over evidence categories. It never reads
resumes.

A saved model is a directory::

    model.skops    the fitted estimator (skops format: no arbitrary code on load)
    meta.json      format version, library versions, taxonomy, metrics
    MODEL_CARD.md  data, metrics, intended use, limitations

:func:`load_model` refuses a model whose skops file holds types outside an
allow-list, and one saved with a different scikit-learn minor version.
"""

from __future__ import annotations

import json
import platform
from importlib import metadata, resources
from os import PathLike
from pathlib import Path
from typing import Any, NamedTuple, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError as _SklearnNotFittedError

from ._fileio import sha256_of_file
from .errors import ModelError, ModelVersionError
from .features import CollabFeaturizer

__all__ = ["CollabClassifier", "UnitOutputs", "load_model", "default_model_path", "audit_model_file", "ALLOWED_NODES", "MODEL_FORMAT_VERSION", "NotFittedError"]


class NotFittedError(ModelError, _SklearnNotFittedError):
    """The classifier is used before ``fit`` or ``load`` (E204); also scikit-learn's ``NotFittedError``."""


MODEL_FORMAT_VERSION = 1
MODEL_FILE = "model.skops"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"
# packages whose version must match the one the model was saved with (major.minor)
_VERSION_CHECKED = ("scikit-learn", "skops")
_VERSION_RECORDED = ("scikit-learn", "skops", "numpy", "scipy", "spacy", "spacy-lookups-data")


class UnitOutputs(NamedTuple):
    """Everything the model says about a list of unit records, row for row."""

    evidence: np.ndarray  # (n,) calibrated P(evidence)
    category: np.ndarray  # (n, n_categories), columns category_classes_
    domain: np.ndarray  # (n, 2) P(sales duty), P(marketing duty)
    template: np.ndarray  # (n,) bool: stock template text
    specific: np.ndarray  # (n,) P(a concrete joint mechanism)
    classes: list[str]  # category column names


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
            return UnitOutputs(np.zeros(0), np.zeros((0, len(classes))), np.zeros((0, 2)), np.zeros(0, dtype=bool), np.zeros(0), classes)
        Xm = self.transform_features(records)
        return UnitOutputs(
            evidence=self.predict_proba_features(Xm)[:, 1],
            category=self.predict_category_proba_features(Xm),
            domain=self.predict_domain_proba_features(Xm),
            template=self.is_template([r["text"] for r in records]),
            specific=self.predict_specific_proba_features(Xm),
            classes=classes,
        )

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
        """Write ``model.skops``, ``meta.json`` (and ``MODEL_CARD.md``) to ``path``."""
        import skops.io as sio

        self._check()
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        import zipfile

        # unused hash buckets have zero weights: deflate shrinks the file ~10x
        sio.dump(self, out / MODEL_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        audit_model_file(out / MODEL_FILE)  # a model we could not load again is not saved
        full_meta = {
            "format_version": MODEL_FORMAT_VERSION,
            "collabscreen": _version("collabscreen"),
            "versions": {p: _version(p) for p in _VERSION_RECORDED},
            "python": platform.python_version(),
            "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.get_params().items()},
            "category_classes": [str(c) for c in self.category_classes_],
            "model_sha256": sha256_of_file(out / MODEL_FILE),
        }
        full_meta.update(meta or {})
        (out / META_FILE).write_text(json.dumps(full_meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        if card is not None:
            (out / CARD_FILE).write_text(card, encoding="utf-8")
        return out


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        if dist == "collabscreen":
            from . import __version__

            return __version__
        return None


def _series(v: str | None) -> str | None:
    return None if v is None else ".".join(v.split(".")[:2])


# The exact node kinds and types a collabscreen model may contain, as
# (skops loader, module, class). Reviewed by hand: data containers, numpy
# arrays of numbers, and the estimators the model is built from. No callable
# (exec, eval, getattr, __import__, open, compile, os.system...), no reduce or
# function node, no object arrays. Anything else in a model file is refused
# before skops constructs a single object. A test checks that the shipped
# model needs nothing more; a new estimator type must be added here by hand.
ALLOWED_NODES: frozenset[tuple[str, str, str]] = frozenset(
    {
        ("DictNode", "builtins", "dict"),
        ("ListNode", "builtins", "list"),
        ("TupleNode", "builtins", "tuple"),
        ("JsonNode", "builtins", "str"),
        ("TypeNode", "builtins", "str"),
        ("NdArrayNode", "numpy", "ndarray"),
        ("NdArrayNode", "numpy", "float64"),
        ("ObjectNode", "collabscreen.features", "CollabFeaturizer"),
        ("ObjectNode", "collabscreen.model", "CollabClassifier"),
        ("ObjectNode", "sklearn.calibration", "CalibratedClassifierCV"),
        ("ObjectNode", "sklearn.calibration", "_CalibratedClassifier"),
        ("ObjectNode", "sklearn.calibration", "_SigmoidCalibration"),
        ("ObjectNode", "sklearn.linear_model._logistic", "LogisticRegression"),
        ("ObjectNode", "sklearn.model_selection._split", "StratifiedKFold"),
        ("ObjectNode", "sklearn.multiclass", "OneVsRestClassifier"),
        ("ObjectNode", "sklearn.preprocessing._label", "LabelBinarizer"),
        ("ObjectNode", "collabscreen.resume_model", "OrdinalResumeModel"),
    }
)
# skops protocol versions this loader has been reviewed against
_SKOPS_PROTOCOLS = (2,)
# bounds on what the loader reads from a model zip before trusting it
_MAX_SCHEMA_BYTES = 50_000_000
_MAX_MEMBER_BYTES = 500_000_000
_MAX_DEPTH = 64


def audit_model_file(path: str | PathLike[str]) -> list[str]:
    """Check a skops file against :data:`ALLOWED_NODES` without constructing anything.

    Reads the zip's ``schema.json`` and walks every node; each must be one of
    the allowed (loader, module, class) triples, every array file must be a
    plain numeric ``.npy`` (no object dtype, so nothing is unpickled), and the
    skops protocol must be a reviewed one. Returns the fully qualified type
    names to pass to ``skops.io.load(trusted=...)``.

    Raises
    ------
    ModelError
        The file is not a skops zip, or holds anything outside the allow-list.
    """
    import zipfile

    import numpy as np

    p = Path(path)

    def refuse(reason: str) -> ModelError:
        return ModelError.from_code("E202", source=p, reason=reason)

    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse(f"not a skops file (not a zip archive: {exc})") from None
    with zf:
        try:
            info = zf.getinfo("schema.json")
        except KeyError:
            raise refuse("not a skops file (no schema.json)") from None
        if info.file_size > _MAX_SCHEMA_BYTES:
            raise refuse(f"schema.json is {info.file_size:,} bytes")
        try:
            schema = json.loads(zf.read(info))
        except (ValueError, zipfile.BadZipFile, OSError) as exc:
            raise refuse(f"schema.json unreadable ({exc})") from None
        if not isinstance(schema, dict) or schema.get("protocol") not in _SKOPS_PROTOCOLS:
            raise refuse(f"skops protocol {schema.get('protocol') if isinstance(schema, dict) else None!r} not reviewed")
        found: set[tuple[str, str, str]] = set()
        arrays: list[str] = []

        def walk(node: Any, depth: int) -> None:
            if depth > _MAX_DEPTH:
                raise refuse("schema nested too deeply")
            if isinstance(node, list):
                for v in node:
                    walk(v, depth + 1)
                return
            if not isinstance(node, dict):
                return
            if "__loader__" in node or "__class__" in node or "__module__" in node:
                key = (str(node.get("__loader__")), str(node.get("__module__")), str(node.get("__class__")))
                if key not in ALLOWED_NODES:
                    raise refuse(f"node {key[0]} of type {key[1]}.{key[2]} is not allowed")
                found.add(key)
                if key[0] == "NdArrayNode":
                    # "numpy": a .npy member (checked below: never an object dtype);
                    # "json": an object array stored as a list of nodes, walked like any other
                    if node.get("type") == "numpy" and isinstance(node.get("file"), str):
                        arrays.append(node["file"])
                    elif node.get("type") != "json":
                        raise refuse(f"array node of storage type {node.get('type')!r}")
                if key[0] == "JsonNode" and not isinstance(node.get("content"), (str, int, float, bool, type(None))):
                    raise refuse("a JSON node holds a container")
                if "__reduce__" in node:
                    raise refuse("reduce constructors are not allowed")
            for k, v in node.items():
                if k in ("__loader__", "__class__", "__module__", "__id__", "_skops_version", "protocol", "file", "type"):
                    continue
                walk(v, depth + 1)

        walk(schema, 0)
        for name in arrays:
            try:
                ai = zf.getinfo(name)
            except KeyError:
                raise refuse(f"array file {name!r} missing") from None
            if ai.file_size > _MAX_MEMBER_BYTES:
                raise refuse(f"array file {name!r} is {ai.file_size:,} bytes")
            with zf.open(ai) as fh:
                try:
                    version = np.lib.format.read_magic(fh)
                    header = (
                        np.lib.format.read_array_header_1_0(fh)
                        if version == (1, 0)
                        else np.lib.format.read_array_header_2_0(fh)
                    )
                except Exception as exc:
                    raise refuse(f"array file {name!r} is not a numpy array ({exc})") from None
            dtype = header[2]
            if dtype.hasobject:
                raise refuse(f"array file {name!r} holds Python objects (would be unpickled)")
    return sorted({f"{m}.{c}" for _, m, c in found})


def default_model_path() -> Path:
    """The model shipped with the package (wheel) or, in a source checkout, ``models/default``."""
    packaged = resources.files("collabscreen") / "_models" / "default"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "models" / "default"


class LoadedModel:
    """A loaded classifier with its metadata."""

    def __init__(self, estimator: CollabClassifier, meta: dict[str, Any], path: Path):
        self.estimator = estimator
        self.meta = meta
        self.path = path

    @property
    def version(self) -> str:
        return str(self.meta.get("model_version", "unknown"))

    @property
    def taxonomy_id(self) -> str:
        return str(self.meta.get("taxonomy_id", ""))

    def __repr__(self) -> str:
        return f"LoadedModel(version={self.version!r}, path={str(self.path)!r})"


def load_model(path: str | PathLike[str] | None = None, *, check_versions: bool = True) -> LoadedModel:
    """Load a saved model safely.

    Parameters
    ----------
    path : path-like, optional
        A model directory; defaults to the model shipped with the package.
    check_versions : bool, default=True
        Refuse a model saved with another scikit-learn/skops minor version.

    Raises
    ------
    ModelError
        Missing files, unknown format version, or types outside the allow-list.
    ModelVersionError
        Library versions differ from those the model was saved with.
    """
    import skops.io as sio

    p = Path(path) if path is not None else default_model_path()
    missing = [f for f in (MODEL_FILE, META_FILE) if not (p / f).is_file()]
    if missing:
        raise ModelError.from_code("E200", source=p, missing=", ".join(missing))
    try:
        meta = json.loads((p / META_FILE).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError.from_code("E202", source=p, reason=f"meta.json unreadable ({exc})") from None
    if meta.get("format_version") != MODEL_FORMAT_VERSION:
        raise ModelError.from_code("E203", source=p, saved=meta.get("format_version"), supported=MODEL_FORMAT_VERSION)
    if check_versions:
        for pkg in _VERSION_CHECKED:
            saved = (meta.get("versions") or {}).get(pkg)
            installed = _version(pkg)
            if saved and installed and _series(saved) != _series(installed):
                raise ModelVersionError.from_code("E201", source=p, package=pkg, saved=saved, installed=installed, saved_series=_series(saved))
    expected = meta.get("model_sha256")
    if not expected:
        raise ModelError.from_code("E202", source=p, reason="meta.json records no model_sha256; retrain with `collabscreen train`")
    actual = sha256_of_file(p / MODEL_FILE)
    if actual != expected:
        raise ModelError.from_code("E202", source=p, reason=f"{MODEL_FILE} has sha256 {actual[:12]}..., meta.json records {str(expected)[:12]}...")
    trusted = audit_model_file(p / MODEL_FILE)
    try:
        est = sio.load(p / MODEL_FILE, trusted=trusted)
    except Exception as exc:
        raise ModelError.from_code("E202", source=p, reason=f"{type(exc).__name__}: {exc}") from None
    if not isinstance(est, CollabClassifier):
        raise ModelError.from_code("E202", source=p, reason=f"expected a CollabClassifier, got {type(est).__name__}")
    return LoadedModel(est, meta, p)
