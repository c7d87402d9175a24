from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collabscreen.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    NoTextLayerError,
    UnsafeDocumentError,
)
from collabscreen.extract import extract_text
from collabscreen.extract.pdf import Box, Line, order_boxes

from .conftest import ENCODERS, LEFT, RIGHT, content_pdf, flate_bomb_pdf, image_only_pdf, pdf_bytes, simple_pdf


def _positions(text: str, needles: list[str]) -> list[int]:
    pos = [text.find(n) for n in needles]
    assert all(p >= 0 for p in pos), [n for n, p in zip(needles, pos) if p < 0]
    return pos


def test_simple_pdf(plain_pdf):
    doc = extract_text(plain_pdf)
    assert doc.format == "pdf"
    assert doc.source == "<bytes>"
    assert doc.text.splitlines()[0] == "Jordan Example"
    assert "Worked with marketing on lead scoring" in doc.text.splitlines()
    assert doc.page_starts == (0,)
    assert doc.metadata["pages"] == 1


def test_two_column_reads_column_by_column(two_column):
    doc = extract_text(two_column)
    lines = doc.text.splitlines()
    # nothing interleaved: each column line is a line of its own
    for t in LEFT + RIGHT:
        if t:
            assert t in lines
    left = _positions(doc.text, [t for t in LEFT if t])
    right = _positions(doc.text, [t for t in RIGHT if t])
    header = _positions(doc.text, ["Jordan Example", "Sales and Marketing Professional"])
    assert left == sorted(left) and right == sorted(right)
    assert max(header) < min(left)
    assert max(left) < min(right), "the left column must be read before the right one"


def test_pdfminer_alone_interleaves_two_columns(two_column):
    """Guard that the fixture really is hard: pdfminer's own ordering of
    same-baseline columns is not column by column."""
    import io

    from pdfminer.high_level import extract_text as pm_extract
    from pdfminer.layout import LAParams

    text = pm_extract(io.BytesIO(two_column), laparams=LAParams(boxes_flow=None))
    assert text.find("EXPERIENCE") < text.find("EDUCATION")


def test_date_table_reads_row_by_row():
    items = []
    rows = [("2021 - 2023", ["Sales Manager, Acme", "Led joint pipeline reviews"]),
            ("2018 - 2021", ["Account Executive, Beta", "Ran trade shows with marketing"])]
    y = 700
    for date, body in rows:
        items.append((72, y, date))
        for j, t in enumerate(body):
            items.append((200, y - 14 * j, t))
        y -= 60
    doc = extract_text(pdf_bytes([items]))
    p = _positions(doc.text, ["2021 - 2023", "Sales Manager, Acme", "Led joint pipeline reviews",
                              "2018 - 2021", "Account Executive, Beta"])
    assert p == sorted(p)


def test_order_boxes_xy_cut_unit():
    def box(x0, y0, x1, y1, *texts):
        return Box(x0, y0, x1, y1, [Line(x0, y0, x1, y1, t) for t in texts])

    header = box(50, 700, 550, 720, "header")
    # multi-line sections that start on the same rows: still two columns
    l1, l2 = box(50, 500, 200, 680, "L1", "a", "b"), box(50, 300, 200, 480, "L2", "a", "b")
    r1, r2 = box(230, 500, 550, 680, "R1", "a", "b"), box(230, 300, 550, 480, "R2", "a", "b")
    got = [b.lines[0].text for b in order_boxes([r2, l2, header, r1, l1])]
    assert got == ["header", "L1", "L2", "R1", "R2"]
    # short left cells aligned with right blocks: a dates | description table
    d1, d2 = box(50, 660, 120, 680, "D1"), box(50, 460, 120, 480, "D2")
    got = [b.lines[0].text for b in order_boxes([r2, d2, header, r1, d1])]
    assert got == ["header", "D1", "R1", "D2", "R2"]


def test_pages_and_page_starts():
    data = pdf_bytes([[(72, 700, "First page text")], [(72, 700, "Second page text")]])
    doc = extract_text(data)
    assert doc.n_pages == 2
    assert doc.pages[0].strip() == "First page text"
    assert doc.pages[1].strip() == "Second page text"
    assert doc.page_of(doc.text.index("Second")) == 2


