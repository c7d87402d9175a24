"""RTF text extraction with striprtf."""

from __future__ import annotations

import re

from ..errors import CorruptDocumentError, Errors
from ._base import RawDocument

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
    except RecursionError:
        raise CorruptDocumentError(
            Errors.E102.format(source=source, reason="RTF nested too deeply"), source=source
        ) from None
    except Exception as e:
        raise CorruptDocumentError(
            Errors.E102.format(source=source, reason=f"RTF: {type(e).__name__}: {e}"[:200]), source=source
        ) from None
    return RawDocument(pages=[text], metadata={"encoding": encoding}, has_images="\\pict" in raw)
