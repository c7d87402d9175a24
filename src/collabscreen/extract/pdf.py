"""PDF text extraction with pdfminer.six.

pdfminer groups characters into lines and lines into text boxes
(:data:`LAPARAMS`). Its own box ordering is skipped (``boxes_flow=None``):
boxes are put in reading order here by a recursive XY-cut
(:func:`order_boxes`), which reads a two-column resume column by column and a
"dates | description" table row by row. Bullet glyphs that pdfminer puts in
their own box are attached to the line they mark.

Backend errors are re-raised as :mod:`collabscreen.errors` exceptions.
"""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import re
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from ..errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
)
from ..limits import MAX_PAGES
from ._base import RawDocument, hidden_text_warning, unsafe
from ._repair import BULLET

__all__ = ["extract_pdf", "order_boxes", "LAPARAMS", "MAX_PAGES", "MAX_STREAM_BYTES", "MAX_TEXT_ITEMS"]

#: Total size that the compressed streams (Flate, LZW, RunLength: every layer) may expand to.
MAX_STREAM_BYTES = 64_000_000
#: Boxes per page above which the XY-cut is replaced by a plain sort.
MAX_BOXES_XYCUT = 1_500
#: Bullet-only lines per page above which they are not attached (quadratic).
MAX_BULLET_MARKERS = 400

#: pdfminer layout parameters (see ``pdfminer.layout.LAParams``). Lines are
#: grouped as usual; ``boxes_flow=None`` because boxes are ordered here.
LAPARAMS = dict(
    line_overlap=0.5,
    char_margin=2.0,
    line_margin=0.5,
    word_margin=0.1,
    boxes_flow=None,
    detect_vertical=False,
    all_texts=True,
)

# gaps (points) that separate columns / rows in the XY-cut
_COL_GAP = 7.0
_ROW_GAP = 0.5
_ALIGN_TOL = 2.5

_CID = re.compile(r"\(cid:\d+\)")
_BULLET_ONLY = re.compile(
    "^[\\s\u2022\u25cf\u25aa\u25ab\u25e6\u2023\u2219\u2981\u25cb\u25a0\u25a1\u25c6\u25c7\u2756"
    "\u27a2\u27a4\u25ba\u25b6\u25b8\u2192\u2713\u2714\u00b7\u25fe\u2043\\-\u2013*o\ue000-\uf8ff]{1,3}$"
)


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


# ---------------------------------------------------------------- ordering


def _segments(intervals: list[tuple[float, float]], min_gap: float) -> list[float]:
    """Split points between the merged ``intervals`` where the gap >= min_gap."""
    cuts = []
    ivs = sorted(intervals)
    end = ivs[0][1]
    for a, b in ivs[1:]:
        if a - end >= min_gap:
            cuts.append((a + end) / 2)
        end = max(end, b)
    return cuts


def _split(boxes: list[Box], cuts: list[float], key) -> list[list[Box]]:
    groups: list[list[Box]] = [[] for _ in range(len(cuts) + 1)]
    for b in boxes:
        k = key(b)
        i = 0
        while i < len(cuts) and k > cuts[i]:
            i += 1
        groups[i].append(b)
    return [g for g in groups if g]


def _table_like(columns: list[list[Box]]) -> bool:
    """True when the left column's boxes start on the same rows as the next
    column's boxes and are short: a "dates | description" table, read by rows."""
    for left, right in zip(columns, columns[1:]):
        tops = [b.y1 for b in right]
        aligned = sum(1 for b in left if any(abs(b.y1 - t) <= _ALIGN_TOL for t in tops))
        short = sum(1 for b in left if len(b.lines) <= 2)
        if aligned >= 2 and aligned >= 0.6 * len(left) and short >= 0.8 * len(left):
            return True
    return False


def _row_sort(boxes: list[Box]) -> list[Box]:
    """Top to bottom, left to right, treating tops within a tolerance as one row."""
    boxes = sorted(boxes, key=lambda b: (-b.y1, b.x0))
    rows: list[list[Box]] = []
    for b in boxes:
        if rows and abs(rows[-1][0].y1 - b.y1) <= _ALIGN_TOL:
            rows[-1].append(b)
        else:
            rows.append([b])
    return [b for row in rows for b in sorted(row, key=lambda b: b.x0)]


def _has_columns(boxes: list[Box]) -> bool:
    return len(boxes) > 1 and bool(_segments([(b.x0, b.x1) for b in boxes], _COL_GAP))


def _merge_column_bands(rows: list[list[Box]]) -> list[list[Box]]:
    """Merge consecutive row groups that share a column structure, so that a
    gap crossing both columns (sections starting on the same line) does not
    make the reader alternate between columns."""
    bands: list[list[Box]] = []
    for row in rows:
        if bands and _has_columns(bands[-1]) and _has_columns(row) and _has_columns(bands[-1] + row):
            bands[-1] = bands[-1] + row
        else:
            bands.append(row)
    return bands


def order_boxes(boxes: list[Box]) -> list[Box]:
    """Put text boxes in reading order with a recursive XY-cut.

    A region is cut at vertical gaps (columns, read left to right) unless
    its columns look like the cells of a table, in which case horizontal gaps
    (rows, read top to bottom) come first. Regions without gaps are sorted
    top to bottom. Iterative, so deep layouts cannot exhaust the stack.
    """
    if len(boxes) > MAX_BOXES_XYCUT:
        return _row_sort(boxes)
    out: list[Box] = []
    stack: list[list[Box]] = [boxes]
    while stack:
        region = stack.pop()
        if len(region) <= 1:
            out.extend(region)
            continue
        vcuts = _segments([(b.x0, b.x1) for b in region], _COL_GAP)
        hcuts = _segments([(-b.y1, -b.y0) for b in region], _ROW_GAP)
        groups: list[list[Box]] | None = None
        if vcuts:
            cols = _split(region, vcuts, key=lambda b: (b.x0 + b.x1) / 2)
            if not _table_like(cols):
                groups = cols
            elif hcuts:
                groups = _split(region, hcuts, key=lambda b: -(b.y0 + b.y1) / 2)
            else:
                out.extend(_row_sort(region))
                continue
        elif hcuts:
            rows = _split(region, hcuts, key=lambda b: -(b.y0 + b.y1) / 2)
            groups = _merge_column_bands(rows)
        if not groups or len(groups) == 1:
            out.extend(_row_sort(region))
            continue
        stack.extend(reversed(groups))
    return out


