"""Batch screening on a Dask cluster: the rows of ``collabscreen score``, computed by Dask workers.

Needs the extra: ``pip install 'collabscreen[dask]'`` (dask.dataframe, distributed, fsspec).

>>> from distributed import Client                                  # doctest: +SKIP
>>> from collabscreen.dask_batch import screen_frame                # doctest: +SKIP
>>> client = Client("tcp://scheduler:8786")                         # doctest: +SKIP
>>> df = screen_frame(["s3://bucket/resumes/a.pdf", "/shared/resumes/b.docx"])  # doctest: +SKIP
>>> df.compute().sort_values("score", ascending=False).head()       # doctest: +SKIP

How the work is spread
----------------------
The inputs are cut into partitions of ``partition_size`` files; each partition
is one task. Every worker process builds one :class:`~collabscreen.engine.Screener`
from the caller's (:func:`~collabscreen.engine.worker_spec`: model directory or
the shipped model, taxonomy, thresholds, limits and the pipeline's exact state;
the spec is one node of the graph, sent once per worker) and keeps it for every
later task of the run (a per-process cache keyed by the spec's digest). A worker
that loads another model version than the caller's refuses to screen (E205).

Inputs
------
A local path is read by the worker through the library's own path handling
(the same limits, FIFO/device refusal and messages as ``collabscreen score``);
the workers must see the same files (a shared filesystem). When they run in
another working folder than the caller, relative paths are sent absolute.
A URL (``s3://``, ``gs://``, ``file://``, ``memory://``, anything fsspec
knows; remote protocols need their fsspec package, such as s3fs) is read with
fsspec by the worker, then goes the library's normal bytes -> text -> score
way with the same limits (size checked before download) and the same errors.

Rows
----
One row per input, in input order, with exactly the columns of
:func:`collabscreen.batch.columns` and the dtypes of :func:`row_dtypes`
(``evidence`` is the evidence list as JSON text, as in Parquet output). A file
that cannot be read is a row with ``status="error"`` and its reason, never an
exception. ``rank`` is empty in the frame (it is a global order); :func:`to_rows`
turns a computed frame back into output rows and :func:`collabscreen.batch.run_batch`
with ``scheduler=`` writes the ranked output file, with ``resume`` as usual.

A worker that dies mid-run loses nothing: Dask reruns its tasks elsewhere, and
each task is a pure function of its files, so every input appears once with
the score it would get anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import threading
from dataclasses import dataclass
from os import PathLike
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from .errors import CollabscreenError, ConfigError, MissingDependencyError

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from dask.dataframe import DataFrame
    from distributed import Client

    from .engine import Screener

__all__ = ["screen_frame", "screen_rows", "to_rows", "row_dtypes", "connect", "preload", "is_url", "require_dask", "DEFAULT_PARTITION_SIZE"]

#: Files per task. Small enough that a lost worker costs little, large enough
#: that Dask's per-task overhead (a few ms) is small against screening (50-200 ms a file).
DEFAULT_PARTITION_SIZE = 8


def require_dask() -> None:
    """Raise :class:`MissingDependencyError` (E412, what to install) unless dask.dataframe, distributed and fsspec import."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError.from_code("E414", missing=exc.name or exc) from None


