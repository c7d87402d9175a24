"""ODT text extraction with odfpy.

Walks ``office:text`` in document order: headings and paragraphs as lines,
list items with a bullet, tables cell by cell, sections and text frames
recursively. Page headers (from the master pages) come first and footers
last. The zip is checked (:mod:`._zipsafe`) before odfpy parses it.
"""

from __future__ import annotations

import io

from ._base import RawDocument, corrupt
from ._repair import BULLET
from ._zipsafe import check_zip, open_zip

__all__ = ["extract_odt"]

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

_SKIP = {(_TEXT, "note"), (_TEXT, "tracked-changes"), (_OFFICE, "annotation"), (_TEXT, "sequence-decls")}


#: ``<text:s text:c="N"/>`` repeats a space N times; more than this many is layout, not text
MAX_SPACES = 100


def _space_count(value) -> int:
    """The space count of ``text:s``, clamped to 1..MAX_SPACES (``c="3000000000"`` took 5.7 GB)."""
    try:
        n = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), MAX_SPACES)


def _inline(el, parts: list[str], frames: list) -> None:
    """Text of a paragraph-like element; frames inside are collected for later."""
    for node in el.childNodes:
        if node.nodeType == node.TEXT_NODE:
            parts.append(node.data)
            continue
        if node.nodeType != node.ELEMENT_NODE:
            continue
        q = node.qname
        if q in _SKIP:
            continue
        if q == (_TEXT, "s"):
            parts.append(" " * _space_count(node.getAttrNS(_TEXT, "c")))
        elif q == (_TEXT, "tab"):
            parts.append("\t")
        elif q == (_TEXT, "line-break"):
            parts.append("\n")
        elif q == (_DRAW, "frame"):
            frames.append(node)
        else:
            _inline(node, parts, frames)


def _blocks(el, out: list[str], bullet: bool = False) -> None:
    for node in el.childNodes:
        if node.nodeType != node.ELEMENT_NODE:
            continue
        q = node.qname
        if q in _SKIP:
            continue
        if q in ((_TEXT, "p"), (_TEXT, "h")):
            parts: list[str] = []
            frames: list = []
            _inline(node, parts, frames)
            text = "".join(parts)
            if bullet and text.strip():
                text = f"{BULLET} {text.lstrip()}"
                bullet = False  # only the first paragraph of an item
            out.append(text)
            for fr in frames:
                _blocks(fr, out)
        elif q == (_TEXT, "list-item") or q == (_TEXT, "list-header"):
            _blocks(node, out, bullet=q == (_TEXT, "list-item"))
        elif q == (_TABLE, "table-row"):
            _blocks(node, out)
            out.append("")
        elif q == (_TABLE, "covered-table-cell"):
            continue  # merged away
        else:  # lists, sections, tables, cells, frames, text boxes, ...
            _blocks(node, out, bullet=False)


def extract_odt(data: bytes, *, source: str) -> RawDocument:
    """Extract an OpenDocument text file."""
    zf = open_zip(data, source)
    with zf:
        check_zip(zf, source)
    from odf.opendocument import load

    try:
        doc = load(io.BytesIO(data))
        lines: list[str] = []
        headers: list[str] = []
        footers: list[str] = []
        for mp in doc.masterstyles.childNodes:
            for node in getattr(mp, "childNodes", []):
                if node.nodeType != node.ELEMENT_NODE:
                    continue
                if node.qname[0] == _STYLE and node.qname[1].startswith("header"):
                    _blocks(node, headers)
                elif node.qname[0] == _STYLE and node.qname[1].startswith("footer"):
                    _blocks(node, footers)
        _blocks(doc.text, lines)
    except Exception as e:  # odfpy raises KeyError, SAX errors, zip errors, ...
        raise corrupt(source, "ODT", e) from None
    text = "\n".join(headers + [""] + lines + [""] + footers)
    return RawDocument(pages=[text], metadata={"headers": bool(headers), "footers": bool(footers)})