def test_hyphenation_and_bullets_in_pdf():
    data = pdf_bytes([[
        (72, 700, "Improved pipeline manage-"),
        (72, 686, "ment with the sales team and co-"),
        (72, 672, "marketing programs"),
        (72, 640, "\u2022"),
        (100, 640, "Built battlecards for account executives"),
    ]])
    doc = extract_text(data)
    assert "Improved pipeline management" in doc.text
    assert "co-marketing" in doc.text
    assert "\u2022 Built battlecards for account executives" in doc.text.splitlines()


def test_encrypted_pdf():
    data = simple_pdf(["Confidential resume text"], encrypt="s3cret")
    with pytest.raises(EncryptedDocumentError) as e:
        extract_text(data)
    assert e.value.code == "E101"
    with pytest.raises(EncryptedDocumentError) as e:
        extract_text(data, password="wrong")
    assert e.value.code == "E111"
    doc = extract_text(data, password="s3cret")
    assert "Confidential resume text" in doc.text
    assert doc.metadata["encrypted"] is True


def test_encrypted_pdf_error_names_file(tmp_path):
    p = tmp_path / "locked_resume.pdf"
    p.write_bytes(simple_pdf(["x y z"], encrypt="pw"))
    with pytest.raises(EncryptedDocumentError, match="locked_resume.pdf"):
        extract_text(p)


def test_image_only_pdf_needs_ocr(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(image_only_pdf())
    with pytest.raises(NoTextLayerError) as e:
        extract_text(p)
    assert e.value.code == "E104"
    assert "scan.pdf" in str(e.value) and "OCR" in str(e.value)


def test_blank_pdf_is_empty():
    from collabscreen.errors import EmptyDocumentError

    with pytest.raises(EmptyDocumentError) as e:
        extract_text(pdf_bytes([[]]))
    assert e.value.code == "E109"


def test_some_empty_pages_warn():
    data = pdf_bytes([[(72, 700, "Text on page one")], []])
    doc = extract_text(data)
    assert "Text on page one" in doc.text
    assert any("no text layer" in w for w in doc.warnings)
    assert doc.metadata["empty_pages"] == [2]


def test_page_cap_warns():
    data = pdf_bytes([[(72, 700, f"Page {i} text")] for i in range(5)])
    doc = extract_text(data, max_pages=2)
    assert doc.n_pages == 2
    assert "Page 2 text" not in doc.text
    assert any("max_pages=2" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n",
        b"%PDF-1.7\n" + bytes(range(256)) * 40,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"%PDF-" + b"(" * 5000,
        b"%PDF-1.4\n" + b"[" * 20000,
    ],
)
def test_garbage_pdf_fails_fast(data):
    t0 = time.monotonic()
    with pytest.raises(CorruptDocumentError) as e:
        extract_text(data)
    assert e.value.code == "E102"
    assert "<bytes>" in str(e.value)
    assert time.monotonic() - t0 < 10


def test_corrupt_pdf_names_file(tmp_path):
    p = tmp_path / "broken_resume.pdf"
    p.write_bytes(b"%PDF-1.4\n% nothing else\n")
    with pytest.raises(CorruptDocumentError, match="broken_resume.pdf"):
        extract_text(p)


