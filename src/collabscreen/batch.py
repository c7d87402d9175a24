"""Batch scoring: walk inputs, screen them with a :class:`~collabscreen.engine.Screener`,
write one row per file to CSV, JSON Lines or Parquet. No scoring logic, no printing.

Inputs
------
:func:`iter_inputs` takes files and folders. Folders are walked recursively
and every entry is an input (unknown formats are attempted, so a ``.doc`` or a
scanned ``.png`` shows up as an error row with the remedy; FIFOs, device
links, broken or looping links and unreadable folders show up as error rows
with their reason, never silently left out), except:

* hidden files and folders (name starting with ``.``);
* files that are not resumes: ``*.json``, ``*.jsonl``, ``*.csv``, ``*.tsv``,
  ``*.parquet``, ``*.partial``, ``*.tmp``, ``*.log``, ``*.py``, ``*.pyc``;
  ``README*``, ``LICENSE*``, ``CHANGELOG*``, ``Thumbs.db``, ``desktop.ini``
  (:data:`DEFAULT_SKIP`);
* the run's own output file and its ``.partial`` file;
* files matching an ``exclude`` glob.

A file matching an ``include`` glob is taken even if :data:`DEFAULT_SKIP`
would skip it; when ``include`` globs are given, walked files must match one.
Files named explicitly are always taken (unless excluded). Globs are matched
with :func:`fnmatch.fnmatch` against both the path relative to the folder
given and the file name. Each file appears once (deduplicated by resolved
path), in sorted order.

Output
------
Columns (:func:`columns`): ``rank, path, status, score, band, relevance,
n_evidence, n_sentences, top_evidence, top_category, top_section,
top_probability, cat_<category>..., excluded, reason, must_have, error,
error_type, warnings, sha256, format, model_version, taxonomy_version``; JSON
Lines and Parquet rows also carry ``evidence`` (the full evidence list). The
final file is sorted like :func:`collabscreen.ranking.rank_results`: qualified
candidates by score (high first), ties by relevance, path and hash; then
candidates knocked out by must-have terms; then failed files by path.
``rank`` numbers all rows in that order.

Crash safety and ``resume``
---------------------------
Rows are appended to ``OUTPUT.partial`` (one complete line per row, flushed
after each row and fsync'ed every ``sync_every`` rows) as results arrive. At
the end the rows are sorted and written to a temporary file that replaces
``OUTPUT`` atomically (:func:`os.replace`), and the partial file is removed.
A killed run therefore leaves the previous ``OUTPUT`` (if any) intact plus a
partial file of complete rows (a trailing incomplete line is dropped when it
is read back).

With ``resume=True`` the rows of ``OUTPUT`` and ``OUTPUT.partial`` are read
back (partial rows override final ones for the same path). An input whose
content hash (SHA-256 of the file bytes) and model version match an earlier
``ok`` row screened with the same must-have terms is not screened again: the
earlier row is reused under the input's current path. Errors are retried.
Earlier rows for paths that are not inputs of this run are kept. The result
is the same set of rows as one uninterrupted run.
"""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import io
import json
import math
import os
import time
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .errors import CollabscreenError, Errors

__all__ = [
    "iter_inputs",
    "run_batch",
    "BatchSummary",
    "DEFAULT_SKIP",
    "OUTPUT_FORMATS",
    "columns",
    "result_row",
    "read_rows",
    "file_sha256",
    "display_path",
    "default_jobs",
]

#: Name patterns never taken when walking a folder (unless an ``include`` glob matches).
DEFAULT_SKIP: tuple[str, ...] = (
    "*.json",
    "*.jsonl",
    "*.csv",
    "*.tsv",
    "*.parquet",
    "*.partial",
    "*.tmp",
    "*.log",
    "*.py",
    "*.pyc",
    "README*",
    "LICENSE*",
    "CHANGELOG*",
    "Thumbs.db",
    "desktop.ini",
)

#: Output file extension -> format name.
OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}

PARTIAL_SUFFIX = ".partial"

_NUMERIC = {"score": float, "relevance": float, "top_probability": float, "n_evidence": int, "n_sentences": int, "rank": int}


# ---------------------------------------------------------------- inputs
def _matches(patterns: Sequence[str], rel: str, name: str) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _hidden(rel_parts: Sequence[str]) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in rel_parts)


