"""Batch rows: the one output row schema, sorting, and CSV / JSON Lines / Parquet files (written atomically, read back)."""

from __future__ import annotations

import csv
import io
import json
import os
from os import PathLike
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import MissingDependencyError, OutputError
from .inputs import clean_text, display_path

#: Output file extension -> format name.
OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}

PARTIAL_SUFFIX = ".partial"

_NUMERIC = {
    "score": float,
    "relevance": float,
    "job_match": float,
    "combined": float,
    "top_probability": float,
    "n_evidence": int,
    "n_sentences": int,
    "rank": int,
}
#: Columns holding a list or dict: JSON in CSV cells and Parquet, as-is in JSON Lines.
_NESTED = ("evidence", "job_detail")


def column_kind(col: str) -> str:
    """What a column holds: ``"int"``, ``"float"``, ``"json"`` (``evidence``) or ``"str"``; every value may be missing."""
    if col in _NUMERIC:
        return "int" if _NUMERIC[col] is int else "float"
    if col.startswith("cat_"):
        return "float"
    return "json" if col == "evidence" else "str"


def columns(category_keys: Sequence[str], fmt: str = "csv") -> list[str]:
    """Output columns for a taxonomy's categories; JSON Lines/Parquet add ``evidence`` and
    ``job_detail``. The job columns are always there, empty without a job."""
    cols = [
        "rank",
        "path",
        "status",
        "score",
        "band",
        "relevance",
        "job_match",
        "combined",
        "n_evidence",
        "n_sentences",
        "top_evidence",
        "top_category",
        "top_section",
        "top_probability",
        *[f"cat_{k}" for k in category_keys],
        "excluded",
        "reason",
        "must_have",
        "job",
        "job_terms",
        "error",
        "error_type",
        "error_code",
        "warnings",
        "sha256",
        "format",
        "model_version",
        "taxonomy_version",
    ]
    if fmt != "csv":
        cols += list(_NESTED)
    return cols


def frame_dtypes(cols: Sequence[str]) -> dict[str, str]:
    """pandas dtype of each output column for ``to_pandas()`` (by :func:`column_kind`): nullable
    integers, floats, and text (and JSON) as Python objects."""
    dtypes = {"int": "Int64", "float": "float64", "str": "object", "json": "object"}
    return {c: dtypes[column_kind(c)] for c in cols}


def _one_line(s: str | None) -> str | None:
    return None if s is None else " ".join(str(s).split())


def result_row(
    result: Any,
    *,
    path: str,
    category_keys: Sequence[str],
    sha256: str = "",
    excluded: bool = False,
    reason: str = "",
    must_have: Sequence[str] = (),
    job: str | None = None,
) -> dict[str, Any]:
    """The output row of one :class:`~collabscreen.types.ScreeningResult` (without ``rank``);
    ``job`` names the job profile it was matched against (``JobProfile.key``)."""
    path = display_path(path)
    ok = result.status == "ok"
    top = result.evidence[0] if result.evidence else None
    jm = result.job_match if ok else None
    row: dict[str, Any] = {
        "rank": None,
        "path": path,
        "status": result.status,
        "score": float(result.score) if ok else None,
        "band": result.band if ok else None,
        "relevance": float(result.relevance) if ok else None,
        "job_match": float(jm.score) if jm is not None else None,
        "combined": float(jm.combined) if jm is not None else None,
        "n_evidence": len(result.evidence) if ok else None,
        "n_sentences": int(result.n_sentences) if ok else None,
        "top_evidence": _one_line(top.text) if top else None,
        "top_category": top.category if top else None,
        "top_section": top.section if top else None,
        "top_probability": float(top.probability) if top else None,
    }
    for k in category_keys:
        v = result.category_scores.get(k) if ok else None
        row[f"cat_{k}"] = None if v is None else float(v)
    row.update(
        {
            "excluded": "yes" if excluded else ("no" if ok else None),
            "reason": _one_line(reason) or None,
            "must_have": "; ".join(must_have) or None,
            "job": job,
            "job_terms": clean_text(job_terms(jm)) if jm is not None else None,
            "error": clean_text(_one_line(result.error)),
            "error_type": result.error_type,
            "error_code": result.error_code,
            "warnings": clean_text(" | ".join(_one_line(w) or "" for w in result.warnings) or None),
            "sha256": result.sha256 or sha256 or None,
            "format": result.format or None,
            "model_version": result.model_version or None,
            "taxonomy_version": result.taxonomy_version or None,
            "evidence": [e.to_dict() for e in result.evidence],
            "job_detail": jm.to_dict() if jm is not None else None,
        }
    )
    return row