def test_truncated_pdf_raises_or_keeps_pages(plain_pdf):
    for cut in (20, len(plain_pdf) // 3, len(plain_pdf) // 2, len(plain_pdf) - 30):
        try:
            doc = extract_text(plain_pdf[:cut])
        except CorruptDocumentError:
            continue
        except Exception as e:  # pragma: no cover - the assertion below reports it
            pytest.fail(f"raw {type(e).__name__} for a PDF cut at {cut}")
        assert doc.format == "pdf"


def test_flate_bomb_refused():
    from collabscreen.extract.pdf import MAX_STREAM_BYTES

    with pytest.raises(UnsafeDocumentError) as e:
        extract_text(flate_bomb_pdf(MAX_STREAM_BYTES + 1_000_000))
    assert e.value.code == "E108"


def test_flate_content_below_limit_is_read():
    from collabscreen.errors import EmptyDocumentError

    # a blank content stream is fine (and empty)
    with pytest.raises(EmptyDocumentError):
        extract_text(flate_bomb_pdf(10_000))


def test_pdf_is_deterministic(two_column):
    assert extract_text(two_column) == extract_text(bytes(two_column))


def _tounicode_pdf(cmap: bytes, *, compress: bool) -> bytes:
    """A one-page PDF whose font has the ToUnicode character map ``cmap``."""
    import zlib

    from extract.conftest import PAGE_OBJECTS, raw_pdf

    body = zlib.compress(cmap) if compress else cmap
    filt = b" /Filter /FlateDecode" if compress else b""
    content = b"BT /F1 12 Tf 72 700 Td (Partnered with sales on webinars) Tj ET"
    return raw_pdf(
        [
            *PAGE_OBJECTS,
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            b"<< /Length %d%s >>\nstream\n" % (len(body), filt) + body + b"\nendstream",
        ]
    )


_CMAP = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n%s\nendcmap end end"


@pytest.mark.parametrize("compress", [False, True])
def test_a_character_map_of_billions_of_codes_is_refused_before_parsing(compress):
    """A 1 KB ToUnicode bfrange <00000000> <FFFFFFFF> grew pdfminer.six to gigabytes; it is E108 at once."""
    from collabscreen.errors import UnsafeDocumentError

    huge = _tounicode_pdf(_CMAP % b"1 beginbfrange\n<00000000> <FFFFFFFF> <0041>\nendbfrange", compress=compress)
    assert len(huge) < 2000
    for backend in ("pdfium", "pdfminer"):
        with pytest.raises(UnsafeDocumentError, match=r"E108.*character map"):
            extract_text(huge, pdf_backend=backend)


def test_an_ordinary_character_map_is_read():
    """Ranges that add up to a normal font (here 256 codes in two entries) pass the check."""
    ok = _tounicode_pdf(_CMAP % b"2 beginbfrange\n<00> <7F> <0000>\n<80> <FF> [<0041> <0042>]\nendbfrange", compress=True)
    doc = extract_text(ok, pdf_backend="pdfminer")
    assert doc.text.strip()


@pytest.mark.parametrize("length_objs", [[b"6 0 R"], [b"7 0 R", b"6 0 R"]], ids=["self", "two-step"])
def test_a_circular_stream_length_is_refused_instead_of_looping(length_objs):
    """pdfminer.six looped forever on a 929-byte PDF whose content /Length points back at itself."""
    from collabscreen.errors import UnsafeDocumentError

    from extract.conftest import HELVETICA, PAGE_OBJECTS, raw_pdf

    content = b"BT /F1 12 Tf 72 700 Td (Partnered with sales) Tj ET"
    stream = b"<< /Length 6 0 R >>\nstream\n" + content + b"\nendstream"
    pdf = raw_pdf([*PAGE_OBJECTS, stream, HELVETICA, *length_objs])
    for backend in ("pdfium", "pdfminer"):
        with pytest.raises(UnsafeDocumentError, match=r"E108.*/Length"):
            extract_text(pdf, pdf_backend=backend)
    fine = raw_pdf([*PAGE_OBJECTS, stream, HELVETICA, b"%d" % len(content)])  # an indirect length that is a number
    assert "Partnered with sales" in extract_text(fine, pdf_backend="pdfminer").text


#: content-stream pieces with the text items (operators and strings) they hold; names and words
#: that spell an operator, and dictionaries, do not count
_OPERATIONS = [
    (b"(Partnered with sales) Tj", 2),
    (b"(a)Tj", 2),
    (b"<0041 0042>Tj", 2),
    (b"[(Mar) -20 (keting)] TJ", 3),
    (b"[(a)(b)<63>]TJ", 4),
    (b"[(a)]TJ", 2),
    (b"(webinars) '", 2),
    (b"(a)'", 2),
    (b'2 0 (leads) "', 2),
    (b"0 -14 Td", 1),
    (b"0 -14 TD", 1),
    (b"1 0 0 1 72 700 Tm", 1),
    (b"T*", 1),
    (b"(Tjx xTj Tdx) Tj", 2),
    (b"(x \\(1\\) y) Tj", 2),
    (b"/Tj 12 Tf", 0),
    (b"/TJ Do", 0),
    (b"/T* gs", 0),
    (b"/Span << /MCID 0 >> BDC EMC", 0),
    (b"q 1 0 0 RG 72 700 100 20 re f Q", 0),
    (b"BT ET", 0),
]


@settings(max_examples=200, deadline=None)
@given(
    ops=st.lists(st.sampled_from(_OPERATIONS), max_size=40),
    seps=st.lists(st.sampled_from([b" ", b"\n", b"\r\n", b"\t", b"  \n ", b"\x0c"]), min_size=1, max_size=40),
    filter=st.sampled_from([None, *ENCODERS]),
    extra=st.sampled_from([b"", b" /Subtype /Image", b" /Foo /Image", b" /Subtype /Im#61ge /Width 1 /Height 1"]),
)
def test_text_operators_are_counted_as_whole_tokens(ops, seps, filter, extra):
    """The pre-scan counts ``Tj TJ ' " Td TD Tm T*`` and strings where a content parser sees them,
    whatever white space separates them, plain or encoded with any filter that PDFium and
    pdfminer.six decode as content (Flate, LZW, RunLength, their chains, abbreviations and
    hex-escaped names), whatever the dictionary says of an image, and never a name, a word that
    spells an operator or a dictionary."""
    from collabscreen.extract.pdf import check_streams

    content = b"".join(op + seps[i % len(seps)] for i, (op, _) in enumerate(ops))
    pdf = content_pdf(content, filter=filter, extra=extra)
    n = sum(n for _, n in ops)
    assert check_streams(pdf, "x.pdf", exact=True) == n
    # the default bounds the count quickly, and refuses exactly when the exact count is over
    assert check_streams(pdf, "x.pdf") >= n
    check_streams(pdf, "x.pdf", max_text_items=n)  # not refused, though "<<" or "/Tj" may push the bound over
    if n:
        with pytest.raises(UnsafeDocumentError, match=r"E108.*text operators"):
            check_streams(pdf, "x.pdf", max_text_items=n - 1)


@pytest.mark.parametrize("filter", list(ENCODERS))
@pytest.mark.parametrize("extra", [b"", b" /Subtype /Image"])
def test_bombs_behind_any_decoded_filter_are_refused(filter, extra):
    """LZW and RunLength streams (pdfminer.six and PDFium decode them, unbounded) were never
    decoded by the pre-scan, nor a second Flate layer, nor a stream whose dictionary mentions an
    image: 1.2 MB of spaces pass a 2 MB limit and are refused under a 1 MB one, in every form."""
    from collabscreen.extract.pdf import check_streams

    pdf = content_pdf(b" " * 1_200_000, filter=filter, extra=extra)
    assert check_streams(pdf, "x.pdf", limit=2_000_000) == 0
    with pytest.raises(UnsafeDocumentError, match=r"E108.*decompression bomb"):
        check_streams(pdf, "x.pdf", limit=1_000_000)


@pytest.mark.parametrize("filter", [b"/RunLengthDecode", b"[/Fl /FlateDecode]"])
def test_a_runlength_or_double_flate_bomb_is_refused_for_both_backends(filter):
    """70 MB of zeros in 1.1 MB (RunLength) or 1 KB (Flate twice): E108 before either backend
    decodes it."""
    pdf = content_pdf(b"\0" * 70_000_000, filter=filter)
    assert len(pdf) < 1_200_000
    for backend in ("pdfium", "pdfminer"):
        with pytest.raises(UnsafeDocumentError, match=r"E108.*decompression bomb"):
            extract_text(pdf, pdf_backend=backend)


@pytest.mark.parametrize("indirect", [False, True])
def test_a_bomb_behind_the_word_endstream_inside_its_data_is_refused(indirect):
    """The pre-scan stopped a stream at the first ``endstream``; the backends read ``/Length``
    bytes. A stored Flate block spelling ``endstream`` in front of 70 MB of zeros (68 KB) passed,
    and pdfminer.six spent 344 s on the zeros."""
    from collabscreen.extract.pdf import check_streams

    from .conftest import decoy_endstream_pdf

    pdf = decoy_endstream_pdf(indirect=indirect)
    assert len(pdf) < 70_000
    with pytest.raises(UnsafeDocumentError, match=r"E108.*decompression bomb"):
        check_streams(pdf, "x.pdf")
    with pytest.raises(UnsafeDocumentError, match=r"E108.*decompression bomb"):
        extract_text(pdf)


def test_stream_lengths_that_overlap_the_whole_file_are_refused_not_read_again_and_again():
    """Each stream is read up to its /Length (pdfminer.six does): 2,000 streams whose /Length
    reaches past the end of a 1 MB file would be 2 GB to read; the pre-scan refuses it (E108)."""
    from collabscreen.extract.pdf import check_streams

    from .conftest import HELVETICA, PAGE_OBJECTS, raw_pdf

    content = b"BT /F1 12 Tf 72 700 Td (Partnered with sales) Tj ET"
    pad = [b"<< /Length 99999999 >>\nstream\n" + b" " * 500 + b"\nendstream"] * 2_000
    pdf = raw_pdf([*PAGE_OBJECTS, b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream", HELVETICA, *pad])
    with pytest.raises(UnsafeDocumentError, match=r"E108.*/Length values overlap"):
        check_streams(pdf, "x.pdf")
    fine = raw_pdf([*PAGE_OBJECTS, b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream", HELVETICA, *pad[:3]])
    assert check_streams(fine, "x.pdf", exact=True) == 3


@pytest.mark.parametrize("extra", [b" /Subtype /Image", b" /Foo /Image", b" /Subtype /Im#61ge"])
def test_a_page_whose_content_stream_claims_to_be_an_image_is_still_counted(extra):
    """A page of 10^6 ``(a) Tj`` whose content dictionary says ``/Subtype /Image`` (or merely holds
    ``/Image``) was skipped by the pre-scan and read by PDFium as content (2.2 s in one C call)."""
    pdf = content_pdf(b"BT /F1 12 Tf 72 700 Td " + b"(a) Tj " * 1_000_000 + b"ET", compress=True, extra=extra)
    for backend in ("pdfium", "pdfminer"):
        with pytest.raises(UnsafeDocumentError, match=r"E108.*text operators and strings"):
            extract_text(pdf, pdf_backend=backend)


def test_a_million_text_operators_are_refused_before_parsing():
    """A page of 10^6 ``(a) Tj`` (11 KB compressed) took PDFium 11 s and 590 MB and pdfminer.six
    96 s and 1.4 GB, in PDFium's case inside one call that no timer interrupts; one ``TJ`` of
    3 million strings (9 KB) gave PDFium 3 million characters and 970 MB. The stream check counts
    operators and strings and refuses them (E108), compressed or not, for both backends, in less
    time than a file of 200,000 operators (four times a long real resume's 100,000 items) takes to
    read (50,000 took as long as the check once PDFium's characters were read on arrays)."""
    from collabscreen.extract.pdf import MAX_TEXT_ITEMS

    from .conftest import one_tj_pdf, slow_pdf

    assert 2_000_000 > MAX_TEXT_ITEMS > 100_000
    huge = {"flate": slow_pdf(1_000_000, compress=True), "plain": slow_pdf(1_000_000), "one TJ": one_tj_pdf(3_000_000)}
    assert len(huge["flate"]) < 12_000 and len(huge["one TJ"]) < 12_000
    # CPU time of this process: another test worker on the machine does not count
    refused = []
    for backend in ("pdfium", "pdfminer"):
        for data in huge.values():
            t = time.process_time()
            with pytest.raises(UnsafeDocumentError, match=r"E108.*text operators and strings") as e:
                extract_text(data, pdf_backend=backend)
            refused.append(time.process_time() - t)
            assert e.value.code == "E108"
    small = slow_pdf(200_000, compress=True)
    t = time.process_time()
    extract_text(small)  # read (its text is mostly off the page, but every operator is parsed)
    read_small = time.process_time() - t
    assert max(refused) < read_small / 2, (refused, read_small)


def test_a_bomb_behind_a_long_indirect_filter_array_is_refused():
    """``/Filter 6 0 R`` naming an array of more than 64 bytes (``[/ASCIIHexDecode /FlateDecode]``
    padded with white space): the pre-scan looked only objects of up to 64 bytes up, guessed the
    chain from the hex digits (no Flate) and passed 70 MB of zeros to the backends."""
    from collabscreen.extract.pdf import check_streams

    from .conftest import long_filter_bomb_pdf

    pdf = long_filter_bomb_pdf()
    with pytest.raises(UnsafeDocumentError, match=r"E108.*decompression bomb"):
        check_streams(pdf, "x.pdf")
    for backend in ("pdfium", "pdfminer"):
        with pytest.raises(UnsafeDocumentError, match=r"E108.*decompression bomb"):
            extract_text(pdf, pdf_backend=backend)
