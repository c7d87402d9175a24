"""PDF characters from PDFium (pypdfium2), laid out by pdfminer's own rules.

PDFium parses the file and its content streams in C, about ten times faster
than pdfminer.six. Its text API is not used for the text itself (its own word
breaking runs words together on many resumes). Instead every character PDFium
finds becomes a pdfminer :class:`~pdfminer.layout.LTChar` with the box pdfminer
would have computed (left edge, font descent, advance width, em size), and
pdfminer's layout analysis (:data:`collabscreen.extract.pdf.LAPARAMS`) groups
them into words, lines and boxes. :mod:`collabscreen.extract.pdf` then reads
the result exactly as it reads pdfminer's own pages (hidden text, bullets,
XY-cut), so both backends share every rule after the characters.

Known differences from pdfminer (see ``benchmarks/RESULTS.md``): PDFium drops
the space glyphs of the content stream (pdfminer's word margin puts the spaces
back), removes characters drawn twice on top of each other (fake bold), and
does not keep text drawn inside a form XObject in a box of its own.

``pypdfium2`` is imported on first use. Each document, page and text page is
closed as soon as it has been read, not left to the garbage collector.
"""

from __future__ import annotations

import ctypes
from typing import Any, Iterator

__all__ = ["PdfiumUnreadable", "pdfium_pages", "available"]

# FPDF_PAGEOBJ_* types, counted per page for the "no text layer" diagnosis
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
#: Depth to which form XObjects are searched for images and paths.
_MAX_FORM_DEPTH = 8


class PdfiumUnreadable(Exception):
    """PDFium could not read the file; the caller falls back to pdfminer.six."""


def available() -> bool:
    """True when pypdfium2 can be imported."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def _page_ctm(mediabox: tuple[float, float, float, float], rotate: int) -> tuple[float, ...]:
    """pdfminer's page matrix (``PDFPageInterpreter.process_page``): origin at the
    media box's corner, the page turned upright."""
    x0, y0, x1, y1 = mediabox
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