def connect(address: str, *, timeout: float = 15.0) -> "Client":
    """A :class:`distributed.Client` for the scheduler at ``address`` (``tcp://host:8786``), waiting ``timeout`` seconds.

    Raises
    ------
    CollabscreenError
        E412 when the extra is missing, E413 (a ConfigError) when no scheduler answers.
    """
    require_dask()
    from distributed import Client

    try:
        return Client(address, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError.from_code("E415", address=address, reason=f"{type(exc).__name__}: {exc}") from None


def is_url(path: str | PathLike[str]) -> bool:
    """True for an fsspec URL (``s3://...``, ``file://...``), read with fsspec."""
    return "://" in os.fspath(path) if isinstance(path, (str, PathLike)) else False


# ---------------------------------------------------------------- rows <-> frames
def row_dtypes(category_keys: Sequence[str], fmt: str = "jsonl") -> dict[str, str]:
    """The pandas dtype of each output column (in :func:`collabscreen.batch.columns` order)."""
    from .batch.rows import column_kind, columns

    kinds = {"int": "Int64", "float": "float64", "str": "string", "json": "string"}
    return {c: kinds[column_kind(c)] for c in columns(category_keys, fmt)}


def _frame(rows: Sequence[dict[str, Any]], dtypes: dict[str, str]) -> "pandas.DataFrame":
    import pandas as pd

    data: dict[str, list[Any]] = {c: [r.get(c) for r in rows] for c in dtypes}
    if "evidence" in data:
        data["evidence"] = [json.dumps(v or [], ensure_ascii=False) for v in data["evidence"]]
    return pd.DataFrame({c: pd.Series(data[c], dtype=object).astype(t) for c, t in dtypes.items()})


def to_rows(frame: "pandas.DataFrame") -> list[dict[str, Any]]:
    """A computed frame of :func:`screen_frame` as output rows (the dicts :func:`collabscreen.batch.run_batch` writes)."""
    import pandas as pd

    out = []
    for rec in frame.to_dict("records"):
        row: dict[str, Any] = {}
        for k, v in rec.items():
            if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                row[k] = None
            elif k == "evidence":
                row[k] = json.loads(v)
            elif hasattr(v, "item"):  # numpy scalar
                row[k] = v.item()
            else:
                row[k] = v
        out.append(row)
    return out


# ---------------------------------------------------------------- worker side
@dataclass(frozen=True)
class _Spec:
    """A Screener as sent to the workers, with the digest its cache is keyed by."""

    key: str
    spec: dict[str, Any]

    @classmethod
    def of(cls, screener: "Screener") -> "_Spec":
        from .engine import worker_spec

        spec = worker_spec(screener)
        spec["keep_text"] = False  # rows hold no text; must-have runs get a copy that keeps it (_screen_partition)
        return cls(hashlib.sha256(pickle.dumps(spec, protocol=5)).hexdigest(), spec)


@dataclass(frozen=True)
class _Job:
    """What every task of one run shares besides the Screener."""

    category_keys: tuple[str, ...]
    must_have: tuple[str, ...]
    password: str | None
    keep_evidence: bool
    storage_options: tuple[tuple[str, Any], ...] = ()
    job: str | None = None  # the key of the Screener's job profile, recorded in each row


_SCREENERS: dict[str, "Screener"] = {}
_SCREENERS_LOCK = threading.Lock()


def _worker_screener(spec: _Spec) -> "Screener":
    """This process's Screener for ``spec``: built by the first task, reused by every later one."""
    with _SCREENERS_LOCK:
        s = _SCREENERS.get(spec.key)
        if s is None:
            from .engine import screener_from_spec

            try:
                s = screener_from_spec(spec.spec)
            except CollabscreenError:
                raise
            except Exception as exc:  # a pipeline component this worker cannot build, ...
                raise CollabscreenError.from_code("E404", reason=f"{type(exc).__name__}: {exc}") from None
            _SCREENERS[spec.key] = s
        return s


class _RemoteFile:
    """A URL read through fsspec when the extractor asks for its bytes (inside the file's time limit).

    Quacks like a binary file object for :func:`collabscreen.extract.extract_text`:
    ``name`` is the URL, ``read(n)`` returns at most ``n`` bytes. The size is
    checked before anything is downloaded.
    """

    def __init__(self, url: str, storage_options: dict[str, Any], max_bytes: int) -> None:
        self.name = url
        self.storage_options = storage_options
        self.max_bytes = max_bytes
        self.data: bytes | None = None

    def _fail(self, reason: str) -> CollabscreenError:
        from .errors import ExtractionError

        return ExtractionError.from_code("E100", source=self.name, reason=reason)

    def read(self, n: int = -1) -> bytes:
        import fsspec

        from .errors import FileTooLargeError

        try:
            fs, path = fsspec.core.url_to_fs(self.name, **self.storage_options)
            info = fs.info(path)
        except FileNotFoundError:
            raise self._fail("no such file or directory") from None
        except ImportError as exc:
            raise self._fail(f"reading this URL needs {exc.name or exc} (pip install it on the workers)") from None
        except Exception as exc:  # noqa: BLE001 - any backend's failure is this file's error row
            raise self._fail(f"{type(exc).__name__}: {exc}") from None
        if info.get("type") == "directory":
            raise self._fail("it is a directory")
        size = info.get("size")
        if isinstance(size, int) and size > self.max_bytes:
            raise FileTooLargeError.from_code("E107", source=self.name, size=size, limit=self.max_bytes)
        try:
            with fs.open(path, "rb") as fh:
                data = fh.read(n)
        except Exception as exc:  # noqa: BLE001
            raise self._fail(f"{type(exc).__name__}: {exc}") from None
        self.data = bytes(data)
        return self.data

    def sha256(self) -> str:
        """The digest of the bytes read, when the whole file was read ("" otherwise)."""
        if self.data is None or len(self.data) > self.max_bytes:
            return ""
        return hashlib.sha256(self.data).hexdigest()


def _screen_partition(items: Sequence[tuple[str, str]], spec: _Spec, job: _Job) -> list[dict[str, Any]]:
    """Output rows for one partition of ``(read_as, name)`` inputs; every input gets its row."""
    from .batch.inputs import file_sha256
    from .batch.rows import screened_row

    screener = _worker_screener(spec)
    if job.must_have:
        screener = screener.keeping_text()  # must-have terms are checked on the text
    options = dict(job.storage_options)
    sources: list[Any] = [
        _RemoteFile(read_as, options, screener.max_bytes) if is_url(read_as) else read_as for read_as, _ in items
    ]
    # one batch, in this thread: exactly what screen_many does locally for these files
    results = list(screener.screen_many(sources, batch_size=max(1, len(sources)), password=job.password))
    rows = []
    for (read_as, name), source, result in zip(items, sources, results):
        sha = result.sha256 or (source.sha256() if isinstance(source, _RemoteFile) else file_sha256(read_as))
        rows.append(
            screened_row(
                result, path=name, category_keys=job.category_keys, sha256=sha,
                must_have=job.must_have, job=job.job, keep_evidence=job.keep_evidence,
            )
        )
    return rows


def preload(client: "Client", screener: "Screener | None" = None) -> None:
    """Make every worker of ``client`` load its Screener now instead of in its first task.

    Optional (the first task loads it anyway): use it to time start-up apart, or
    to learn of a worker that cannot load the model (E205) before a long run.
    """
    require_dask()
    client.run(_load_only, _Spec.of(_default_screener(screener)))


def _load_only(spec: _Spec) -> str:
    return _worker_screener(spec).model_version  # not the Screener itself: client.run sends results back


def _partition_frame(items: Sequence[tuple[str, str]], spec: _Spec, job: _Job, dtypes: dict[str, str]) -> "pandas.DataFrame":
    return _frame(_screen_partition(items, spec, job), dtypes)


# ---------------------------------------------------------------- caller side
def _default_screener(screener: "Screener | None") -> "Screener":
    if screener is not None:
        return screener
    from .engine import Screener

    return Screener()


def _client_or_none() -> "Client | None":
    try:
        from distributed import get_client

        return get_client()
    except (ImportError, ValueError):
        return None


def _inputs(paths: Iterable[str | PathLike[str]], client: "Client | None") -> list[tuple[str, str]]:
    """``(read_as, name)`` for each input: ``name`` goes in the row, the worker opens ``read_as``."""
    from .batch.inputs import display_path

    items = [(os.fspath(p), display_path(p)) for p in paths]
    relative = any(not is_url(r) and not os.path.isabs(r) for r, _ in items)
    if relative and client is not None:
        here = os.getcwd()
        try:
            elsewhere = any(cwd != here for cwd in client.run(os.getcwd).values())
        except Exception:  # noqa: BLE001 - cannot ask: assume the worst
            elsewhere = True
        if elsewhere:
            items = [(r if is_url(r) or os.path.isabs(r) else os.path.abspath(r), n) for r, n in items]
    return items


def _chunks(items: Sequence[Any], size: int) -> list[list[Any]]:
    size = max(1, int(size))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _plan(
    paths: Iterable[str | PathLike[str]],
    screener: "Screener | None",
    client: "Client | None",
    *,
    must_have: Sequence[str],
    password: str | None,
    fmt: str,
    storage_options: dict[str, Any] | None,
) -> tuple[list[tuple[str, str]], Any, _Job]:
    require_dask()
    import dask

    screener = _default_screener(screener)
    must_have = tuple(must_have)
    spec = _Spec.of(screener)
    job = _Job(
        category_keys=tuple(screener.taxonomy.category_keys),
        must_have=must_have,
        password=password,
        keep_evidence=fmt != "csv",
        storage_options=tuple(sorted((storage_options or {}).items())),
        job=screener.job.key if screener.job is not None else None,
    )
    # one graph node holds the spec (the pipeline state is ~100 kB): sent once per worker, not per task
    spec_node = dask.delayed(spec, name=f"collabscreen-spec-{spec.key[:16]}")
    return _inputs(paths, client), spec_node, job


def screen_frame(
    paths: Iterable[str | PathLike[str]],
    screener: "Screener | None" = None,
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    must_have: Sequence[str] = (),
    password: str | None = None,
    fmt: str = "jsonl",
    storage_options: dict[str, Any] | None = None,
) -> "DataFrame":
    """Screen ``paths`` (local paths and fsspec URLs, in order) as a lazy Dask DataFrame, one row per input.

    Parameters
    ----------
    paths : iterable of str or path-like
        The input files (use :func:`collabscreen.batch.iter_inputs` to walk a folder).
    screener : Screener, optional
        Whose model, taxonomy, thresholds, limits and pipeline the workers use;
        default ``Screener()``.
    partition_size : int, default 8
        Files per partition (one task).
    must_have : sequence of str
        Terms every candidate must mention (``excluded``/``reason`` as in ``collabscreen score``).
    fmt : {"jsonl", "parquet", "csv"}
        ``"csv"`` leaves out the ``evidence`` column, like CSV output.
    storage_options : dict, optional
        Passed to fsspec for URLs (credentials, endpoint).

    Returns
    -------
    dask.dataframe.DataFrame
        Columns and dtypes of :func:`row_dtypes`; ``compute()`` runs it on the
        current scheduler (a ``distributed.Client`` if one is active).

    Raises
    ------
    CollabscreenError
        E412 when the ``dask`` extra is not installed. Files that cannot be read never raise.
    """
    items, spec_node, job = _plan(
        paths, screener, _client_or_none(), must_have=must_have, password=password, fmt=fmt, storage_options=storage_options
    )
    import dask
    import dask.dataframe as dd

    dtypes = row_dtypes(job.category_keys, fmt)
    meta = _frame([], dtypes)
    part = dask.delayed(_partition_frame, pure=True)
    parts = [part(chunk, spec_node, job, dtypes) for chunk in _chunks(items, partition_size)]
    if not parts:
        return dd.from_pandas(meta, npartitions=1)
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def screen_rows(
    paths: Sequence[str | PathLike[str]],
    screener: "Screener | None",
    client: "Client",
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    must_have: Sequence[str] = (),
    password: str | None = None,
    fmt: str = "jsonl",
    storage_options: dict[str, Any] | None = None,
) -> Iterator[dict[str, Any]]:
    """Screen ``paths`` on ``client``'s cluster; yield their output rows in input order as partitions finish.

    All partitions are submitted at once, so the cluster stays busy; rows
    are yielded as soon as every earlier partition is done (for the partial
    output file). Closing the iterator early cancels what is left.

    A partition whose every worker died running it (Dask's ``KilledWorker``,
    after ``distributed.scheduler.allowed-failures`` retries) is run again one
    file per task; a file that still kills its worker gets an error row (E199)
    and the run goes on.
    """
    screener = _default_screener(screener)
    items, spec_node, job = _plan(
        paths, screener, client, must_have=must_have, password=password, fmt=fmt, storage_options=storage_options
    )
    import dask
    from distributed import KilledWorker

    part = dask.delayed(_screen_partition, pure=True)
    chunks = _chunks(items, partition_size)
    futures = client.compute([part(chunk, spec_node, job) for chunk in chunks])
    try:
        for chunk, fut in zip(chunks, futures):
            try:
                yield from fut.result()
            except KilledWorker:
                # every worker that ran this partition died (Dask retried it elsewhere first):
                # find the file that kills them, one task per file; the others are screened
                # (fresh task keys: a one-file partition would otherwise get its failed key back)
                single = dask.delayed(_screen_partition, pure=False)
                singles = client.compute([single([item], spec_node, job) for item in chunk])
                for item, one in zip(chunk, singles):
                    try:
                        yield from one.result()
                    except KilledWorker:
                        # once more, so a worker lost for another reason (a restart, an
                        # unrelated kill) is not blamed on this file; twice is the file
                        try:
                            yield from client.compute(single([item], spec_node, job)).result()
                        except KilledWorker as exc:
                            yield _killed_row(item, exc, screener, job)
    finally:
        client.cancel([f for f in futures if not f.done()])


def _killed_row(item: tuple[str, str], exc: BaseException, screener: "Screener", job: _Job) -> dict[str, Any]:
    """The error row (E199) of a file whose task killed every worker that tried it."""
    from .batch.inputs import file_sha256
    from .batch.rows import screened_row
    from .engine import internal_error

    read_as, name = item
    result = screener._error(name, internal_error(name, exc))
    sha = "" if is_url(read_as) else file_sha256(read_as)
    return screened_row(
        result, path=name, category_keys=job.category_keys, sha256=sha, must_have=job.must_have, job=job.job, keep_evidence=job.keep_evidence
    )
