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
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any, Iterator

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


def _apply_rects(m: tuple[float, ...], x0: Any, y0: Any, x1: Any, y1: Any) -> Any:
    """pdfminer's ``apply_matrix_rect`` for arrays of boxes: the smallest and largest of the
    four transformed corners (taken as Python's ``min`` and ``max`` take them, first one kept
    on ties and NaN), as an ``n x 4`` array."""
    import numpy as np

    a, b, c, d, e, f = m
    xs = (a * x0 + c * y0 + e, a * x1 + c * y1 + e, a * x0 + c * y1 + e, a * x1 + c * y0 + e)
    ys = (b * x0 + d * y0 + f, b * x1 + d * y1 + f, b * x0 + d * y1 + f, b * x1 + d * y0 + f)
    lo_x, lo_y, hi_x, hi_y = xs[0], ys[0], xs[0], ys[0]
    for x, y in zip(xs[1:], ys[1:]):
        lo_x, lo_y = np.where(x < lo_x, x, lo_x), np.where(y < lo_y, y, lo_y)
        hi_x, hi_y = np.where(x > hi_x, x, hi_x), np.where(y > hi_y, y, hi_y)
    return np.stack([lo_x, lo_y, hi_x, hi_y], axis=-1).astype(float)


def _apply_rect(m: tuple[float, ...], x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    bx0, by0, bx1, by1 = _apply_rects(m, x0, y0, x1, y1).tolist()
    return bx0, by0, bx1, by1


class _GraphicState:
    """The one part of pdfminer's graphic state that is read: the fill colour (RGB, 0..1)."""

    __slots__ = ("ncolor",)

    def __init__(self, ncolor: tuple[float, float, float]) -> None:
        self.ncolor = ncolor


class _Palette:
    """A page's fill colours, each once: ``states[k]`` is the graphic state of colour ``k``."""

    def __init__(self) -> None:
        self.states: list[_GraphicState] = []
        self._index: dict[int, int] = {}

    def indices(self, codes: Any) -> Any:
        """The numbers in the palette of fill colours given as ``0xRRGGBB`` (0 for none: black,
        pdfminer's default)."""
        import numpy as np

        values, inverse = np.unique(np.asarray(codes, dtype=np.int64), return_inverse=True)
        numbers = []
        for code in values.tolist():
            k = self._index.get(code)
            if k is None:
                k = self._index[code] = len(self.states)
                self.states.append(_GraphicState(((code >> 16) / 255.0, ((code >> 8) & 0xFF) / 255.0, (code & 0xFF) / 255.0)))
            numbers.append(k)
        return np.array(numbers, dtype=np.intp)[inverse.reshape(-1)]


class PageChars:
    """A page's characters as columns, in one order: ``text`` (list of str), ``box`` (``n x 4``
    floats: x0, y0, x1, y1 as pdfminer boxes them), ``color`` (index into ``palette``, the
    page's graphic states), ``upright`` (bool) and ``key`` (the content-stream position of the
    text object drawing each, -1 when unknown)."""

    __slots__ = ("box", "color", "key", "palette", "text", "upright")

    def __init__(self, text: list[str], box: Any, color: Any, upright: Any, key: Any, palette: _Palette) -> None:
        self.text, self.box, self.color, self.upright, self.key, self.palette = text, box, color, upright, key, palette

    def __len__(self) -> int:
        return len(self.text)

    def joined(self, other: PageChars) -> PageChars:
        import numpy as np

        return PageChars(
            self.text + other.text,
            np.concatenate([self.box, other.box]),
            np.concatenate([self.color, other.color]),
            np.concatenate([self.upright, other.upright]),
            np.concatenate([self.key, other.key]),
            self.palette,
        )

    def taken(self, order: Any) -> PageChars:
        return PageChars(
            list(map(self.text.__getitem__, order.tolist())), self.box[order], self.color[order], self.upright[order], self.key[order], self.palette
        )

    def objects(self, Char) -> list[Any]:
        """The characters as pdfminer :class:`LTChar` objects (``Char``)."""
        states = self.palette.states
        return [
            Char(t, tuple(box), states[c], up)
            for t, box, c, up in zip(self.text, self.box.tolist(), self.color.tolist(), self.upright.tolist())
        ]


def _columns(text: list[str], box: Any, color: list[int], upright: Any, key: Any, palette: _Palette) -> PageChars:
    import numpy as np

    n = len(text)
    return PageChars(
        text,
        np.asarray(box, dtype=float).reshape(n, 4),
        np.asarray(color, dtype=np.intp).reshape(n),
        np.asarray(upright, dtype=bool).reshape(n),
        np.asarray(key, dtype=np.int64).reshape(n),
        palette,
    )


def _line_class() -> Any:
    from pdfminer.layout import LTTextLineHorizontal

    class SpanLine(LTTextLineHorizontal):
        """A pdfminer text line that holds no character objects: ``span`` is ``(start, end,
        gaps)``, its characters in its page's :class:`PageChars` and those pdfminer puts a
        space before (read by :func:`collabscreen.extract.pdf._line_text`)."""

        def __init__(
            self, word_margin: float, span: tuple[int, int, list[int]], bbox: tuple[float, float, float, float], last_x1: float
        ) -> None:
            # LTTextLineHorizontal.__init__ and LTComponent.set_bbox, inlined: one per line
            self._objs: list[Any] = []
            self.word_margin = word_margin
            self._x1 = last_x1
            self.span = span
            self.x0, self.y0, self.x1, self.y1 = bbox
            self.width = self.x1 - self.x0
            self.height = self.y1 - self.y0
            self.bbox = bbox

    return SpanLine


def _char_class():
    from pdfminer.layout import LTChar

    class PdfiumChar(LTChar):
        """An :class:`LTChar` built from PDFium's character box instead of a pdfminer font."""

        def __init__(self, text: str, bbox: tuple[float, float, float, float], gstate: _GraphicState, upright: bool) -> None:
            # LTComponent.set_bbox, inlined
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
    """The FPDF* functions read per character or per object, re-declared to take and return
    plain addresses (``c_void_p``): pypdfium2's typed handles cost a ``ctypes.cast`` and a
    property look-up on every call, which was a third of the time.

    The functions of :data:`UNTYPED` (a text page or a page, and an index) are declared
    without argument types, a third cheaper a call: they must be given the handle as a
    ``c_void_p``, the index as an int (a C ``int`` in each) and the results as
    ``ctypes.byref`` pointers.

    All are declared with ``PYFUNCTYPE``, which keeps the GIL during the call: each is a
    short read of PDFium's structures that never calls back into Python, and releasing and
    taking back the GIL was a fifth of every call (millions a batch, several per
    character). pypdfium2's own objects are not safe to share between threads anyway."""

    NAMES = (
        "FPDFTextObj_GetFont",
        "FPDFTextObj_GetFontSize",
        "FPDFFont_GetGlyphWidth",
        "FPDFFont_GetDescent",
        "FPDFFont_GetBaseFontName",
        "FPDFPageObj_GetType",
        "FPDFPageObj_GetMatrix",
        "FPDFPageObj_GetFillColor",
        "FPDFFormObj_CountObjects",
        "FPDFFormObj_GetObject",
    )
    UNTYPED = (
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
        "FPDFPage_CountObjects",
        "FPDFPage_GetObject",
    )

    def __init__(self, raw) -> None:
        def handle(t):
            return ctypes.c_void_p if t is not None and t.__name__.startswith("LP_struct_fpdf") else t

        for name in self.NAMES + self.UNTYPED:
            fn = getattr(raw, name)
            argtypes = [handle(t) for t in fn.argtypes] if name in self.NAMES else []
            # a handle comes back as an int, 0 for none (c_void_p would give None)
            restype = ctypes.c_size_t if handle(fn.restype) is ctypes.c_void_p else fn.restype
            proto = ctypes.PYFUNCTYPE(restype, *argtypes)
            setattr(self, name, proto(ctypes.cast(fn, ctypes.c_void_p).value))
            if name in self.UNTYPED:
                getattr(self, name).argtypes = None
        self.FS_RECTF = raw.FS_RECTF
        self.FS_MATRIX = raw.FS_MATRIX

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _walk_objects(
    api: _Api, page: int, known: set[int]
) -> tuple[list[int], list[int], list[tuple[int, int, tuple[float, ...] | None]]]:
    """One pass over a page's objects, in content-stream order, into form XObjects.

    Returns ``[images, forms, paths]``, every text object (by address) in stream
    order, and the text objects not in ``known`` (the text page's, whose type is
    not asked for) as ``(stream position, object, matrix of the forms around it)``:
    the blank ones PDFium leaves out of its text page.
    """
    import numpy as np

    counts = [0, 0, 0]
    texts: list[int] = []
    others: list[tuple[int, int, tuple[float, ...] | None]] = []
    get_type = api.FPDFPageObj_GetType
    m = api.FS_MATRIX()

    def walk(parent: int, depth: int, outer: tuple[float, ...] | None) -> None:
        # a page has thousands of objects (one glyph each, often): the calls run in map()
        # and the objects are sorted out on arrays, not one by one in Python
        if depth:
            handle, get = parent, api.FPDFFormObj_GetObject
            n = api.FPDFFormObj_CountObjects(parent)
        else:
            handle, get = ctypes.c_void_p(parent), api.FPDFPage_GetObject
            n = api.FPDFPage_CountObjects(handle)
        objs = list(map(get, repeat(handle, max(n, 0)), range(n)))
        unknown = np.flatnonzero(~np.fromiter(map(known.__contains__, objs), dtype=bool, count=len(objs)))
        types = np.array(list(map(get_type, [objs[k] for k in unknown.tolist()])), dtype=np.int64)
        kinds = np.full(len(objs), _TEXT, dtype=np.int64)
        kinds[unknown] = types
        counts[0] += int(np.count_nonzero(kinds == _IMAGE))
        counts[2] += int(np.count_nonzero(kinds == _PATH))
        if not (kinds == _FORM).any():
            is_text = kinds == _TEXT
            blank = unknown[types == _TEXT].tolist()
            if blank:
                position = np.cumsum(is_text) + (len(texts) - 1)
                others.extend([(int(position[k]), objs[k], outer) for k in blank])
            texts.extend(compress(objs, is_text.tolist()))
            return
        for obj, kind in zip(objs, kinds.tolist()):
            if kind == _TEXT:
                if obj not in known:
                    others.append((len(texts), obj, outer))
                texts.append(obj)
            elif kind == _FORM:
                counts[1] += 1
                if depth < _MAX_FORM_DEPTH:
                    inner = _matrix(api, obj, m)
                    walk(obj, depth + 1, inner if outer is None else _mul(inner, outer))

    walk(page, 0, None)
    return counts, texts, others


def _matrix(api: _Api, obj: int, m: Any) -> tuple[float, ...]:
    """A page object's matrix (``m``: an ``FS_MATRIX`` to read it into)."""
    if not api.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _blank_chars(
    api: _Api, blanks: list[tuple[int, int, tuple[float, ...] | None]], ctm: tuple[float, ...], palette: _Palette
) -> PageChars:
    """The text objects PDFium's text page leaves out (their glyphs have no extent:
    spaces drawn one per ``Tj``), as pdfminer's space characters: at the object's
    origin, a space's advance wide, descent to descent + em size. ``blanks`` are
    ``(stream position, object, matrix of the forms around it)``; the position is
    the character's ``key``."""
    import numpy as np

    size_c, desc_c, width_c = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    m = api.FS_MATRIX()
    get_font, get_size, get_color = api.FPDFTextObj_GetFont, api.FPDFTextObj_GetFontSize, api.FPDFPageObj_GetFillColor
    upright_page = ctm[1] == 0 and ctm[2] == 0
    metrics: dict[tuple[int, float], tuple[float, float]] = {}  # (font, size) -> (advance, descent)
    keys: list[int] = []
    rects: list[tuple[float, float, float, float]] = []  # x0, y0, x1, y1 before the page matrix
    rgb: list[int] = []  # 0xRRGGBB, 0 for none
    for pos, obj, outer in blanks:
        font = get_font(obj)
        if not font or not get_size(obj, size_c):
            continue
        fs = size_c.value
        ma, mb, mc, md, me, mf = _matrix(api, obj, m) if outer is None else _mul(_matrix(api, obj, m), outer)
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
        rects.append((x0, y0, x0 + adv * ma, y0 + fs * md))
        keys.append(pos)
        rgb.append(get_color(obj, r, g, b, a) and (r.value << 16 | g.value << 8 | b.value))
    box = np.asarray(rects, dtype=float).reshape(len(rects), 4)
    box = _apply_rects(ctm, box[:, 0], box[:, 1], box[:, 2], box[:, 3])
    colors = palette.indices(rgb)
    return _columns([" "] * len(keys), box, colors, np.full(len(keys), upright_page), keys, palette)


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


def _codes(api: _Api, textpage: Any, n: int) -> Any:
    """The code point of each of the ``n`` characters: all in one call (one UTF-16 unit per
    character, PDFium's line-end hyphen as U+FFFE), unless a character outside the BMP
    makes them surrogate pairs."""
    import numpy as np

    buf = (ctypes.c_ushort * (n + 1))()
    if api.FPDFText_GetText(textpage, 0, n, buf) == n + 1:
        codes = np.frombuffer(memoryview(buf), dtype=np.uint16, count=n).astype(np.int64)
        if not ((codes >= 0xD800) & (codes <= 0xDFFF)).any():
            return codes
    get_unicode = api.FPDFText_GetUnicode
    return np.array([get_unicode(textpage, i) for i in range(n)], dtype=np.int64)


def _page_chars(api: _Api, textpage: Any, ctm: tuple[float, ...], palette: _Palette) -> PageChars:
    """Every character PDFium put on the text page (not the ones it generated) in PDFium's
    order, boxed as pdfminer boxes them; ``key`` is the address of the text object drawing
    each (0 for none). ``textpage`` is a ``c_void_p``.

    The per-character calls are made in plain loops that keep their results; everything
    computed from them (which characters count, their text, the boxes) is done on arrays,
    by the same rules and with the same float operations as one character at a time.
    """
    import numpy as np

    n = api.FPDFText_CountChars(textpage)
    if n <= 0:
        return _columns([], [], [], [], [], palette)
    u = _codes(api, textpage, n)
    # spaces and line breaks of PDFium's own are dropped: pdfminer's rules decide those
    is_generated = api.FPDFText_IsGenerated
    keep = np.ones(n, dtype=bool)
    keep[[i for i in np.flatnonzero((u == 0x20) | (u == 0x0D) | (u == 0x0A)).tolist() if is_generated(textpage, i)]] = False
    index = np.flatnonzero(keep)
    # per character: whether its glyph has no Unicode mapping, its text object and its origin
    map_error, text_object, origin = api.FPDFText_HasUnicodeMapError, api.FPDFText_GetTextObject, api.FPDFText_GetCharOrigin
    ox, oy = ctypes.c_double(), ctypes.c_double()
    p_ox, p_oy = ctypes.byref(ox), ctypes.byref(oy)
    at = index.tolist()
    # map() runs the calls that return their result without a Python loop around them
    errors = list(map(map_error, repeat(textpage, len(at)), at))
    objs = list(map(text_object, repeat(textpage, len(at)), at))
    found: list[int] = []
    xs: list[float] = []
    ys: list[float] = []
    add_found, add_x, add_y = found.append, xs.append, ys.append
    for i in at:
        add_found(origin(textpage, i, p_ox, p_oy))
        add_x(ox.value)
        add_y(oy.value)
    unmapped = np.array(errors) == 1
    u = u[index]
    # PDFium marks a hyphen that ends a line (code 2) instead of keeping it
    is_hyphen = api.FPDFText_IsHyphen
    hyphen = np.zeros(len(index), dtype=bool)
    maybe = np.flatnonzero(~unmapped & ((u < 0x20) | (u == 0xFFFE)))
    hyphen[maybe] = [is_hyphen(textpage, i) == 1 for i in index[maybe].tolist()]
    plain = ~unmapped & ~hyphen
    kept = ~(plain & (np.isin(u, (0x0D, 0x0A, 0xFFFE, 0xFFFF, 0)) | ((u >= 0xD800) & (u <= 0xDFFF))))
    if not kept.any():
        return _columns([], [], [], [], [], palette)
    index, u, unmapped, hyphen = index[kept], u[kept], unmapped[kept], hyphen[kept]
    # "(cid:0)" as pdfminer writes a glyph it cannot map
    # chr() of every code in one map(), then the few unmapped glyphs and hyphens replaced (their
    # code, which may be no code point at all, is never given to chr(), as before)
    replaced = unmapped | hyphen
    text = list(map(chr, np.where(replaced, 0, u).tolist()))
    for j in np.flatnonzero(replaced).tolist():
        text[j] = "(cid:0)" if unmapped[j] else "-"
    obj = np.array(objs, dtype=np.uint64)[kept]
    found_at = np.array(found, dtype=bool)[kept]
    x0 = np.array(xs, dtype=float)[kept]
    y0 = np.array(ys, dtype=float)[kept]

    # per run of characters of one text object, at its first: what is the same for all the
    # object's characters (font, size, matrix, colour)
    head = np.ones(len(obj), dtype=bool)
    head[1:] = obj[1:] != obj[:-1]
    run = np.cumsum(head) - 1
    fonts, size_o, matrix, color_o = _run_info(api, textpage, obj[head].tolist(), index[head].tolist())
    color = palette.indices(color_o)[run]
    ma_o, mb_o, mc_o, md_o = matrix[:, 0], matrix[:, 1], matrix[:, 2], matrix[:, 3]
    upright = ((mb_o == 0) & (mc_o == 0) & (ma_o > 0) & (md_o > 0))[run] & found_at
    size, ma, md = np.array(size_o)[run], ma_o[run], md_o[run]
    # the font's descent and pdfminer's metrics, once per font and size
    pairs, pair_o = _pairs(fonts, size_o)
    pair = pair_o[run]
    standard = {font: _standard_metrics(api, font) for font in {font for font, _ in pairs}}
    desc = ctypes.c_float()
    descent = np.array([_descent(api, font, fs, standard[font], desc) for font, fs in pairs])[pair]

    # pdfminer's box: from the origin (the loose box reaches further where a glyph
    # overhangs, as an italic "f" does), the advance wide, from the font's descent up one em
    y0 = y0 + descent * md
    y1 = y0 + size * md
    adv = _advances(api, upright, pair, u, size, pairs, text, standard)
    x1 = x0 + adv * ma
    loose_box = api.FPDFText_GetLooseCharBox
    rect = api.FS_RECTF()
    p_rect = ctypes.byref(rect)
    ok = np.ones(len(index), dtype=bool)
    for j in np.flatnonzero(upright & (adv < 0)).tolist():
        if loose_box(textpage, int(index[j]), p_rect):
            x1[j] = rect.right
        else:
            ok[j] = False
    for j in np.flatnonzero(~upright).tolist():
        if loose_box(textpage, int(index[j]), p_rect):
            x0[j], y0[j], x1[j], y1[j] = rect.left, rect.bottom, rect.right, rect.top
        else:
            ok[j] = False
    upright_page = ctm[1] == 0 and ctm[2] == 0
    if tuple(ctm[:4]) == (1, 0, 0, 1):  # the page matrix only moves the origin (not /Rotate 180)
        e, f = ctm[4], ctm[5]
        box = np.stack([x0 + e, y0 + f, x1 + e, y1 + f], axis=1)
    else:
        box = _apply_rects(ctm, x0, y0, x1, y1)
    chars = _columns(text, box, color, upright & upright_page, obj.view(np.int64), palette)
    return chars if ok.all() else chars.taken(np.flatnonzero(ok))


def _run_info(api: _Api, textpage: Any, objs: list[int], at: list[int]) -> tuple[list[int], list[float], Any, list[int]]:
    """What is the same for every character of a text object, read at one of them (index
    ``at``) for each of ``objs``: its font (0 for none), font size, matrix (``n x 6``
    floats) and fill colour (``0xRRGGBB``, 0 for none)."""
    import numpy as np

    get_font, font_size, get_matrix, fill_color = (
        api.FPDFTextObj_GetFont, api.FPDFText_GetFontSize, api.FPDFText_GetMatrix, api.FPDFText_GetFillColor
    )
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    p_r, p_g, p_b, p_a = ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)
    matrices = (api.FS_MATRIX * len(objs))()
    step = ctypes.sizeof(api.FS_MATRIX)
    # the calls that return their result run in map(), without a Python loop around them
    fonts: list[int] = list(map(get_font, objs))  # 0 for none
    sizes: list[float] = list(map(font_size, repeat(textpage, len(at)), at))
    colors: list[int] = []
    add_color, byref = colors.append, ctypes.byref
    for i, offset in zip(at, range(0, len(objs) * step, step)):
        get_matrix(textpage, i, byref(matrices, offset))
        add_color(fill_color(textpage, i, p_r, p_g, p_b, p_a) and (r.value << 16 | g.value << 8 | b.value))
    matrix = np.frombuffer(memoryview(matrices).cast("B"), dtype=np.float32).reshape(len(objs), 6).astype(np.float64)
    return fonts, sizes, matrix, colors


