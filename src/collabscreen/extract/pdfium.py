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


_BLACK = _GraphicState((0.0, 0.0, 0.0))


def _char_class():
    from pdfminer.layout import LTChar

    class PdfiumChar(LTChar):
        """An :class:`LTChar` built from PDFium's character box instead of a pdfminer font."""

        def __init__(self, text: str, bbox: tuple[float, float, float, float], gstate: _GraphicState, upright: bool) -> None:
            # LTComponent.set_bbox, inlined: one of these is made per character
            x0, y0, x1, y1 = bbox
            self.x0, self.y0, self.x1, self.y1 = bbox
            self.width = x1 - x0
            self.height = self.size = y1 - y0
            self.bbox = bbox
            self._text = text
            self.upright = upright
            self.graphicstate = gstate
            self.fontname = ""
            self.matrix = (1, 0, 0, 1, x0, y0)
            self.adv = self.width
            self.ncs = None

    return PdfiumChar


class _Api:
    """The FPDF* functions read per character, re-declared to take and return plain
    addresses (``c_void_p``): pypdfium2's typed handles cost a ``ctypes.cast`` and a
    property look-up on every call, which was a third of the time."""

    NAMES = (
        "FPDFText_CountChars",
        "FPDFText_GetUnicode",
        "FPDFText_GetText",
        "FPDFText_IsGenerated",
        "FPDFText_IsHyphen",
        "FPDFText_HasUnicodeMapError",
        "FPDFText_GetTextObject",
        "FPDFText_GetCharOrigin",
        "FPDFText_GetLooseCharBox",
        "FPDFText_GetFontSize",
        "FPDFText_GetMatrix",
        "FPDFText_GetFillColor",
        "FPDFTextObj_GetFont",
        "FPDFTextObj_GetFontSize",
        "FPDFFont_GetGlyphWidth",
        "FPDFFont_GetDescent",
        "FPDFFont_GetBaseFontName",
        "FPDFPage_CountObjects",
        "FPDFPage_GetObject",
        "FPDFFormObj_CountObjects",
        "FPDFFormObj_GetObject",
        "FPDFPageObj_GetType",
        "FPDFPageObj_GetMatrix",
        "FPDFPageObj_GetFillColor",
    )

    def __init__(self, raw) -> None:
        def handle(t):
            return ctypes.c_void_p if t is not None and t.__name__.startswith("LP_struct_fpdf") else t

        for name in self.NAMES:
            fn = getattr(raw, name)
            proto = ctypes.CFUNCTYPE(handle(fn.restype), *[handle(t) for t in fn.argtypes])
            setattr(self, name, proto(ctypes.cast(fn, ctypes.c_void_p).value))
        self.FS_RECTF = raw.FS_RECTF
        self.FS_MATRIX = raw.FS_MATRIX


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(api: _Api, obj: int) -> tuple[float, ...]:
    m = api.FS_MATRIX()
    if not api.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk_objects(api: _Api, page: int) -> tuple[list[int], dict[int, int], list[tuple[int, int, tuple[float, ...] | None]]]:
    """One pass over a page's objects, in content-stream order, into form XObjects.

    Returns ``[images, forms, paths]``, the stream position of every text
    object (by address) and every text object with the matrix of the forms
    around it (for the blank ones PDFium leaves out of its text page).
    """
    counts = [0, 0, 0]
    order: dict[int, int] = {}
    texts: list[tuple[int, int, tuple[float, ...] | None]] = []
    get_type = api.FPDFPageObj_GetType
    stack: list[tuple[int, int, int, tuple[float, ...] | None]] = [(page, 0, 0, None)]
    while stack:
        parent, i, depth, outer = stack.pop()
        n = api.FPDFFormObj_CountObjects(parent) if depth else api.FPDFPage_CountObjects(parent)
        get = api.FPDFFormObj_GetObject if depth else api.FPDFPage_GetObject
        while i < n:
            obj = get(parent, i)
            i += 1
            kind = get_type(obj)
            if kind == _TEXT:
                order[obj] = len(texts)
                texts.append((len(texts), obj, outer))
            elif kind == _IMAGE:
                counts[0] += 1
            elif kind == _PATH:
                counts[2] += 1
            elif kind == _FORM:
                counts[1] += 1
                if depth < _MAX_FORM_DEPTH:
                    inner = _matrix(api, obj)
                    stack.append((parent, i, depth, outer))
                    stack.append((obj, 0, depth + 1, inner if outer is None else _mul(inner, outer)))
                    break
    return counts, order, texts


