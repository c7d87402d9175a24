"""Turn a resume file into clean text: format detection and dispatch.

>>> from collabscreen.extract import extract_text
>>> doc = extract_text("resume.pdf")          # doctest: +SKIP
>>> doc.format, doc.n_pages, doc.text[:80]     # doctest: +SKIP

The format is detected from the content (magic bytes, zip members, HTML
sniffing); the file extension is only a hint, and a warning is recorded when
it disagrees. Each format has its own module (:mod:`.pdf`, :mod:`.docx`,
:mod:`.odt`, :mod:`.rtf`, :mod:`.html`, :mod:`.text`) that imports its backend
when first used; all output goes through :func:`._repair.repair_text`.

Every failure is a :class:`~collabscreen.errors.CollabscreenError` subclass
whose message names the file and the remedy.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from os import PathLike
from typing import Any, BinaryIO, Union

from ..errors import (
    ConfigError,
    CorruptDocumentError,
    EmptyDocumentError,
    ExtractionError,
    FileTooLargeError,
    NoTextLayerError,
    UnsupportedFormatError,
)
from .._fileio import open_regular
from ..limits import MAX_BYTES, MAX_CHARS, MAX_PAGES
from ..types import ExtractedText
from ._base import RawDocument
from ._repair import RepairReport, repair_text

__all__ = [
    "extract_text",
    "from_text",
    "detect_format",
    "open_regular",
    "FORMATS",
    "MAX_BYTES",
    "MAX_CHARS",
    "MAX_PAGES",
    "PDF_BACKENDS",
    "DEFAULT_PDF_BACKEND",
]

#: Formats this package reads.
FORMATS = ("pdf", "docx", "odt", "rtf", "html", "markdown", "text")
#: PDF backends (see :func:`extract_text`); the first is the default.
PDF_BACKENDS = ("pdfium", "pdfminer")
DEFAULT_PDF_BACKEND = PDF_BACKENDS[0]

Source = Union[str, "PathLike[str]", bytes, bytearray, memoryview, BinaryIO, ExtractedText]

_EXT_FORMAT = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".rtf": "rtf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
_ODF_TEXT = b"application/vnd.oasis.opendocument.text"
_HTML_FIRST_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|h[1-6]|ul|section|article|span|br)\b", re.I
)


def _starts_like_html(sample: str) -> bool:
    """Leading white space, an XML declaration and comments skipped, does an HTML tag come first?

    A loop with ``str.find`` (linear), not a regular expression: ``(?:<!--.*?-->\\s*)*``
    backtracks exponentially on a few dozen unclosed comments.
    """
    i, n = 0, len(sample)
    while i < n and sample[i].isspace():
        i += 1
    if sample.startswith("<?xml", i):
        j = sample.find(">", i)
        if j < 0:
            return False
        i = j + 1
    while True:
        while i < n and sample[i].isspace():
            i += 1
        if not sample.startswith("<!--", i):
            break
        j = sample.find("-->", i + 4)
        if j < 0:
            return False
        i = j + 3
    return _HTML_FIRST_TAG.match(sample, i) is not None

_HTML_ANY = re.compile(r"<(?:html|body)\b[^>]*>", re.I)
_HTML_TAGS = re.compile(r"</(?:p|div|li|td|tr|h[1-6]|span|ul|table|a|b|strong)>", re.I)

# magic bytes of formats we refuse, with a hint for each
_REFUSED = (
    (b"\x89PNG\r\n\x1a\n", "PNG image", "It is an image: run OCR on it or ask for a PDF/DOCX resume."),
    (b"\xff\xd8\xff", "JPEG image", "It is an image: run OCR on it or ask for a PDF/DOCX resume."),
    (b"GIF87a", "GIF image", "It is an image: run OCR on it or ask for a PDF/DOCX resume."),
    (b"GIF89a", "GIF image", "It is an image: run OCR on it or ask for a PDF/DOCX resume."),
    (b"II*\x00", "TIFF image", "It is an image: run OCR on it or ask for a PDF/DOCX resume."),
    (b"MM\x00*", "TIFF image", "It is an image: run OCR on it or ask for a PDF/DOCX resume."),
    (b"BM", "BMP image", "It is an image: run OCR on it or ask for a PDF/DOCX resume."),
    (b"MZ", "Windows executable", "Executables are never opened."),
    (b"\x7fELF", "ELF executable", "Executables are never opened."),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable", "Executables are never opened."),
    (b"\xfe\xed\xfa\xcf", "Mach-O executable", "Executables are never opened."),
    (b"\xca\xfe\xba\xbe", "Mach-O/Java binary", "Executables are never opened."),
    (b"\x1f\x8b", "gzip archive", "Unpack it and pass the resume inside."),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive", "Unpack it and pass the resume inside."),
    (b"Rar!\x1a\x07", "RAR archive", "Unpack it and pass the resume inside."),
    (b"BZh", "bzip2 archive", "Unpack it and pass the resume inside."),
    (b"\xfd7zXZ\x00", "xz archive", "Unpack it and pass the resume inside."),
    (b"%!PS", "PostScript", "Convert it to PDF (for example `ps2pdf`)."),
    (b"AT&TFORM", "DjVu document", "Convert it to PDF first."),
)
_HINT_IMAGE = "It is an image: run OCR on it or ask for a PDF/DOCX resume."


def _unsupported(source: str, detected: str, hint: str) -> UnsupportedFormatError:
    return UnsupportedFormatError.from_code("E105", source=source, detected=detected, hint=hint)


def _zip_kind(data: bytes, source: str) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise CorruptDocumentError.from_code("E102", source=source, reason=f"damaged zip archive: {e}") from None
    with zf:
        names = set(zf.namelist())
        if "word/document.xml" in names:
            return "docx"
        if "mimetype" in names:
            try:
                info = zf.getinfo("mimetype")
                mime = zf.read("mimetype")[:200] if info.file_size < 1000 else b""
            except Exception:
                mime = b""
            if mime.strip() == _ODF_TEXT:
                return "odt"
            if mime.startswith(b"application/vnd.oasis.opendocument"):
                raise _unsupported(source, f"OpenDocument {mime.decode('ascii', 'replace')}", "Save the resume as ODT, DOCX or PDF.")
            if mime.startswith(b"application/epub"):
                raise _unsupported(source, "EPUB e-book", "Export the resume as PDF or DOCX.")
        if "[Content_Types].xml" in names:
            try:
                info = zf.getinfo("[Content_Types].xml")
                ct = zf.read(info) if info.file_size < 1_000_000 else b""
            except Exception:
                ct = b""
            if b"wordprocessingml.document.main" in ct or b"ms-word.document" in ct or b"ms-word.template" in ct:
                return "docx"
            if any(n.startswith("xl/") for n in names):
                raise _unsupported(source, "Excel spreadsheet (xlsx)", "Export the resume as PDF or DOCX.")
            if any(n.startswith("ppt/") for n in names):
                raise _unsupported(source, "PowerPoint presentation (pptx)", "Export the resume as PDF or DOCX.")
        raise _unsupported(source, "zip archive", "Unpack it and pass the resume inside.")


def _ole_kind(data: bytes, source: str) -> ExtractionError:
    """Legacy Office (OLE2 compound file): say which kind, for the message."""
    head = data[:200_000]
    if "EncryptedPackage".encode("utf-16-le") in head:
        return _unsupported(
            source,
            "password-protected Office document",
            "Remove the password in Word (File > Info > Protect Document) and save it again as DOCX or PDF.",
        )
    if "Workbook".encode("utf-16-le") in head or "PowerPoint Document".encode("utf-16-le") in head:
        return _unsupported(source, "legacy Excel/PowerPoint file", "Export the resume as PDF or DOCX.")
    return UnsupportedFormatError.from_code("E106", source=source, name=os.path.basename(source) if source != "<bytes>" else "resume.doc")


def detect_format(data: bytes, name: str | None = None) -> str:
    """Detect a document's format from its content.

    Parameters
    ----------
    data : bytes
        The raw file content.
    name : str, optional
        File name, used only to choose between plain text and Markdown (or
        HTML) when the content does not decide, and in error messages.

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Raises
    ------
    UnsupportedFormatError
        Legacy ``.doc`` (E106), images, executables, archives, spreadsheets,
        binary data (E105).
    CorruptDocumentError
        A zip archive that cannot be read.
    EmptyDocumentError
        No bytes at all.
    """
    source = name or "<bytes>"
    data = bytes(data)
    if not data:
        raise EmptyDocumentError.from_code("E103", source=source)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, source)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _ole_kind(data, source)
    for magic, what, hint in _REFUSED:
        if data.startswith(magic):
            if magic == b"BM" and (len(data) < 26 or data[6:10] != b"\x00\x00\x00\x00"):
                continue  # "BM" is only a bitmap with its reserved zero bytes
            if magic == b"BZh" and not data[3:4].isdigit():
                continue
            raise _unsupported(source, what, hint)
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"AVI ", b"WAVE"):
        raise _unsupported(source, "RIFF media file", _HINT_IMAGE)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    # text-like: decode and sniff
    from .text import decode_text, looks_like_markdown

    text, _enc, _w = decode_text(data, source=source)
    if text.lstrip("\ufeff \t\r\n").startswith("{\\rtf"):
        return "rtf"
    sample = text[:8192]
    if _starts_like_html(sample) or _HTML_ANY.search(sample):
        return "html"
    ext = os.path.splitext(name)[1].lower() if name else ""
    hinted = _EXT_FORMAT.get(ext)
    if hinted == "html" and len(_HTML_TAGS.findall(sample)) >= 2:
        return "html"
    if hinted == "markdown" or looks_like_markdown(text):
        return "markdown"
    return "text"


# ---------------------------------------------------------------- input


def _read_source(source: Any, max_bytes: int) -> tuple[bytes, str]:
    """Return ``(data, name)`` for a path, bytes or binary file object."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = "<bytes>"
        if len(data) > max_bytes:
            raise FileTooLargeError.from_code("E107", source=name, size=len(data), limit=max_bytes)
        return data, name
    if isinstance(source, (str, PathLike)):
        name = os.fspath(source)
        if isinstance(name, bytes):
            name = os.fsdecode(name)
        with open_regular(name) as fh:
            st = os.fstat(fh.fileno())
            if st.st_size > max_bytes:
                raise FileTooLargeError.from_code("E107", source=name, size=st.st_size, limit=max_bytes)
            try:
                data = fh.read(max_bytes + 1)
            except OSError as e:
                raise ExtractionError.from_code("E100", source=name, reason=e.strerror or str(e)) from None
        if len(data) > max_bytes:  # grew since stat
            raise FileTooLargeError.from_code("E107", source=name, size=len(data), limit=max_bytes)
        return data, name
    read = getattr(source, "read", None)
    if callable(read):
        raw_name = getattr(source, "name", None)
        name = os.fsdecode(raw_name) if isinstance(raw_name, (str, bytes, PathLike)) else "<bytes>"
        try:
            data = read(max_bytes + 1)
        except (OSError, ValueError) as e:
            raise ExtractionError.from_code("E100", source=name, reason=str(e) or type(e).__name__) from None
        if isinstance(data, str):
            raise ExtractionError.from_code("E110", source=name, kind="text-mode file object; open the file with 'rb'")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise ExtractionError.from_code("E110", source=name, kind=f"file object returning {type(data).__name__}")
        data = bytes(data)
        if len(data) > max_bytes:
            size = len(data)
            try:
                size = os.fstat(source.fileno()).st_size
            except Exception:
                pass
            raise FileTooLargeError.from_code("E107", source=name, size=size, limit=max_bytes)
        return data, name
    kind = type(source).__name__
    raise ExtractionError.from_code("E110", source="<input>", kind=kind)