def _attach_bullets(boxes: list[Box]) -> list[Box]:
    """Prefix each bullet-only line to the text line right of it on the same row."""
    markers = [(b, ln) for b in boxes for ln in b.lines if _BULLET_ONLY.match(ln.text)]
    if not markers or len(markers) > MAX_BULLET_MARKERS:
        return boxes
    targets = [ln for b in boxes for ln in b.lines if not _BULLET_ONLY.match(ln.text)]
    used: set[int] = set()
    for box, mk in markers:
        mid = (mk.y0 + mk.y1) / 2
        best = None
        for ln in targets:
            if id(ln) in used or ln.x0 < mk.x1 - 1 or ln.x0 - mk.x1 > 40:
                continue
            if not (ln.y0 - 1 <= mid <= ln.y1 + 1):
                continue
            if best is None or ln.x0 < best.x0:
                best = ln
        if best is not None:
            used.add(id(best))
            best.text = f"{BULLET} {best.text}"
            box.lines.remove(mk)
    return [b for b in boxes if b.lines]


# ---------------------------------------------------------------- guards


_HEX_NAME = re.compile(rb"#([0-9A-Fa-f]{2})")


def _name_pattern(name: bytes) -> re.Pattern[bytes]:
    """The PDF name ``/name`` with any of its characters #-escaped (``/Fl#61teDecode``)."""

    def char(c: int) -> bytes:
        hexed = b"".join(b"[%c%c]" % (x, x ^ 0x20) if x in b"abcdef" else bytes((x,)) for x in b"%02x" % c)
        return b"(?:%s|#%s)" % (re.escape(bytes((c,))), hexed)

    return re.compile(b"/" + b"".join(char(c) for c in name))


#: Text items (text-showing and text-positioning operators ``Tj TJ ' " Td TD Tm T*``, and the
#: strings they show) a PDF's streams may hold in all: each stream once, :func:`check_fanout`
#: counts forms once per draw. PDFium parses them in calls no timer interrupts: a page of a
#: million ``(a) Tj`` (11 KB compressed) took it 11-26 s and 0.6-1.7 GB, pdfminer.six 96 s and
#: 1.4 GB; one ``TJ`` of 3 million strings (9 KB) gave PDFium 3 million characters and 970 MB.
#: The most in a real resume is 104,607 (2,207 pool PDFs; 54,026 in the 120 dev PDFs; wkhtmltopdf
#: places every glyph: three items per character): 10x that.
MAX_TEXT_ITEMS = 1_050_000
# An operator is a whole token: at the start or after white space or a delimiter other than the "/"
# of a name, before white space or any delimiter. A string is its opening "(" (unless escaped) or
# "<" (not "<<"). The first byte is matched first (a fast scan) and its neighbours checked around
# it. Operator-like words and parentheses inside strings count too, and so do about 4,000 bytes per
# MB of binary font data: over-counts that only matter to a file near the limit.
_ENDS_TOKEN = rb"\x00\t\n\x0c\r ()<>\[\]{}"
_TEXT_ITEM = re.compile(
    rb"[T'\"(<](?:"
    rb"(?<=T)(?<![^%(e)s]T)[jJdDm*](?![^%(e)s/%%])"  # Tj TJ Td TD Tm T*
    rb"|(?<=['\"])(?<![^%(e)s]['\"])(?![^%(e)s/%%])"  # ' and "
    rb"|(?<=\()(?<!\\\()"  # a literal string
    rb"|(?<=<)(?<!<<)(?=[0-9A-Fa-f\x00\t\n\x0c\r >])"  # a hex string
    rb")" % {b"e": _ENDS_TOKEN}
)


def _count_text_items(decoded: bytes) -> int:
    """Text operators and strings in decoded stream bytes (one linear regex pass, no tokenizer)."""
    return len(_TEXT_ITEM.findall(decoded))


# every byte but those an item starts with (``T ' " ( <``)
_NOT_ITEM_STARTS = bytes(c for c in range(256) if c not in b"T'\"(<")


def _text_items_bound(decoded: bytes) -> int:
    """At least :func:`_count_text_items`: every item it counts starts with one of the bytes
    ``T ' " ( <``, and no two items start at the same byte. One pass in C (``bytes.translate``),
    twenty times faster than the regex. On the 2,337 dev and pool PDFs the bound is at most
    3.4x a file's count and 107,532 at most, against :data:`MAX_TEXT_ITEMS`."""
    return len(decoded.translate(None, _NOT_ITEM_STARTS))


def _unescape_names(b: bytes) -> bytes:
    return _HEX_NAME.sub(lambda m: bytes([int(m.group(1), 16)]), b)


def _stream_dict(data: bytes, at: int) -> bytes:
    """The dictionary in front of the stream keyword at ``at`` (from its ``obj``), names un-escaped."""
    head = data[max(0, at - 65536) : at]
    k = head.rfind(b" obj")
    head = head[k:] if k >= 0 else head[-4096:]
    return _unescape_names(head)


#: The filters whose output PDFium and pdfminer.six parse (content, forms, character maps, object
#: streams), by every name they accept. Others (DCT, CCITT, JBIG2, JPX, Crypt) end the chain: what
#: they give is pixels, never parsed as text.
_FILTERS = {
    b"FlateDecode": "flate", b"Fl": "flate",
    b"LZWDecode": "lzw", b"LZW": "lzw",
    b"RunLengthDecode": "rl", b"RL": "rl",
    b"ASCIIHexDecode": "ahx", b"AHx": "ahx",
    b"ASCII85Decode": "a85", b"A85": "a85",
}  # fmt: skip
_FILTER_KEY = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]()<>{}%]+|(\d+)\s+(\d+)\s+R)")
_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]+)")


def _filter_chains(head: bytes, objs: dict[tuple[bytes, bytes], bytes], *, whole: bool = True) -> list[list[str]]:
    """Every filter chain the dictionary ``head`` (names un-escaped) may give its stream: each
    ``/Filter`` in it (a decoy inside a nested dictionary is one more chain), an indirect value
    looked up in ``objs``. A chain that cannot be read (no ``/Filter`` in sight of a dictionary
    too long to scan (``whole`` false), a reference not found) is guessed from the data: see
    :func:`_decode`."""
    chains = []
    for m in _FILTER_KEY.finditer(head):
        value = m.group(1)
        if m.group(2) is not None:
            value = _unescape_names(objs.get((m.group(2), m.group(3)), b"?"))
        names = _NAME.findall(value)
        if not names and value.strip() not in (b"[]", b"null"):
            return [*chains, ["?"]]
        chains.append([_FILTERS.get(n, "other") for n in names])
    if not chains and not whole:
        chains.append(["?"])  # the dictionary's start is out of sight
    return [list(c) for c in dict.fromkeys(map(tuple, chains))] or [[]]