def _apply_rect(m: tuple[float, ...], x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = m
    xs = (a * x0 + c * y0 + e, a * x1 + c * y1 + e, a * x0 + c * y1 + e, a * x1 + c * y0 + e)
    ys = (b * x0 + d * y0 + f, b * x1 + d * y1 + f, b * x0 + d * y1 + f, b * x1 + d * y0 + f)
    return min(xs), min(ys), max(xs), max(ys)


class _GraphicState:
    """The one part of pdfminer's graphic state that is read: the fill colour (RGB, 0..1)."""

    __slots__ = ("ncolor",)

    def __init__(self, ncolor: tuple[float, float, float]) -> None:
        self.ncolor = ncolor


def _char_class():
    from pdfminer.layout import LTChar, LTComponent, LTText

    class PdfiumChar(LTChar):
        """An :class:`LTChar` built from PDFium's character box instead of a pdfminer font."""

        def __init__(self, text: str, bbox: tuple[float, float, float, float], size: float, color, upright: bool) -> None:
            LTText.__init__(self)
            LTComponent.__init__(self, bbox)
            self._text = text
            self.size = size
            self.upright = upright
            self.graphicstate = _GraphicState(color)
            self.fontname = ""
            self.matrix = (1, 0, 0, 1, bbox[0], bbox[1])
            self.adv = bbox[2] - bbox[0]
            self.ncs = None

    return PdfiumChar


_CHAR: Any = None


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(raw, obj) -> tuple[float, ...]:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk_objects(raw, page) -> tuple[list[int], dict[int, int], list[tuple[int, Any, tuple[float, ...]]]]:
    """One pass over a page's objects, in content-stream order, into form XObjects.

    Returns ``[images, forms, paths]``, the stream position of every text
    object (by address) and every text object with its page matrix (for
    the blank ones PDFium leaves out of its text page).
    """
    counts = [0, 0, 0]
    order: dict[int, int] = {}
    texts: list[tuple[int, Any, tuple[float, ...]]] = []
    stack: list[tuple[Any, int, int, tuple[float, ...] | None]] = [(page, 0, 0, None)]
    while stack:
        parent, i, depth, outer = stack.pop()
        n = raw.FPDFFormObj_CountObjects(parent) if depth else raw.FPDFPage_CountObjects(parent)
        while i < n:
            obj = raw.FPDFFormObj_GetObject(parent, i) if depth else raw.FPDFPage_GetObject(parent, i)
            i += 1
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == _TEXT:
                pos = len(order)
                order[ctypes.cast(obj, ctypes.c_void_p).value or 0] = pos
                texts.append((pos, obj, outer))
            elif kind == _IMAGE:
                counts[0] += 1
            elif kind == _PATH:
                counts[2] += 1
            elif kind == _FORM:
                counts[1] += 1
                if depth < _MAX_FORM_DEPTH:
                    inner = _matrix(raw, obj)
                    stack.append((parent, i, depth, outer))
                    stack.append((obj, 0, depth + 1, inner if outer is None else _mul(inner, outer)))
                    break
    return counts, order, texts


def _blank_chars(raw, texts, with_chars: set[int], ctm: tuple[float, ...], Char) -> list[tuple[int, Any]]:
    """The text objects PDFium's text page leaves out (their glyphs have no extent:
    spaces drawn one per ``Tj``), as pdfminer's space characters: at the object's
    origin, a space's advance wide, descent to descent + em size."""
    out = []
    size_c, desc_c, width_c = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    for pos, obj, outer in texts:
        if (ctypes.cast(obj, ctypes.c_void_p).value or 0) in with_chars:
            continue
        font = raw.FPDFTextObj_GetFont(obj)
        if not font or not raw.FPDFTextObj_GetFontSize(obj, size_c):
            continue
        fs = size_c.value
        m = _matrix(raw, obj)
        if outer is not None:
            m = _mul(m, outer)
        ma, mb, mc, md, me, mf = m
        if mb or mc or ma <= 0 or md <= 0:
            continue
        adv = width_c.value if raw.FPDFFont_GetGlyphWidth(font, 0x20, fs, width_c) else 0.25 * fs
        descent = desc_c.value if raw.FPDFFont_GetDescent(font, fs, desc_c) else 0.0
        x0, y0 = me, mf + descent * md
        box = _apply_rect(ctm, x0, y0, x0 + adv * ma, y0 + fs * md)
        if raw.FPDFPageObj_GetFillColor(obj, r, g, b, a):
            color = (r.value / 255.0, g.value / 255.0, b.value / 255.0)
        else:
            color = (0.0, 0.0, 0.0)
        out.append((pos, Char(" ", box, box[3] - box[1], color, ctm[1] == 0 and ctm[2] == 0)))
    return out


def _page_chars(raw, textpage, ctm: tuple[float, ...], Char) -> list[tuple[int, Any]]:
    """Every character PDFium put on the text page (not the ones it generated) as
    ``(text object address, LTChar)`` in PDFium's order, boxed as pdfminer boxes them."""
    n = raw.FPDFText_CountChars(textpage)
    chars: list[tuple[int, Any]] = []
    rect = raw.FS_RECTF()
    m = raw.FS_MATRIX()
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    width = ctypes.c_float()
    get_unicode = raw.FPDFText_GetUnicode
    is_generated = raw.FPDFText_IsGenerated
    map_error = raw.FPDFText_HasUnicodeMapError
    is_hyphen = raw.FPDFText_IsHyphen
    loose_box = raw.FPDFText_GetLooseCharBox
    font_size = raw.FPDFText_GetFontSize
    get_matrix = raw.FPDFText_GetMatrix
    fill = raw.FPDFText_GetFillColor
    text_object = raw.FPDFText_GetTextObject
    object_font = raw.FPDFTextObj_GetFont
    glyph_width = raw.FPDFFont_GetGlyphWidth
    address = ctypes.c_void_p
    cast = ctypes.cast
    origin = raw.FPDFText_GetCharOrigin
    font_descent = raw.FPDFFont_GetDescent
    ox, oy = ctypes.c_double(), ctypes.c_double()
    desc = ctypes.c_float()
    widths: dict[tuple[int | None, int, float], float] = {}
    descents: dict[tuple[int | None, float], float] = {}
    upright_page = ctm[1] == 0 and ctm[2] == 0
    for i in range(n):
        if is_generated(textpage, i):
            continue  # spaces and line breaks of PDFium's own; pdfminer's rules decide those
        u = get_unicode(textpage, i)
        if map_error(textpage, i) == 1:
            text = "(cid:0)"  # as pdfminer writes a glyph it cannot map
        elif (u < 0x20 or u == 0xFFFE) and is_hyphen(textpage, i) == 1:
            text = "-"  # PDFium marks a hyphen that ends a line (code 2) instead of keeping it
        elif u in (0x0D, 0x0A, 0xFFFE, 0xFFFF, 0) or 0xD800 <= u <= 0xDFFF:
            continue
        else:
            text = chr(u)
        obj = text_object(textpage, i)
        size = font_size(textpage, i)
        get_matrix(textpage, i, m)
        ma, mb, mc, md = m.a, m.b, m.c, m.d
        if mb == 0 and mc == 0 and ma > 0 and md > 0 and origin(textpage, i, ox, oy):
            # pdfminer's box: from the origin (the loose box reaches further where a
            # glyph overhangs, as an italic "f" does), the advance wide, from the font's
            # descent up one em
            font = object_font(obj)
            fkey = cast(font, address).value
            adv = widths.get((fkey, u, size))
            if adv is None:
                adv = width.value if font and glyph_width(font, u, size, width) else -1.0
                widths[(fkey, u, size)] = adv
            descent = descents.get((fkey, size))
            if descent is None:
                descent = desc.value if font and font_descent(font, size, desc) else 0.0
                descents[(fkey, size)] = descent
            x0, y0 = ox.value, oy.value + descent * md
            if adv >= 0:
                x1 = x0 + adv * ma
            elif loose_box(textpage, i, rect):
                x1 = rect.right
            else:
                continue
            y1 = y0 + size * md
            upright = True
        elif loose_box(textpage, i, rect):
            x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
            upright = False
        else:
            continue
        if upright_page:
            e, f = ctm[4], ctm[5]
            box = (x0 + e, y0 + f, x1 + e, y1 + f)
        else:
            box = _apply_rect(ctm, x0, y0, x1, y1)
        if fill(textpage, i, r, g, b, a):
            color = (r.value / 255.0, g.value / 255.0, b.value / 255.0)
        else:
            color = (0.0, 0.0, 0.0)
        chars.append((cast(obj, address).value or 0, Char(text, box, box[3] - box[1], color, upright and upright_page)))
    return chars


def _merge(chars: list[tuple[int, Any]], order: dict[int, int], blanks: list[tuple[int, Any]]) -> list[Any]:
    """PDFium's characters with the blank objects put back at their place in the content stream."""
    if not blanks:
        return [c for _, c in chars]
    out: list[Any] = []
    j = 0
    for addr, ch in chars:
        pos = order.get(addr, -1)
        while j < len(blanks) and blanks[j][0] < pos:
            out.append(blanks[j][1])
            j += 1
        out.append(ch)
    out.extend(c for _, c in blanks[j:])
    return out


def pdfium_pages(data: bytes, *, password: str | None, max_pages: int, laparams: dict[str, Any]) -> Iterator[Any]:
    """Yield ``("document", encrypted)``, ``(LTPage, counts)`` for each page read, then
    ``("truncated", True)`` when pages are left after ``max_pages`` (as ``pdf._pdfminer_pages``).

    ``counts`` is ``{"images", "figures", "curves"}`` for the page (pdfminer
    counts these from its layout objects). Any PDFium failure, at the start or
    on a later page, raises :class:`PdfiumUnreadable` so that the caller reads
    the whole file again with pdfminer.six.
    """
    global _CHAR
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError as e:  # pragma: no cover - a core dependency
        raise PdfiumUnreadable(f"pypdfium2 is not installed ({e})") from None
    from pdfminer.layout import LAParams, LTPage

    if _CHAR is None:
        _CHAR = _char_class()
    params = LAParams(**laparams)
    try:
        pdf = pdfium.PdfDocument(data, password=password or None)
    except Exception as e:  # PdfiumError: format, password, security handler
        raise PdfiumUnreadable(f"{type(e).__name__}: {e}") from None
    try:
        n_pages = len(pdf)
        encrypted = raw.FPDF_GetSecurityHandlerRevision(pdf) != -1
        yield ("document", encrypted)
        for i in range(min(n_pages, max_pages)):
            page = textpage = None
            try:
                page = pdf[i]
                mediabox = page.get_mediabox()
                rotate = page.get_rotation() % 360
                ctm = _page_ctm(mediabox, rotate)
                textpage = page.get_textpage()
                chars = _page_chars(raw, textpage, ctm, _CHAR)
                (images, forms, paths), order, texts = _walk_objects(raw, page)
                blanks = _blank_chars(raw, texts, {addr for addr, _ in chars}, ctm, _CHAR)
                chars = _merge(chars, order, blanks)
            except Exception as e:
                raise PdfiumUnreadable(f"page {i + 1}: {type(e).__name__}: {e}") from None
            finally:
                if textpage is not None:
                    textpage.close()
                if page is not None:
                    page.close()
            bx0, by0, bx1, by1 = _apply_rect(ctm, *mediabox)
            layout = LTPage(i + 1, (0, 0, abs(bx1 - bx0), abs(by1 - by0)))
            for ch in chars:
                layout.add(ch)
            layout.analyze(params)
            # pdfminer puts every image in a figure of its own
            yield layout, {"images": images, "figures": forms + images, "curves": paths}
        if n_pages > max_pages:
            yield ("truncated", True)
    finally:
        pdf.close()
