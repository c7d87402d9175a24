"""The collaboration classifier: a scikit-learn estimator, saved safely with skops.

:class:`CollabClassifier` maps unit records (see :mod:`collabscreen.features`)
to the calibrated probability that a unit is sales-marketing collaboration
evidence, and to a distribution over evidence categories. It never reads
resumes.

A saved model is a directory::

    model.skops    the fitted estimator (skops format: no arbitrary code on load)
    inference.npz  the arrays screening predicts from (numbers only)
    meta.json      format version, library versions, taxonomy, metrics, both files' sha256
    MODEL_CARD.md  data, metrics, intended use, limitations

:func:`load_model` refuses a model saved with a different scikit-learn minor
version and an ``inference.npz`` that does not match its sha256; the estimator
(:attr:`LoadedModel.estimator`) is refused when ``model.skops`` does not match
its sha256 or holds types outside an allow-list.
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
from importlib import metadata, resources
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._fileio import open_regular, sha256_of_file
from .errors import ModelError, ModelVersionError
from .inference import UnitOutputs

if TYPE_CHECKING:  # pragma: no cover
    from ._classifier import CollabClassifier, NotFittedError
    from .inference import ResumeModel, UnitModel

__all__ = ["CollabClassifier", "UnitOutputs", "LoadedModel", "load_model", "default_model_path", "audit_model_file", "ALLOWED_NODES", "MODEL_FORMAT_VERSION", "NotFittedError"]


MODEL_FORMAT_VERSION = 1
MODEL_FILE = "model.skops"
INFERENCE_FILE = "inference.npz"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"
# packages whose version must match the one the model was saved with (major.minor)
_VERSION_CHECKED = ("scikit-learn", "skops")
_VERSION_RECORDED = ("scikit-learn", "skops", "numpy", "scipy", "spacy", "spacy-lookups-data")


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


def audit_model_file(path: str | PathLike[str], *, data: bytes | None = None) -> list[str]:
    """Check a skops file against :data:`ALLOWED_NODES` without constructing anything.

    Reads the zip's ``schema.json`` and walks every node; each must be one of
    the allowed (loader, module, class) triples, every array file must be a
    plain numeric ``.npy`` (no object dtype, so nothing is unpickled), and the
    skops protocol must be a reviewed one. Returns the fully qualified type
    names to pass to ``skops.io.load(trusted=...)``. With ``data`` (the file's
    bytes, already read), those bytes are audited and ``path`` only names them.

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
        zf = zipfile.ZipFile(p if data is None else io.BytesIO(data))
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


