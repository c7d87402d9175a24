"""Batch runs: screen every input, one row per file, crash-safe partial output, ``resume`` and the output lock."""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TextIO

from ..errors import OutputError
from .inputs import display_path, file_sha256, iter_inputs
from .rows import PARTIAL_SUFFIX, PartialWriter, columns, fmt_of, read_rows, require_pyarrow, screened_row, sorted_rows, write_final

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
    scheduler: str | None = None
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
    scheduler: Any = None,
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
        With a job on the screener (``Screener.job``), rows get the job
        columns, rank by the combined value, and candidates missing a job
        must-have or not matching its query are knocked out likewise; the job
        description file itself is not screened.
    progress : callable, optional
        Called as ``progress(done, total)`` after each row.
    scheduler : str or distributed.Client, optional
        Screen on a running Dask cluster instead (its address, such as
        ``tcp://host:8786``, or a connected client): the workers build the same
        Screener (:mod:`collabscreen.dask_batch`) and the rows, the output file
        and ``resume`` are the same. Needs ``pip install 'collabscreen[dask]'``;
        ``jobs`` and ``batch_size`` are then not used.

    Raises
    ------
    CollabscreenError
        Unsupported output extension (E401), Parquet without pyarrow (E402),
        an input path that does not exist (E100), the ``dask`` extra missing
        (E412) or no scheduler at the address (E413). Files that cannot be
        read never raise: they become ``status="error"`` rows.
    """
    start = time.perf_counter()
    out_path = Path(output) if output is not None else None
    fmt = None
    partial = None
    if out_path is not None:
        fmt = fmt_of(out_path)
        if fmt == "parquet":
            require_pyarrow()
        partial = out_path.with_name(out_path.name + PARTIAL_SUFFIX)
    if out_path is not None:
        _check_writable(out_path)
    client, own_client = scheduler, False
    if isinstance(scheduler, str):
        from ..dask_batch import connect

        client, own_client = connect(scheduler), True
    lock = _OutputLock(out_path) if out_path is not None else None
    try:
        if lock is not None:
            lock.acquire()
        return _run_batch(
            screener, paths, out_path, fmt, partial, lock, start,
            jobs=jobs, resume=resume, batch_size=batch_size, include=include, exclude=exclude,
            must_have=must_have, password=password, progress=progress, sync_every=sync_every, client=client,
        )
    finally:
        if lock is not None:
            lock.release()
        if own_client:
            client.close()


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
        raise OutputError.from_code("E405", source=out_path, reason=reason)


class _OutputLock:
    """An exclusive lock on ``OUTPUT.lock`` for the run: two runs never write one output."""

    def __init__(self, out_path: Path) -> None:
        self.path = out_path.with_name(f".{out_path.name}.lock")
        self.fh: TextIO | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock, best effort
            return
        fh = open(self.path, "a+")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            out = self.path.with_name(self.path.name[1 : -len(".lock")])
            raise OutputError.from_code("E406", source=out) from None
        self.fh = fh

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
    client: Any = None,
) -> BatchSummary:
    skip = [p for p in (out_path, partial) if p is not None]
    if lock is not None:
        skip.append(lock.path)
    job = getattr(screener, "job", None)
    job_key = job.key if job is not None else None
    if job is not None and os.path.isfile(job.source):
        skip.append(Path(job.source))  # the job description is not a candidate
    inputs = list(iter_inputs(paths, include, exclude, skip=skip))
    cat_keys = list(screener.taxonomy.category_keys)
    cols = columns(cat_keys, fmt or "jsonl")
    model_version = screener.model_version
    must_have = tuple(must_have)
    mh_key = "; ".join(must_have) or None

    # earlier rows, by path (partial rows are newer than final ones)
    old: dict[str, dict[str, Any]] = {}
    if out_path is not None:
        assert partial is not None and fmt is not None  # set together with out_path by run_batch
    if resume and out_path is not None and partial is not None:
        for r in read_rows(out_path, fmt) + read_rows(partial, "jsonl" if fmt == "parquet" else fmt):
            if r.get("path"):
                old[str(r["path"])] = r
    reusable: dict[str, dict[str, Any]] = {}
    for r in old.values():
        # a recency-weighted score depends on the reference date too: such a run re-screens every file
        if (
            r.get("status") == "ok" and r.get("sha256") and r.get("model_version") == model_version
            and r.get("must_have") == mh_key and r.get("job") == job_key and not getattr(screener, "recency", False)
        ):
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
    if out_path is not None and partial is not None and fmt is not None:
        writer = PartialWriter(partial, fmt, cols, kept_old + reused, sync_every)

    rows: dict[str, dict[str, Any]] = {str(r["path"]): r for r in kept_old + reused}
    total = len(inputs)
    done = len(reused)
    if progress is not None:
        progress(done, total)
    n_screened = 0
    fmt_rows = fmt or "jsonl"
    scheduler_name = None
    if client is not None:
        jobs = len(client.scheduler_info().get("workers", {})) or 1
        scheduler_name = str(client.scheduler.address)
    try:
        if todo:
            if client is not None:
                from ..dask_batch import screen_rows

                new_rows = screen_rows(todo, screener, client, must_have=must_have, password=password, fmt=fmt_rows)
            else:
                if jobs is None:
                    jobs = default_jobs(len(todo))
                new_rows = _local_rows(
                    screener, todo, hashes, jobs=jobs, batch_size=_batch_size_for(len(todo), jobs, batch_size),
                    must_have=must_have, password=password, fmt=fmt_rows, job=job_key,
                )
            for row in new_rows:
                rows[row["path"]] = row
                if writer is not None:
                    writer.write(row)
                n_screened += 1
                done += 1
                if progress is not None:
                    progress(done, total)
    finally:
        if writer is not None:
            writer.close()

    final = sorted_rows(rows.values())
    if out_path is not None and partial is not None and fmt is not None:
        write_final(out_path, fmt, final, cols)
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
        scheduler=scheduler_name,
        rows=final,
        inputs=names,
    )


def _local_rows(
    screener: Any,
    todo: Sequence[Path],
    hashes: dict[str, str],
    *,
    jobs: int,
    batch_size: int,
    must_have: Sequence[str],
    password: str | None,
    fmt: str,
    job: str | None = None,
) -> Iterator[dict[str, Any]]:
    """The rows of ``todo``, screened in this process or ``jobs`` worker processes, in input order."""
    if must_have:
        screener = screener.keeping_text()  # must-have terms are checked on the text
    cat_keys = list(screener.taxonomy.category_keys)
    results = screener.screen_many(todo, n_process=jobs, batch_size=batch_size, password=password)
    for p, result in zip(todo, results):
        name = display_path(p)
        sha = result.sha256 or hashes.get(name) or file_sha256(p)
        yield screened_row(
            result, path=name, category_keys=cat_keys, sha256=sha, must_have=must_have, job=job, keep_evidence=fmt != "csv"
        )
