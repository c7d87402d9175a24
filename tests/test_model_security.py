"""Hostile model files: each is refused when the estimator is loaded
(``load_model(p).estimator``; screening reads only ``inference.npz``) and none runs code.

Every fixture is a copy of the shipped model folder with one change an
attacker could make, *and* with meta.json's ``model_sha256`` updated to match
(an attacker who can write the file can write the hash too), so that the
type audit is what has to stop it. The payloads write a marker file; the
test asserts the marker is absent after the refusal. One test shows that the
exec payload really runs under a loader that trusts whatever
``skops.io.get_untrusted_types`` lists (the old behaviour), so these
fixtures can catch a regression.
"""

from __future__ import annotations

import io
import json
import pickle
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from collabscreen.errors import ModelError
from collabscreen._fileio import sha256_of_file
from collabscreen.model import ALLOWED_NODES, audit_model_file, default_model_path, load_model


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "model"
    shutil.copytree(default_model_path(), dst)
    return dst


def _reseal(model_dir: Path) -> None:
    meta = json.loads((model_dir / "meta.json").read_text())
    meta["model_sha256"] = sha256_of_file(model_dir / "model.skops")
    (model_dir / "meta.json").write_text(json.dumps(meta))


def _rewrite(model_dir: Path, edit, extra_members: dict[str, bytes] | None = None) -> None:
    """Rewrite model.skops with ``edit(schema)`` applied and extra zip members added."""
    src = model_dir / "model.skops"
    with zipfile.ZipFile(src) as zin:
        members = {n: zin.read(n) for n in zin.namelist()}
    schema = json.loads(members["schema.json"])
    edit(schema)
    members["schema.json"] = json.dumps(schema).encode()
    members.update(extra_members or {})
    with zipfile.ZipFile(src, "w") as zout:
        for n, data in members.items():
            zout.writestr(n, data)
    _reseal(model_dir)


def _json_str(value: str) -> dict:
    return {"__class__": "str", "__module__": "builtins", "__loader__": "JsonNode", "content": json.dumps(value), "is_json": True, "__id__": 1}


def _reduce_node(module: str, name: str, *args: str, loader: str = "ConstructorFromReduceNode") -> dict:
    """A reduce constructor: skops' ConstructorFromReduceNode calls ``module.name(*args)``
    (TreeNode and LossNode are reduce nodes with a fixed constructor)."""
    args_node = {"__class__": "tuple", "__module__": "builtins", "__loader__": "TupleNode", "content": [_json_str(a) for a in args], "__id__": 2}
    if loader == "ConstructorFromReduceNode":
        return {"__class__": name, "__module__": module, "__loader__": loader, "content": args_node, "__id__": 5}
    return {
        "__class__": name,
        "__module__": module,
        "__loader__": loader,
        "__reduce__": {
            "args": {"__class__": "tuple", "__module__": "builtins", "__loader__": "TupleNode", "content": [_json_str(a) for a in args], "__id__": 2}
        },
        "content": {"__class__": "dict", "__module__": "builtins", "__loader__": "DictNode", "content": {}, "key_types": {"__class__": "list", "__module__": "builtins", "__loader__": "ListNode", "content": [], "__id__": 4}, "__id__": 3},
        "__id__": 5,
    }


def _smuggle(node: dict):
    """An edit that adds ``node`` as one more attribute of the top-level estimator."""

    def edit(schema: dict) -> None:
        attrs = schema["content"]
        attrs["content"]["smuggled_"] = node
        attrs["key_types"]["content"].append({"__class__": "str", "__module__": "builtins", "__loader__": "TypeNode", "__id__": 6})

    return edit


def _payload(marker: Path) -> str:
    return f"open({str(marker)!r}, 'w').write('pwned')"


@pytest.mark.parametrize(
    "module,name,args",
    [
        ("builtins", "exec", ("{code}",)),
        ("builtins", "eval", ("{code}",)),
        ("builtins", "__import__", ("os",)),
        ("os", "system", ("touch {marker}",)),
        ("posix", "system", ("touch {marker}",)),
        ("builtins", "getattr", ("{code}", "join")),
        ("builtins", "compile", ("{code}", "x", "exec")),
        ("builtins", "open", ("{marker}", "w")),
    ],
)
@pytest.mark.parametrize("loader", ["ConstructorFromReduceNode", "TreeNode", "LossNode", "ReduceNode"])
def test_reduce_constructors_are_refused_and_run_nothing(tmp_path, module, name, args, loader):
    marker = tmp_path / "pwned"
    p = _copy(tmp_path)
    args = tuple(a.format(code=_payload(marker), marker=marker) for a in args)
    _rewrite(p, _smuggle(_reduce_node(module, name, *args, loader=loader)))
    with pytest.raises(ModelError, match=rf"E202.*{name}.*not allowed"):
        load_model(p).estimator
    assert not marker.exists()


