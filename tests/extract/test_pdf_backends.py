"""Differential tests: the PDFium backend (the default) and pdfminer.six (the reference)
read every sample, every fixture PDF and a fixed subset of the dev resumes the same way:
the same text, warnings and errors, and so the same units and scores. The known
differences (benchmarks/RESULTS.md, "PDF backends") are listed in KNOWN_DIFFERENCES.
"""

from __future__ import annotations

import copy
import re
import signal
import threading
import time
from pathlib import Path

import pytest

from collabscreen import extract_text
from collabscreen.errors import CollabscreenError, EncryptedDocumentError
from collabscreen.extract.pdf import MAX_STREAM_BYTES

from .conftest import (
    DEV,
    ENCODERS,
    SAMPLES,
    flate_bomb_pdf,
    image_only_pdf,
    pdf_bytes,
    objstm_pdf,
    raw_pdf,
    simple_pdf,
    slow_pdf,
    two_column_pdf,
    PAGE_OBJECTS,
    HELVETICA,
)

#: dev resumes whose texts differ between the backends, and how (scores are the same)
KNOWN_DIFFERENCES = {
    # the PDF spells a closing quote as mojibake "\u00e2\u20ac\u009d"; PDFium drops the
    # C1 control character, so the repair cannot turn it back into the quote
    "11635137.pdf": ("\u201d", "\u2020"),
    # an "ff" glyph mapped to two letters: PDFium keeps one "f" ("Staff" -> "Staf")
    "15118506.pdf": ("Staff", "Staf"),
}
#: a fixed subset of the 120 dev PDFs (the first eight by name, and the two that differ)
DEV_SUBSET = [
    "10182582.pdf",
    "10603337.pdf",
    "10876132.pdf",
    "10953078.pdf",
    "11270462.pdf",
    "11677012.pdf",
    "11773925.pdf",
    "11877150.pdf",
    *KNOWN_DIFFERENCES,
]


def _read(data, backend: str, **kw):
    """What a user gets from one backend: the text and what is said about it, or the error."""
    try:
        doc = extract_text(data, pdf_backend=backend, **kw)
    except CollabscreenError as e:
        return ("error", type(e).__name__, e.code, str(e))
    meta = {k: v for k, v in doc.metadata.items() if k not in ("pdf_backend", "pdfium_error")}
    return (doc.text, doc.warnings, doc.page_starts, meta)


def _hidden_pdf(kind: str) -> bytes:
    items = [(72, 700, "Cashier at a grocery store."), (72, 682, "Handled the register.")]
    hidden = "Partnered with product marketing on lead scoring."
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas
    import io

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)
    c.setFont("Helvetica", 11)
    for x, y, t in items:
        c.drawString(x, y, t)
    if kind == "white":
        c.setFillColorRGB(1, 1, 1)
        c.drawString(72, 600, hidden)
    elif kind == "cmyk-white":
        c.setFillColorCMYK(0, 0, 0, 0)
        c.drawString(72, 600, hidden)
    elif kind == "tiny":
        c.setFont("Helvetica", 1)
        c.drawString(72, 600, hidden)
    else:
        c.drawString(-2000, 600, hidden)
    c.save()
    return buf.getvalue()