def _pairs(fonts: Any, sizes: Any) -> tuple[list[tuple[int, float]], Any]:
    """The distinct (font, size) pairs, each as first met (sizes compared as floats, so
    0.0 and -0.0 are one), and the number of each input's pair."""
    import numpy as np

    font_ids = np.unique(np.array(fonts, dtype=np.uint64), return_inverse=True)[1].reshape(-1)
    size_values = np.array(sizes, dtype=float)
    size_ids = np.unique(size_values, return_inverse=True)[1].reshape(-1)
    _, first, inverse = np.unique(font_ids * (int(size_ids.max()) + 1) + size_ids, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # number the pairs as first met
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    firsts = first[order].tolist()
    return [(int(fonts[j]), float(size_values[j])) for j in firsts], rank[inverse.reshape(-1)]


def _advances(
    api: _Api, upright: Any, pair: Any, u: Any, size: Any, pairs: list[tuple[int, float]], text: list[str], standard: dict
) -> Any:
    """Each upright character's advance width (-1 where its font has none; 0 for the
    others), once per font, size and code point, from the first character that has them
    (pdfminer's widths, keyed by text, when it knows the font by name)."""
    import numpy as np

    adv = np.zeros(len(u))
    where = np.flatnonzero(upright)
    if not len(where):
        return adv
    _, first, inverse = np.unique(pair[where] * (1 << 32) + u[where], return_index=True, return_inverse=True)
    width = ctypes.c_float()
    glyph_width = api.FPDFFont_GetGlyphWidth
    values = []
    for j in where[first].tolist():
        font, fs = pairs[int(pair[j])][0], float(size[j])
        metrics = standard[font]
        if metrics is not None:
            values.append(metrics[1].get(text[j], 0) * 0.001 * fs)
        else:
            values.append(width.value if font and glyph_width(font, int(u[j]), fs, width) else -1.0)
    adv[where] = np.array(values)[inverse.reshape(-1)]
    return adv


_CHAR: Any = None
_LINE: Any = None
_API: _Api | None = None


def _in_stream_order(chars: PageChars, texts: list[int], blanks: PageChars) -> PageChars:
    """PDFium's characters in content-stream order, the blank objects put back in their place.

    PDFium's text page reorders the text objects of a line; pdfminer groups
    characters into lines in the order they are drawn, so the order is restored
    here: by text object (its position in ``texts``, -1 when it is not there), and
    within an object as PDFium lists them (stable sort).
    """
    import numpy as np

    stream = np.array(texts, dtype=np.uint64)
    objs = chars.key.view(np.uint64)
    keys = np.full(len(objs), -1, dtype=np.int64)
    if len(stream) and len(objs):
        by_address = np.argsort(stream, kind="stable")
        at = np.minimum(np.searchsorted(stream, objs, sorter=by_address), len(stream) - 1)
        position = by_address[at]
        keys = np.where(stream[position] == objs, position, -1)
    chars = PageChars(chars.text, chars.box, chars.color, chars.upright, keys, chars.palette).joined(blanks)
    if len(chars) < 2 or (chars.key[1:] >= chars.key[:-1]).all():
        return chars
    return chars.taken(np.argsort(chars.key, kind="stable"))


def _analyze(layout: Any, chars: PageChars, params: Any) -> None:
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

    The lines hold no character objects (``SpanLine``, :func:`_line_class`): their
    characters are a span of ``layout.chars``, this page's :class:`PageChars`.
    """
    import numpy as np
    from pdfminer.layout import LTTextBoxVertical

    n = len(chars)
    boxes = chars.box
    if n == 0 or params.boxes_flow is not None or params.detect_vertical or not np.isfinite(boxes).all():
        for ch in chars.objects(_CHAR):
            layout.add(ch)
        layout.analyze(params)
        return
    layout.chars = chars
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
    bx0, by0 = np.minimum.reduceat(x0, starts).tolist(), np.minimum.reduceat(y0, starts).tolist()
    bx1, by1 = np.maximum.reduceat(x1, starts).tolist(), np.maximum.reduceat(y1, starts).tolist()
    gap = np.zeros(n, bool)  # a space before this character (never before a line's first)
    gap[1:] = space & halign
    gaps = np.flatnonzero(gap).tolist()
    last_x1 = x1[ends - 1].tolist()
    text = chars.text
    lines = []
    empty = []
    g = 0
    for k, (s, e) in enumerate(zip(starts.tolist(), ends.tolist())):
        g0 = g
        while g < len(gaps) and gaps[g] < e:
            g += 1
        line = _LINE(params.word_margin, (s, e, gaps[g0:g]), (bx0[k], by0[k], bx1[k], by1[k]), last_x1[k])
        lines.append(line)
        # LTTextLine.is_empty: no size, or only white space
        empty.append(line.width <= 0 or line.height <= 0 or "".join(text[s:e]).isspace())
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
    global _CHAR, _LINE, _API
    import numpy as np

    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError as e:  # pragma: no cover - a core dependency
        raise PdfiumUnreadable(f"pypdfium2 is not installed ({e})") from None
    from pdfminer.layout import LAParams, LTPage

    if _CHAR is None:
        _CHAR, _LINE = _char_class(), _line_class()
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
                palette = _Palette()
                chars = _page_chars(api, ctypes.c_void_p(_address(textpage.raw)), ctm, palette)
                known = set(chars.key.view(np.uint64).tolist()) - {0}
                (images, forms, paths), texts, others = _walk_objects(api, _address(page.raw), known)
                blanks = _blank_chars(api, others, ctm, palette)
                chars = _in_stream_order(chars, texts, blanks)
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