_STATES: dict[tuple[int, int, int], _GraphicState] = {}


def _color(ok: int, r, g, b) -> _GraphicState:
    """The (shared, never changed) graphic state of a fill colour."""
    if not ok:
        return _BLACK
    key = (r.value, g.value, b.value)
    state = _STATES.get(key)
    if state is None:
        if len(_STATES) > 4096:
            _STATES.clear()
        state = _STATES[key] = _GraphicState((key[0] / 255.0, key[1] / 255.0, key[2] / 255.0))
    return state


def _blank_chars(api: _Api, texts, with_chars: set[int], ctm: tuple[float, ...], Char) -> list[tuple[int, Any]]:
    """The text objects PDFium's text page leaves out (their glyphs have no extent:
    spaces drawn one per ``Tj``), as pdfminer's space characters: at the object's
    origin, a space's advance wide, descent to descent + em size."""
    out = []
    size_c, desc_c, width_c = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    upright_page = ctm[1] == 0 and ctm[2] == 0
    metrics: dict[tuple[int, float], tuple[float, float]] = {}  # (font, size) -> (advance, descent)
    for pos, obj, outer in texts:
        if obj in with_chars:
            continue
        font = api.FPDFTextObj_GetFont(obj)
        if not font or not api.FPDFTextObj_GetFontSize(obj, size_c):
            continue
        fs = size_c.value
        m = _matrix(api, obj)
        if outer is not None:
            m = _mul(m, outer)
        ma, mb, mc, md, me, mf = m
        if mb or mc or ma <= 0 or md <= 0:
            continue
        known = metrics.get((font, fs))
        if known is None:
            standard = _standard_metrics(api, font)
            if standard is not None:
                adv = standard[1].get(" ", 0) * 0.001 * fs
            else:
                adv = width_c.value if api.FPDFFont_GetGlyphWidth(font, 0x20, fs, width_c) else 0.25 * fs
            known = metrics[(font, fs)] = (adv, _descent(api, font, fs, standard, desc_c))
        adv, descent = known
        x0, y0 = me, mf + descent * md
        box = _apply_rect(ctm, x0, y0, x0 + adv * ma, y0 + fs * md)
        gstate = _color(api.FPDFPageObj_GetFillColor(obj, r, g, b, a), r, g, b)
        out.append((pos, Char(" ", box, gstate, upright_page)))
    return out


_STANDARD: Any = None


def _standard_metrics(api: _Api, font: int) -> tuple[float, dict[str, int]] | None:
    """pdfminer's own metrics (descent per em, widths by character) when it knows the font by
    name (the standard 14 and their Arial/Courier New aliases): pdfminer then ignores the
    file's widths and descriptor, so the boxes must be computed the same way."""
    global _STANDARD
    if _STANDARD is None:
        from pdfminer.fontmetrics import FONT_METRICS

        _STANDARD = {
            name: (-abs(float(desc.get("Descent", 0))) * 0.001, widths) for name, (desc, widths) in FONT_METRICS.items()
        }
    if not font:
        return None
    buf = ctypes.create_string_buffer(256)
    n = api.FPDFFont_GetBaseFontName(font, buf, 256)
    return _STANDARD.get(buf.value.decode("latin-1")) if 0 < n <= 256 else None