def _inflate(data: bytes, budget: int) -> bytes:
    """Flate data decoded up to ``budget + 1`` bytes (more means over budget); damaged data gives what
    it gave before the damage, as pdfminer.six reads it."""
    try:
        return zlib.decompressobj().decompress(data, budget + 1)
    except zlib.error:
        pass
    d = zlib.decompressobj()
    out = bytearray()
    for i in range(0, len(data), 4096):
        try:
            out += d.decompress(data[i : i + 4096], budget + 1 - len(out))
        except zlib.error:
            break
        if len(out) > budget:
            break
    return bytes(out)


def _lzw(data: bytes, budget: int) -> bytes:
    """LZW data (``EarlyChange`` 1, as pdfminer.six and PDFium read it) decoded up to about
    ``budget`` bytes; the table is capped at 4,096 entries of at most 4,097 bytes, as in PDFium."""
    out = bytearray()
    table = [bytes((i,)) for i in range(256)] + [b"", b""]
    prev = b""
    nbits = 9
    acc = nacc = 0
    for byte in data:
        acc, nacc = (acc << 8) | byte, nacc + 8
        if nacc < nbits:
            continue
        nacc -= nbits
        code = acc >> nacc
        acc &= (1 << nacc) - 1
        if code == 256:
            del table[258:]
            prev, nbits = b"", 9
            continue
        if code == 257:
            break
        if code < len(table):
            x = table[code]
            entry = prev + x[:1]
        elif code == len(table) and prev:
            x = entry = prev + prev[:1]
        else:
            break  # damaged: pdfminer.six stops there too
        if prev and len(table) < 4096:
            table.append(entry)
            n = len(table)
            nbits = 12 if n >= 2047 else 11 if n >= 1023 else 10 if n >= 511 else 9
        out += x
        if len(out) > budget:
            break
        prev = x
    return bytes(out)


def _rl(data: bytes, budget: int) -> bytes:
    """RunLength data decoded up to about ``budget`` bytes."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n and len(out) <= budget:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1 : i + 2 + length]
            i += length + 2
        else:
            out += data[i + 1 : i + 2] * (257 - length)
            i += 2
    return bytes(out)


def _zlib_header(b: bytes) -> bool:
    return len(b) >= 2 and (b[0] & 0x0F) == 8 and ((b[0] << 8) | b[1]) % 31 == 0


def _decode(chunk: bytes, chain: list[str], budget: int) -> tuple[bytes, int]:
    """The bytes a backend parses from a stream's raw ``chunk`` through the filter ``chain``
    (``["?"]``: unknown, Flate when the data starts as zlib), and the bytes all its layers produced;
    no layer gives more than about ``budget + 1`` bytes."""
    import base64
    import binascii

    made = 0
    if chain == ["?"]:
        chain = ["flate"] if _zlib_header(chunk) else []
    for f in chain:
        try:
            if f == "ahx":
                digits = re.sub(rb"[^0-9A-Fa-f]", b"", chunk.split(b">", 1)[0])
                chunk = binascii.unhexlify(digits + (b"0" if len(digits) % 2 else b""))
            elif f == "a85":
                body = chunk.strip()
                body = body[2:] if body.startswith(b"<~") else body
                chunk = base64.a85decode(body.split(b"~>", 1)[0], adobe=False)
            elif f == "flate":
                chunk = _inflate(chunk, budget)
            elif f == "lzw":
                chunk = _lzw(chunk, budget)
            elif f == "rl":
                chunk = _rl(chunk, budget)
            else:
                break  # an image codec: its pixels are not parsed
        except (ValueError, binascii.Error):
            return b"", made  # the backends report (or skip) a damaged ASCII layer
        if f in ("flate", "lzw", "rl"):
            made += len(chunk)
        if made > budget:
            break
    return chunk, made


_SMALL_OBJ = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj\s*(.{0,64}?)\s*endobj", re.S)


_LENGTH = re.compile(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")


def _stream_end(data: bytes, start: int, head: bytes, objs: dict[tuple[bytes, bytes], bytes]) -> int:
    """Where the stream data starting at ``start`` ends: at the first ``endstream`` (PDFium, when
    ``/Length`` is wrong), or at the first after ``/Length`` bytes (direct or indirect), as
    pdfminer.six reads it. So the data may hold the word: a stored Flate block spelling
    ``endstream`` hid a 70 MB bomb (68 KB; pdfminer.six then crawled through it for 344 s)."""
    first = data.find(b"endstream", start)
    end = first if first >= 0 else len(data)
    for m in _LENGTH.finditer(head):
        value = m.group(1) if m.group(2) is None else objs.get((m.group(1), m.group(2)), b"")
        if value.isdigit() and start + int(value) > end:
            after = data.find(b"endstream", start + int(value))
            end = after if after >= 0 else len(data)
    return end


class _Objects(dict):
    """Objects of at most 64 bytes (an indirect /Length or /Filter) by (number, generation),
    found in one scan; a larger one is looked up when asked for (a /Filter array padded past
    64 bytes), up to 4 KB of it, for at most ``_MAX_LOOKUPS`` objects of a file."""

    def __init__(self, data: bytes) -> None:
        super().__init__(((m.group(1), m.group(2)), m.group(3).strip()) for m in _SMALL_OBJ.finditer(data))
        self.data = data
        self.lookups = 0

    def get(self, key, default=None):  # type: ignore[override]
        if key in self:
            found = self[key]
            return default if found is None else found
        if self.lookups >= _MAX_LOOKUPS or not all(isinstance(k, bytes) and k.isdigit() for k in key):
            return default
        self.lookups += 1
        num, gen = (k.lstrip(b"0") or b"0" for k in key)
        pattern = rb"(?<![0-9])0*%s[\s\x00]+0*%s[\s\x00]+obj(?![A-Za-z0-9])(.{0,4096}?)endobj" % (num, gen)
        m = re.search(pattern, self.data, re.DOTALL)
        self[key] = m.group(1).strip() if m else None
        return default if m is None else self[key]


#: referenced objects over 64 bytes looked up per file (each lookup is one scan of the file)
_MAX_LOOKUPS = 64


@functools.lru_cache(maxsize=1)  # one scan of the file for the three checks (a hit compares by identity first)
def _small_objects(data: bytes) -> _Objects:
    """The file's objects by (number, generation), for indirect /Length and /Filter values (:class:`_Objects`)."""
    return _Objects(data)