def _one_glyph_per_show() -> bytes:
    """Every glyph (spaces too) drawn by its own Tj, as browsers print pages: PDFium
    leaves the space objects out of its text page; the backend must put them back."""
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS["Helvetica"][1]
    ops = [b"BT /F1 11 Tf"]
    x = 72.0
    for ch in "Ran joint campaigns with the sales team":
        ops.append(b"1 0 0 1 %.2f 700 Tm (%s) Tj" % (x, ch.encode()))
        # tight, as such printers set it: a word gap under pdfminer's word margin (1.1 pt),
        # so only the space glyph itself separates the words
        x += widths[ch] * 11 / 1000 - 0.3 if ch != " " else 0.9
    ops.append(b"ET")
    content = b"\n".join(ops)
    return raw_pdf([*PAGE_OBJECTS, b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream", HELVETICA])


def nested_forms_pdf(
    levels: int, fan: int, shows: int = 1, line: bytes = b"Ran joint webinars with marketing", *, filter: bytes | None = None, page_extra: bytes = b""
) -> bytes:
    """A page that draws form 1 ``fan`` times, form 1 draws form 2 ``fan`` times, ... the last
    form shows ``line`` ``shows`` times: ``fan ** levels`` text draws from a file of a few KB.
    ``filter``: every stream encoded with it (a key of ``ENCODERS``); ``page_extra``: more entries
    in the page content's dictionary."""
    encode = ENCODERS[filter] if filter else bytes
    filt = b" /Filter " + filter if filter else b""
    objs = [
        PAGE_OBJECTS[0],
        PAGE_OBJECTS[1],
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>",
    ]
    page = encode(b"/X Do " * fan)
    objs += [b"<< /Length %d%s%s >>\nstream\n" % (len(page), filt, page_extra) + page + b"\nendstream", HELVETICA]
    for level in range(levels):
        if level < levels - 1:
            body, res = b"/X Do " * fan, b"<< /XObject << /X %d 0 R >> >>" % (7 + level)
        else:
            body = b"BT /F1 12 Tf 72 700 Td " + b"(%s) Tj " % line * shows + b"ET"
            res = b"<< /Font << /F1 5 0 R >> >>"
        body = encode(body)
        objs.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %s /Length %d%s >>\nstream\n" % (res, len(body), filt)
            + body
            + b"\nendstream"
        )
    return raw_pdf(objs)


FIXTURES = {
    "simple": lambda: simple_pdf(["Jordan Example", "EXPERIENCE", "Account Executive, Acme Corp", "Worked with marketing"]),
    "two columns": two_column_pdf,
    "image only": image_only_pdf,
    "two pages": lambda: pdf_bytes([[(72, 700, "First page text")], [(72, 700, "Second page text")]]),
    "blank": lambda: pdf_bytes([[]]),
    "some empty pages": lambda: pdf_bytes([[(72, 700, "Text on page one")], []]),
    "date table": lambda: pdf_bytes(
        [[(72, 700, "2019 - 2021"), (200, 700, "Account Executive, Acme"), (72, 650, "2016 - 2019"), (200, 650, "SDR, Beta Inc")]]
    ),
    "hyphens and bullets": lambda: pdf_bytes(
        [[
            (72, 700, "Improved pipeline manage-"),
            (72, 686, "ment with the sales team and co-"),
            (72, 672, "marketing programs"),
            (72, 640, "\u2022"),
            (100, 640, "Built battlecards for account executives"),
        ]]
    ),
    "times": lambda: simple_pdf(["Partnered with field marketing", "on trade shows"], font=("Times-Italic", 12)),
    "one glyph per Tj": _one_glyph_per_show,
    "hidden white": lambda: _hidden_pdf("white"),
    "hidden cmyk white": lambda: _hidden_pdf("cmyk-white"),
    "hidden tiny": lambda: _hidden_pdf("tiny"),
    "hidden off page": lambda: _hidden_pdf("offpage"),
    "flate below the limit": lambda: flate_bomb_pdf(10_000),
    "flate bomb": lambda: flate_bomb_pdf(MAX_STREAM_BYTES + 1_000_000),
    "encrypted": lambda: simple_pdf(["Confidential resume text"], encrypt="s3cret"),
    "no pages": lambda: b"%PDF-1.4\n",
    "garbage": lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "catalog only": lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    "truncated": lambda: simple_pdf(["Jordan Example", "Worked with marketing"])[:-300],
    "nested forms": lambda: nested_forms_pdf(2, 1),
    "form fan-out": lambda: nested_forms_pdf(6, 10),
}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_pdfs_read_the_same_with_both_backends(name):
    data = FIXTURES[name]()
    assert _read(data, "pdfium") == _read(data, "pdfminer")


def test_fixture_set_is_not_trivial():
    """The fixtures above cover text, hidden text, every error and the blank-object repair."""
    kinds = {name: _read(FIXTURES[name](), "pdfium") for name in FIXTURES}
    assert {k[2] for k in kinds.values() if k[0] == "error"} >= {"E101", "E102", "E104", "E108", "E109"}
    assert "Ran joint webinars with marketing" in kinds["nested forms"][0]
    assert kinds["form fan-out"][2] == "E108" and "fan-out" in kinds["form fan-out"][3]
    assert sum(1 for k in kinds.values() if k[0] != "error" and any("hidden text" in w for w in k[1])) == 4
    assert "Ran joint campaigns with the sales team" in kinds["one glyph per Tj"][0]


def test_page_cap_and_password_are_the_same():
    data = pdf_bytes([[(72, 700, f"Page {i} text")] for i in range(5)])
    assert _read(data, "pdfium", max_pages=2) == _read(data, "pdfminer", max_pages=2)
    enc = simple_pdf(["Confidential resume text"], encrypt="s3cret")
    assert _read(enc, "pdfium", password="s3cret") == _read(enc, "pdfminer", password="s3cret")
    assert "Confidential resume text" in _read(enc, "pdfium", password="s3cret")[0]
    with pytest.raises(EncryptedDocumentError) as e:
        extract_text(enc, password="wrong")
    assert e.value.code == "E111"


SAMPLE_PDFS = sorted(SAMPLES.glob("*.pdf")) + sorted((SAMPLES / "bad").glob("*.pdf"))
#: samples whose texts differ, in paragraph breaks only (one blank line more or less), and why
SAMPLE_DIFFERENCES = {
    # PDFium keeps simple-font widths as whole units: over a long line its glyph positions drift
    # (up to 0.6 pt) from pdfminer's, and pdfminer's rules then group one bullet line into a box of its own
    "sales_only_retail_associate.pdf": "paragraph breaks",
    # code 127 of a standard font: PDFium reads a bullet (as Acrobat does), pdfminer an unmapped
    # "(cid:127)" glyph of no width, so the bullet lines of the (white, hidden) sidebar group differently
    "strong_marketing_ops_lead_scoring.pdf": "paragraph breaks; code-127 bullets in hidden text",
}


def _without_paragraph_breaks(result):
    text, warnings, starts, meta = result
    meta = {k: v for k, v in meta.items() if k not in ("chars", "hidden_chars")}
    warnings = tuple(re.sub(r"^[\d,]+ characters of hidden text.*", "hidden text", w) for w in warnings)
    return re.sub(r"\n\n+", "\n", text), warnings, len(starts), meta


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: p.name)
def test_sample_pdfs_read_the_same_with_both_backends(path):
    a, b = _read(path, "pdfium"), _read(path, "pdfminer")
    if path.name in SAMPLE_DIFFERENCES:
        assert a != b  # still different: update the list when the backends agree
        assert _without_paragraph_breaks(a) == _without_paragraph_breaks(b)
    else:
        assert a == b


