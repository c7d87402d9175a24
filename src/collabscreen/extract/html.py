"""HTML text extraction with BeautifulSoup (stdlib ``html.parser``; nothing is
fetched or executed). Scripts, styles and other non-content elements are
dropped; block elements become lines, list items get a bullet."""

from __future__ import annotations

import re

from ._base import RawDocument, corrupt, hidden_text_warning
from ._repair import BULLET
from .text import decode_text

__all__ = ["extract_html"]

_DROP = ("script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg", "canvas", "button", "select")
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "address",
    "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "li", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "form", "fieldset",
    "figure", "figcaption", "details", "summary", "body", "html", "center",
}
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:;|$)|"
    r"(?<![-\w])color\s*:\s*(?:#fff(?:fff)?|white|transparent|rgba?\(\s*255\s*,\s*255\s*,\s*255)\b|"
    r"opacity\s*:\s*0(?:\.0*)?\s*(?:;|$)|(?:left|top|text-indent)\s*:\s*-\d{3,}",
    re.I,
)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


def _decode(data: bytes, source: str) -> tuple[str, str, list[str]]:
    import codecs

    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        m = _CHARSET.search(data[:4096])
        if m:
            name = m.group(1).decode("ascii").lower()
            try:
                codecs.lookup(name)
                return data.decode(name, errors="replace"), name, []
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_text(data, source=source)


_SPACES = re.compile(r"\s+")


def _visible_text(soup, string_type) -> str:
    """The page's text in one walk: block elements become lines, list items get a bullet,
    ``<br>`` is a line break, and white space is collapsed outside ``<pre>``.

    Iterative and linear in the size of the tree: editing the tree instead (inserting line
    breaks into every block) costs the depth of the tree per edit, quadratic on 10,000
    nested ``<div>`` (5 s) and far worse beyond.
    """
    out: list[str] = []
    stack: list[tuple[object, bool, bool]] = [(soup, False, False)]  # (node, closing, inside <pre>)
    while stack:
        node, closing, in_pre = stack.pop()
        if closing:
            out.append("\n")
            continue
        if isinstance(node, string_type):
            text = str(node)
            out.append(text if in_pre else _SPACES.sub(" ", text))
            continue
        name = getattr(node, "name", None)
        if name == "br":
            out.append("\n")
            continue
        if name in _BLOCK:
            out.append(f"\n{BULLET} " if name == "li" else "\n")
            stack.append((node, True, in_pre))
        inner = in_pre or name == "pre"
        stack.extend((child, False, inner) for child in reversed(getattr(node, "contents", ())))
    return "".join(out)


def extract_html(data: bytes, *, source: str) -> RawDocument:
    """Extract the visible text of an HTML page."""
    text, encoding, warnings = _decode(data, source)
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

    try:
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup.find_all(_DROP):
            tag.decompose()
        # text a reader cannot see: left out of the text, reported as a warning
        hidden: list[str] = []
        for tag in soup.find_all(lambda t: t.has_attr("hidden") or bool(_HIDDEN_STYLE.search(t.get("style") or ""))):
            if tag.decomposed:
                continue
            hidden.append(tag.get_text(" "))
            tag.decompose()
        for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Declaration, Doctype, ProcessingInstruction))):
            node.extract()
        out = _visible_text(soup, NavigableString)
    except RecursionError as e:
        raise corrupt(source, "HTML", e) from None
    has_images = bool(re.search(r"<img\b", text[:1_000_000], re.I))
    if any(h.strip() for h in hidden):
        warnings = list(warnings) + [hidden_text_warning(hidden)]
    return RawDocument(pages=[out], warnings=warnings, metadata={"encoding": encoding}, has_images=has_images)