#: The readings of one stream that the pre-scan checks, from its raw bytes and its object number
#: and generation (``None`` when not found): see :func:`_decrypter`.
_Readings = Callable[[bytes, int | None, int | None], list[bytes]]
_ENCRYPT_NAME = _name_pattern(b"Encrypt")
# an object's header "4 0 obj" (NUL is white space in PDF too)
_OBJ_HEAD = re.compile(rb"(?<![0-9])(\d{1,10})[\s\x00]+(\d{1,10})[\s\x00]+obj(?![A-Za-z0-9])")


def _object_id(data: bytes, at: int) -> tuple[int | None, int | None]:
    """Number and generation of the object whose ``stream`` keyword is at ``at`` (its last header
    in the 64 KB before it), or ``(None, None)``."""
    for window in (4096, 65536):
        last = None
        for last in _OBJ_HEAD.finditer(data, max(0, at - window), at):
            pass
        if last is not None:
            return int(last.group(1)), int(last.group(2))
    return None, None


def _rc4(key: bytes, num: int, gen: int, data: bytes) -> bytes:
    """pdfminer.six's ``decrypt_rc4`` (the per-object key of PDF's algorithm 1), the cipher run in
    C: pdfminer.six's own ``Arcfour`` builds its output a byte at a time by concatenation, which
    takes quadratic time (250 KB: 1.4 s, 1 MB: 38.5 s)."""
    from hashlib import md5

    from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
    from cryptography.hazmat.primitives.ciphers import Cipher

    k = key + num.to_bytes(4, "little")[:3] + gen.to_bytes(4, "little")[:2]
    return Cipher(ARC4(md5(k).digest()[: min(len(k), 16)]), mode=None).decryptor().update(data)


def _decrypter(data: bytes, source: str, password: str | None) -> _Readings | None:
    """How the pre-scan reads the streams of an encrypted PDF that opens with ``password`` (or the
    empty password), or ``None`` for a file that pdfminer.six does not find encrypted.

    The backends read the decrypted streams, so the checks must too: with ciphertext they saw no
    bomb, no text operator and no character map. pdfminer.six's own security handler (RC4,
    AES-128, AES-256; revisions 2 to 6) checks the password and derives the file key; each
    stream's raw bytes are only deciphered here (never decoded by pdfminer.six, whose filters have
    no limit) and handed to the same bounded decoders and counters as a plain file's. Every stream
    is read raw too (cross-reference streams, unencrypted metadata and the Identity crypt filter
    are stored in clear), with the generation of its header and of the cross-reference table. A
    file encrypted in a way the handler refuses (an unknown filter or revision: PDFium may still
    read it) is refused (E101); a file that pdfminer.six cannot open at all is left to the
    backends, which refuse it if they find it encrypted (:func:`_read_pages`).
    """
    if not _ENCRYPT_NAME.search(data):
        return None
    _quiet_pdfminer()
    try:
        doc = _pdfminer_document(data, source=source, password=password)
    except EncryptedDocumentError:
        raise
    except Exception:  # noqa: BLE001 - any parse failure: the backends' own reading decides
        return None
    if doc.decipher is None:
        return None
    decipher = doc.decipher  # (RC4 in C: see _fast_rc4)

    def readings(raw: bytes, num: int | None, gen: int | None) -> list[bytes]:
        out = [raw]
        if num is None or gen is None or num > 0xFFFFFFFF:
            return out
        gens = [gen]
        for xref in doc.xrefs:
            with contextlib.suppress(Exception):
                gens.append(xref.get_pos(num)[2])
                break
        for g in dict.fromkeys(gens):
            if 0 <= g <= 0xFFFFFFFF:
                with contextlib.suppress(ValueError):  # AES data shorter than its 16-byte IV
                    out.append(decipher(num, g, raw))
        return out

    return readings


def check_streams(
    data: bytes,
    source: str,
    limit: int = MAX_STREAM_BYTES,
    max_text_items: int = MAX_TEXT_ITEMS,
    *,
    decrypt: _Readings | None = None,
    exact: bool = False,
) -> int:
    """Refuse PDFs whose compressed streams expand past ``limit`` bytes in total,
    or whose streams hold more than ``max_text_items`` text operators and strings;
    return the number of them found (``exact=False``, the default: a bound of it, never less).

    The items are first bounded with byte counts (:func:`_text_items_bound`); only when the
    bound passes ``max_text_items`` does the scan start again and count them exactly, so a
    file is refused exactly when the count passes the limit, whichever way it was counted.

    Every stream is decoded (up to the limit) as the backends would decode it, whatever its
    dictionary says of images: a stream marked ``/Subtype /Image`` is still read as content when
    a page names it as its ``/Contents``, so what a stream is cannot be told from its dictionary,
    only from every reference to it. Filters are read from the dictionary (hex-escaped names
    such as ``/Fl#61teDecode``, abbreviations, chains such as ``[/ASCIIHexDecode /LZWDecode]`` or
    Flate twice, an indirect ``/Filter 7 0 R``); Flate, LZW and RunLength layers count toward the
    limit. When the dictionary is too long to scan, data that starts as zlib is inflated. The
    decoded bytes are checked for character maps (:func:`_check_cmap`) and their text operators
    and strings counted (:data:`MAX_TEXT_ITEMS`). ``decrypt`` (an encrypted file, see
    :func:`_decrypter`): each stream is read raw and decrypted, all readings under one limit.
    """
    total = 0
    items = 0
    objs: dict[tuple[bytes, bytes], bytes] | None = None
    read = 0  # stream bytes read: more than the file when /Length values overlap other streams
    most = 4 * len(data) + 1_000_000

    for m in re.finditer(rb"stream\r?\n", data):
        start = m.end()
        if data[m.start() - 3 : m.start()] == b"end":
            continue
        head = _stream_dict(data, m.start())
        if objs is None and re.search(rb"/(?:Filter|Length)\s+\d+\s+\d+\s+R", head):
            objs = _small_objects(data)
        end = _stream_end(data, start, head, objs or {})
        read += end - start
        if read > most:
            raise unsafe(source, "its streams' /Length values overlap other objects (a file built to make the parser crawl)")
        chunk = data[start:end]
        chains = _filter_chains(head, objs or {}, whole=head.startswith(b" obj"))
        readings = [chunk]
        if decrypt is not None and any(c[:1] != ["other"] for c in chains):  # (an image codec: pixels)
            readings = decrypt(chunk, *_object_id(data, m.start()))
        for reading, chain in ((r, c) for r in readings for c in chains):
            out, made = _decode(reading, chain, limit - total)
            total += made
            if total > limit:
                raise unsafe(source, f"compressed streams expand to more than {limit:,} bytes (decompression bomb?)")
            _check_cmap(out[:_CMAP_READ] if made else out, source)
            items += _count_text_items(out) if exact else _text_items_bound(out)
            if items > max_text_items:
                if not exact:  # the bound over-counts: the same scan again, counting exactly
                    return check_streams(data, source, limit, max_text_items, decrypt=decrypt, exact=True)
                raise unsafe(
                    source,
                    f"its content streams hold more than {max_text_items:,} text operators and strings "
                    "(a file built to make the parser crawl)",
                )
    return items


