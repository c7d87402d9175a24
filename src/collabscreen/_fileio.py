"""Reading files safely: regular files only (never block on a FIFO or a device), and their SHA-256.

The one place that opens a user's file by path; extraction, batch hashing and
the model loader all go through it. Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import stat
from os import PathLike
from typing import BinaryIO

from .errors import ExtractionError

__all__ = ["open_regular", "sha256_of_file"]

_KINDS = (
    (stat.S_ISDIR, "it is a directory"),
    (stat.S_ISFIFO, "it is a FIFO (named pipe), not a regular file"),
    (stat.S_ISCHR, "it is a character device (such as /dev/zero), not a regular file"),
    (stat.S_ISBLK, "it is a block device, not a regular file"),
    (stat.S_ISSOCK, "it is a socket, not a regular file"),
)


def open_regular(path: str | PathLike[str]) -> BinaryIO:
    """Open ``path`` for reading only if it is a regular file (symlinks followed).

    The file is opened without blocking and checked with ``fstat`` on the open
    descriptor, so a FIFO, a device such as ``/dev/zero`` or a socket (named
    directly or behind a symlink, even one swapped in after a check) is refused
    at once instead of hanging the caller.

    Raises
    ------
    ExtractionError
        E100, with the reason (missing, permissions, not a regular file).
    """
    name = os.fsdecode(os.fspath(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        st = os.stat(name)
        if stat.S_ISDIR(st.st_mode) and not os.access(name, os.R_OK | os.X_OK):
            raise ExtractionError.from_code("E100", source=name, reason="it is a folder that cannot be read (permission denied)")
        if not stat.S_ISREG(st.st_mode):
            reason = next((why for test, why in _KINDS if test(st.st_mode)), "not a regular file")
            raise ExtractionError.from_code("E100", source=name, reason=reason)
        fd = os.open(name, flags)
    except (OSError, ValueError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        if isinstance(e, FileNotFoundError) and os.path.islink(name):
            reason = "it is a broken symbolic link (its target does not exist)"
        raise ExtractionError.from_code("E100", source=name, reason=reason) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):  # swapped after the first check
        os.close(fd)
        reason = next((why for test, why in _KINDS if test(st.st_mode)), "not a regular file")
        raise ExtractionError.from_code("E100", source=name, reason=reason)
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def sha256_of_file(path: str | PathLike[str]) -> str:
    """Hex SHA-256 of a regular file's bytes, read in 1 MiB chunks.

    Raises
    ------
    ExtractionError
        E100 when ``path`` is missing, unreadable or not a regular file.
    """
    h = hashlib.sha256()
    with open_regular(path) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