def iter_inputs(
    paths: Iterable[str | PathLike[str]],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    *,
    skip: Iterable[str | PathLike[str]] = (),
) -> Iterator[Path]:
    """Yield the input files named by ``paths`` (files and folders), each once.

    Folders are walked recursively in sorted order; see the module docstring
    for what is skipped. ``skip`` names files never to yield (the run's own
    output). A path that does not exist raises :class:`CollabscreenError`
    (E100) before anything is yielded.

    Raises
    ------
    CollabscreenError
        A path that does not exist.
    """
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise CollabscreenError(
                Errors.E100.format(source=p, reason="no such file or directory"), source=p, code="E100"
            )
    skip_resolved = {Path(os.path.abspath(s)) for s in skip} | {Path(s).resolve() for s in skip if Path(s).exists()}
    seen: set[Path] = set()

    def take(f: Path) -> bool:
        try:
            r = f.resolve()
        except (OSError, RuntimeError):  # a symlink loop: keep it as itself (it becomes an error row)
            r = Path(os.path.abspath(f))
        if r in seen or r in skip_resolved:
            return False
        seen.add(r)
        return True

    for p in paths:
        if p.is_dir():
            for f in _walk(p):
                rel = f.relative_to(p).as_posix()
                name = f.name
                if exclude and _matches(exclude, rel, name):
                    continue
                if include:
                    if not _matches(include, rel, name):
                        continue
                elif _matches(DEFAULT_SKIP, rel, name):
                    continue
                if take(f):
                    yield f
        else:
            if exclude and _matches(exclude, p.as_posix(), p.name):
                continue
            if take(p):
                yield p


def _walk(root: Path) -> Iterator[Path]:
    """Every non-hidden entry under ``root`` that is an input, sorted, recursing into folders.

    Regular files are inputs; so are entries that are not (FIFOs, sockets,
    device links, broken or looping symlinks) and folders that cannot be read:
    each becomes a row with its reason instead of vanishing from the output.
    Symlinked folders are not followed (no cycles).
    """
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        if root.is_dir():
            yield root  # an unreadable folder: a row that says so
        return
    for e in entries:
        if e.name.startswith("."):
            continue
        path = root / e.name
        try:
            if e.is_dir(follow_symlinks=False):
                yield from _walk(path)
            elif e.is_dir():
                continue  # a symlinked folder: not followed
            else:
                yield path  # regular file, or something that is not one (reported as a row)
        except OSError:
            yield path


def file_sha256(path: str | PathLike[str]) -> str:
    """Hex SHA-256 of a file's bytes (the same digest as ``ExtractedText.sha256``).

    "" if the path is unreadable or not a regular file: a FIFO or a device such
    as ``/dev/zero`` is never read (it would block or never end).
    """
    from .extract import open_regular

    try:
        with open_regular(path) as fh:
            h = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
            return h.hexdigest()
    except (OSError, CollabscreenError):
        return ""


def display_path(path: str | PathLike[str]) -> str:
    """A path as text that any UTF-8 output can hold.

    File names are bytes on POSIX; one that is not valid UTF-8 arrives from
    :func:`os.fsdecode` with lone surrogates, which a UTF-8 writer refuses.
    Those bytes are shown as ``\\xNN`` escapes instead: the same name always
    gives the same text, so ``resume`` recognises it.
    """
    s = os.fsdecode(os.fspath(path))
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _clean_text(s: Any) -> Any:
    """Strings bound for output, with undecodable file-name bytes escaped."""
    if isinstance(s, str):
        try:
            s.encode("utf-8")
        except UnicodeEncodeError:
            return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return s


# ---------------------------------------------------------------- rows
def columns(category_keys: Sequence[str], fmt: str = "csv") -> list[str]:
    """Output columns for a taxonomy's categories; JSON Lines/Parquet add ``evidence``."""
    cols = [
        "rank",
        "path",
        "status",
        "score",
        "band",
        "relevance",
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
        cols.append("evidence")
    return cols


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
) -> dict[str, Any]:
    """The output row of one :class:`~collabscreen.types.ScreeningResult` (without ``rank``)."""
    path = display_path(path)
    ok = result.status == "ok"
    top = result.evidence[0] if result.evidence else None
    row: dict[str, Any] = {
        "rank": None,
        "path": path,
        "status": result.status,
        "score": float(result.score) if ok else None,
        "band": result.band if ok else None,
        "relevance": float(result.relevance) if ok else None,
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
            "error": _clean_text(_one_line(result.error)),
            "error_type": result.error_type,
            "error_code": result.error_code,
            "warnings": _clean_text(" | ".join(_one_line(w) or "" for w in result.warnings) or None),
            "sha256": result.sha256 or sha256 or None,
            "format": result.format or None,
            "model_version": result.model_version or None,
            "taxonomy_version": result.taxonomy_version or None,
            "evidence": [e.to_dict() for e in result.evidence],
        }
    )
    return row


