"""Extraction throughput: PDF pages/s (pdfminer.six) and DOCX documents/s.

Usage::

    python benchmarks/bench_extract.py [--repeat N] [--json OUT] [--dev DIR] [--raw]

Measures ``collabscreen.extract.extract_text`` end to end (detection,
backend, text repair) in one process, on ``data/samples/*.pdf``, on the
real-resume development set (``../shared/dev-resumes/pdf`` when present)
and on ``data/samples/*.docx``. Prints a small table; ``--json`` writes the
figures. Timings are wall-clock and depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _bench(paths: list[Path], repeat: int) -> dict:
    from collabscreen.extract import extract_text

    if not paths:
        return {"files": 0}
    pages = chars = 0
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        pages = chars = 0
        for p in paths:
            doc = extract_text(p)
            pages += doc.n_pages
            chars += len(doc.text)
        best = min(best, time.perf_counter() - t0)
    return {
        "files": len(paths),
        "pages": pages,
        "chars": chars,
        "seconds": round(best, 3),
        "pages_per_s": round(pages / best, 2),
        "docs_per_s": round(len(paths) / best, 2),
        "ms_per_doc": round(1000 * best / len(paths), 1),
    }


def _bench_raw_pdfminer(paths: list[Path], repeat: int) -> dict:
    """pdfminer.six's own ``extract_text`` (default LAParams), for comparison."""
    from pdfminer.high_level import extract_text as pm_extract

    if not paths:
        return {"files": 0}
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        pages = sum(pm_extract(p).count("\f") for p in paths)
        best = min(best, time.perf_counter() - t0)
    return {
        "files": len(paths),
        "pages": pages,
        "seconds": round(best, 3),
        "pages_per_s": round(pages / best, 2),
        "docs_per_s": round(len(paths) / best, 2),
        "ms_per_doc": round(1000 * best / len(paths), 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="runs per set; the best is kept")
    ap.add_argument("--json", metavar="OUT", help="write the figures to this JSON file")
    ap.add_argument("--dev", metavar="DIR", default=str(ROOT / ".." / "shared" / "dev-resumes" / "pdf"))
    ap.add_argument("--samples", metavar="DIR", default=str(ROOT / "data" / "samples"))
    ap.add_argument("--raw", action="store_true", help="also time pdfminer's own extract_text on the dev set")
    args = ap.parse_args(argv)

    import pdfminer

    samples = Path(args.samples)
    dev = Path(args.dev)
    sets = {
        "samples PDF": sorted(samples.glob("*.pdf")) if samples.is_dir() else [],
        "dev-resumes PDF": sorted(dev.glob("*.pdf")) if dev.is_dir() else [],
        "samples DOCX": sorted(samples.glob("*.docx")) if samples.is_dir() else [],
    }
    results = {name: _bench(paths, args.repeat) for name, paths in sets.items()}
    if args.raw:
        results["dev raw pdfminer"] = _bench_raw_pdfminer(sets["dev-resumes PDF"], args.repeat)

    print(f"{'set':<18}{'files':>6}{'pages':>7}{'seconds':>9}{'pages/s':>9}{'docs/s':>8}{'ms/doc':>8}")
    for name, r in results.items():
        if not r["files"]:
            print(f"{name:<18}{'(absent)':>6}")
            continue
        print(
            f"{name:<18}{r['files']:>6}{r['pages']:>7}{r['seconds']:>9.2f}"
            f"{r['pages_per_s']:>9.1f}{r['docs_per_s']:>8.1f}{r['ms_per_doc']:>8.1f}"
        )
    if args.json:
        meta = {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "pdfminer.six": getattr(pdfminer, "__version__", "?"),
            "repeat": args.repeat,
        }
        Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
