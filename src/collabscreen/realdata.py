"""Labelled real resumes for training: the labels in ``data/labels``, the pool's PDFs, groups.

The project keeps ids, hashes, grades and the labelled units' text
(``data/labels/``); the resumes themselves stay in the training pool
(``../shared/train-resumes``), are extracted here with
:func:`collabscreen.extract_text` (cached by PDF hash) and checked against the
recorded hashes. Near-duplicate resumes (the source repeats some with small
edits) are grouped so that no split puts copies on both sides.
"""

from __future__ import annotations

import hashlib
import json
import os
from os import PathLike
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import ConfigError

__all__ = [
    "load_labels",
    "pool_files",
    "pool_texts",
    "near_duplicate_groups",
    "UNIT_DOMAIN",
]

#: Reader's unit code -> the domain the duty models learn ("both" for evidence).
UNIT_DOMAIN = {
    "S": "both",
    "G": "both",
    "Ns": "sales",
    "Nm": "marketing",
    "No": "other",
    "Nt": "other",
    "Ni": "other",
    "Nh": "other",
    "Nu": "other",
}


def load_labels(path: str | PathLike[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(resume_grades, units)`` from a labels folder (``resume_grades.jsonl``, ``units.jsonl``)."""
    p = Path(path)
    grades = [json.loads(x) for x in (p / "resume_grades.jsonl").read_text(encoding="utf-8").split("\n") if x.strip()]
    units = [json.loads(x) for x in (p / "units.jsonl").read_text(encoding="utf-8").split("\n") if x.strip()]
    return grades, units


def pool_files(pool: str | PathLike[str]) -> list[dict[str, Any]]:
    """The pool's ``selection.json`` entries, each with its absolute ``path``."""
    p = Path(pool)
    files = json.loads((p / "selection.json").read_text(encoding="utf-8"))["files"]
    for f in files:
        f["path"] = str(p / f["file"])
    return files


def _extract_one(args: tuple[str, str, str]) -> tuple[str, str | None, str | None]:
    from .extract import extract_text

    rid, path, cache_file = args
    try:
        # the reference backend: the cache (and so the model) holds pdfminer.six texts
        text = extract_text(path, pdf_backend="pdfminer").text
    except Exception as exc:  # noqa: BLE001 - reported, never fatal
        return rid, None, f"{type(exc).__name__}: {exc}"
    if cache_file:
        tmp = cache_file + f".{os.getpid()}.tmp"
        Path(tmp).write_text(text, encoding="utf-8")
        os.replace(tmp, cache_file)
    return rid, text, None


def pool_texts(
    files: Iterable[Mapping[str, Any]],
    *,
    cache: str | PathLike[str] | None = None,
    n_process: int = 2,
    verify: bool = True,
) -> dict[str, str]:
    """Extracted text of each pool file, by id (cached as ``CACHE/<pdf sha256>.txt``).

    With ``verify``, a file whose bytes do not match its recorded ``pdf_sha256``
    raises ``ValueError``: the labels were made on other bytes.
    """
    cache_dir = Path(cache) if cache else None
    if cache_dir:
        cache_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, str] = {}
    todo = []
    for f in files:
        rid, path, sha = str(f["id"]), str(f["path"]), str(f["pdf_sha256"])
        if verify:
            got = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            if got != sha:
                raise ConfigError.from_code("E411", source=path, got=got[:12], expected=sha[:12])
        cf = cache_dir / f"{sha}.txt" if cache_dir else None
        if cf is not None and cf.is_file():
            out[rid] = cf.read_text(encoding="utf-8")
        else:
            todo.append((rid, path, str(cf) if cf else ""))
    if todo:
        if n_process > 1 and len(todo) > 8:
            import multiprocessing as mp

            ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
            with ctx.Pool(n_process) as pool:
                results = list(pool.imap(_extract_one, todo, chunksize=8))
        else:
            results = [_extract_one(t) for t in todo]
        for rid, text, _err in results:
            if text is not None:
                out[rid] = text
    return out


def _shingles(text: str, k: int = 5) -> set[int]:
    words = "".join(c.lower() if c.isalnum() else " " for c in text).split()
    return {hash(" ".join(words[i : i + k])) & 0xFFFFFFFFFFFF for i in range(max(0, len(words) - k + 1))}


def near_duplicate_groups(texts: Mapping[str, str], *, jaccard: float = 0.3, containment: float = 0.6) -> dict[str, str]:
    """Group ids whose texts are near-duplicates (word 5-gram shingles), union-find.

    Returns ``{id: group id}``, the group id being the smallest id of the group.
    The thresholds are those the pool's own selection used against the dev set.
    """
    ids = sorted(texts)
    sh = {i: _shingles(texts[i]) for i in ids}
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # candidate pairs through shared shingles (inverted index over a sample of each set)
    index: dict[int, list[str]] = {}
    for i in ids:
        for s in sorted(sh[i])[:60]:
            index.setdefault(s, []).append(i)
    pairs = set()
    for members in index.values():
        if 1 < len(members) <= 50:
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    pairs.add((members[a], members[b]))
    for a, b in pairs:
        A, B = sh[a], sh[b]
        if not A or not B:
            continue
        inter = len(A & B)
        if inter / len(A | B) >= jaccard or inter / min(len(A), len(B)) >= containment:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in ids}