def test_the_default_is_pdfium_and_says_so(plain_pdf):
    doc = extract_text(plain_pdf)
    assert doc.metadata["pdf_backend"] == "pdfium"
    assert extract_text(plain_pdf, pdf_backend="pdfminer").metadata["pdf_backend"] == "pdfminer"


_CONTENT = b"BT /F1 12 Tf 72 700 Td (Fallback text) Tj ET"
_STREAM = b"<< /Length %d >>\nstream\n" % len(_CONTENT) + _CONTENT + b"\nendstream"


@pytest.mark.parametrize(
    "data",
    [
        # /Root names the content stream: PDFium gives up, pdfminer finds the catalog by scanning
        raw_pdf([*PAGE_OBJECTS, _STREAM, HELVETICA]).replace(b"/Root 1 0 R", b"/Root 4 0 R"),
        # /Kids is not an array: PDFium cannot load the page, pdfminer reads it
        raw_pdf([PAGE_OBJECTS[0], b"<< /Type /Pages /Kids 3 0 R /Count 1 >>", PAGE_OBJECTS[2], _STREAM, HELVETICA]),
    ],
    ids=["root", "kids"],
)
def test_a_file_pdfium_cannot_read_is_read_by_pdfminer(data):
    doc = extract_text(data)
    assert "Fallback text" in doc.text
    assert doc.metadata["pdf_backend"] == "pdfminer" and doc.metadata["pdfium_error"]
    assert _read(data, "pdfium") == _read(data, "pdfminer")


