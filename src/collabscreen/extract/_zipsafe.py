"""Safety checks for zip-based formats (DOCX, ODT) before any parser sees them.

A resume is a few hundred kilobytes. Zip bombs (huge uncompressed sizes or
compression ratios), absurd member counts and XML that declares a DOCTYPE or
entities (billion laughs, external entities) are refused with
:class:`~collabscreen.errors.UnsafeDocumentError`; a damaged archive raises
:class:`~collabscreen.errors.CorruptDocumentError`.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import CorruptDocumentError
from ._base import unsafe

__all__ = ["open_zip", "check_zip", "MAX_UNCOMPRESSED", "MAX_RATIO", "MAX_MEMBERS"]

MAX_UNCOMPRESSED = 100_000_000  # bytes, all members together
MAX_XML_PART = 30_000_000  # bytes, one XML member
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB
MAX_MEMBERS = 5_000

_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def open_zip(data: bytes, source: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip archive or raise CorruptDocumentError."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise CorruptDocumentError.from_code("E102", source=source, reason=f"not a valid zip archive: {e}") from None


def _has_dtd(raw: bytes) -> bool:
    if _DTD.search(raw):
        return True
    # UTF-16 encoded XML parts
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00<\x00" in raw[:64] or b"<\x00" in raw[:4]:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = raw.decode(enc, errors="ignore")
            except Exception:  # pragma: no cover - decode with ignore does not fail
                continue
            if re.search(r"<!\s*(?:DOCTYPE|ENTITY)", text, re.IGNORECASE):
                return True
    return False


def _looks_like_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Does the member start (after a BOM and white space) with "<"? Reads 64 bytes at most."""
    if info.is_dir() or info.file_size == 0:
        return False
    try:
        with zf.open(info) as fh:
            head = fh.read(64)
    except Exception:  # noqa: BLE001 - a damaged member is reported when it is read in full
        return True
    head = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n\x00")
    return head.startswith(b"<")


def check_zip(zf: zipfile.ZipFile, source: str) -> None:
    """Refuse zip bombs and XML with DTDs; raise on damaged members."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise unsafe(source, f"{len(infos)} archive members, over {MAX_MEMBERS}")
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise unsafe(source, f"archive expands to more than {MAX_UNCOMPRESSED:,} bytes (zip bomb?)")
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise unsafe(source, f"member {info.filename!r} has compression ratio {ratio:,.0f}:1 (zip bomb?)")
    for info in infos:
        name = info.filename.lower()
        # any part that is XML by content, whatever its name: a DOCX main part can be
        # called "word/main.dat" in [Content_Types].xml and still be parsed as XML
        if not (name.endswith(".xml") or name.endswith(".rels") or _looks_like_xml(zf, info)):
            continue
        if info.file_size > MAX_XML_PART:
            raise unsafe(source, f"XML part {info.filename!r} is {info.file_size:,} bytes")
        try:
            raw = zf.read(info)
        except NotImplementedError as e:
            raise CorruptDocumentError.from_code("E102", source=source, reason=f"unsupported zip feature: {e}") from None
        except RuntimeError as e:  # encrypted member
            raise CorruptDocumentError.from_code("E102", source=source, reason=f"cannot read {info.filename!r}: {e}") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, Exception) as e:
            raise CorruptDocumentError.from_code("E102", source=source, reason=f"damaged member {info.filename!r}: {e}") from None
        if _has_dtd(raw):
            raise unsafe(source, f"XML part {info.filename!r} declares a DOCTYPE or entities (XXE / entity expansion)")
