"""What a format extractor hands back to :func:`collabscreen.extract.extract_text`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import CorruptDocumentError, UnsafeDocumentError

__all__ = ["RawDocument", "corrupt", "unsafe", "hidden_text_warning"]


def corrupt(source: str, kind: str, exc: BaseException) -> CorruptDocumentError:
    """The library's error for a backend failure while reading a ``kind`` document.

    Deeply nested input (``RecursionError``) and any parser exception become
    :class:`CorruptDocumentError` (E102) naming the file; raise it ``from None``
    so no backend traceback reaches the user.
    """
    if isinstance(exc, RecursionError):
        reason = f"{kind} nested too deeply"
    else:
        reason = f"{kind}: {type(exc).__name__}: {exc}"[:200]
    return CorruptDocumentError.from_code("E102", source=source, reason=reason)


def unsafe(source: str, reason: str) -> UnsafeDocumentError:
    """The library's refusal (E108) of a file that is unsafe to open, naming it and why."""
    return UnsafeDocumentError.from_code("E108", source=source, reason=reason)


@dataclass
class RawDocument:
    """Unrepaired text of one document, one string per page.

    Formats without pages return a single page. ``has_images`` tells an
    image-only document (OCR needed) apart from an empty one.
    """

    pages: list[str]
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    has_images: bool = False
    format: str | None = None  # set when the extractor refines it (text -> markdown)


def hidden_text_warning(hidden: list[str]) -> str:
    """The warning for text a reader cannot see (left out of the text that is scored)."""
    text = " ".join(" ".join(hidden).split())
    sample = text[:120] + ("..." if len(text) > 120 else "")
    return (
        f"{len(text):,} characters of hidden text (invisible, white, tiny or off the page) were left out of "
        f"scoring; a reader cannot see them: {sample!r}"
    )
