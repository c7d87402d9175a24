"""Format detection, input types, size limits and error codes."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import collabscreen
from collabscreen.errors import (
    CollabscreenError,
    EmptyDocumentError,
    ExtractionError,
    FileTooLargeError,
    UnsupportedFormatError,
)
from collabscreen.extract import detect_format, extract_text

from .conftest import zip_bytes

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


@pytest.mark.parametrize(
    "data, name, fmt",
    [
        (b"%PDF-1.7\n...", None, "pdf"),
        (b"junk before header %PDF-1.4\n", None, "pdf"),
        (b"{\\rtf1\\ansi hello}", None, "rtf"),
        (b"\xef\xbb\xbf{\\rtf1 hi}", None, "rtf"),
        (b"<!DOCTYPE html><p>x</p>", None, "html"),
        (b"  <html><body>x</body></html>", "cv.txt", "html"),
        (b"<div>hello</div>", None, "html"),
        (b"# Name\n\n## Skills\n- a\n", None, "markdown"),
        (b"Plain resume\nline two", None, "text"),
        (b"Plain resume", "cv.md", "markdown"),
        (b"Jane Doe\nSales", "cv.pdf", "text"),  # the extension is only a hint
    ],
)
def test_detect_format(data, name, fmt):
    assert detect_format(data, name) == fmt


def test_detect_zip_kinds(plain_docx):
    assert detect_format(plain_docx) == "docx"
    odt = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    assert detect_format(odt) == "odt"
    ods = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    with pytest.raises(UnsupportedFormatError):
        detect_format(ods)


@pytest.mark.parametrize(
    "data, what",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "PNG"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 50, "JPEG"),
        (b"GIF89a" + b"\0" * 20, "GIF"),
        (b"MZ\x90\x00" + b"\0" * 60, "executable"),
        (b"\x7fELF\x02\x01" + b"\0" * 60, "executable"),
        (b"\x1f\x8b\x08\x00" + b"\0" * 20, "gzip"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_unsupported_binary(data, what):
    with pytest.raises(UnsupportedFormatError, match=what) as e:
        extract_text(data)
    assert e.value.code == "E105"


def test_legacy_doc(tmp_path):
    p = tmp_path / "old_resume.doc"
    p.write_bytes(OLE + "WordDocument".encode("utf-16-le"))
    with pytest.raises(UnsupportedFormatError) as e:
        extract_text(p)
    assert e.value.code == "E106"
    assert "old_resume.doc" in str(e.value) and "libreoffice" in str(e.value)


def test_password_protected_office_file():
    with pytest.raises(UnsupportedFormatError, match="password"):
        extract_text(OLE + "EncryptedPackage".encode("utf-16-le"))


def test_extension_mismatch_warns(tmp_path, plain_docx):
    p = tmp_path / "resume.pdf"
    p.write_bytes(plain_docx)
    doc = extract_text(p)
    assert doc.format == "docx"
    assert any(".pdf" in w and "docx" in w for w in doc.warnings)


def test_input_types(tmp_path, plain_pdf):
    p = tmp_path / "r.pdf"
    p.write_bytes(plain_pdf)
    ref = extract_text(p)
    assert ref.source == str(p)
    assert extract_text(str(p)) == ref
    assert extract_text(plain_pdf).text == ref.text
    assert extract_text(bytearray(plain_pdf)).text == ref.text
    assert extract_text(memoryview(plain_pdf)).text == ref.text
    assert extract_text(io.BytesIO(plain_pdf)).source == "<bytes>"
    with open(p, "rb") as fh:
        assert extract_text(fh) == ref
    assert extract_text(ref) is ref
    assert collabscreen.extract_text is extract_text


def test_unsupported_input_type(tmp_path):
    for bad in (42, None, ["a"], object()):
        with pytest.raises(ExtractionError) as e:
            extract_text(bad)
        assert e.value.code == "E110"
    p = tmp_path / "t.txt"
    p.write_text("hello")
    with open(p) as fh, pytest.raises(ExtractionError) as e:
        extract_text(fh)
    assert e.value.code == "E110"


def test_missing_and_directory(tmp_path):
    with pytest.raises(ExtractionError, match="nope.pdf") as e:
        extract_text(tmp_path / "nope.pdf")
    assert e.value.code == "E100"
    with pytest.raises(ExtractionError) as e:
        extract_text(tmp_path)
    assert e.value.code == "E100"


def test_too_large(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:  # sparse: stat says 50 MB, nothing is read
        fh.truncate(50_000_000)
    with pytest.raises(FileTooLargeError, match="huge.txt") as e:
        extract_text(p)
    assert e.value.code == "E107"
    with pytest.raises(FileTooLargeError):
        extract_text(b"x" * 101, max_bytes=100)
    with pytest.raises(FileTooLargeError):
        extract_text(io.BytesIO(b"x" * 101), max_bytes=100)
    assert extract_text(b"x" * 100, max_bytes=100).text == "x" * 100


def test_empty(tmp_path):
    p = tmp_path / "empty.docx"
    p.write_bytes(b"")
    with pytest.raises(EmptyDocumentError, match="empty.docx") as e:
        extract_text(p)
    assert e.value.code == "E103"
    with pytest.raises(EmptyDocumentError):
        extract_text(b"")


def test_bad_arguments():
    with pytest.raises(CollabscreenError):
        extract_text(b"x", format="exe")
    with pytest.raises(CollabscreenError):
        extract_text(b"x", max_bytes=0)


def test_forced_format(plain_pdf):
    assert extract_text(b"# Title\nbody", format="text").text == "# Title\nbody"
    assert extract_text(plain_pdf, format="pdf").format == "pdf"


def test_sha256_and_determinism(plain_pdf):
    import hashlib

    a, b = extract_text(plain_pdf), extract_text(plain_pdf)
    assert a == b and a.metadata == b.metadata
    assert a.sha256 == hashlib.sha256(plain_pdf).hexdigest()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text("x")
    p.chmod(0)
    with pytest.raises(ExtractionError) as e:
        extract_text(p)
    assert e.value.code == "E100"


def test_import_is_cheap():
    import subprocess
    import sys

    code = (
        "import sys, collabscreen, collabscreen.extract;"
        "heavy = [m for m in ('pdfminer', 'docx', 'odf', 'bs4', 'ftfy', 'striprtf', 'charset_normalizer')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_from_text_is_the_repaired_text_and_repair_is_idempotent(text):
    """extract.from_text: digest of the input, repaired text; repairing its output again changes nothing."""
    import hashlib

    from collabscreen.errors import EmptyDocumentError
    from collabscreen.extract import from_text

    try:
        doc = from_text(text, source="ats-field")
    except EmptyDocumentError as exc:  # only when repair leaves nothing but white space
        assert exc.code == "E109"
        return
    assert doc.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest() and doc.source == "ats-field"
    assert from_text(doc.text).text == doc.text


def test_from_text_limits():
    from collabscreen.errors import EmptyDocumentError, FileTooLargeError
    from collabscreen.extract import from_text

    with pytest.raises(FileTooLargeError, match=r"\[E112\]"):
        from_text("x" * 101, max_chars=100)
    with pytest.raises(EmptyDocumentError, match=r"\[E109\]"):
        from_text(" \n\t ")
