"""The library's exceptions and its coded message catalogue.

Every error a user can see is a :class:`CollabscreenError`. Messages come from
one catalogue (:class:`Errors`) so that each has a stable code (``E101``) that
can be searched for, tested and documented. Messages name the file and say
what to do about the problem.

This module imports nothing heavy.
"""

from __future__ import annotations

from os import PathLike
from typing import Any, Self

__all__ = [
    "CollabscreenError",
    "ExtractionError",
    "EncryptedDocumentError",
    "CorruptDocumentError",
    "EmptyDocumentError",
    "NoTextLayerError",
    "UnsupportedFormatError",
    "FileTooLargeError",
    "UnsafeDocumentError",
    "ModelError",
    "ModelVersionError",
    "TaxonomyError",
    "ConfigError",
    "ConfigTypeError",
    "OutputError",
    "MissingDependencyError",
    "Errors",
]


class _ErrorsWithCodes(type):
    """Prefix each message template with its code, like spaCy's ``Errors``."""

    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("__") or not code[:1].isupper() or not isinstance(msg, str):
            return msg
        return f"[{code}] {msg}"


class Errors(metaclass=_ErrorsWithCodes):
    # extraction: 1xx
    E100 = "{source}: could not read the file ({reason}). Check the path and its permissions."
    E101 = (
        "{source}: the PDF is encrypted. Pass its password (`password=` in Python, "
        "`--password` on the command line) or save an unencrypted copy."
    )
    E102 = (
        "{source}: the file is corrupt or truncated ({reason}). Re-export or re-download "
        "it from the original and try again."
    )
    E103 = "{source}: the file is empty (0 bytes). Check that the upload or copy finished."
    E104 = (
        "{source}: no text layer found ({pages} page(s), only images or drawings). "
        "It looks scanned: run OCR on it first (for example `ocrmypdf in.pdf out.pdf`) "
        "and screen the OCR'd copy."
    )
    E105 = (
        "{source}: unsupported format ({detected}). Supported: PDF, DOCX, ODT, RTF, "
        "HTML, TXT and Markdown. {hint}"
    )
    E106 = (
        "{source}: legacy Word .doc files are not supported. Convert it to DOCX or PDF "
        "first, for example `libreoffice --headless --convert-to docx {name}`."
    )
    E107 = (
        "{source}: the file is {size:,} bytes, over the {limit:,}-byte limit. Raise the "
        "limit (`max_bytes=` / `--max-bytes`) if this is really a resume."
    )
    E108 = (
        "{source}: refused as unsafe ({reason}). The file is not processed; ask the "
        "candidate for a plain PDF or DOCX export."
    )
    E109 = (
        "{source}: the document contains no readable text. Check that it is the right "
        "file; if it is a scan, run OCR on it first."
    )
    E110 = (
        "{source}: cannot read this kind of input ({kind}). Pass a path, bytes, a binary "
        "file object, or an ExtractedText."
    )
    E111 = "{source}: the password given for the encrypted PDF is wrong. Check it and try again."
    E113 = (
        "{source}: reading it took longer than {limit:g} s, so it was skipped (a file built to make the "
        "parser loop or crawl). Raise the limit (`file_timeout=` / `--timeout`) if it is really a resume."
    )
    E112 = (
        "{source}: the text is {chars:,} characters long, over the {limit:,}-character limit "
        "(a long resume has under 100,000). It is not screened; check that it is a resume, or "
        "raise the limit (`max_chars=` / `--max-chars`)."
    )
    E199 = (
        "{source}: unexpected internal error while screening ({reason}). The file was skipped "
        "and the run went on; please report it with the file if you can share it."
    )
    # model: 2xx
    E200 = "Model directory {path} not found or incomplete (missing {missing}). Train one with `collabscreen train` or point `model=` at a trained model."
    E201 = (
        "Model {path} was saved with {package} {saved}, but {installed} is installed. "
        "Install {package}=={saved_series}.* or retrain with `collabscreen train`."
    )
    E202 = "Model {path} refused to load: {reason}. Model files are loaded with skops and untrusted types are never executed."
    E203 = "Model {path} has format version {saved}; this collabscreen reads version {supported}. Retrain it with `collabscreen train`."
    E204 = "The classifier is not fitted yet: call fit() or load a trained model."
    E205 = (
        "A worker process loaded model {path} version {found}, but this run screens with {expected}. "
        "Install the same collabscreen (and model) on every Dask worker, or pass a model directory all workers can read."
    )
    # taxonomy: 3xx
    E300 = "Taxonomy {path}: {reason}. See the bundled `collabscreen/data/taxonomy.json` for the expected layout."
    E301 = "Taxonomy {path}: category {category!r} has no terms."
    # configuration / usage: 4xx
    E400 = "{name} must be {expected}, got {value!r}."
    E401 = "Output {path}: unsupported extension {ext!r}. Use .csv, .jsonl or .parquet."
    E402 = "Writing Parquet needs pyarrow: pip install 'collabscreen[parquet]'."
    E403 = "{feature} needs {package}: pip install 'collabscreen[notebook]'."
    E407 = (
        "screen_many(n_process>1) could not start its worker processes: the script that calls it runs "
        "screening when it is imported. Put that code under `if __name__ == \"__main__\":` (worker "
        "processes import the main script), or use n_process=1."
    )
    E405 = "Output {path} cannot be written ({reason}). Nothing was screened; choose another --output path or fix its permissions."
    E406 = (
        "Output {path} is being written by another collabscreen run right now. Wait for it to finish, "
        "or write to another file; two runs on one output would overwrite each other."
    )
    E408 = (
        "{source}: must-have terms need the resume text; screen with keep_text=True "
        "(Screener(keep_text=True)) or pass sources instead of results."
    )
    E409 = "Training corpus {path}, line {line}: each row needs a non-empty 'text' and a 'label' of 0 or 1."
    E410 = "No training corpus rows found under {path}. Point --corpus at a folder of *.jsonl files."
    E411 = (
        "Training pool file {path} has sha256 {got}..., but the labels record {expected}...: the file "
        "changed since it was labelled. Restore the original, or relabel it."
    )
    E412 = "query: {reason} at column {column}"
    E413 = "Job profile {source}: {reason}. See \"Matching a job\" in the README for the YAML layout."
    E404 = (
        "The pipeline could not be rebuilt in a worker process ({reason}). A custom spaCy component "
        "must be importable in a fresh process (register it with a `spacy_factories` entry point or "
        "in an imported module), or screen with n_process=1 / --jobs 1."
    )
    E414 = "Screening on Dask needs {missing}: pip install 'collabscreen[dask]' (on the workers too)."
    E415 = "No Dask scheduler answered at {address} ({reason}). Check the address (tcp://host:8786) and that the cluster is running."