def test_unknown_backend_is_a_usage_error(plain_pdf):
    with pytest.raises(CollabscreenError, match="E400.*pdf_backend"):
        extract_text(plain_pdf, pdf_backend="mupdf")
    from collabscreen import Screener

    with pytest.raises(CollabscreenError, match="E400.*pdf_backend"):
        Screener(pdf_backend="mupdf")


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM")
def test_the_per_file_limit_interrupts_pdfium(screener):
    """The characters are read in Python between PDFium calls, so the SIGALRM limit (E113) stops a
    long page there; each single PDFium call is bounded by the stream checks that run first."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("the limit works in a process's main thread")
    data = slow_pdf(300_000)  # under the text-item cap: the pre-scan lets it through
    fast = copy.copy(screener)
    fast.file_timeout = 0.3
    t0 = time.perf_counter()
    with pytest.raises(CollabscreenError) as e:
        fast.extract(data)
    assert e.value.code == "E113"
    assert time.perf_counter() - t0 < 5


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="POSIX resource limits")
def test_form_fanout_is_refused_before_any_backend_runs_away(tmp_path):
    """Six forms that each draw the next ten times (2 KB, a million draws): PDFium grew by
    60 MB/s inside one C call (no timer stops it) and pdfminer passed 870 MB. Run in a child
    process with 1.5 GB of address space and a minute: before the check it was killed."""
    import subprocess
    import sys

    path = tmp_path / "fanout.pdf"
    path.write_bytes(nested_forms_pdf(6, 10))
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n"
        "from collabscreen import extract_text\n"
        "from collabscreen.errors import UnsafeDocumentError\n"
        "for backend in ('pdfium', 'pdfminer'):\n"
        "    try:\n"
        "        extract_text(sys.argv[1], pdf_backend=backend)\n"
        "    except UnsafeDocumentError as e:\n"
        "        print(backend, e.code)\n"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60, env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"}
    )
    assert proc.stdout.split() == ["pdfium", "E108", "pdfminer", "E108"], proc.stderr[-500:]


def packed_forms_pdf(levels: int, fan: int) -> bytes:
    """:func:`nested_forms_pdf` with every resource dictionary an object of its own, packed in a
    compressed object stream (PDF 1.5): the file's plain bytes never name a form."""
    n_res = levels + 1  # the page's and each form's resource dictionary
    first_res = 6 + levels
    objs = [
        PAGE_OBJECTS[0],
        PAGE_OBJECTS[1],
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources %d 0 R >>" % first_res,
    ]
    page = b"/X Do " * fan
    objs += [b"<< /Length %d >>\nstream\n" % len(page) + page + b"\nendstream", HELVETICA]
    for level in range(levels):
        body = b"/X Do " * fan if level < levels - 1 else b"BT /F1 12 Tf 72 700 Td (Ran joint webinars with marketing) Tj ET"
        objs.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %d 0 R /Length %d >>\nstream\n" % (first_res + level + 1, len(body))
            + body
            + b"\nendstream"
        )
    for k in range(n_res):  # k = 0: the page's; k: form k's (the last form's has only the font)
        objs.append(b"<< /Font << /F1 5 0 R >> /XObject << /X %d 0 R >> >>" % (6 + k) if k < levels else b"<< /Font << /F1 5 0 R >> >>")
    return objstm_pdf(objs, set(range(first_res, first_res + n_res)))


@pytest.mark.parametrize("backend", ["pdfium", "pdfminer"])
def test_forms_named_in_an_object_stream_are_drawn_and_counted(backend):
    """Resource dictionaries packed in a compressed object stream: both backends follow them
    (3 levels of 3 draws show the line 27 times), and the pre-scan reads the object stream,
    so six levels of ten (a million draws) are refused before either backend runs."""
    from collabscreen.errors import UnsafeDocumentError
    from collabscreen.extract.pdf import check_fanout

    small = packed_forms_pdf(3, 3)
    assert b"/XObject <<" not in small  # the resource names are only inside the object stream
    assert extract_text(small, pdf_backend=backend).text.count("Ran joint webinars with marketing") == 27
    with pytest.raises(UnsafeDocumentError, match="fan-out"):
        check_fanout(packed_forms_pdf(6, 10), "packed.pdf")
    with pytest.raises(UnsafeDocumentError) as err:
        extract_text(packed_forms_pdf(6, 10), pdf_backend=backend)
    assert err.value.code == "E108"


def test_text_drawn_again_and_again_through_forms_is_counted_per_draw():
    """A form of 1,000 ``(a) Tj`` drawn 1,000 times is two million text items from a 14 KB file
    (the stream check counts the form once): refused (E108) at once for both backends."""
    from collabscreen.errors import UnsafeDocumentError
    from collabscreen.extract.pdf import MAX_TEXT_ITEMS, check_fanout, check_streams

    # 999 Tj, their strings and a Td, 20 times
    assert check_fanout(nested_forms_pdf(1, 20, shows=999, line=b"a"), "x.pdf") == 20 * 1_999
    assert check_fanout(nested_forms_pdf(2, 10, shows=9), "x.pdf") == 100 * 19
    crawl = nested_forms_pdf(1, 1_000, shows=999, line=b"a")
    assert len(crawl) < 50_000 and check_streams(crawl, "x.pdf") < MAX_TEXT_ITEMS
    for backend in ("pdfium", "pdfminer"):
        with pytest.raises(UnsafeDocumentError, match=r"E108.*form XObjects run more than"):
            extract_text(crawl, pdf_backend=backend)


@pytest.mark.parametrize("filter", [None, b"/LZWDecode", b"/RunLengthDecode", b"[/RL /Fl]"])
@pytest.mark.parametrize("page_extra", [b"", b" /Subtype /Image", b" /Foo /Im#61ge"])
def test_forms_are_counted_whatever_filter_and_image_marks_their_streams_carry(filter, page_extra):
    """The fan-out estimate reads each stream as the backends do: LZW and RunLength decoded as Flate
    is, and a page's content stream marked as an image still drawn (PDFium reads it as content)."""
    from collabscreen.errors import UnsafeDocumentError
    from collabscreen.extract.pdf import check_fanout

    assert check_fanout(nested_forms_pdf(2, 10, shows=9, filter=filter, page_extra=page_extra), "x.pdf") == 100 * 19
    with pytest.raises(UnsafeDocumentError, match="E108.*XObject fan-out"):
        check_fanout(nested_forms_pdf(5, 10, filter=filter, page_extra=page_extra), "x.pdf")