def save_model(estimator: "CollabClassifier", path: str | PathLike[str], *, meta: dict[str, Any] | None = None, card: str | None = None) -> Path:
    """Write a model directory: ``model.skops`` (the fitted estimator), ``inference.npz``
    (its arrays for screening, :func:`collabscreen.inference.compile_model`), ``meta.json``
    (versions, parameters, both files' sha256, ``meta``) and ``MODEL_CARD.md`` (``card``)."""
    import zipfile

    import skops.io as sio

    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    # unused hash buckets have zero weights: deflate shrinks the file ~10x
    sio.dump(estimator, out / MODEL_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    audit_model_file(out / MODEL_FILE)  # a model we could not load again is not saved
    inference = _write_arrays(estimator, out)
    full_meta = {
        "format_version": MODEL_FORMAT_VERSION,
        "collabscreen": _version("collabscreen"),
        "versions": {p: _version(p) for p in _VERSION_RECORDED},
        "python": platform.python_version(),
        "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in estimator.get_params().items()},
        "category_classes": [str(c) for c in estimator.category_classes_],
        "model_sha256": sha256_of_file(out / MODEL_FILE),
        **inference,
    }
    full_meta.update(meta or {})
    (out / META_FILE).write_text(json.dumps(full_meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if card is not None:
        (out / CARD_FILE).write_text(card, encoding="utf-8")
    return out


def _write_arrays(estimator: "CollabClassifier", out: Path) -> dict[str, Any]:
    """Write ``out/inference.npz`` from the fitted ``estimator``; the ``meta.json`` entries that describe it."""
    import numpy as np

    from .inference import compile_model

    arrays, spec = compile_model(estimator)
    # stored, not deflated: inflating 17 MB of weights cost 35-100 ms of every Screener() start-up
    # (git compresses the file in its own store anyway)
    with open(out / INFERENCE_FILE, "wb") as fh:
        np.savez(fh, **arrays)
    return {"inference": spec, "inference_sha256": sha256_of_file(out / INFERENCE_FILE)}


def write_inference_arrays(path: str | PathLike[str]) -> Path:
    """Add (or rewrite) ``inference.npz`` of an existing model directory from its ``model.skops``,
    and record its spec and sha256 in ``meta.json``; ``model.skops`` is not changed. For model
    directories saved before collabscreen wrote the file (:func:`save_model` writes it)."""
    p = Path(path)
    loaded = load_model(p)
    meta = dict(loaded.meta, **_write_arrays(loaded.estimator, p))
    (p / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return p


class LoadedModel:
    """A loaded model: its arrays for screening (``units``, ``resume``), its metadata, and the
    fitted estimator (``estimator``, built from ``model.skops`` on first use, after checking the
    file's sha256 and auditing it: training, evaluation and inspection need it, screening does not)."""

    def __init__(
        self,
        meta: dict[str, Any],
        path: Path,
        *,
        units: "UnitModel",
        resume: "ResumeModel | None",
        estimator: "CollabClassifier | None" = None,
    ):
        self.meta = meta
        self.path = path
        self.units = units
        self.resume = resume
        self._estimator = estimator

    @property
    def estimator(self) -> "CollabClassifier":
        """The fitted estimator; raises :class:`ModelError` when ``model.skops`` does not match
        ``meta.json`` or holds a type outside :data:`ALLOWED_NODES`."""
        if self._estimator is None:
            self._estimator = _load_estimator(self.path, self.meta)
        return self._estimator

    @property
    def version(self) -> str:
        return str(self.meta.get("model_version", "unknown"))

    @property
    def taxonomy_id(self) -> str:
        return str(self.meta.get("taxonomy_id", ""))

    def __repr__(self) -> str:
        return f"LoadedModel(version={self.version!r}, path={str(self.path)!r})"


def _read_sealed(p: Path, name: str, expected: Any) -> bytes:
    """The bytes of ``p / name``, read once, refused unless their sha256 is the one ``meta.json``
    records (what is checked is what is then used)."""
    with open_regular(p / name) as fh:
        data = fh.read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ModelError.from_code("E202", source=p, reason=f"{name} has sha256 {actual[:12]}..., meta.json records {str(expected)[:12]}...")
    return data


def _load_estimator(p: Path, meta: dict[str, Any]) -> "CollabClassifier":
    """``model.skops``, read once: its bytes checked against ``meta.json``'s sha256 and audited
    node by node (:func:`audit_model_file`) before skops constructs anything from them."""
    import skops.io as sio

    from ._classifier import CollabClassifier

    data = _read_sealed(p, MODEL_FILE, meta.get("model_sha256"))
    trusted = audit_model_file(p / MODEL_FILE, data=data)
    try:
        est = sio.loads(data, trusted=trusted)
    except Exception as exc:
        raise ModelError.from_code("E202", source=p, reason=f"{type(exc).__name__}: {exc}") from None
    if not isinstance(est, CollabClassifier):
        raise ModelError.from_code("E202", source=p, reason=f"expected a CollabClassifier, got {type(est).__name__}")
    return est


def _stored_arrays(data: bytes) -> dict[str, Any] | None:
    """The arrays of an uncompressed ``.npz``, each copied once straight out of ``data`` (no
    zip stream, no CRC pass: ``data`` has passed its sha256 already), or None when a member
    is compressed, so that ``np.load`` reads it. A third of the model's load time.

    Each array is a fresh, aligned copy as ``np.load`` makes, not a view of ``data``: BLAS
    takes other code paths on unaligned memory, and the last bit of a score must not depend
    on where a member sits in the zip. Object arrays are refused as
    ``np.load(allow_pickle=False)`` refuses them, and every member's header, shape and size
    are checked against its zip entry."""
    import struct
    import zipfile

    import numpy as np
    from numpy.lib import format as npformat

    arrays: dict[str, Any] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED:
            return None
        start = info.header_offset
        if data[start : start + 4] != b"PK\x03\x04":
            raise ValueError(f"{info.filename}: no local file header")
        name_len, extra_len = struct.unpack("<HH", data[start + 26 : start + 30])
        off = start + 30 + name_len + extra_len
        fh = io.BytesIO(data[off : off + min(info.file_size, 1 << 16)])
        version = npformat.read_magic(fh)
        read_header = npformat.read_array_header_1_0 if version == (1, 0) else npformat.read_array_header_2_0
        shape, fortran, dtype = read_header(fh)
        if dtype.hasobject:
            raise ValueError(f"{info.filename}: object arrays are refused (they would need pickle)")
        count = 1
        for n in shape:
            count *= int(n)
        if fh.tell() + count * dtype.itemsize != info.file_size:
            raise ValueError(f"{info.filename}: {shape} {dtype} does not fill its {info.file_size} bytes")
        flat = np.frombuffer(data, dtype=dtype, count=count, offset=off + fh.tell())
        key = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
        arrays[key] = flat.reshape(shape, order="F" if fortran else "C").copy(order="K")
    return arrays


def _load_arrays(p: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """``inference.npz``, read once: its bytes checked against ``meta.json``, then read without
    pickle (numbers only)."""
    import numpy as np

    data = _read_sealed(p, INFERENCE_FILE, meta.get("inference_sha256"))
    try:
        stored = _stored_arrays(data)
        if stored is not None:
            return stored
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {k: npz[k] for k in npz.files}
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile file: refuse it, say why
        raise ModelError.from_code("E202", source=p, reason=f"{INFERENCE_FILE} unreadable ({type(exc).__name__}: {exc})") from None


def load_model(path: str | PathLike[str] | None = None, *, check_versions: bool = True) -> LoadedModel:
    """Load a saved model safely.

    Checks ``meta.json`` (format version, library versions) and the sha256 of
    ``inference.npz``, then reads the screening arrays (numpy only, no pickle).
    ``model.skops`` is not read here: on first use of
    :attr:`LoadedModel.estimator` its sha256 is checked and every node audited
    against :data:`ALLOWED_NODES` before the scikit-learn estimator is built
    from it. A model directory without ``inference.npz`` (saved by an older
    collabscreen) is compiled from its estimator, so checked and audited, on load.

    Parameters
    ----------
    path : path-like, optional
        A model directory; defaults to the model shipped with the package.
    check_versions : bool, default=True
        Refuse a model saved with another scikit-learn/skops minor version.

    Raises
    ------
    ModelError
        Missing files, an unknown format version, or an ``inference.npz`` that does not match its
        recorded sha256 (``model.skops`` is checked when the estimator is first used).
    ModelVersionError
        Library versions differ from those the model was saved with.
    """
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
    if not meta.get("model_sha256"):
        raise ModelError.from_code("E202", source=p, reason="meta.json records no model_sha256; retrain with `collabscreen train`")
    from .inference import INFERENCE_FORMAT_VERSION, compile_model, models_from_arrays

    estimator = None
    spec = meta.get("inference")
    if (p / INFERENCE_FILE).is_file() and spec is not None:
        if spec.get("format_version") != INFERENCE_FORMAT_VERSION:
            raise ModelError.from_code("E203", source=p, saved=spec.get("format_version"), supported=INFERENCE_FORMAT_VERSION)
        arrays = _load_arrays(p, meta)
    else:  # an older model directory: compile the estimator now
        estimator = _load_estimator(p, meta)
        arrays, spec = compile_model(estimator)
    try:
        units, resume = models_from_arrays(arrays, spec)
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError.from_code("E202", source=p, reason=f"{INFERENCE_FILE} does not match meta.json ({type(exc).__name__}: {exc})") from None
    return LoadedModel(meta, p, units=units, resume=resume, estimator=estimator)


def __getattr__(name: str) -> Any:
    # the scikit-learn estimator lives in _classifier so that screening never imports
    # scikit-learn; saved models know it by this module's name
    if name in ("CollabClassifier", "NotFittedError"):
        from . import _classifier

        return getattr(_classifier, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