def check_pdf_backend(pdf_backend: object) -> None:
    """Raise E400 unless ``pdf_backend`` is one of :data:`PDF_BACKENDS`."""
    if pdf_backend not in PDF_BACKENDS:
        raise ConfigError.from_code(
            "E400", name="pdf_backend", expected=f"one of {', '.join(map(repr, PDF_BACKENDS))}", value=pdf_backend
        )


def from_text(text: str, *, source: str = "<text>", max_chars: int = MAX_CHARS) -> ExtractedText:
    """Text extracted elsewhere (an ATS field, an OCR result) as an :class:`ExtractedText`.

    The same repair (mojibake, ligatures, broken bullets) and the same length
    limit as :func:`extract_text`; ``sha256`` is the digest of the UTF-8 text.

    Raises
    ------
    FileTooLargeError
        E112, when ``text`` is longer than ``max_chars``.
    EmptyDocumentError
        E109, when nothing but white space is left.
    """
    check_length(text, source, max_chars)
    fixed, report = repair_text(text)
    if not fixed.strip():
        raise EmptyDocumentError.from_code("E109", source=source)
    return ExtractedText(
        text=fixed,
        format="text",
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        source=source,
        warnings=tuple(report.warnings()),
    )


def check_length(text: str, source: str, max_chars: int = MAX_CHARS) -> None:
    """Raise :class:`FileTooLargeError` (E112) when ``text`` is longer than ``max_chars``."""
    if len(text) > max_chars:
        raise FileTooLargeError.from_code("E112", source=source, chars=len(text), limit=max_chars)


