"""Property tests: whatever the bytes, extraction either succeeds or raises a
CollabscreenError subclass, within a generous time bound."""

from __future__ import annotations

import contextlib
import signal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabscreen.errors import CollabscreenError
from collabscreen.extract import extract_text
from collabscreen.types import ExtractedText

from .conftest import simple_pdf, table_resume_docx

LIMIT_S = 10

PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"{\\rtf1 ",
    b"<html><body>",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xff\xfe",
    b"\xef\xbb\xbf# ",
]


class TooSlow(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    def handler(signum, frame):
        raise TooSlow(f"extraction took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check(data: bytes) -> None:
    with time_limit(LIMIT_S):
        try:
            doc = extract_text(data)
        except CollabscreenError as e:
            assert e.code and e.code.startswith("E1"), e
            assert "<bytes>" in str(e) or e.code == "E110"
            return
    assert isinstance(doc, ExtractedText)
    assert doc.text.strip()
    assert doc.page_starts[0] == 0 and list(doc.page_starts) == sorted(doc.page_starts)


_settings = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@_settings
@given(st.sampled_from(PREFIXES), st.binary(max_size=3000))
def test_arbitrary_bytes(prefix, body):
    check(prefix + body)


@pytest.fixture(scope="module")
def valid_files():
    pdf = simple_pdf(["Jordan Example", "Account Executive", "Worked with marketing on lead scoring"])
    return {"pdf": pdf, "docx": table_resume_docx()}


def _mutate(data: bytes, flips, cut) -> bytes:
    b = bytearray(data)
    for pos, val in flips:
        b[pos % len(b)] = val
    if cut is not None:
        b = b[: max(1, int(len(b) * cut))]
    return bytes(b)


_mutation = (
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=12),
    st.one_of(st.none(), st.floats(0.0, 1.0)),
)


@_settings
@given(*_mutation)
def test_mutated_pdf(valid_files, flips, cut):
    check(_mutate(valid_files["pdf"], flips, cut))


@_settings
@given(*_mutation)
def test_mutated_docx(valid_files, flips, cut):
    check(_mutate(valid_files["docx"], flips, cut))