_LENGTH_REF = re.compile(rb"/Length\s+(\d+)\s+(\d+)\s+R")
_REF_ONLY = re.compile(rb"(\d+)\s+(\d+)\s+R")


def check_length_refs(data: bytes, source: str) -> None:
    """Refuse a PDF whose stream ``/Length`` is an indirect reference that leads back to
    itself (``5 0 obj 5 0 R endobj``, or a longer circle): pdfminer.six loops forever on it."""
    refs = set(_LENGTH_REF.findall(data))
    if not refs:
        return
    objs = _small_objects(data)
    for ref in refs:
        seen = {ref}
        body = objs.get(ref)
        while body is not None:
            m = _REF_ONLY.fullmatch(body)
            if m is None:
                break  # a number (or anything else): pdfminer reads or reports it
            nxt = (m.group(1), m.group(2))
            if nxt in seen:
                raise unsafe(source, "a stream's /Length refers to itself in a circle")
            seen.add(nxt)
            body = objs.get(nxt)


#: Code ranges a PDF's character maps (ToUnicode bfrange, CID cidrange) may span in total:
#: pdfminer.six expands every range into a table, so a 1 KB map of <0000> <FFFFFFFF> needs
#: gigabytes. A full CJK map spans about 65,000 codes.
MAX_CMAP_CODES = 1_000_000
#: Decoded bytes of a stream read to look for character-map ranges.
_CMAP_READ = 2_000_000
# one range entry: <lo> <hi> then its destination (<hex>, [array] or a CID), consumed whole
_CMAP_RANGE = re.compile(rb"<\s*([0-9A-Fa-f]{1,16})\s*>\s*<\s*([0-9A-Fa-f]{1,16})\s*>\s*(?:<[^>]*>|\[[^\]]*\]|\d+)")
_CMAP_BLOCK = re.compile(rb"begin(?:bf|cid)range(.*?)end(?:bf|cid)range", re.S)


def _check_cmap(stream: bytes, source: str) -> None:
    """Refuse a character map whose code ranges span more than :data:`MAX_CMAP_CODES` codes."""
    if b"range" not in stream:
        return
    codes = 0
    for block in _CMAP_BLOCK.finditer(stream):
        for lo, hi in _CMAP_RANGE.findall(block.group(1)):
            a, b = int(lo, 16), int(hi, 16)
            if b >= a:
                codes += b - a + 1
                if codes > MAX_CMAP_CODES:
                    raise unsafe(source, f"a character map spans more than {MAX_CMAP_CODES:,} codes (a table that would need gigabytes)")


#: Form XObject draws a PDF may ask for (a form drawn by a form drawn by a form...).
MAX_XOBJECT_DRAWS = 50_000
#: Text items (:data:`MAX_TEXT_ITEMS`) run inside form XObjects above which PDFium is not used:
#: its text page (``FPDFText_LoadPage``, one C call no timer interrupts) takes quadratic time in
#: the text of forms (``(a) Tj`` drawn 10,000 times: 0.34 s, 30,000: 3.3 s, 100,000: 45 s).
#: pdfminer.six reads them in linear, interruptible Python (30,000: 0.7 s). No dev or pool PDF
#: has a form XObject.
PDFIUM_MAX_FORM_TEXT = 20_000
#: Decoded bytes of one stream read to count its ``Do`` operators.
_FANOUT_READ = 4_000_000

_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_FORM_NAME = _name_pattern(b"Form")
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_XOBJECT_DICT = re.compile(rb"/XObject\s*<<(.*?)>>", re.S)
_XOBJECT_REF = re.compile(rb"/XObject\s+(\d+)\s+\d+\s+R")
_NAME_REF = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+(\d+)\s+\d+\s+R")


def _stream_contents(
    body: bytes, objs: dict[tuple[bytes, bytes], bytes], ident: tuple[int, int], decrypt: _Readings | None
) -> list[bytes]:
    """The decoded contents of an object's stream (as :func:`check_streams` decodes it: each
    filter chain its dictionary allows, raw and decrypted when ``decrypt``), at most
    ``_FANOUT_READ`` bytes each."""
    k = body.find(b"stream")
    if k < 0:
        return []
    raw = body[k + 6 :].lstrip(b"\r\n")
    end = raw.rfind(b"endstream")
    raw = raw[:end] if end >= 0 else raw
    chains = _filter_chains(_unescape_names(body[:k]), objs)
    readings = [raw] if decrypt is None else decrypt(raw, *ident)
    return [_decode(r, chain, _FANOUT_READ)[0][:_FANOUT_READ] for r in readings for chain in chains]


_OBJSTM_NAME = _name_pattern(b"ObjStm")
_FIRST = re.compile(rb"/First\s+(\d{1,10})")


def _packed_objects(head: bytes, content: bytes) -> Iterator[tuple[int, bytes]]:
    """The objects of a decoded object stream, ``(number, text)``, from the pairs of numbers
    before its ``/First`` byte (as pdfminer.six and PDFium read them)."""
    m = _FIRST.search(head)
    if m is None:
        return
    first = int(m.group(1))
    ints = [int(t) for t in re.findall(rb"\d+", content[:first])]
    pairs = list(zip(ints[0::2], ints[1::2]))
    for k, (num, off) in enumerate(pairs):
        end = first + pairs[k + 1][1] if k + 1 < len(pairs) else len(content)
        yield num, content[first + off : end]


