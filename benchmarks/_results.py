"""Sections of ``benchmarks/RESULTS.md`` that one benchmark writes and the others keep.

``bench_scoring.py`` rewrites the whole file; a section between
``<!-- begin NAME -->`` and ``<!-- end NAME -->`` (written by :func:`put_block`,
for example by ``bench_dask.py``) survives that rewrite (:func:`kept_blocks`).
"""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
_BLOCK = re.compile(r"<!-- begin (\S+) -->.*?<!-- end \1 -->", re.S)


def kept_blocks(text: str) -> list[str]:
    """The named blocks of ``text``, in order."""
    return [m.group(0) for m in _BLOCK.finditer(text)]


def put_block(path: Path, name: str, body: str) -> None:
    """Replace block ``name`` in ``path`` with ``body`` (appended when it is not there yet)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"<!-- begin {name} -->\n{body.rstrip()}\n<!-- end {name} -->"
    pattern = re.compile(rf"<!-- begin {re.escape(name)} -->.*?<!-- end {re.escape(name)} -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda m: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def dev_labels(devset: Path, doing: str) -> list[dict] | None:
    """The rows of ``devset/labels.jsonl``, or None (after saying so on stderr) when the
    development set is not there: ``doing`` is what the script would have done."""
    import json
    import sys

    labels_file = devset / "labels.jsonl"
    if not labels_file.is_file():
        print(f"development set not found at {devset}; nothing to {doing}", file=sys.stderr)
        return None
    return [json.loads(line) for line in labels_file.read_text().splitlines() if line.strip()]