def test_much_text_inside_forms_is_not_given_to_pdfium():
    """PDFium's text page (one C call that no timer interrupts) takes quadratic time in the text
    inside forms: 30,000 ``(a) Tj`` took 3.3 s, 100,000 took 45 s. Above PDFIUM_MAX_FORM_TEXT the
    file is read by pdfminer.six (linear, and the per-file limit stops it): four times the text
    takes about four times as long, not sixteen (a ratio of two runs, not a timed test)."""
    from collabscreen.extract.pdf import PDFIUM_MAX_FORM_TEXT, check_fanout

    few = nested_forms_pdf(2, 1)
    assert extract_text(few).metadata["pdf_backend"] == "pdfium"

    def read(draws: int) -> float:
        data = nested_forms_pdf(1, draws, shows=999, line=b"a")
        assert check_fanout(data, "x.pdf") > PDFIUM_MAX_FORM_TEXT
        t = time.process_time()  # CPU time of this process: another test worker does not count
        doc = extract_text(data)
        took = time.process_time() - t
        assert doc.metadata["pdf_backend"] == "pdfminer" and "quadratic" in doc.metadata["pdfium_error"]
        assert doc.text == extract_text(data, pdf_backend="pdfminer").text
        return took

    small, large = read(12), read(48)
    assert large < 9 * small, (small, large)


def _screen_both(screener, paths):
    other = copy.copy(screener)
    other.pdf_backend = "pdfminer"
    a = list(screener.screen_many(paths))
    b = list(other.screen_many(paths))
    return a, b


def _same_screening(r1, r2) -> None:
    assert (r1.status, r1.error_code) == (r2.status, r2.error_code)
    assert r1.score == r2.score and r1.band == r2.band
    assert r1.n_sentences == r2.n_sentences
    assert [(e.text, e.probability) for e in r1.evidence] == [(e.text, e.probability) for e in r2.evidence]


def test_samples_give_the_same_units_and_scores(screener):
    a, b = _screen_both(screener, SAMPLE_PDFS)
    for p, r1, r2 in zip(SAMPLE_PDFS, a, b):
        _same_screening(r1, r2)
        assert (r1.text == r2.text) == (p.name not in SAMPLE_DIFFERENCES)
    assert sum(r.status == "ok" for r in a) >= 4


@pytest.mark.devset
@pytest.mark.skipif(not (DEV / "pdf").is_dir(), reason="../shared/dev-resumes not present")
def test_dev_subset_gives_the_same_units_and_scores(screener):
    paths = [DEV / "pdf" / name for name in DEV_SUBSET]
    paths = [p for p in paths if p.is_file()]
    if len(paths) < len(DEV_SUBSET):
        pytest.skip("the dev set changed")
    a, b = _screen_both(screener, paths)
    for p, r1, r2 in zip(paths, a, b):
        _same_screening(r1, r2)
        if p.name in KNOWN_DIFFERENCES:
            reference, pdfium = KNOWN_DIFFERENCES[p.name]
            assert r1.text != r2.text and pdfium in r1.text and reference in r2.text
        else:
            assert r1.text == r2.text, p.name


@pytest.mark.parametrize("rotate", [0, 180])
def test_a_page_turned_upside_down_reads_the_same_with_both_backends(rotate):
    """A page with /Rotate 180 came back empty from PDFium (E104, no text layer): the shortcut
    for an upright page matrix added its offset to boxes it should have turned, so every
    character fell off the page. (At 90 and 270 degrees pdfminer's layout, which both backends
    share, reads the sideways text one character per line.)"""
    content = b"BT /F1 12 Tf 72 700 Td (Partnered with sales on joint webinars) Tj 0 -20 Td (Account Executive, Acme) Tj ET"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate %d /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>" % rotate
    pdf = raw_pdf([PAGE_OBJECTS[0], PAGE_OBJECTS[1], page, b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream", HELVETICA])
    texts = {b: extract_text(pdf, pdf_backend=b).text for b in ("pdfium", "pdfminer")}
    assert "Partnered with sales on joint webinars" in texts["pdfminer"]
    assert texts["pdfium"] == texts["pdfminer"]