def _sort_key(row: dict[str, Any]) -> tuple:
    from .ranking import sort_key

    return sort_key(
        row.get("score"), row.get("relevance"), row.get("path") or "", row.get("sha256"),
        ok=row.get("status") == "ok", excluded=row.get("excluded") == "yes",
    )


def _sorted_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out = sorted(rows, key=_sort_key)
    for i, r in enumerate(out, 1):
        r["rank"] = i
    return out


# ---------------------------------------------------------------- serialisation
def _fmt_of(path: Path) -> str:
    fmt = OUTPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CollabscreenError(Errors.E401.format(path=path, ext=path.suffix), source=path, code="E401")
    return fmt


def _require_pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise CollabscreenError(Errors.E402, code="E402") from None
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
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([_csv_value(row.get(c)) for c in cols])
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
        elif k in _NUMERIC:
            out[k] = _NUMERIC[k](float(v)) if _NUMERIC[k] is int else float(v)
        elif k.startswith("cat_"):
            out[k] = float(v)
        elif k == "evidence" and isinstance(v, str):
            out[k] = json.loads(v)
        else:
            out[k] = _csv_unescape(v) if isinstance(v, str) else v
    return out


def _complete_text(path: Path) -> str:
    """The file's text up to its last complete line (a killed writer may leave half a line)."""
    data = path.read_bytes()
    end = data.rfind(b"\n")
    return data[: end + 1].decode("utf-8") if end >= 0 else ""


def read_rows(path: str | PathLike[str], fmt: str | None = None) -> list[dict[str, Any]]:
    """Read rows written by :func:`run_batch` (final or partial file); [] if absent.

    A trailing incomplete line is ignored.
    """
    path = Path(path)
    if not path.exists():
        return []
    if fmt is None:
        name = path.name[: -len(PARTIAL_SUFFIX)] if path.name.endswith(PARTIAL_SUFFIX) else path.name
        fmt = _fmt_of(Path(name))
        if path.name.endswith(PARTIAL_SUFFIX) and fmt == "parquet":
            fmt = "jsonl"
    if fmt == "parquet":
        _require_pyarrow()
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
        for r in rows:
            if isinstance(r.get("evidence"), str):
                r["evidence"] = json.loads(r["evidence"])
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