def test_the_exec_fixture_really_runs_code_under_a_loader_that_trusts_every_listed_type(tmp_path):
    """The fixtures above are live: the pre-0.2 loader (trust all that
    get_untrusted_types lists under a builtins. prefix) would have run it."""
    import skops.io as sio

    marker = tmp_path / "pwned"
    p = _copy(tmp_path)
    _rewrite(p, _smuggle(_reduce_node("builtins", "exec", _payload(marker))))
    untrusted = sio.get_untrusted_types(file=p / "model.skops")
    assert "builtins.exec" in untrusted
    est = sio.load(p / "model.skops", trusted=untrusted)
    assert marker.read_text() == "pwned"  # the code ran as the calling user...
    assert est.predict_proba(["Built lead scoring with the SDR team"]).shape == (1, 2)  # ...and the model still scores


@pytest.mark.parametrize("loader", ["FunctionNode", "MethodNode", "PartialNode", "OperatorFuncNode", "TypeNode", "ObjectNode", "NdArrayNode"])
def test_function_and_type_nodes_naming_callables_are_refused(tmp_path, loader):
    marker = tmp_path / "pwned"
    p = _copy(tmp_path)
    node = {"__class__": "system", "__module__": "os", "__loader__": loader, "content": {"func": "system", "obj": _json_str(f"touch {marker}")}, "__id__": 9}
    _rewrite(p, _smuggle(node))
    with pytest.raises(ModelError, match="E202.*not allowed"):
        load_model(p).estimator
    assert not marker.exists()


class _Boom:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('pwned')",))


def test_a_pickled_numpy_object_array_is_refused_and_not_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    p = _copy(tmp_path)
    arr = np.empty(1, dtype=object)
    arr[0] = _Boom(str(marker))
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=True)
    node = {"__class__": "ndarray", "__module__": "numpy", "__loader__": "NdArrayNode", "type": "numpy", "file": "evil.npy", "__id__": 11}
    _rewrite(p, _smuggle(node), {"evil.npy": buf.getvalue()})
    with pytest.raises(ModelError, match="E202.*Python objects"):
        load_model(p).estimator
    assert not marker.exists()


def test_a_pickle_renamed_skops_is_refused_and_not_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    p = _copy(tmp_path)
    (p / "model.skops").write_bytes(pickle.dumps(_Boom(str(marker))))
    _reseal(p)
    with pytest.raises(ModelError, match="E202.*not a skops file"):
        load_model(p).estimator
    assert not marker.exists()


def test_a_model_file_that_does_not_match_its_recorded_hash_is_refused(tmp_path):
    p = _copy(tmp_path)
    _rewrite(p, lambda schema: None)  # same content, new zip bytes
    meta = json.loads((p / "meta.json").read_text())
    meta["model_sha256"] = "0" * 64
    (p / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="E202.*sha256"):
        load_model(p).estimator


def test_a_model_without_a_recorded_hash_is_refused(tmp_path):
    p = _copy(tmp_path)
    meta = json.loads((p / "meta.json").read_text())
    del meta["model_sha256"]
    (p / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="E202.*model_sha256"):
        load_model(p)


def test_an_unreviewed_skops_protocol_is_refused(tmp_path):
    p = _copy(tmp_path)
    _rewrite(p, lambda schema: schema.update(protocol=99))
    with pytest.raises(ModelError, match="E202.*protocol"):
        load_model(p).estimator


def test_the_shipped_model_needs_only_reviewed_types():
    """Fails when a retrained model brings a type nobody reviewed: add it to
    ALLOWED_NODES by hand, after checking it is data, not a callable."""
    trusted = audit_model_file(default_model_path() / "model.skops")
    allowed = {f"{m}.{c}" for _, m, c in ALLOWED_NODES}
    assert set(trusted) <= allowed
    banned = {"exec", "eval", "getattr", "setattr", "__import__", "open", "compile", "system", "Popen", "partial"}
    assert not {c for _, _, c in ALLOWED_NODES} & banned
    assert not {loader for loader, _, _ in ALLOWED_NODES} & {"ReduceNode", "TreeNode", "LossNode", "FunctionNode", "MethodNode", "OperatorFuncNode", "PartialNode", "ConstructorFromReduceNode"}


def test_screening_never_reads_model_skops_and_its_estimator_is_still_refused(tmp_path):
    """Screening predicts from inference.npz (sha256-checked); a hostile model.skops beside it runs
    nothing while screening and is refused as soon as anything asks for the estimator."""
    from collabscreen import Screener

    marker = tmp_path / "pwned"
    p = _copy(tmp_path)
    _rewrite(p, _smuggle(_reduce_node("builtins", "exec", _payload(marker))))
    model = load_model(p)
    r = Screener(model=model).screen_text("Experience\nRan joint webinars with the sales team to hand leads over.")
    assert r.status == "ok" and 0.0 <= r.score <= 1.0
    with pytest.raises(ModelError, match="E202.*exec.*not allowed"):
        model.estimator
    assert not marker.exists()
