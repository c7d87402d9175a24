"""Fixture documents built in the tests themselves (reportlab, python-docx,
odfpy), so the extraction tests depend on no other files."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "samples"
DEV = REPO / ".." / "shared" / "dev-resumes"

# Two columns whose lines sit on the same baselines: a line-by-line reader
# interleaves them ("SKILLS EXPERIENCE", "Salesforce Account Executive, ...").
LEFT = ["SKILLS", "Salesforce CRM", "Lead scoring", "HubSpot", "", "EDUCATION", "BA Marketing", "Hollis State"]
RIGHT = [
    "EXPERIENCE",
    "Account Executive, Acme Corp",
    "Closed 40 enterprise deals a year",
    "Ran joint campaigns with marketing",
    "",
    "Sales Development Rep, Beta Inc",
    "Booked meetings from MQL handoffs",
    "Agreed SLA with demand generation",
]


def pdf_bytes(pages: list[list[tuple[float, float, str]]], *, encrypt=None, font=("Helvetica", 10)) -> bytes:
    """A PDF whose pages hold the given ``(x, y, text)`` strings."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, encrypt=encrypt, invariant=1)
    for items in pages:
        c.setFont(*font)
        for x, y, text in items:
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def simple_pdf(lines: list[str], **kw) -> bytes:
    return pdf_bytes([[(72, 720 - 14 * i, t) for i, t in enumerate(lines)]], **kw)


def two_column_pdf() -> bytes:
    items = [(72, 740, "Jordan Example"), (72, 726, "Sales and Marketing Professional")]
    for i, t in enumerate(LEFT):
        if t:
            items.append((72, 690 - 14 * i, t))
    for i, t in enumerate(RIGHT):
        if t:
            items.append((250, 690 - 14 * i, t))
    return pdf_bytes([items])


def image_only_pdf() -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(img).rectangle((10, 10, 290, 110), outline="black", width=3)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)
    c.drawImage(ImageReader(img), 72, 500, width=300, height=120)
    c.showPage()
    c.save()
    return buf.getvalue()


