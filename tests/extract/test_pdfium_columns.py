"""The PDFium backend reads a page's characters as columns (numpy arrays) and builds its
text lines from spans of them. These tests check the array paths against the
one-character-at-a-time paths they replace: pdfminer's own layout of the same
characters as LTChar objects, Python's min/max of a box's corners, and the hidden-text
rule applied to one character."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collabscreen import extract_text
from collabscreen.extract import pdf, pdfium

from .conftest import DEV, SAMPLES, pdf_bytes
from .test_pdf_backends import FIXTURES


def _pdfminer_layout(layout, chars, params):
    """pdfminer's own analysis of the page's characters, one LTChar each."""
    for ch in chars.objects(pdfium._CHAR):
        layout.add(ch)
    layout.analyze(params)


def _result(data):
    try:
        doc = extract_text(data, pdf_backend="pdfium")
    except Exception as e:  # noqa: BLE001 - the error is part of what must agree
        return type(e).__name__, getattr(e, "code", None)
    return doc.text, doc.warnings, doc.metadata


PDFS = {name: make for name, make in FIXTURES.items()}
# words set apart by their positions only (no space glyph): pdfminer's word margin puts the spaces
PDFS["words placed apart"] = lambda: pdf_bytes(
    [[(72, 700, "Account"), (111, 700, "Executive,"), (160, 700, "Acme"), (72, 680, "Closed"), (106, 680, "deals")]]
)
PDFS.update({p.name: p.read_bytes for p in sorted(SAMPLES.glob("*.pdf"))})
PDFS.update({p.name: p.read_bytes for p in sorted((DEV / "pdf").glob("*.pdf"))[:3]})


@pytest.mark.parametrize("name", sorted(PDFS))
def test_lines_from_columns_read_as_pdfminers_layout_of_the_same_characters(name, monkeypatch):
    data = PDFS[name]()
    fast = _result(data)
    monkeypatch.setattr(pdfium, "_analyze", _pdfminer_layout)
    assert _result(data) == fast


def test_the_comparison_covers_hidden_text_word_gaps_and_real_resumes():
    texts = {name: _result(PDFS[name]()) for name in ("hidden white", "hidden tiny", "hidden off page")}
    assert all(r[2]["hidden_chars"] > 0 for r in texts.values()), texts
    apart = _result(PDFS["words placed apart"]())[0]
    assert "Account Executive, Acme" in apart and "Closed deals" in apart, apart
    assert len([p for p in PDFS if p.endswith(".pdf")]) >= 5


def _python_rect(m, x0, y0, x1, y1):
    """The page matrix applied to one box, as the backend did it before: Python's min and max."""
    a, b, c, d, e, f = m
    xs = (a * x0 + c * y0 + e, a * x1 + c * y1 + e, a * x0 + c * y1 + e, a * x1 + c * y0 + e)
    ys = (b * x0 + d * y0 + f, b * x1 + d * y1 + f, b * x0 + d * y1 + f, b * x1 + d * y0 + f)
    return min(xs), min(ys), max(xs), max(ys)


def _bits(values):
    return [struct.pack("<d", v) for v in values]


_floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, -0.0, 1.0, -1.0]))
_matrices = st.one_of(
    st.sampled_from([(1, 0, 0, 1, -10.0, 0.0), (0, -1, 1, 0, -0.0, 612.0), (-1, 0, 0, -1, 612.0, 792.0), (0, 1, -1, 0, 792.0, 0.0)]),
    st.tuples(*[_floats] * 6),
)


@settings(max_examples=200, deadline=None)
@given(m=_matrices, boxes=st.lists(st.tuples(*[_floats] * 4), min_size=1, max_size=8))
def test_page_matrix_on_arrays_is_pythons_min_and_max_per_box(m, boxes):
    x0, y0, x1, y1 = (np.array(col, dtype=float) for col in zip(*boxes))
    with np.errstate(all="ignore"):
        got = pdfium._apply_rects(m, x0, y0, x1, y1)
    for row, box in zip(got.tolist(), boxes):
        assert _bits(row) == _bits(_python_rect(m, *box))


@settings(max_examples=200, deadline=None)
@given(
    chars=st.lists(st.tuples(*[_floats] * 5, st.booleans()), min_size=1, max_size=8),
    page=st.one_of(st.none(), st.tuples(st.just(0.0), st.just(0.0), st.floats(1, 2000), st.floats(1, 2000))),
)
def test_hidden_rule_on_arrays_is_the_rule_per_character(chars, page):
    size, x0, y0, x1, y1, white = (np.array(col) for col in zip(*chars))
    flags = pdf._hidden(size, x0, y0, x1, y1, white, page).tolist()
    assert flags == [bool(pdf._hidden(*ch, page)) for ch in chars]
    for ch, hidden in zip(chars, flags):
        s, a, b, c, d, w = ch
        off = page is not None and (c < page[0] or a > page[2] or d < page[1] or b > page[3])
        assert hidden == (s < 1.5 or off or w)