def screened_row(
    result: Any,
    *,
    path: str,
    category_keys: Sequence[str],
    sha256: str = "",
    must_have: Sequence[str] = (),
    job: str | None = None,
    keep_evidence: bool = True,
) -> dict[str, Any]:
    """The row of a freshly screened input: :func:`result_row` with the knock-outs applied
    (must-have terms, and the job's must-haves and query; ``job`` is the job's key).

    ``keep_evidence=False`` (CSV output) leaves the evidence list and the job detail out
    instead of holding them in memory.
    """
    excluded, reason = False, ""
    if result.status == "ok":
        from ..ranking import result_knock_out

        reason = result_knock_out(result, must_have=must_have)
        excluded = bool(reason)
    row = result_row(
        result, path=path, category_keys=category_keys, sha256=sha256, excluded=excluded, reason=reason,
        must_have=must_have, job=job,
    )
    if not keep_evidence:
        row.pop("evidence", None)
        row.pop("job_detail", None)
    return row


def job_terms(jm: Any) -> str:
    """A job match in one line: the terms found, the must-haves missing, the query."""
    parts = []
    for name, terms in (("required", jm.required), ("preferred", jm.preferred)):
        if terms:
            found = [t.term for t in terms if t.matched]
            parts.append(f"{name} {len(found)}/{len(terms)}" + (": " + ", ".join(found) if found else ""))
    if jm.missing_must_have:
        parts.append("missing must-have: " + ", ".join(jm.missing_must_have))
    if jm.query is not None:
        parts.append("query " + ("matched" if jm.query_matched else "not matched"))
    return "; ".join(parts)


def row_sort_key(row: dict[str, Any]) -> tuple:
    from ..ranking import sort_key

    return sort_key(
        row.get("score"), row.get("relevance"), row.get("path") or "", row.get("sha256"),
        ok=row.get("status") == "ok", excluded=row.get("excluded") == "yes", combined=row.get("combined"),
    )


def sorted_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out = sorted(rows, key=row_sort_key)
    for i, r in enumerate(out, 1):
        r["rank"] = i
    return out


# ---------------------------------------------------------------- serialisation
def fmt_of(path: Path) -> str:
    fmt = OUTPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise OutputError.from_code("E401", source=path, ext=path.suffix)
    return fmt


def require_pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise MissingDependencyError.from_code("E402") from None
    return pyarrow


#: A CSV cell starting with one of these is a formula in a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        # a leading apostrophe makes spreadsheets show the text instead of running it
        return "'" + v
    return v


def _csv_unescape(v: str) -> str:
    return v[1:] if len(v) > 1 and v[0] == "'" and v[1] in "=+-@\t\r" else v


def _csv_line(row: dict[str, Any], cols: Sequence[str]) -> str:
    cells = [_csv_value(row.get(c)) for c in cols]
    # the csv module quotes a cell holding "\n" (the line terminator) but not one holding a
    # lone "\r" (possible in a file name), which readers take for a line break: quote that line
    lone_cr = any(isinstance(v, str) and "\r" in v for v in cells)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL if lone_cr else csv.QUOTE_MINIMAL).writerow(cells)
    return buf.getvalue()


