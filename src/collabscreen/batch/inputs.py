"""Batch inputs: which files a run takes (see :mod:`collabscreen.batch`), their hashes and printable names."""

from __future__ import annotations

import fnmatch
import os
from os import PathLike
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .._fileio import sha256_of_file
from ..errors import CollabscreenError

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
    roots = [Path(p) for p in paths]
    for p in roots:
        if not p.exists():
            raise CollabscreenError.from_code("E100", source=p, reason="no such file or directory")
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

    for p in roots:
        if p.is_dir():
            for f in _walk(p):
                rel = f.relative_to(p).as_posix()
                name = f.name
                if exclude and _matches(exclude, rel, name):
                    continue
                if include:
                    if not _matches(include, rel, name):
                        continue
                elif _matches(DEFAULT_SKIP, rel, name) or _own_report(f):
                    continue
                if take(f):
                    yield f
        else:
            if exclude and _matches(exclude, p.as_posix(), p.name):
                continue
            if take(p):
                yield p


#: The ``<meta name="generator">`` every report written by ``score --report`` carries.
REPORT_GENERATOR = "collabscreen report"
REPORT_TAG = f'<meta name="generator" content="{REPORT_GENERATOR}">'


def is_report(path: str | PathLike[str]) -> bool:
    """Whether ``path`` is a regular file written by :func:`collabscreen.write_report` (its head holds the generator tag)."""
    p = Path(path)
    try:
        if not p.is_file():
            return False
        with open(p, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        return False
    return REPORT_TAG.encode("ascii") in head


def _own_report(f: Path) -> bool:
    """An HTML report written by ``score --report`` (never a resume)."""
    return f.suffix.lower() in (".html", ".htm") and is_report(f)


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
    try:
        return sha256_of_file(path)
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


def clean_text(s: Any) -> Any:
    """Strings bound for output, with undecodable file-name bytes escaped."""
    if isinstance(s, str):
        try:
            s.encode("utf-8")
        except UnicodeEncodeError:
            return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return s