def _descent(api: _Api, font: int, size: float, standard, value) -> float:
    """The font's descent at ``size``, negative (as pdfminer forces it)."""
    if standard is not None:
        return standard[0] * size
    return -abs(value.value) if font and api.FPDFFont_GetDescent(font, size, value) else 0.0


def _page_chars(api: _Api, textpage: int, ctm: tuple[float, ...], Char) -> list[tuple[int, Any]]:
    """Every character PDFium put on the text page (not the ones it generated) as
    ``(text object address, LTChar)`` in PDFium's order, boxed as pdfminer boxes them."""
    n = api.FPDFText_CountChars(textpage)
    chars: list[tuple[int, Any]] = []
    rect = api.FS_RECTF()
    m = api.FS_MATRIX()
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    width, desc = ctypes.c_float(), ctypes.c_float()
    get_unicode = api.FPDFText_GetUnicode
    is_generated = api.FPDFText_IsGenerated
    is_hyphen = api.FPDFText_IsHyphen
    map_error = api.FPDFText_HasUnicodeMapError
    loose_box = api.FPDFText_GetLooseCharBox
    text_object = api.FPDFText_GetTextObject
    origin = api.FPDFText_GetCharOrigin
    glyph_width = api.FPDFFont_GetGlyphWidth
    upright_page = ctm[1] == 0 and ctm[2] == 0
    e, f = ctm[4], ctm[5]
    # what is the same for every character of a text object: font, size, matrix, colour
    objects: dict[int, tuple[int, float, float, float, bool, _GraphicState, float]] = {}
    widths: dict[tuple[int, int, float], float] = {}
    descents: dict[tuple[int, float], float] = {}
    fonts: dict[int, Any] = {}
    # all code points in one call (one UTF-16 unit per character, PDFium's line-end hyphen
    # as U+FFFE), unless a character outside the BMP makes them surrogate pairs
    buf = (ctypes.c_ushort * (n + 1))()
    codes: Any = buf
    if n and (api.FPDFText_GetText(textpage, 0, n, buf) != n + 1 or any(0xD800 <= c <= 0xDFFF for c in buf[:n])):
        codes = [get_unicode(textpage, i) for i in range(n)]
    for i in range(n):
        u = codes[i]
        if u in (0x20, 0x0D, 0x0A) and is_generated(textpage, i):
            continue  # spaces and line breaks of PDFium's own; pdfminer's rules decide those
        if map_error(textpage, i) == 1:
            text = "(cid:0)"  # as pdfminer writes a glyph it cannot map
        elif (u < 0x20 or u == 0xFFFE) and is_hyphen(textpage, i) == 1:
            text = "-"  # PDFium marks a hyphen that ends a line (code 2) instead of keeping it
        elif u in (0x0D, 0x0A, 0xFFFE, 0xFFFF, 0) or 0xD800 <= u <= 0xDFFF:
            continue
        else:
            text = chr(u)
        obj = text_object(textpage, i) or 0
        info = objects.get(obj)
        if info is None:
            font = api.FPDFTextObj_GetFont(obj) if obj else None
            size = api.FPDFText_GetFontSize(textpage, i)
            api.FPDFText_GetMatrix(textpage, i, m)
            upright = m.b == 0 and m.c == 0 and m.a > 0 and m.d > 0
            font = font or 0
            if font not in fonts:
                fonts[font] = _standard_metrics(api, font)
            descent = descents.get((font, size))
            if descent is None:
                descent = descents[(font, size)] = _descent(api, font, size, fonts[font], desc)
            gstate = _color(api.FPDFText_GetFillColor(textpage, i, r, g, b, a), r, g, b)
            info = objects[obj] = (font or 0, size, m.a, m.d, upright, gstate, descent)
        font, size, ma, md, upright, gstate, descent = info
        if upright and origin(textpage, i, ox, oy):
            # pdfminer's box: from the origin (the loose box reaches further where a
            # glyph overhangs, as an italic "f" does), the advance wide, from the font's
            # descent up one em
            adv = widths.get((font, u, size))
            if adv is None:
                standard = fonts[font]
                if standard is not None:
                    adv = standard[1].get(text, 0) * 0.001 * size
                else:
                    adv = width.value if font and glyph_width(font, u, size, width) else -1.0
                widths[(font, u, size)] = adv
            x0, y0 = ox.value, oy.value + descent * md
            if adv >= 0:
                x1 = x0 + adv * ma
            elif loose_box(textpage, i, rect):
                x1 = rect.right
            else:
                continue
            y1 = y0 + size * md
        elif loose_box(textpage, i, rect):
            x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
            upright = False
        else:
            continue
        if upright_page:
            box = (x0 + e, y0 + f, x1 + e, y1 + f)
        else:
            box = _apply_rect(ctm, x0, y0, x1, y1)
        chars.append((obj, Char(text, box, gstate, upright and upright_page)))
    return chars


