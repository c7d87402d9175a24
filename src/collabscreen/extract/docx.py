"""DOCX text extraction with python-docx.

python-docx opens and validates the package; the body is then walked in
document order at the XML level so that nothing a resume template hides is
lost: paragraphs, tables (nested ones too, vertically merged cells read once),
content controls, and text boxes (each read once although Word stores them
twice, as DrawingML and as a VML fallback). Headers come first, footers last.
List paragraphs get a bullet. Each table cell is read on its own line(s).

The zip is checked (:mod:`._zipsafe`) before python-docx sees it.
"""

from __future__ import annotations

import io

from ..errors import CorruptDocumentError, UnsupportedFormatError
from ._base import RawDocument, corrupt, hidden_text_warning
from ._repair import BULLET
from ._zipsafe import check_zip, open_zip

__all__ = ["extract_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

_P, _TBL, _TR, _TC, _SDT, _SDTCONTENT, _CUSTOMXML = (
    _W + "p",
    _W + "tbl",
    _W + "tr",
    _W + "tc",
    _W + "sdt",
    _W + "sdtContent",
    _W + "customXml",
)
_TXBX = _W + "txbxContent"
_WRAPPERS = {_SDT, _SDTCONTENT, _CUSTOMXML, _W + "smartTag", _W + "ins", _W + "moveTo"}
# subtrees whose text is not part of the visible document (or read elsewhere)
_SKIP = {
    _TXBX,
    _MC + "Fallback",
    _W + "del",
    _W + "moveFrom",
    _W + "delText",
    _W + "instrText",
    _W + "pPr",
    _W + "rPr",
    _W + "sdtPr",
    _W + "footnoteReference",
    _W + "endnoteReference",
    _W + "commentReference",
}


def _list_styles(doc) -> frozenset[str]:
    """Paragraph style ids whose definition (or a base style's) carries numbering."""
    try:
        root = doc.styles.element
    except Exception:
        return frozenset()
    based, numbered = {}, set()
    for st in root.iter(_W + "style"):
        sid = st.get(_W + "styleId")
        if not sid:
            continue
        b = st.find(_W + "basedOn")
        based[sid] = b.get(_W + "val") if b is not None else None
        ppr = st.find(_W + "pPr")
        if ppr is not None and ppr.find(_W + "numPr") is not None:
            numbered.add(sid)
    out = set()
    for sid in based:
        cur, seen = sid, set()
        while cur and cur not in seen:
            if cur in numbered:
                out.add(sid)
                break
            seen.add(cur)
            cur = based.get(cur)
    return frozenset(out)


_WHITE = {"ffffff", "white"}


def hidden_run(r) -> bool:
    """Is this ``w:r`` invisible to a reader: hidden (``w:vanish``), white, or under 2 pt?"""
    rpr = r.find(_W + "rPr")
    if rpr is None:
        return False
    for tag in ("vanish", "specVanish", "webHidden"):
        v = rpr.find(_W + tag)
        if v is not None and (v.get(_W + "val") or "true").lower() not in ("0", "false", "off"):
            return True
    color = rpr.find(_W + "color")
    if color is not None and (color.get(_W + "val") or "").lower() in _WHITE:
        shd = rpr.find(_W + "shd")
        fill = (shd.get(_W + "fill") or "").lower() if shd is not None else ""
        hl = rpr.find(_W + "highlight")
        if not fill or fill in _WHITE | {"auto"}:
            if hl is None or (hl.get(_W + "val") or "").lower() in ("none", "white"):
                return True
    sz = rpr.find(_W + "sz")
    if sz is not None:
        try:
            if int(sz.get(_W + "val") or 24) < 4:  # half-points: under 2 pt
                return True
        except ValueError:
            pass
    return False


def _walk(root, skip, stop, hidden: list | None = None):
    """Elements below ``root`` in document order, without recursion (deep XML is safe).

    Elements whose tag is not a string or is in ``skip`` are passed over with
    their subtree; elements in ``stop`` are yielded but not descended into.
    Every other element is yielded and then descended into.
    """
    stack = [iter(root)]
    while stack:
        try:
            el = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if not isinstance(el.tag, str) or el.tag in skip:
            continue
        if hidden is not None and el.tag == _W + "r" and hidden_run(el):
            hidden.append("".join(t.text or "" for t in el.iter(_W + "t")))
            continue
        yield el
        if el.tag not in stop:
            stack.append(iter(el))


_PARA_LEAVES = frozenset(_W + t for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen", "sym"))


def _para_text(p, list_styles: frozenset[str] = frozenset(), hidden: list | None = None) -> str:
    """Visible text of one ``w:p`` (text boxes excluded); hidden runs go to ``hidden``."""
    parts: list[str] = []
    for el in _walk(p, _SKIP, _PARA_LEAVES, [] if hidden is None else hidden):
        tag = el.tag
        if tag == _W + "t":
            parts.append(el.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "sym":
            code = el.get(_W + "char") or ""
            try:
                parts.append(chr(int(code, 16)))
            except ValueError:
                pass
    text = "".join(parts)
    ppr = p.find(_W + "pPr")
    if ppr is not None and text.strip():
        style = ppr.find(_W + "pStyle")
        if ppr.find(_W + "numPr") is not None or (
            style is not None and style.get(_W + "val") in list_styles
        ):
            text = f"{BULLET} {text.lstrip()}"
    return text


def _text_boxes(p) -> list:
    """Outermost ``w:txbxContent`` elements inside a paragraph, VML fallbacks skipped."""
    # nested boxes are not descended into here: the recursive block walk reads them
    return [el for el in _walk(p, {_MC + "Fallback"}, {_TXBX}) if el.tag == _TXBX]


def _children(parent, tag: str) -> list:
    """Child elements with ``tag``, looking through wrappers (content controls, ...)."""
    out = []
    for el in parent:
        if el.tag == tag:
            out.append(el)
        elif el.tag in _WRAPPERS:
            out.extend(_children(el, tag))
    return out


def _is_merged_continuation(tc) -> bool:
    tcpr = tc.find(_W + "tcPr")
    if tcpr is None:
        return False
    vm = tcpr.find(_W + "vMerge")
    if vm is None:
        return False
    return (vm.get(_W + "val") or "continue") != "restart"


def _blocks(container, out: list[str], ls: frozenset[str] = frozenset(), hidden: list | None = None) -> None:
    """Append the lines of a block container (body, cell, header, text box)."""
    for el in container:
        tag = el.tag
        if tag == _P:
            out.append(_para_text(el, ls, hidden))
            for box in _text_boxes(el):
                _blocks(box, out, ls, hidden)
        elif tag == _TBL:
            for tr in _children(el, _TR):
                for tc in _children(tr, _TC):
                    if not _is_merged_continuation(tc):
                        _blocks(tc, out, ls, hidden)
                out.append("")
        elif tag in _WRAPPERS:
            _blocks(el, out, ls, hidden)


def _story_parts(doc, kind: str) -> list:
    """Header or footer parts referenced by the sections, in order, once each."""
    parts, seen = [], set()
    body = doc.element.body
    sect_prs = list(body.iter(_W + "sectPr"))
    for sp in sect_prs:
        for ref in sp.findall(f"{_W}{kind}Reference"):
            rid = ref.get(_R + "id")
            try:
                part = doc.part.related_parts[rid]
            except KeyError:
                continue
            name = str(part.partname)
            if name in seen:
                continue
            seen.add(name)
            parts.append(part)
    return parts


def extract_docx(data: bytes, *, source: str) -> RawDocument:
    """Extract a DOCX: headers, body (paragraphs, tables, text boxes), footers."""
    zf = open_zip(data, source)
    with zf:
        check_zip(zf, source)
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(io.BytesIO(data))
    except ValueError as e:
        if "content type" in str(e):
            raise UnsupportedFormatError.from_code("E105", source=source, detected="Word package that is not a plain document (macro-enabled or template)", hint="Save it as a plain .docx (Word: File > Save As > Word Document).") from None
        raise CorruptDocumentError.from_code("E102", source=source, reason=f"DOCX: {e}"[:200]) from None
    except (PackageNotFoundError, KeyError) as e:
        raise CorruptDocumentError.from_code("E102", source=source, reason=f"DOCX package incomplete: {e}"[:200]) from None
    except Exception as e:  # lxml XMLSyntaxError, zip errors, ...
        raise corrupt(source, "DOCX", e) from None
    lines: list[str] = []
    hidden: list[str] = []
    try:
        ls = _list_styles(doc)
        n_headers = n_footers = 0
        for part in _story_parts(doc, "header"):
            _blocks(part.element, lines, ls, hidden)
            lines.append("")
            n_headers += 1
        _blocks(doc.element.body, lines, ls, hidden)
        for part in _story_parts(doc, "footer"):
            lines.append("")
            _blocks(part.element, lines, ls, hidden)
            n_footers += 1
    except Exception as e:  # RecursionError on deep nesting, parser errors, ...
        raise corrupt(source, "DOCX", e) from None
    n_tables = sum(1 for _ in doc.element.body.iter(_TBL))
    has_images = any(True for _ in doc.element.body.iter(_W + "drawing"))
    warnings = [hidden_text_warning(hidden)] if any(h.strip() for h in hidden) else []
    return RawDocument(
        pages=["\n".join(lines)],
        warnings=warnings,
        metadata={"tables": n_tables, "headers": n_headers, "footers": n_footers, "hidden_chars": sum(len(h) for h in hidden)},
        has_images=has_images,
    )
