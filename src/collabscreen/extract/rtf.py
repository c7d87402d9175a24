"""RTF text extraction with striprtf."""

from __future__ import annotations

import re

from ._base import RawDocument, corrupt

__all__ = ["extract_rtf"]

_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def _codec(data: bytes) -> str:
    import codecs

    m = _CODEPAGE.search(data[:4096])
    if m:
        name = f"cp{int(m.group(1))}"
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            pass
    return "cp1252"


def extract_rtf(data: bytes, *, source: str) -> RawDocument:
    """Extract an RTF document (``\\'xx`` escapes decoded with its ``\\ansicpg``)."""
    from striprtf.striprtf import rtf_to_text

    encoding = _codec(data)
    # RTF is 7-bit; a few writers emit raw UTF-8 or cp1252 bytes
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        raw = data.decode("cp1252", errors="replace")
    try:
        text = rtf_to_text(raw, encoding=encoding, errors="replace")
    except Exception as e:  # RecursionError on deep nesting, parser errors, ...
        raise corrupt(source, "RTF", e) from None
    return RawDocument(pages=[text], metadata={"encoding": encoding}, has_images="\\pict" in raw)