def check_fanout(
    data: bytes,
    source: str,
    limit: int = MAX_XOBJECT_DRAWS,
    max_text_items: int = MAX_TEXT_ITEMS,
    *,
    decrypt: _Readings | None = None,
) -> int:
    """Refuse PDFs whose form XObjects draw each other more than ``limit`` times in all,
    or run more than ``max_text_items`` text operators and strings; return the text
    items that the pages run inside forms (each form's own, times the draws of it).

    Six nested forms that each draw the next ten times make a 2 KB file that
    asks for a million form draws: PDFium and pdfminer would each build every
    one (gigabytes, minutes, in C code that no timer interrupts). The estimate
    follows the ``Do`` operators of every stream through the ``/XObject``
    resource names (all resource dictionaries of the file pooled, the costliest
    target of a name taken; of a stream read several ways, the most draws and text items of any
    reading). Objects packed in object streams (resource dictionaries may be) are read
    from the decoded streams.
    A form of 1,000 ``(a) Tj`` drawn 1,000 times is two million text items from
    a 14 KB file, which :func:`check_streams` counts once.
    """
    if not _FORM_NAME.search(data):
        return 0  # (the Do operators may be inside compressed streams)
    starts = [(m.start(), int(m.group(1)), int(m.group(2))) for m in _OBJ.finditer(data)]
    bodies: dict[int, bytes] = {}
    gens: dict[int, int] = {}
    for i, (at, num, gen) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(data)
        bodies[num], gens[num] = data[at:end], gen
    objs = _small_objects(data) if re.search(rb"/Filter\s*\d", data) else {}
    # resource dictionaries may be packed in object streams (never a stream itself, so never a form)
    for num in [n for n, body in bodies.items() if _OBJSTM_NAME.search(body[: max(0, body.find(b"stream"))])]:
        head = _unescape_names(bodies[num][: bodies[num].find(b"stream")])
        for content in _stream_contents(bodies[num], objs, (num, gens[num]), decrypt):
            for inner, text in _packed_objects(head, content):
                if inner not in bodies:
                    bodies[inner], gens[inner] = text, 0
    names: dict[bytes, set[int]] = {}

    def add_names(d: bytes) -> None:
        for name, num in _NAME_REF.findall(d):
            names.setdefault(name, set()).add(int(num))

    for body in bodies.values():
        head = body[: body.find(b"stream")] if b"stream" in body else body
        for d in _XOBJECT_DICT.findall(head):
            add_names(d)
        for ref in _XOBJECT_REF.findall(head):
            target = bodies.get(int(ref), b"")
            add_names(target[: target.find(b"stream")] if b"stream" in target else target)
    forms = {num for num, body in bodies.items() if re.search(rb"/Subtype\s*/Form", _unescape_names(body[:4096]))}
    draws: dict[int, list[bytes]] = {}
    shown: dict[int, int] = {}  # the text items of each form
    for num, body in bodies.items():
        if b"stream" in body:  # an image too: a page may name it as its content (see check_streams)
            for content in _stream_contents(body, objs, (num, gens[num]), decrypt):
                if b"Do" in content:
                    names_drawn = _DO.findall(content)
                    if len(names_drawn) > len(draws.get(num, ())):
                        draws[num] = names_drawn
                if content and num in forms:
                    shown[num] = max(shown.get(num, 0), _count_text_items(content))
    cost: dict[int, tuple[int, int]] = {}

    def cost_of(num: int, seen: frozenset[int]) -> tuple[int, int]:
        """Form draws (itself included) and form text items one drawing of object ``num`` asks for."""
        if num in cost:
            return cost[num]
        total, ops = 1, shown.get(num, 0)
        inside = seen | {num}  # a form does not draw itself (names are pooled: /X of one form may be another's)
        for name in draws.get(num, ()):
            targets = [t for t in names.get(name, ()) if t in forms and t not in inside]
            if targets:
                costs = [cost_of(t, inside) for t in targets]
                total += max(c[0] for c in costs)
                ops += max(c[1] for c in costs)
            if total > limit or ops > max_text_items:
                break
        cost[num] = (total, ops)
        return cost[num]

    total = ops = 0
    for num in draws:
        if num not in forms:
            try:
                n_draws, n_ops = cost_of(num, frozenset())
            except RecursionError:
                raise unsafe(source, "its form XObjects are nested too deeply") from None
            total += n_draws - 1
            ops += n_ops
            if total > limit:
                raise unsafe(source, f"its form XObjects draw each other more than {limit:,} times (XObject fan-out)")
            if ops > max_text_items:
                raise unsafe(
                    source,
                    f"its form XObjects run more than {max_text_items:,} text operators and strings "
                    "(a file built to make the parser crawl)",
                )
    return ops


# ---------------------------------------------------------------- extraction


def _is_white(color) -> bool:
    """A non-stroking colour that is white in gray, RGB or CMYK."""
    if color is None:
        return False
    if isinstance(color, (int, float)):
        return float(color) >= 0.98
    try:
        vals = [float(c) for c in color]
    except (TypeError, ValueError):
        return False
    if len(vals) == 1:
        return vals[0] >= 0.98
    if len(vals) == 3:
        return min(vals) >= 0.98
    if len(vals) == 4:
        return max(vals) <= 0.02
    return False


def _hidden(size, x0, y0, x1, y1, white, page):
    """Whether characters are left out of the text: white, under 1.5 pt or off the page
    (``page``: its box, or None). Takes one character's values or arrays of them."""
    hidden = (size < 1.5) | white
    if page is not None:
        hidden = hidden | (x1 < page[0]) | (x0 > page[2]) | (y1 < page[1]) | (y0 > page[3])
    return hidden


def _line_text(line, state: dict) -> str:
    """The visible text of a pdfminer text line: characters that are white, under 1.5 pt or
    off the page are left out (and collected in ``state["hidden"]``)."""
    span = getattr(line, "span", None)
    if span is not None:
        return _span_text(span, state)
    from pdfminer.layout import LTChar

    page = state.get("page_bbox")
    parts: list[str] = []
    hidden: list[str] = []
    white: dict[int, bool] = {}  # by graphic state: characters of one string share theirs
    for ch in line:
        if isinstance(ch, LTChar):
            gs = getattr(ch, "graphicstate", None)
            is_white = white.get(id(gs))
            if is_white is None:
                is_white = white[id(gs)] = _is_white(getattr(gs, "ncolor", None))
            if _hidden(ch.size, ch.x0, ch.y0, ch.x1, ch.y1, is_white, page):
                hidden.append(ch._text)
                continue
        parts.append(ch.get_text())
    if hidden:
        state.setdefault("hidden", []).append("".join(hidden))
    return "".join(parts)


def _char_texts(chars, page) -> tuple[list[str], list[str], list[bool], list[int]]:
    """A page read as character columns (the PDFium backend's ``PageChars``): each
    character's text, its visible text ("" where hidden), whether it is hidden and the
    running count of hidden ones, for :func:`_span_text`."""
    import numpy as np

    white = np.array([_is_white(getattr(gs, "ncolor", None)) for gs in chars.palette.states], dtype=bool)
    x0, y0, x1, y1 = chars.box.T
    hidden = _hidden(y1 - y0, x0, y0, x1, y1, white[chars.color] if len(white) else np.zeros(len(x0), bool), page)
    flags = hidden.tolist()
    visible = ["" if h else t for t, h in zip(chars.text, flags)]
    return chars.text, visible, flags, np.concatenate(([0], np.cumsum(hidden))).tolist()