def _name(source: Any) -> str:
    if source is None:
        return "<input>"
    if isinstance(source, (str, PathLike)):
        return str(source)
    return str(source)


class CollabscreenError(Exception):
    """Base class of every error raised by collabscreen.

    Attributes
    ----------
    source : str or None
        The file (or ``"<bytes>"``) the error is about, when there is one.
    code : str or None
        The catalogue code, for example ``"E101"``.
    """

    def __init__(self, message: str, *, source: Any = None, code: str | None = None) -> None:
        super().__init__(message)
        self.source = None if source is None else _name(source)
        self.code = code

    @classmethod
    def from_code(cls, code: str, /, *, source: Any = None, detail: str = "", **fields: Any) -> Self:
        """The error for catalogue entry ``code``, its message built from ``fields``.

        ``source`` (the file or model path the error is about) fills the
        template's ``{source}`` or ``{path}``; ``detail`` is appended as is.

        >>> str(CorruptDocumentError.from_code("E102", source="cv.pdf", reason="no pages"))[:27]
        '[E102] cv.pdf: the file is c'
        """
        template = getattr(Errors, code)
        name = _name(source)
        values = {"source": name, "path": name, **fields}
        return cls(template.format(**values) + detail, source=source, code=code)

    @property
    def reason(self) -> str:
        """The message without its code prefix, for tables and CSV output."""
        msg = str(self)
        prefix = f"[{self.code}] " if self.code else ""
        return msg[len(prefix):] if prefix and msg.startswith(prefix) else msg


class ExtractionError(CollabscreenError):
    """A document could not be turned into text."""


class EncryptedDocumentError(ExtractionError):
    """The PDF is password protected (or the password given is wrong)."""


class CorruptDocumentError(ExtractionError):
    """The file is damaged, truncated, or not what its content claims to be."""


class EmptyDocumentError(ExtractionError):
    """The file has no bytes, or its text is empty."""


class NoTextLayerError(ExtractionError):
    """An image-only (scanned) document: OCR is needed."""


class UnsupportedFormatError(ExtractionError):
    """A format collabscreen does not read (legacy .doc, spreadsheets, images, ...)."""


class FileTooLargeError(ExtractionError):
    """The input is larger than the configured size limit."""


class UnsafeDocumentError(ExtractionError):
    """Refused for safety: zip bombs, XML entity expansion, external entities."""


class ModelError(CollabscreenError):
    """A model is missing, unreadable, or unsafe to load."""


class ModelVersionError(ModelError):
    """A model was saved with library versions that do not match the installed ones."""


class TaxonomyError(CollabscreenError):
    """A taxonomy file is malformed."""


class ConfigError(CollabscreenError, ValueError):
    """A parameter has a value it cannot take (E400); also a :class:`ValueError`."""


class ConfigTypeError(ConfigError, TypeError):
    """A parameter has the wrong type (E400); also a :class:`TypeError`."""


class OutputError(CollabscreenError):
    """The output file cannot be chosen, written or locked (E401, E405, E406)."""


class MissingDependencyError(CollabscreenError, ImportError):
    """An optional package a feature needs is not installed (E402, E403); also an :class:`ImportError`."""
