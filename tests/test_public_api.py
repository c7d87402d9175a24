"""The public namespace: __all__ matches what is exported, and importing is cheap."""

from __future__ import annotations

import subprocess
import sys

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
        "import sys, collabscreen; heavy = [m for m in ('spacy', 'sklearn', 'pdfminer', 'docx', 'pandas', 'matplotlib') "
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
    e = collabscreen.EncryptedDocumentError(errors.Errors.E101.format(source="cv.pdf"), source="cv.pdf")
    assert e.code == "E101" and e.source == "cv.pdf" and "password" in e.reason and not e.reason.startswith("[")