def _span_text(span: tuple[int, int, list[int]], state: dict) -> str:
    """:func:`_line_text` of a line given as ``(start, end, gaps)`` in its page's characters
    (``state["page_chars"]``, from :func:`_char_texts`): a space before each of ``gaps``."""
    start, end, gaps = span
    text, visible, hidden, count = state["page_chars"]
    if gaps:
        out = " ".join(["".join(visible[a:b]) for a, b in itertools.pairwise([start, *gaps, end])])
    else:
        out = "".join(visible[start:end])
    if count[end] - count[start]:
        state.setdefault("hidden", []).append("".join([t for t, h in zip(text[start:end], hidden[start:end]) if h]))
    return out


def _collect(layout, boxes: list[Box], state: dict) -> None:
    from pdfminer.layout import LTCurve, LTFigure, LTImage, LTPage, LTTextBox, LTTextLine

    if isinstance(layout, LTPage):
        state["page_bbox"] = layout.bbox
        chars = getattr(layout, "chars", None)
        state["page_chars"] = None if chars is None else _char_texts(chars, layout.bbox)
    for obj in layout:
        if isinstance(obj, LTTextBox):
            lines = [
                Line(ln.x0, ln.y0, ln.x1, ln.y1, _line_text(ln, state).rstrip("\n"))
                for ln in obj
                if isinstance(ln, LTTextLine)
            ]
            lines = [ln for ln in lines if ln.text.strip()]
            if lines:
                boxes.append(Box(obj.x0, obj.y0, obj.x1, obj.y1, lines))
        elif isinstance(obj, LTTextLine):
            # zero-width lines (a glyph the font has no width for, often a
            # bullet) are left outside any box by pdfminer
            text = _line_text(obj, state).rstrip("\n")
            if text.strip():
                boxes.append(Box(obj.x0, obj.y0, obj.x1, obj.y1, [Line(obj.x0, obj.y0, obj.x1, obj.y1, text)]))
        elif isinstance(obj, LTImage):
            state["images"] += 1
        elif isinstance(obj, LTFigure):
            state["figures"] += 1
            _collect(obj, boxes, state)
        elif isinstance(obj, LTCurve):
            state["curves"] += 1


def _joiner(a: Box, b: Box) -> str:
    """"\n" between boxes on the same row or continuing each other (b right
    below a, same column), a blank line otherwise."""
    height = (a.y1 - a.y0) / max(len(a.lines), 1)
    voverlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    if voverlap > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
        return "\n"  # same row ("Title ... Jan 2020 - Present")
    gap = a.y0 - b.y1
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    if -1.0 <= gap <= 0.8 * height and overlap > 0:
        return "\n"
    return "\n\n"


def _page_text(boxes: list[Box], state: dict) -> str:
    for b in boxes:
        for ln in b.lines:
            if "(cid:" in ln.text:
                t = ln.text.lstrip()
                # an unmapped glyph opening a line is almost always a bullet
                if t.startswith("(cid:"):
                    t = _CID.sub(f"{BULLET} ", t, count=1)
                state["cids"] += len(_CID.findall(t))
                ln.text = _CID.sub("", t)
    boxes = [b for b in boxes if any(ln.text.strip() for ln in b.lines)]
    boxes = _attach_bullets(boxes)
    ordered = order_boxes(boxes)
    parts: list[str] = []
    for i, b in enumerate(ordered):
        if i:
            parts.append(_joiner(ordered[i - 1], b))
        parts.append(b.text)
    return "".join(parts)


def _quiet_pdfminer() -> None:
    """pdfminer logs parse warnings without installing a handler, so Python
    prints them to stderr. A NullHandler (the standard library-side fix) keeps
    them out of the user's terminal; applications that configure logging
    still receive them through propagation."""
    import logging

    log = logging.getLogger("pdfminer")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())