def _write_final(path: Path, fmt: str, rows: list[dict[str, Any]], cols: Sequence[str]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if fmt == "parquet":
            _require_pyarrow()
            import pyarrow as pa
            import pyarrow.parquet as pq

            data = {c: [r.get(c) for r in rows] for c in cols}
            data["evidence"] = [json.dumps(r.get("evidence") or [], ensure_ascii=False) for r in rows]
            pq.write_table(pa.table(data), tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        else:
            with open(tmp, "w", encoding="utf-8", errors="backslashreplace", newline="") as fh:
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


class _PartialWriter:
    """Append-only, line-oriented partial output; every row is one complete line."""

    def __init__(self, path: Path, fmt: str, cols: Sequence[str], seed: Sequence[dict[str, Any]], sync_every: int):
        self.path = path
        self.fmt = "jsonl" if fmt == "parquet" else fmt
        self.cols = list(cols) if self.fmt == "csv" else list(cols) + (["evidence"] if "evidence" not in cols else [])
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


# ---------------------------------------------------------------- run
@dataclass
class BatchSummary:
    """What :func:`run_batch` did.

    ``rows`` are all output rows, sorted and ranked as in the output file
    (with ``resume``, that includes earlier rows for paths not among this
    run's ``inputs``).
    """

    output: Path | None
    n_inputs: int
    n_ok: int
    n_error: int
    n_screened: int
    n_reused: int
    elapsed: float
    jobs: int = 1
    rows: list[dict[str, Any]] = field(default_factory=list, repr=False)
    inputs: list[str] = field(default_factory=list, repr=False)

    @property
    def files_per_second(self) -> float:
        return self.n_inputs / self.elapsed if self.elapsed > 0 else float("nan")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r.get("status") != "ok"]


def default_jobs(n_files: int) -> int:
    """Worker processes used when ``jobs`` is not given: 1 for fewer than 50
    files to screen (starting a worker costs about as much as screening tens
    of files), else ``min(2, cpu count)``."""
    if n_files < 50:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def _batch_size_for(n: int, jobs: int, batch_size: int) -> int:
    if jobs <= 1:
        return max(1, batch_size)
    # several batches per worker so the pool stays busy to the end
    return max(1, min(batch_size, math.ceil(n / (jobs * 4))))


def run_batch(
    screener: Any,
    paths: Iterable[str | PathLike[str]],
    output: str | PathLike[str] | None = None,
    *,
    jobs: int | None = 1,
    resume: bool = False,
    batch_size: int = 32,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    must_have: Sequence[str] = (),
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    sync_every: int = 64,
) -> BatchSummary:
    """Screen every input file under ``paths`` and write one row per file.

    Parameters
    ----------
    screener : Screener
    paths : iterable of path-like
        Files and folders (see :func:`iter_inputs`).
    output : path-like, optional
        ``.csv``, ``.jsonl`` or ``.parquet`` (needs pyarrow). Without it the
        rows are only returned.
    jobs : int or None, default=1
        Worker processes (``Screener.screen_many(n_process=jobs)``); the rows
        are identical for any value. ``None`` picks :func:`default_jobs` for
        the number of files left to screen.
    resume : bool, default=False
        Reuse rows of an earlier, possibly interrupted run (module docstring).
    must_have : sequence of str
        Terms every candidate must mention (whole words, case-insensitive);
        candidates missing one get ``excluded="yes"`` and the reason.
    progress : callable, optional
        Called as ``progress(done, total)`` after each row.

    Raises
    ------
    CollabscreenError
        Unsupported output extension (E401), Parquet without pyarrow (E402),
        an input path that does not exist (E100). Files that cannot be read
        never raise: they become ``status="error"`` rows.
    """
    start = time.perf_counter()
    out_path = Path(output) if output is not None else None
    fmt = None
    partial = None
    if out_path is not None:
        fmt = _fmt_of(out_path)
        if fmt == "parquet":
            _require_pyarrow()
        partial = out_path.with_name(out_path.name + PARTIAL_SUFFIX)
    lock = _OutputLock(out_path) if out_path is not None else None
    if out_path is not None:
        _check_writable(out_path)
        lock.acquire()
    try:
        return _run_batch(
            screener, paths, out_path, fmt, partial, lock, start,
            jobs=jobs, resume=resume, batch_size=batch_size, include=include, exclude=exclude,
            must_have=must_have, password=password, progress=progress, sync_every=sync_every,
        )
    finally:
        if lock is not None:
            lock.release()


def _check_writable(out_path: Path) -> None:
    """Refuse, before any work, an output the user cannot write (E405), naming their path."""
    parent = out_path.parent if str(out_path.parent) else Path(".")
    reason = None
    if out_path.is_dir():
        reason = "it is a folder"
    elif not parent.is_dir():
        reason = f"the folder {parent} does not exist"
    elif not os.access(parent, os.W_OK | os.X_OK):
        reason = f"the folder {parent} is not writable"
    elif out_path.exists() and not os.access(out_path, os.W_OK):
        reason = "the file is not writable"
    if reason is not None:
        raise CollabscreenError(Errors.E405.format(path=out_path, reason=reason), source=out_path, code="E405")


class _OutputLock:
    """An exclusive lock on ``OUTPUT.lock`` for the run: two runs never write one output."""

    def __init__(self, out_path: Path) -> None:
        self.path = out_path.with_name(f".{out_path.name}.lock")
        self.fh = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock, best effort
            return
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.close()
            self.fh = None
            out = self.path.with_name(self.path.name[1 : -len(".lock")])
            raise CollabscreenError(Errors.E406.format(path=out), source=out, code="E406") from None

    def release(self) -> None:
        if self.fh is not None:
            import fcntl

            fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
            self.fh.close()
            self.fh = None
            try:
                self.path.unlink()
            except OSError:
                pass


def _run_batch(
    screener: Any,
    paths: Iterable[str | PathLike[str]],
    out_path: Path | None,
    fmt: str | None,
    partial: Path | None,
    lock: Any,
    start: float,
    *,
    jobs: int | None,
    resume: bool,
    batch_size: int,
    include: Sequence[str],
    exclude: Sequence[str],
    must_have: Sequence[str],
    password: str | None,
    progress: Callable[[int, int], None] | None,
    sync_every: int,
) -> BatchSummary:
    skip = [p for p in (out_path, partial) if p is not None]
    if lock is not None:
        skip.append(lock.path)
    inputs = list(iter_inputs(paths, include, exclude, skip=skip))
    cat_keys = list(screener.taxonomy.category_keys)
    cols = columns(cat_keys, fmt or "jsonl")
    model_version = screener.model_version
    must_have = tuple(must_have)
    mh_key = "; ".join(must_have) or None

    # earlier rows, by path (partial rows are newer than final ones)
    old: dict[str, dict[str, Any]] = {}
    if resume and out_path is not None:
        for r in read_rows(out_path, fmt) + read_rows(partial, "jsonl" if fmt == "parquet" else fmt):
            if r.get("path"):
                old[str(r["path"])] = r
    reusable: dict[str, dict[str, Any]] = {}
    for r in old.values():
        if r.get("status") == "ok" and r.get("sha256") and r.get("model_version") == model_version and r.get("must_have") == mh_key:
            reusable.setdefault(str(r["sha256"]), r)

    names = [display_path(p) for p in inputs]
    hashes: dict[str, str] = {}
    todo: list[Path] = []
    reused: list[dict[str, Any]] = []
    if reusable:
        for p, name in zip(inputs, names):
            h = file_sha256(p)
            hashes[name] = h
            prev = reusable.get(h)
            if prev is not None:
                row = dict(prev)
                row["path"] = name
                row["rank"] = None
                reused.append(row)
            else:
                todo.append(p)
    else:
        todo = list(inputs)
    input_names = set(names)
    kept_old = [r for path, r in old.items() if path not in input_names]

    writer = None
    if out_path is not None:
        writer = _PartialWriter(partial, fmt, cols, kept_old + reused, sync_every)

    rows: dict[str, dict[str, Any]] = {str(r["path"]): r for r in kept_old + reused}
    total = len(inputs)
    done = len(reused)
    if progress is not None:
        progress(done, total)
    if must_have and not screener.keep_text:
        # must-have terms are checked on the text: a shallow copy keeps it (same
        # pipeline and model) without changing the caller's Screener
        import copy

        screener = copy.copy(screener)
        screener.keep_text = True
    n_screened = 0
    keep_evidence = fmt != "csv"
    try:
        if todo:
            from .ranking import knock_out_reason, missing_terms

            if jobs is None:
                jobs = default_jobs(len(todo))
            bs = _batch_size_for(len(todo), jobs, batch_size)
            results = screener.screen_many(todo, n_process=jobs, batch_size=bs, password=password)
            for p, result in zip(todo, results):
                name = display_path(p)
                excluded, reason = False, ""
                if must_have and result.status == "ok":
                    reason = knock_out_reason(result.score, missing=missing_terms(result, must_have))
                    excluded = bool(reason)
                sha = result.sha256 or hashes.get(name) or file_sha256(p)
                row = result_row(
                    result, path=name, category_keys=cat_keys, sha256=sha, excluded=excluded, reason=reason, must_have=must_have
                )
                if keep_evidence is False:
                    row.pop("evidence", None)  # CSV has no evidence column: do not hold it in memory
                rows[name] = row
                if writer is not None:
                    writer.write(row)
                n_screened += 1
                done += 1
                if progress is not None:
                    progress(done, total)
    finally:
        if writer is not None:
            writer.close()

    final = _sorted_rows(rows.values())
    if out_path is not None:
        _write_final(out_path, fmt, final, cols)
        partial.unlink(missing_ok=True)
    current = [r for r in final if r["path"] in input_names]
    return BatchSummary(
        output=out_path,
        n_inputs=total,
        n_ok=sum(1 for r in current if r.get("status") == "ok"),
        n_error=sum(1 for r in current if r.get("status") != "ok"),
        n_screened=n_screened,
        n_reused=len(reused),
        elapsed=time.perf_counter() - start,
        jobs=jobs or 1,
        rows=final,
        inputs=names,
    )