def _csv_header(cols: Sequence[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cols)
    return buf.getvalue()


def _json_line(row: dict[str, Any], cols: Sequence[str]) -> str:
    return json.dumps({c: row.get(c) for c in cols}, ensure_ascii=False) + "\n"


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    """Turn CSV strings back into the values they were written from."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k is None:
            continue
        if v == "" or v is None:
            out[k] = None
        elif column_kind(k) == "int":
            out[k] = int(float(v))
        elif column_kind(k) == "float":
            out[k] = float(v)
        elif k in _NESTED and isinstance(v, str):
            out[k] = json.loads(v)
        else:
            out[k] = _csv_unescape(v) if isinstance(v, str) else v
    return out


def _complete_text(path: Path) -> str:
    """The file's text up to its last complete line (a killed writer may leave half a line)."""
    data = path.read_bytes()
    end = data.rfind(b"\n")
    # utf-8-sig: an Excel CSV (write_excel) starts with a byte-order mark
    return data[: end + 1].decode("utf-8-sig") if end >= 0 else ""


def read_rows(path: str | PathLike[str], fmt: str | None = None) -> list[dict[str, Any]]:
    """Read rows written by :func:`run_batch` (final or partial file); [] if absent.

    A trailing incomplete line is ignored.
    """
    path = Path(path)
    if not path.exists():
        return []
    if fmt is None:
        name = path.name[: -len(PARTIAL_SUFFIX)] if path.name.endswith(PARTIAL_SUFFIX) else path.name
        fmt = fmt_of(Path(name))
        if path.name.endswith(PARTIAL_SUFFIX) and fmt == "parquet":
            fmt = "jsonl"
    if fmt == "parquet":
        require_pyarrow()
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
        for r in rows:
            for k in _NESTED:
                if isinstance(r.get(k), str):
                    r[k] = json.loads(r[k])
        return rows
    text = _complete_text(path)
    if fmt == "csv":
        return [_typed(r) for r in csv.DictReader(io.StringIO(text))]
    rows = []
    for line in text.splitlines():
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return rows


def write_final(path: Path, fmt: str, rows: list[dict[str, Any]], cols: Sequence[str], *, bom: bool = False) -> None:
    """Write ``rows`` to ``path`` atomically (a temporary file replaces it); ``bom`` starts a CSV with a UTF-8 byte-order mark."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if fmt == "parquet":
            require_pyarrow()
            import pyarrow as pa
            import pyarrow.parquet as pq

            data = {c: [r.get(c) for r in rows] for c in cols}
            data["evidence"] = [json.dumps(r.get("evidence") or [], ensure_ascii=False) for r in rows]
            data["job_detail"] = [json.dumps(r.get("job_detail"), ensure_ascii=False) for r in rows]
            pq.write_table(pa.table(data), tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        else:
            encoding = "utf-8-sig" if bom and fmt == "csv" else "utf-8"
            with open(tmp, "w", encoding=encoding, errors="backslashreplace", newline="") as fh:
                if fmt == "csv":
                    fh.write(_csv_header(cols))
                    for r in rows:
                        fh.write(_csv_line(r, cols))
                else:
                    for r in rows:
                        fh.write(_json_line(r, cols))
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_excel(path: str | PathLike[str], rows: list[dict[str, Any]], category_keys: Sequence[str]) -> Path:
    """Write ``rows`` as a CSV that Excel opens correctly: UTF-8 with a byte-order mark (so
    accents and non-Latin names survive), the CSV columns, and formula-safe cells (a cell
    starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading apostrophe, the same
    rule as every CSV output). Replaced atomically; :func:`read_rows` reads it back."""
    path = Path(path)
    write_final(path, "csv", rows, columns(category_keys, "csv"), bom=True)
    return path


def row_result(row: dict[str, Any]) -> Any:
    """The :class:`~collabscreen.types.ScreeningResult` an output row was written from, or
    None when the row does not hold its evidence (a CSV row of a screened file).

    For reports on rows reused by ``resume``: JSON Lines and Parquet rows carry the
    full evidence list, and failed rows need none. Rows hold no roles or recency, so
    the rebuilt result has none (its questions quote the evidence without naming the role).
    """
    from ..types import Evidence, EvidencePart, ScreeningResult

    ok = row.get("status") == "ok"
    evidence = row.get("evidence")
    if ok and not isinstance(evidence, list):
        return None
    items = []
    for d in evidence or ():
        d = dict(d)
        d["categories"] = tuple(d.get("categories") or ())
        d["terms"] = tuple(d.get("terms") or ())
        d["parts"] = tuple(EvidencePart(**p) for p in d.get("parts") or ())
        items.append(Evidence(**d))
    cats = {k[4:]: float(v) for k, v in row.items() if k.startswith("cat_") and v is not None}
    warnings = tuple(w.strip() for w in (row.get("warnings") or "").split(" | ") if w.strip())
    return ScreeningResult(
        source=str(row["path"]),
        score=float(row.get("score") or 0.0),
        band=row.get("band") or "none",
        category_scores=cats,
        evidence=tuple(items),
        sha256=row.get("sha256") or "",
        format=row.get("format") or "",
        status=row.get("status") or "error",
        error=row.get("error"),
        error_type=row.get("error_type"),
        error_code=row.get("error_code"),
        warnings=warnings,
        model_version=row.get("model_version") or "",
        taxonomy_version=row.get("taxonomy_version") or "",
        n_sentences=int(row.get("n_sentences") or 0),
        relevance=float(row.get("relevance") or 0.0),
    )


class PartialWriter:
    """Append-only, line-oriented partial output; every row is one complete line."""

    def __init__(self, path: Path, fmt: str, cols: Sequence[str], seed: Sequence[dict[str, Any]], sync_every: int):
        self.path = path
        self.fmt = "jsonl" if fmt == "parquet" else fmt
        self.cols = list(cols) if self.fmt == "csv" else list(cols) + [c for c in _NESTED if c not in cols]
        self.sync_every = max(1, sync_every)
        self._n = 0
        # (Re)create atomically with the seed rows, then append.
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8", errors="backslashreplace", newline="") as fh:
            if self.fmt == "csv":
                fh.write(_csv_header(self.cols))
            for r in seed:
                fh.write(self._line(r))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        self.fh = open(path, "a", encoding="utf-8", errors="backslashreplace", newline="")

    def _line(self, row: dict[str, Any]) -> str:
        return _csv_line(row, self.cols) if self.fmt == "csv" else _json_line(row, self.cols)

    def write(self, row: dict[str, Any]) -> None:
        self.fh.write(self._line(row))
        self.fh.flush()
        self._n += 1
        if self._n % self.sync_every == 0:
            os.fsync(self.fh.fileno())

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()