def docx_bytes(build) -> bytes:
    import docx

    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def table_resume_docx() -> bytes:
    """The whole layout in a 2-column table, with a nested table, a merged
    cell, a header, a footer and a bulleted list."""

    def build(d):
        sec = d.sections[0]
        sec.header.paragraphs[0].text = "Jordan Example | jordan@example.com"
        sec.footer.paragraphs[0].text = "References available on request"
        d.add_paragraph("Summary paragraph before the table")
        t = d.add_table(rows=3, cols=2)
        t.cell(0, 0).merge(t.cell(0, 1))
        t.cell(0, 0).text = "MERGED TITLE ROW"
        left, right = t.cell(1, 0), t.cell(1, 1)
        left.text = "SKILLS"
        left.add_paragraph("Salesforce CRM")
        right.text = "EXPERIENCE"
        right.add_paragraph("Ran joint campaigns with marketing", style="List Bullet")
        inner = right.add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "2019 - 2021"
        inner.cell(0, 1).text = "Nested cell text"
        # vertical merge: the continuation cell must not repeat the text
        t.cell(1, 0).merge(t.cell(2, 0))
        t.cell(2, 1).text = "Last right cell"
        d.add_paragraph("Closing paragraph after the table")

    return docx_bytes(build)


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def replace_member(data: bytes, name: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    members = {i.filename: src.read(i) for i in src.infolist()}
    members[name] = new
    return zip_bytes(members)


def odt_bytes(lines: list[str], bullets: list[str] = ()) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Jordan Example"))
    for ln in lines:
        doc.text.addElement(P(text=ln))
    if bullets:
        lst = List()
        for b in bullets:
            item = ListItem()
            item.addElement(P(text=b))
            lst.addElement(item)
        doc.text.addElement(lst)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


def raw_pdf(objs: list[bytes], *, trailer: bytes = b"") -> bytes:
    """A PDF of the given numbered objects (1 = catalog), with a correct xref table; ``trailer``:
    more trailer entries."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, trailer, xref)
    return bytes(out)


#: The padding of PDF passwords (PDF 1.7, 7.6.3.3).
_PASSWORD_PAD = b"(\xbfN^Nu\x8aAd\x00NV\xff\xfa\x01\x08..\x00\xb6\xd0h>\x80/\x0c\xa9\xfedSiz"
_OBJECT = re.compile(rb"(\d+) 0 obj\n(.*?)\nendobj\n(?=\d+ 0 obj\n|xref\n)", re.S)


def _rc4(key: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
    from cryptography.hazmat.primitives.ciphers import Cipher

    return Cipher(ARC4(key), mode=None).encryptor().update(data)


def encrypt_pdf(pdf: bytes, *, user: bytes = b"", owner: bytes = b"owner", aes: bool = False, revision: int = 0) -> bytes:
    """``pdf`` (built by :func:`raw_pdf`, no strings outside its streams) encrypted by the standard
    security handler, written here from PDF 1.7's algorithms 1 to 5 (reportlab writes RC4 only,
    and only its own pages): RC4 128-bit (V 2, R 3), or AES-128 (V 4, R 4, ``/AESV2``) when
    ``aes``; ``revision``: another ``/R`` written (RC4 as ``/R 4``: PDFium reads it, pdfminer.six does not)."""
    from hashlib import md5

    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    objs = [m.group(2) for m in _OBJECT.finditer(pdf)]
    assert objs and pdf.count(b" 0 obj\n") == len(objs)
    ident = md5(pdf).digest()
    okey = md5((owner + _PASSWORD_PAD)[:32]).digest()
    for _ in range(50):
        okey = md5(okey).digest()
    o = _rc4(okey, (user + _PASSWORD_PAD)[:32])
    for i in range(1, 20):
        o = _rc4(bytes(b ^ i for b in okey), o)
    perms = -4
    key = md5((user + _PASSWORD_PAD)[:32] + o + perms.to_bytes(4, "little", signed=True) + ident).digest()
    for _ in range(50):
        key = md5(key).digest()
    u = _rc4(key, md5(_PASSWORD_PAD + ident).digest())
    for i in range(1, 20):
        u = _rc4(bytes(b ^ i for b in key), u)
    out = []
    for num, obj in enumerate(objs, 1):
        if b"\nstream\n" in obj:
            head, rest = obj.split(b"\nstream\n", 1)
            body = rest[: rest.rindex(b"\nendstream")]
            k = md5(key + num.to_bytes(4, "little")[:3] + b"\0\0" + (b"sAlT" if aes else b"")).digest()
            if aes:
                iv = md5(b"iv%d" % num).digest()  # fixed, so that the fixtures are the same each run
                pad = 16 - len(body) % 16
                enc = Cipher(algorithms.AES(k), modes.CBC(iv)).encryptor()
                body = iv + enc.update(body + bytes([pad]) * pad) + enc.finalize()
            else:
                body = _rc4(k, body)
            obj = re.sub(rb"/Length \d+", b"/Length %d" % len(body), head, count=1) + b"\nstream\n" + body + b"\nendstream"
        out.append(obj)
    if aes:
        method = b"/V 4 /R %d /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF"
    else:
        method = b"/V 2 /R %d"
    method %= revision or (4 if aes else 3)
    out.append(b"<< /Filter /Standard %s /Length 128 /P %d /O <%s> /U <%s> >>" % (method, perms, o.hex().encode(), (u + bytes(16)).hex().encode()))
    ids = b"<%s>" % ident.hex().encode()
    return raw_pdf(out, trailer=b" /Encrypt %d 0 R /ID [%s %s]" % (len(out), ids, ids))


#: Catalog and page tree of a one-page PDF whose content is object 4 and font object 5.
PAGE_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
]
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def flate_bomb_pdf(size: int) -> bytes:
    """A syntactically fine one-page PDF whose content stream inflates to ``size`` bytes."""
    comp = zlib.compress(b" " * size, 9)
    return raw_pdf(
        [
            *PAGE_OBJECTS[:2],
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream",
        ]
    )


def lzw_encode(data: bytes) -> bytes:
    """LZW as PDF writes it (``EarlyChange`` 1: a clear code first, codes 9 to 12 bits wide, the
    width growing one code early, a clear code when the table is full, an end code)."""
    table = {bytes((i,)): i for i in range(256)}
    codes: list[tuple[int, int]] = [(256, 9)]  # (code, width)
    width, w = 9, b""
    for byte in data:
        wc = w + bytes((byte,))
        if wc in table:
            w = wc
            continue
        codes.append((table[w], width))
        table[wc] = len(table) + 2  # 256 and 257 are the clear and end codes
        n = len(table) + 2
        if n >= 4095:
            codes.append((256, width))
            table, width = {bytes((i,)): i for i in range(256)}, 9
        elif n >= 512 << (width - 9):
            width += 1
        w = bytes((byte,))
    if w:
        codes.append((table[w], width))
    codes.append((257, width))
    acc = nacc = 0
    out = bytearray()
    for code, bits in codes:
        acc, nacc = (acc << bits) | code, nacc + bits
        while nacc >= 8:
            nacc -= 8
            out.append((acc >> nacc) & 0xFF)
    if nacc:
        out.append((acc << (8 - nacc)) & 0xFF)
    return bytes(out)


def rl_encode(data: bytes) -> bytes:
    """RunLengthDecode data: runs of one byte as (257 - n, byte), the rest as literal runs."""
    out = bytearray()
    i = 0
    while i < len(data):
        j = i
        while j < len(data) and j - i < 128 and data[j] == data[i]:
            j += 1
        if j - i >= 2:
            out += bytes((257 - (j - i), data[i]))
        else:
            j = min(i + 128, len(data))
            k = i + 1
            while k < j and not (k + 1 < len(data) and data[k] == data[k + 1]):
                k += 1
            j = k
            out += bytes((j - i - 1,)) + data[i:j]
        i = j
    return bytes(out + b"\x80")


#: The encoders of the filters the pre-scan decodes, by the /Filter value that names them.
ENCODERS = {
    b"/FlateDecode": zlib.compress,
    b"/LZWDecode": lzw_encode,
    b"/RunLengthDecode": rl_encode,
    b"[/ASCIIHexDecode /LZW]": lambda b: lzw_encode(b).hex().encode() + b">",
    b"[/Fl /FlateDecode]": lambda b: zlib.compress(zlib.compress(b)),
    b"[/RL /Fl]": lambda b: rl_encode(zlib.compress(b)),
    b"/LZW#44ecode": lzw_encode,
    b"/R#4C": rl_encode,
}


def content_pdf(content: bytes, *, compress: bool = False, filter: bytes | None = None, extra: bytes = b"") -> bytes:
    """A one-page PDF (Helvetica as /F1) whose content stream is ``content``, Flate if ``compress``,
    or encoded with ``filter`` (a key of :data:`ENCODERS`); ``extra``: more dictionary entries."""
    if compress:
        filter = b"/FlateDecode"
    body = ENCODERS[filter](content) if filter else content
    d = b"<< /Length %d%s%s >>" % (len(body), b" /Filter " + filter if filter else b"", extra)
    return raw_pdf([*PAGE_OBJECTS, d + b"\nstream\n" + body + b"\nendstream", HELVETICA])


def long_filter_bomb_pdf() -> bytes:
    """70 MB of zeros, Flate then hex (136 KB), whose ``/Filter`` is an indirect array of more
    than 64 bytes (``[/ASCIIHexDecode /FlateDecode]`` padded with white space)."""
    body = zlib.compress(b"\0" * 70_000_000, 9).hex().encode() + b">"
    chain = b"[/ASCIIHexDecode" + b" " * 100 + b"/FlateDecode]"
    return raw_pdf([*PAGE_OBJECTS, b"<< /Length %d /Filter 6 0 R >>\nstream\n" % len(body) + body + b"\nendstream", HELVETICA, chain])


def slow_pdf(n_ops: int, *, compress: bool = False) -> bytes:
    """A valid one-page PDF whose content stream has ``n_ops`` ``(a) Tj`` text operators (and one
    ``Td``): ``2 * n_ops + 1`` text items, about 11 us each in PDFium, 100 us in pdfminer.six.
    Below :data:`~collabscreen.extract.pdf.MAX_TEXT_ITEMS` it passes the stream checks, so only
    the per-file time limit stops it; ``compress``: Flate (a million operators in 11 KB)."""
    return content_pdf(b"BT /F1 12 Tf 72 700 Td " + b"(a) Tj " * n_ops + b"ET", compress=compress)


def one_tj_pdf(n_strings: int) -> bytes:
    """One ``TJ`` of ``n_strings`` one-letter strings, Flate (3 million in 9 KB): one operator,
    as many characters for PDFium to build."""
    return content_pdf(b"BT /F1 12 Tf 72 700 Td [" + b"(a)" * n_strings + b"] TJ ET", compress=True)


def decoy_endstream_pdf(*, indirect: bool = False) -> bytes:
    """A page whose Flate content (68 KB) is a stored block spelling ``endstream`` in front of
    70 MB of zeros; ``indirect``: its ``/Length`` is an indirect object."""
    decoy, bomb = b"endstream", b"\0" * 70_000_000
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    stored = b"\x00" + len(decoy).to_bytes(2, "little") + (~len(decoy) & 0xFFFF).to_bytes(2, "little") + decoy
    body = b"\x78\x01" + stored + c.compress(bomb) + c.flush() + zlib.adler32(decoy + bomb).to_bytes(4, "big")
    length = [b"6 0 R", b"%d" % len(body)] if indirect else [b"%d" % len(body)]
    d = b"<< /Length %s /Filter /FlateDecode >>\nstream\n" % length[0]
    return raw_pdf([*PAGE_OBJECTS, d + body + b"\nendstream", HELVETICA, *length[1:]])


@pytest.fixture(scope="session")
def two_column() -> bytes:
    return two_column_pdf()


@pytest.fixture(scope="session")
def table_docx() -> bytes:
    return table_resume_docx()


@pytest.fixture(scope="session")
def plain_pdf() -> bytes:
    return simple_pdf(
        [
            "Jordan Example",
            "EXPERIENCE",
            "Account Executive, Acme Corp",
            "Worked with marketing on lead scoring",
        ]
    )


@pytest.fixture(scope="session")
def plain_docx() -> bytes:
    def build(d):
        d.add_paragraph("Jordan Example")
        d.add_paragraph("Worked with marketing on lead scoring")

    return docx_bytes(build)


def objstm_pdf(objs: list[bytes], packed: set[int]) -> bytes:
    """A PDF 1.5 of the given numbered objects (1 = catalog) whose objects ``packed`` (numbers,
    never streams) sit in one Flate-compressed object stream, with a cross-reference stream."""
    import zlib

    n_obj = len(objs)
    stm_num, xref_num = n_obj + 1, n_obj + 2
    head, body = bytearray(), bytearray()
    index: dict[int, int] = {}
    for k, num in enumerate(sorted(packed)):
        index[num] = k
        head += b"%d %d " % (num, len(body))
        body += objs[num - 1] + b"\n"
    content = zlib.compress(bytes(head) + bytes(body))
    out = bytearray(b"%PDF-1.5\n")
    offsets: dict[int, int] = {}
    for num, o in enumerate(objs, 1):
        if num not in packed:
            offsets[num] = len(out)
            out += b"%d 0 obj\n" % num + o + b"\nendobj\n"
    offsets[stm_num] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        stm_num, len(packed), len(head), len(content)
    ) + content + b"\nendstream\nendobj\n"
    offsets[xref_num] = len(out)
    rows = bytearray(b"\x00\x00\x00\x00\x00\xff\xff")
    for num in range(1, xref_num + 1):
        if num in index:
            rows += b"\x02" + stm_num.to_bytes(4, "big") + index[num].to_bytes(2, "big")
        else:
            rows += b"\x01" + offsets[num].to_bytes(4, "big") + b"\x00\x00"
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        xref_num, xref_num + 1, len(rows)
    ) + bytes(rows) + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_num]
    return bytes(out)
