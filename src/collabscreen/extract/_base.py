"""What a format extractor hands back to :func:`collabscreen.extract.extract_text`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["RawDocument"]


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