def _dispatch(fmt: str, data: bytes, name: str, password: str | None, max_pages: int, pdf_backend: str) -> RawDocument:
    if fmt == "pdf":
        from .pdf import extract_pdf

        return extract_pdf(data, source=name, password=password, max_pages=max_pages, backend=pdf_backend)
    if fmt == "docx":
        from .docx import extract_docx

        return extract_docx(data, source=name)
    if fmt == "odt":
        from .odt import extract_odt

        return extract_odt(data, source=name)
    if fmt == "rtf":
        from .rtf import extract_rtf

        return extract_rtf(data, source=name)
    if fmt == "html":
        from .html import extract_html

        return extract_html(data, source=name)
    from .text import extract_text_file

    return extract_text_file(data, source=name, markdown=fmt == "markdown")


def extract_text(
    source: Source,
    *,
    password: str | None = None,
    max_bytes: int = MAX_BYTES,
    format: str | None = None,
    max_pages: int = MAX_PAGES,
    max_chars: int = MAX_CHARS,
    pdf_backend: str = DEFAULT_PDF_BACKEND,
) -> ExtractedText:
    """Extract the text of a resume.

    Parameters
    ----------
    source : str, PathLike, bytes, bytearray, memoryview, binary file object or ExtractedText
        The document. A file object's ``name`` is used as the source name;
        an :class:`~collabscreen.types.ExtractedText` is returned unchanged.
    password : str, optional
        Password of an encrypted PDF.
    max_bytes : int, default 20_000_000
        Larger inputs raise :class:`~collabscreen.errors.FileTooLargeError`
        (paths are checked with ``stat`` before reading).
    format : str, optional
        Skip detection and read the input as this format (one of
        :data:`FORMATS`).
    max_pages : int, default 50
        PDF pages after this many are skipped, with a warning.
    max_chars : int, default 1_000_000
        Longer extracted text raises :class:`~collabscreen.errors.FileTooLargeError`
        (E112): no resume is that long, and the pipeline is not run on it.
    pdf_backend : {"pdfium", "pdfminer"}, default "pdfium"
        How PDFs are read: PDFium's characters laid out by pdfminer.six's
        rules (about ten times faster), falling back to pdfminer.six when
        PDFium cannot read the file; or pdfminer.six alone (the reference).
        Both apply the same limits, checks, hidden-text rules and reading
        order (``metadata["pdf_backend"]`` says which one read the file).

    Returns
    -------
    ExtractedText
        Repaired text with one resume line per line, the detected format,
        the SHA-256 of the input bytes, page offsets and warnings.

    Raises
    ------
    CollabscreenError
        Always a subclass: ``ExtractionError`` (E100 unreadable path, E110
        unsupported input type), ``EmptyDocumentError`` (E103 / E109),
        ``FileTooLargeError`` (E107 bytes, E112 characters), ``UnsupportedFormatError`` (E105 /
        E106), ``CorruptDocumentError`` (E102), ``EncryptedDocumentError``
        (E101 / E111), ``NoTextLayerError`` (E104), ``UnsafeDocumentError``
        (E108).
    """
    if isinstance(source, ExtractedText):
        return source
    if format is not None and format not in FORMATS:
        raise ConfigError.from_code("E400", name="format", expected=f"one of {', '.join(FORMATS)} or None", value=format)
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        raise ConfigError.from_code("E400", name="max_bytes", expected="a positive int", value=max_bytes)
    if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages <= 0:
        raise ConfigError.from_code("E400", name="max_pages", expected="a positive int", value=max_pages)
    if not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars <= 0:
        raise ConfigError.from_code("E400", name="max_chars", expected="a positive int", value=max_chars)
    check_pdf_backend(pdf_backend)
    data, name = _read_source(source, max_bytes)
    if not data:
        raise EmptyDocumentError.from_code("E103", source=name)
    digest = hashlib.sha256(data).hexdigest()
    hint_name = name if name != "<bytes>" else None
    warnings: list[str] = []
    fmt = format or detect_format(data, hint_name)
    ext = os.path.splitext(name)[1].lower() if hint_name else ""
    expected = _EXT_FORMAT.get(ext)
    if format is None and ext and expected != fmt and not (
        {expected, fmt} <= {"text", "markdown"}
    ):
        shown = expected or "an unknown type"
        warnings.append(f"the extension {ext} suggests {shown}, but the content is {fmt}; read as {fmt}")
    if fmt == "text" and expected == "markdown":
        fmt = "markdown"
    raw = _dispatch(fmt, data, name, password, max_pages, pdf_backend)
    fmt = raw.format or fmt
    warnings.extend(raw.warnings)

    report = RepairReport()
    parts: list[str] = []
    page_starts: list[int] = []
    offset = 0
    for page in raw.pages:
        text, rep = repair_text(page)
        report.merge(rep)
        if offset and text:
            parts.append("\n\n")
            offset += 2
        page_starts.append(offset)
        parts.append(text)
        offset += len(text)
    full = "".join(parts)
    check_length(full, name, max_chars)
    warnings.extend(report.warnings())
    if not full.strip():
        if raw.has_images and fmt == "pdf":
            raise NoTextLayerError.from_code("E104", source=name, pages=len(raw.pages))
        raise EmptyDocumentError.from_code("E109", source=name)
    metadata = dict(raw.metadata)
    metadata.update(
        {
            "chars": len(full),
            "mojibake_lines": report.mojibake_lines,
            "invisible_chars_removed": report.invisible_chars,
            "hyphenations_joined": report.hyphenations_joined,
        }
    )
    return ExtractedText(
        text=full,
        format=fmt,
        sha256=digest,
        source=name,
        page_starts=tuple(page_starts),
        warnings=tuple(warnings),
        metadata=metadata,
    )
