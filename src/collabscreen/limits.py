"""Default limits on what one input may cost, in one place (each is a parameter of
``extract_text`` / ``Screener`` and an option of the command line). Standard library only."""

from __future__ import annotations

__all__ = ["MAX_BYTES", "MAX_PAGES", "MAX_CHARS", "FILE_TIMEOUT"]

#: Size limit of an input file, in bytes (``max_bytes=`` / ``--max-bytes``).
MAX_BYTES = 20_000_000
#: PDF pages read; later pages are skipped with a warning (``max_pages=``).
MAX_PAGES = 50
#: Characters of extracted text (spaCy's own default ``max_length``; ``max_chars=`` / ``--max-chars``).
MAX_CHARS = 1_000_000
#: Seconds one file may take to screen (``file_timeout=`` / ``--timeout``).
FILE_TIMEOUT = 120.0
