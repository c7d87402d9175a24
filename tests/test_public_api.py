"""The public namespace: __all__ matches what is exported, and importing is cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest

import collabscreen


def test_all_names_resolve():
    for name in collabscreen.__all__:
        assert getattr(collabscreen, name) is not None, name


def test_all_equals_public_names():
    public = {n for n in dir(collabscreen) if not n.startswith("_")} - {"annotations", "errors", "types", "TYPE_CHECKING", "Any"}
    public -= {m for m in public if m in sys.modules.get("collabscreen").__dict__ and type(getattr(collabscreen, m)).__name__ == "module"}
    assert public <= set(collabscreen.__all__) | {"__version__"}, public - set(collabscreen.__all__)


def test_import_does_not_load_heavy_libraries():
    code = (
        "import sys, collabscreen; heavy = [m for m in ('spacy', 'sklearn', 'pdfminer', 'docx', 'pandas', 'matplotlib', 'dask', 'distributed', 'fsspec') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_errors_share_one_base_and_carry_codes():
    from collabscreen import errors

    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, collabscreen.CollabscreenError)
    e = collabscreen.EncryptedDocumentError.from_code("E101", source="cv.pdf")
    assert e.code == "E101" and e.source == "cv.pdf" and "password" in e.reason and not e.reason.startswith("[")
    assert str(e).startswith("[E101] cv.pdf: ")


def test_every_catalogue_entry_builds_its_own_message():
    """from_code fills each template from named fields; the code is never parsed back out of text."""
    import string

    from collabscreen import errors

    codes = [c for c in vars(errors.Errors) if c[:1] == "E" and c[1:].isdigit()]
    assert len(codes) >= 25
    for code in codes:
        fields = {f for _, f, _, _ in string.Formatter().parse(getattr(errors.Errors, code).split("] ", 1)[1]) if f}
        values = {f: 7 for f in fields if f not in ("source", "path")}
        e = errors.CollabscreenError.from_code(code, source="x/cv.pdf", **values)
        assert e.code == code and str(e).startswith(f"[{code}] ")
        assert "{" not in str(e), (code, str(e))
        if fields & {"source", "path"}:
            assert "x/cv.pdf" in e.reason
    # a message that merely looks coded is not given a code
    assert errors.CollabscreenError("[E101] looks coded").code is None


def test_public_errors_are_also_the_builtin_kinds():
    from sklearn.exceptions import NotFittedError as SkNotFitted

    from collabscreen.model import CollabClassifier
    from collabscreen.scoring import ScoringConfig

    with pytest.raises(collabscreen.ConfigError) as info:
        ScoringConfig(strong=2.0)
    assert isinstance(info.value, ValueError) and info.value.code == "E400"
    with pytest.raises(collabscreen.NotFittedError) as info:
        CollabClassifier().predict_proba(["a sentence"])
    assert isinstance(info.value, SkNotFitted) and isinstance(info.value, collabscreen.CollabscreenError)
    assert issubclass(collabscreen.MissingDependencyError, ImportError)


def test_each_error_code_is_defined_once():
    """A code assigned twice in the catalogue silently replaces the first message."""
    import re
    from pathlib import Path

    from collabscreen import errors

    codes = re.findall(r"^    (E\d{3}) = ", Path(errors.__file__).read_text(encoding="utf-8"), flags=re.M)
    assert len(codes) == len(set(codes)), sorted(c for c in set(codes) if codes.count(c) > 1)