_CHAR: Any = None
_API: _Api | None = None


def _in_stream_order(chars: list[tuple[int, Any]], order: dict[int, int], blanks: list[tuple[int, Any]]) -> list[Any]:
    """PDFium's characters in content-stream order, the blank objects put back in their place.

    PDFium's text page reorders the text objects of a line; pdfminer groups
    characters into lines in the order they are drawn, so the order is restored
    here: by text object, and within an object as PDFium lists them (stable sort).
    """
    keyed = [(order.get(addr, -1), ch) for addr, ch in chars]
    keyed.extend(blanks)
    keyed.sort(key=lambda item: item[0])
    return [ch for _, ch in keyed]


def _analyze(layout: Any, chars: list[Any], params: Any) -> None:
    """``layout.analyze(params)`` for a page of characters, with pdfminer's line grouping
    done on arrays.

    pdfminer joins two characters drawn one after the other into a line when they
    overlap vertically by half the smaller height and lie within twice the wider
    width (``group_objects``), and puts a space between them when the gap is over a
    tenth of the later one's size (``LTTextLineHorizontal.add``). Both tests look at
    consecutive pairs only, so they are computed here for all pairs at once, with
    the same float operations, and the lines are cut where a pair is not aligned.
    Boxes are then grouped and ordered by pdfminer itself. Characters at non-finite
    positions, or other layout parameters, take pdfminer's own path.
    """
    import numpy as np
    from pdfminer.layout import LTAnno, LTChar, LTTextBoxVertical, LTTextLineHorizontal

    n = len(chars)
    if n == 0 or params.boxes_flow is not None or params.detect_vertical:
        for ch in chars:
            layout.add(ch)
        layout.analyze(params)
        return
    boxes = np.array([c.bbox for c in chars], dtype=float)
    if boxes.shape != (n, 4) or not np.isfinite(boxes).all():
        for ch in chars:
            layout.add(ch)
        layout.analyze(params)
        return
    x0, y0, x1, y1 = boxes.T
    w, h = x1 - x0, y1 - y0  # as LTComponent.set_bbox computes width and height
    a, b = slice(None, -1), slice(1, None)  # obj0 and obj1 of each consecutive pair
    vertical = (y0[b] <= y1[a]) & (y0[a] <= y1[b])
    voverlap = np.where(vertical, np.minimum(np.abs(y0[a] - y1[b]), np.abs(y1[a] - y0[b])), 0.0)
    horizontal = (x0[b] <= x1[a]) & (x0[a] <= x1[b])
    hdistance = np.where(horizontal, 0.0, np.minimum(np.abs(x0[a] - x1[b]), np.abs(x1[a] - x0[b])))
    halign = vertical & (np.minimum(h[a], h[b]) * params.line_overlap < voverlap) & (hdistance < np.maximum(w[a], w[b]) * params.char_margin)
    space = x1[a] < x0[b] - params.word_margin * np.maximum(w[b], h[b]) if params.word_margin else np.zeros(n - 1, bool)
    starts = np.concatenate(([0], np.flatnonzero(~halign) + 1))
    ends = np.append(starts[1:], n)
    bx0, by0 = np.minimum.reduceat(x0, starts), np.minimum.reduceat(y0, starts)
    bx1, by1 = np.maximum.reduceat(x1, starts), np.maximum.reduceat(y1, starts)
    gap = np.zeros(n, bool)  # a space before this character (never before a line's first)
    gap[1:] = space & halign
    n_gaps = np.add.reduceat(gap.astype(np.int64), starts).tolist()
    lines = []
    for k, (s, e) in enumerate(zip(starts.tolist(), ends.tolist())):
        line = LTTextLineHorizontal(params.word_margin)
        if n_gaps[k]:
            objs: list[Any] = []
            last = s
            for j in (np.flatnonzero(gap[s:e]) + s).tolist():
                objs.extend(chars[last:j])
                objs.append(LTAnno(" "))
                last = j
            objs.extend(chars[last:e])
            line._objs = objs
        else:
            line._objs = chars[s:e]
        line.set_bbox((float(bx0[k]), float(by0[k]), float(bx1[k]), float(by1[k])))
        line._x1 = chars[e - 1].x1
        lines.append(line)
    # LTTextLine.is_empty without joining each line's text: no size, or only white space
    empty = [ln.width <= 0 or ln.height <= 0 or all(o._text.isspace() for o in ln._objs if isinstance(o, LTChar)) for ln in lines]
    empties = [ln for ln, e in zip(lines, empty) if e]
    for ln in empties:
        ln.analyze(params)
    textboxes = list(layout.group_textlines(params, [ln for ln, e in zip(lines, empty) if not e]))
    for box in textboxes:
        box.analyze(params)
    textboxes.sort(key=lambda box: (0, -box.x1, -box.y0) if isinstance(box, LTTextBoxVertical) else (1, -box.y0, box.x0))
    layout._objs = textboxes + empties


