"""collabscreen: find and score evidence of sales-marketing collaboration in resumes.

Quick start::

    import collabscreen
    result = collabscreen.screen("resume.pdf")
    result.score, result.band, result.evidence

    ranking = collabscreen.rank(["a.pdf", "b.docx", "c.txt"], top_k=10)

    job = collabscreen.JobProfile.from_file("job_description.txt")   # or a .yaml profile
    ranking = collabscreen.rank(["a.pdf", "b.docx"], job=job)         # collaboration + job match

Importing this package is cheap: spaCy, scikit-learn and the format backends are
imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    CollabscreenError,
    ConfigError,
    ConfigTypeError,
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    ExtractionError,
    FileTooLargeError,
    MissingDependencyError,
    ModelError,
    ModelVersionError,
    NoTextLayerError,
    OutputError,
    TaxonomyError,
    UnsafeDocumentError,
    UnsupportedFormatError,
)
from ._version import __version__
from .types import Evidence, ExtractedText, JobMatch, Question, RankedCandidate, Recency, Role, ScreeningResult, TermMatch, TermOccurrence, WordingLine

__all__ = [
    "__version__",
    # errors
    "CollabscreenError",
    "ConfigError",
    "ConfigTypeError",
    "CorruptDocumentError",
    "EmptyDocumentError",
    "EncryptedDocumentError",
    "ExtractionError",
    "FileTooLargeError",
    "MissingDependencyError",
    "ModelError",
    "ModelVersionError",
    "NoTextLayerError",
    "NotFittedError",
    "OutputError",
    "TaxonomyError",
    "UnsafeDocumentError",
    "UnsupportedFormatError",
    # values
    "Evidence",
    "ExtractedText",
    "Question",
    "RankedCandidate",
    "Recency",
    "Role",
    "ScreeningResult",
    "WordingLine",
    "JobMatch",
    "TermMatch",
    "TermOccurrence",
    # functions and classes, imported lazily
    "extract_text",
    "Screener",
    "Ranking",
    "Taxonomy",
    "screen",
    "rank",
    "make_nlp",
    "load_model",
    "RecencyConfig",
    "JobProfile",
    "parse_query",
    "QuerySyntaxError",
    "interview_questions",
    "write_report",
    "report_html",
]

# name -> submodule that defines it; imported on first attribute access
_LAZY = {
    "extract_text": "extract",
    "Screener": "engine",
    "screen": "engine",
    "rank": "engine",
    "Ranking": "ranking",
    "Taxonomy": "taxonomy",
    "make_nlp": "pipeline",
    "load_model": "model",
    "NotFittedError": "model",
    "RecencyConfig": "scoring",
    "JobProfile": "jobs",
    "parse_query": "query",
    "QuerySyntaxError": "query",
    "interview_questions": "questions",
    "write_report": "report",
    "report_html": "report",
}

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Screener, rank, screen
    from .extract import extract_text
    from .jobs import JobProfile
    from .model import NotFittedError, load_model
    from .pipeline import make_nlp
    from .query import QuerySyntaxError, parse_query
    from .questions import interview_questions
    from .report import report_html, write_report
    from .ranking import Ranking
    from .scoring import RecencyConfig
    from .taxonomy import Taxonomy


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'collabscreen' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
