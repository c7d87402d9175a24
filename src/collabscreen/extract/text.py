"""Plain text and Markdown: charset detection, light Markdown clean-up."""

from __future__ import annotations

import codecs
import re

from ..errors import UnsupportedFormatError
from ._base import RawDocument

__all__ = ["decode_text", "extract_text_file", "strip_markdown", "looks_like_markdown"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# single-byte Western guesses that cp1252 decodes at least as well
_WESTERN = {
    "cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15", "cp1250", "iso8859_2",
    "mac_roman", "cp850", "cp437", "iso8859_9", "cp1254", "ascii", "mac_latin2", "cp1257",
    "iso8859_13", "iso8859_4", "iso8859_10", "iso8859_16", "iso8859_3", "cp858", "cp1258",
}
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _nul_pattern(data: bytes) -> str | None:
    """UTF-16/32 without a BOM: ASCII text leaves a regular pattern of NULs."""
    sample = data[:4000]
    n = len(sample)
    if n < 4 or sample.count(0) < n // 4:
        return None
    if n >= 8 and n % 4 == 0:
        if all(sample[i + 1] == 0 and sample[i + 2] == 0 and sample[i + 3] == 0 for i in range(0, min(n, 400), 4)):
            return "utf-32-le"
        if all(sample[i] == 0 and sample[i + 1] == 0 and sample[i + 2] == 0 for i in range(0, min(n, 400), 4)):
            return "utf-32-be"
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > 0.7 * (n // 2) and even < 0.1 * (n // 2):
        return "utf-16-le"
    if even > 0.7 * (n // 2) and odd < 0.1 * (n // 2):
        return "utf-16-be"
    return None


def decode_text(data: bytes, *, source: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode bytes of a text file.

    Order: byte-order marks (UTF-32, UTF-8, UTF-16), strict UTF-8, UTF-16/32
    without BOM, charset-normalizer, cp1252. Returns ``(text, encoding,
    warnings)``; raises UnsupportedFormatError for binary data.
    """
    warnings: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(enc, errors="replace")
            if "\ufffd" in text:
                warnings.append(f"undecodable bytes replaced while reading {enc} text")
            return _check_binary(text, source), enc + ("-sig" if enc == "utf-8" else ""), warnings
    try:
        return _check_binary(data.decode("utf-8"), source), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    enc = _nul_pattern(data)
    if enc:
        text = data.decode(enc, errors="replace")
        return _check_binary(text, source), enc, warnings
    if b"\x00" in data:
        _unsupported(source, "binary data")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best is not None else None
    if guess is None or guess.lower() in _WESTERN:
        try:
            return _check_binary(data.decode("cp1252"), source), "cp1252", warnings
        except UnicodeDecodeError:
            pass
    if guess is not None:
        try:
            return _check_binary(data.decode(guess), source), guess, warnings
        except (UnicodeDecodeError, LookupError):
            pass
    warnings.append("encoding not recognised; read as cp1252 with undecodable bytes replaced")
    return _check_binary(data.decode("cp1252", errors="replace"), source), "cp1252", warnings


def _unsupported(source: str, what: str) -> None:
    raise UnsupportedFormatError.from_code("E105", source=source, detected=what, hint="Export the resume as PDF or DOCX and try again.")


def _check_binary(text: str, source: str) -> str:
    if text:
        sample = text[:20_000]
        bad = len(_CONTROL.findall(sample))
        if bad > max(2, 0.02 * len(sample)):
            _unsupported(source, "binary data")
    return text


# ---------------------------------------------------------------- markdown

_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+\S", re.M)
_MD_FEATURES = (
    re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"),
    re.compile(r"\[[^\]\n]+\]\([^)\n]+\)"),
    re.compile(r"^ {0,3}[-*+] \S", re.M),
    re.compile(r"^ {0,3}(?:-{3,}|\*{3,}|_{3,})\s*$", re.M),
    re.compile(r"^```", re.M),
)


def looks_like_markdown(text: str) -> bool:
    """At least one ATX heading plus one more Markdown feature (or two headings)."""
    sample = text[:50_000]
    headings = len(_MD_HEADING.findall(sample))
    if not headings:
        return False
    return headings >= 2 or any(p.search(sample) for p in _MD_FEATURES)


# Linear-time patterns: every repetition that could overlap another is bounded or
# separated by a required character (a table separator's cells by "|"), so no line
# of dashes, "__x " runs or unclosed "![a](" can make them backtrack.
_MD_RULE = re.compile(r"-{3,}|\*{3,}|_{3,}|=+|\|?(?:[ \t]*:?-{2,}:?[ \t]*\|)+(?:[ \t]*:?-{2,}:?[ \t]*)?|[ \t]*:?-{2,}:?[ \t]*\|[ \t]*:?-{2,}:?[ \t]*")
_MD_ATX = re.compile(r"^ {0,3}#{1,6}\s+")
_MD_ATX_CLOSE = re.compile(r"(?<=\S)[ \t]+#+[ \t]*$")
_MD_QUOTE = re.compile(r"^ {0,3}>\s?")
_MD_IMAGE = re.compile(r"!\[([^\]\n]{0,200})\]\([^)\n]{0,500}\)")
_MD_LINK = re.compile(r"\[([^\]\n]{1,200})\]\(([^)\s]{1,500})\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,300}?)(?<=\S)\*(?![\w*])")
_MD_CODE = re.compile(r"`([^`\n]{1,300})`")


def strip_markdown(text: str) -> str:
    """Remove Markdown markup lightly; line structure is kept."""
    out = []
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("```") or _MD_RULE.fullmatch(s or "x"):
            continue  # fences, rules, setext underlines, table separators
        line = _MD_ATX.sub("", line)
        line = _MD_ATX_CLOSE.sub("", line)
        line = _MD_QUOTE.sub("", line)
        line = _MD_IMAGE.sub(r"\1", line)
        line = _MD_LINK.sub(r"\1 (\2)", line)
        line = _MD_STRONG.sub(r"\2", line)
        line = _MD_EM.sub(r"\1", line)
        line = _MD_CODE.sub(r"\1", line)
        if s.startswith("|") and s.endswith("|"):
            line = " | ".join(c.strip() for c in s.strip("|").split("|"))
        out.append(line)
    return "\n".join(out)


def extract_text_file(data: bytes, *, source: str, markdown: bool | None = None) -> RawDocument:
    """Decode a text file; Markdown (by ``markdown=`` or by sniffing) is cleaned."""
    text, encoding, warnings = decode_text(data, source=source)
    if markdown is None:
        markdown = looks_like_markdown(text)
    fmt = "markdown" if markdown else "text"
    if markdown:
        text = strip_markdown(text)
    return RawDocument(pages=[text], warnings=warnings, metadata={"encoding": encoding}, format=fmt)