def pdfium_pages(data: bytes, *, password: str | None, max_pages: int, laparams: dict[str, Any]) -> Iterator[Any]:
    """Yield ``("document", encrypted)``, ``(LTPage, counts)`` for each page read, then
    ``("truncated", True)`` when pages are left after ``max_pages`` (as ``pdf._pdfminer_pages``).

    ``counts`` is ``{"images", "figures", "curves"}`` for the page (pdfminer
    counts these from its layout objects). Any PDFium failure, at the start or
    on a later page, raises :class:`PdfiumUnreadable` so that the caller reads
    the whole file again with pdfminer.six.
    """
    global _CHAR, _API
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError as e:  # pragma: no cover - a core dependency
        raise PdfiumUnreadable(f"pypdfium2 is not installed ({e})") from None
    from pdfminer.layout import LAParams, LTPage

    if _CHAR is None:
        _CHAR = _char_class()
    if _API is None:
        _API = _Api(raw)
    api = _API
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
                chars = _page_chars(api, _address(textpage.raw), ctm, _CHAR)
                (images, forms, paths), order, texts = _walk_objects(api, _address(page.raw))
                blanks = _blank_chars(api, texts, {addr for addr, _ in chars}, ctm, _CHAR)
                chars = _in_stream_order(chars, order, blanks)
            except Exception as e:
                raise PdfiumUnreadable(f"page {i + 1}: {type(e).__name__}: {e}") from None
            finally:
                if textpage is not None:
                    textpage.close()
                if page is not None:
                    page.close()
            bx0, by0, bx1, by1 = _apply_rect(ctm, *mediabox)
            layout = LTPage(i + 1, (0, 0, abs(bx1 - bx0), abs(by1 - by0)))
            _analyze(layout, chars, params)
            # pdfminer puts every image in a figure of its own
            yield layout, {"images": images, "figures": forms + images, "curves": paths}
        if n_pages > max_pages:
            yield ("truncated", True)
    finally:
        pdf.close()