def _pdfminer_document(data: bytes, *, source: str, password: str | None) -> Any:
    """pdfminer.six's ``PDFDocument`` of ``data``, opened with ``password`` (or the empty one);
    a wrong or missing password (E111, E101) and an encryption it cannot read (E101) raise
    :class:`EncryptedDocumentError`."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password=password or "")
    except PDFPasswordIncorrect:
        if password:
            raise EncryptedDocumentError.from_code("E111", source=source) from None
        raise EncryptedDocumentError.from_code("E101", source=source) from None
    except PDFEncryptionError as e:
        why = str(e).split(": param=")[0][:100]
        detail = f" Its encryption is not one that pdfminer.six reads ({why}), so it cannot be checked for safety."
        raise EncryptedDocumentError.from_code("E101", source=source, detail=detail) from None
    handler: Any = getattr(doc.decipher, "__self__", None)
    if handler is not None:
        _fast_rc4(doc, handler, source)
    return doc


def _fast_rc4(doc: Any, handler: Any, source: str) -> None:
    """Make pdfminer.six's RC4 decryption (the V 1-2 handler, or a V 4 crypt filter ``/V2``) run in C
    (:func:`_rc4`), for the pre-scan and for reading. An RC4 key length that OpenSSL lacks (48 to
    120 bits but 56, 64 and 80, ...) is refused (E101)."""
    from pdfminer.pdfdocument import PDFStandardSecurityHandler

    def fast(objid: int, genno: int, data: bytes, attrs: Any = None) -> bytes:
        return _rc4(handler.key, objid, genno, data)

    cfm = getattr(handler, "cfm", None)
    if cfm is None:  # V 1-2: RC4 for every string and stream
        used, doc.decipher = True, fast
    else:
        used = False
        for name, f in list(cfm.items()):
            if getattr(f, "__func__", None) is PDFStandardSecurityHandler.decrypt_rc4:
                used, cfm[name] = True, fast
    if used:
        from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4

        if min(len(handler.key) + 5, 16) * 8 not in ARC4.key_sizes:  # 40 and 128 bits are fine
            detail = f" Its RC4 key of {len(handler.key) * 8} bits is not one that can be decrypted safely, so it is not read."
            raise EncryptedDocumentError.from_code("E101", source=source, detail=detail)


def _pdfminer_pages(data: bytes, *, source: str, password: str | None, max_pages: int) -> Iterator[Any]:
    """Yield ``("document", encrypted)``, then ``(LTPage, None)`` for each page read, then
    ``("truncated", True)`` when pages are left after ``max_pages``."""
    _quiet_pdfminer()
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    doc = _pdfminer_document(data, source=source, password=password)
    yield ("document", doc.encryption is not None)
    rsrc = PDFResourceManager(caching=True)
    device = PDFPageAggregator(rsrc, laparams=LAParams(**LAPARAMS))
    interp = PDFPageInterpreter(rsrc, device)
    for i, page in enumerate(PDFPage.create_pages(doc)):
        if i >= max_pages:
            yield ("truncated", True)
            return
        interp.process_page(page)
        yield device.get_result(), None


def extract_pdf(
    data: bytes,
    *,
    source: str,
    password: str | None = None,
    max_pages: int = MAX_PAGES,
    backend: str = "pdfium",
) -> RawDocument:
    """Extract the text of a PDF, page by page, in reading order.

    ``backend="pdfium"`` reads the characters with PDFium and falls back to
    pdfminer.six (the reference backend) when PDFium cannot read the file, or
    would take quadratic time on it (:data:`PDFIUM_MAX_FORM_TEXT`);
    ``backend="pdfminer"`` uses pdfminer.six alone. Both share the stream
    checks before parsing and every rule after the characters (layout
    parameters, hidden text, bullets, reading order, warnings, errors).
    """
    check_length_refs(data, source)
    check_streams(data, source)
    # after the raw checks: pdfminer.six reads cross-reference streams (never encrypted) unbounded
    decrypt = _decrypter(data, source, password)
    if decrypt is not None:
        check_streams(data, source, decrypt=decrypt)
    in_forms = check_fanout(data, source, decrypt=decrypt)
    checked = decrypt is not None
    fallback = None
    if backend == "pdfium" and in_forms > PDFIUM_MAX_FORM_TEXT:
        fallback = (
            f"not read with PDFium: {in_forms:,} text operators and strings inside form XObjects, over "
            f"{PDFIUM_MAX_FORM_TEXT:,} (PDFium's text page takes quadratic time on them, in one call)"
        )
    elif backend == "pdfium":
        from .pdfium import PdfiumUnreadable, pdfium_pages

        try:
            pages = pdfium_pages(data, password=password, max_pages=max_pages, laparams=LAPARAMS)
            return _read_pages(pages, source=source, max_pages=max_pages, backend="pdfium", strict=True, decrypted=checked)
        except PdfiumUnreadable as e:
            fallback = str(e)[:200]
    elif backend != "pdfminer":
        raise ValueError(f"unknown PDF backend {backend!r}; expected 'pdfium' or 'pdfminer'")
    pages = _pdfminer_pages(data, source=source, password=password, max_pages=max_pages)
    raw = _read_pages(pages, source=source, max_pages=max_pages, backend="pdfminer", strict=False, decrypted=checked)
    if fallback is not None:
        raw.metadata["pdfium_error"] = fallback
    return raw


def _read_pages(
    pages: Iterator[Any], *, source: str, max_pages: int, backend: str, strict: bool, decrypted: bool
) -> RawDocument:
    """The text of the pages a backend yields (see :func:`_pdfminer_pages`).

    ``strict``: backend failures propagate (PDFium, whose caller falls back);
    otherwise they become the library's errors, keeping the pages read before
    the damage. ``decrypted``: the stream checks read the file decrypted; a
    backend that finds it encrypted when they did not is stopped (E101)
    before its first page.
    """
    warnings: list[str] = []
    texts: list[str] = []
    state = {"images": 0, "figures": 0, "curves": 0, "cids": 0}
    empty_pages: list[int] = []
    n_seen = 0
    truncated = False
    encrypted = False
    try:
        with contextlib.closing(pages):
            for layout, counts in pages:
                if isinstance(layout, str):  # ("document", encrypted) or ("truncated", True)
                    encrypted = encrypted or (layout == "document" and bool(counts))
                    if encrypted and not decrypted:
                        raise EncryptedDocumentError.from_code(
                            "E101", source=source, detail=f" {backend} decrypts it but the safety checks could not, so it is not read."
                        )
                    truncated = truncated or layout == "truncated"
                    continue
                n_seen += 1
                before = state["images"] + state["figures"]
                boxes: list[Box] = []
                _collect(layout, boxes, state)
                if counts:
                    for k, v in counts.items():
                        state[k] += v
                text = _page_text(boxes, state)
                if not text.strip():
                    empty_pages.append(n_seen)
                    if state["images"] + state["figures"] > before:
                        state.setdefault("image_pages", []).append(n_seen)
                texts.append(text)
    except EncryptedDocumentError:
        raise
    except Exception as e:
        if strict:
            raise
        if isinstance(e, RecursionError):
            raise CorruptDocumentError.from_code("E102", source=source, reason="structure nested too deeply") from None
        if isinstance(e, MemoryError):
            raise unsafe(source, "needs too much memory to parse") from None
        # any pdfminer failure (PDFSyntaxError, PSEOF, KeyError, ...)
        if texts and n_seen:
            # keep what was read before the damage
            warnings.append(f"stopped after page {n_seen}: the rest of the PDF is damaged ({type(e).__name__})")
        else:
            reason = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
            raise CorruptDocumentError.from_code("E102", source=source, reason=f"PDF parser: {reason[:200]}") from None
    if not texts:
        raise CorruptDocumentError.from_code("E102", source=source, reason="the PDF has no pages")
    if truncated:
        warnings.append(f"only the first {max_pages} pages were read (max_pages={max_pages})")
    nonempty = len(texts) - len(empty_pages)
    if empty_pages and nonempty:
        pl = ", ".join(map(str, empty_pages[:10]))
        warnings.append(
            f"page(s) {pl} have no text layer (images only?); their content is missing, OCR would be needed"
        )
    if state["cids"]:
        warnings.append(f"{state['cids']} glyph(s) without a Unicode mapping were dropped")
    hidden = [h for h in state.get("hidden", []) if h.strip()]
    if hidden:
        warnings.append(hidden_text_warning(hidden))
    metadata = {
        "pages": len(texts),
        "pages_read": n_seen,
        "truncated": truncated,
        "encrypted": encrypted,
        "images": state["images"],
        "empty_pages": empty_pages,
        "hidden_chars": sum(len(h) for h in hidden),
        "pdf_backend": backend,
    }
    return RawDocument(
        pages=texts,
        warnings=warnings,
        metadata=metadata,
        has_images=bool(state["images"] or state["figures"] or state["cids"] or state["curves"] >= 10),
    )
