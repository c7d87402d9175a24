"""Extraction throughput: PDF pages/s and DOCX documents/s; the PDF backends side by side.

Usage::

    python benchmarks/bench_extract.py [--repeat N] [--json OUT] [--dev DIR] [--raw]
    python benchmarks/bench_extract.py --backends [--repeat N] [--dev DIR] [--json OUT]

``--backends`` times, in one process and one run, on the dev PDFs: pdfminer.six's
own ``extract_text`` (the baseline), pypdfium2's raw ``get_text_range()``,
``collabscreen.extract_text`` with each PDF backend, and ``Screener.screen_many``
end to end (extraction, pipeline, model, scoring; ``n_process=1``) with each
backend, as files/s and as a ratio to the baseline.

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


def _files_per_s(label: str, paths: list[Path], run) -> dict:
    """Wall-clock and CPU time (``time.process_time``: every step is single-threaded, so on a
    shared machine the CPU figures are the ones to compare; ratios use them)."""
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for p in paths:
        out = run(p)
        n += sum(1 for _ in out) if label.startswith("Screener") else 1
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    return {
        "what": label,
        "files": n,
        "seconds": round(dt, 2),
        "cpu_seconds": round(dc, 2),
        "files_per_s": round(n / dt, 2),
        "files_per_cpu_s": round(n / dc, 2),
    }


def bench_backends(paths: list[Path], repeat: int = 1) -> list[dict]:
    """Files/s of each way of reading the PDFs, in one run, with ratios to pdfminer.six alone.

    With ``repeat`` > 1 every way is timed that many times, in rounds (each round times every
    way once, in the same order), and each keeps its least CPU time: what the machine's load
    added to a round is then left out on both sides of a ratio alike."""
    import pypdfium2 as pdfium
    from pdfminer.high_level import extract_text as pm_extract

    from collabscreen import Screener, extract_text

    def raw_pdfium(p: Path) -> str:
        pdf = pdfium.PdfDocument(str(p))
        try:
            parts = []
            for i in range(len(pdf)):
                page = pdf[i]
                tp = page.get_textpage()
                parts.append(tp.get_text_range())
                tp.close()
                page.close()
            return "\f".join(parts)
        finally:
            pdf.close()

    screeners = {b: Screener(pdf_backend=b) for b in ("pdfminer", "pdfium")}
    for s in screeners.values():  # warm: the first call loads the lazy parts
        list(s.screen_many(paths[:2]))
    ways = [
        ("pdfminer.six extract_text alone", paths, pm_extract),
        ("pypdfium2 get_text_range() alone", paths, raw_pdfium),
        ("collabscreen.extract_text, pdfminer", paths, lambda p: extract_text(p, pdf_backend="pdfminer")),
        ("collabscreen.extract_text, pdfium", paths, lambda p: extract_text(p, pdf_backend="pdfium")),
    ]
    for b, s in screeners.items():
        ways.append((f"Screener end to end, {b}", [paths], lambda ps, s=s: s.screen_many(ps, n_process=1)))
    rounds = [[_files_per_s(*way) for way in ways] for _ in range(max(1, repeat))]
    rows = []
    for runs in zip(*rounds):  # each way's runs, one per round
        best = min(runs, key=lambda r: r["cpu_seconds"])
        rows.append({**best, "runs": len(runs), "cpu_seconds_all": [r["cpu_seconds"] for r in runs]})
    base = rows[0]["files_per_cpu_s"]
    for r in rows:
        r["ratio"] = round(r["files_per_cpu_s"] / base, 2)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="runs per set; the best is kept")
    ap.add_argument("--json", metavar="OUT", help="write the figures to this JSON file")
    ap.add_argument("--dev", metavar="DIR", default=str(ROOT / ".." / "shared" / "dev-resumes" / "pdf"))
    ap.add_argument("--samples", metavar="DIR", default=str(ROOT / "data" / "samples"))
    ap.add_argument("--raw", action="store_true", help="also time pdfminer's own extract_text on the dev set")
    ap.add_argument("--backends", action="store_true", help="the PDF backends side by side on the dev set (see above)")
    ap.add_argument("--limit", type=int, help="--backends: only the first N dev PDFs")
    args = ap.parse_args(argv)

    import pdfminer

    if args.backends:
        dev = sorted(Path(args.dev).glob("*.pdf"))
        if not dev:
            print(f"no PDFs in {args.dev}")
            return 1
        dev = dev[: args.limit] if args.limit else dev
        rows = bench_backends(dev, args.repeat)
        best = f", the least CPU time of {args.repeat} rounds" if args.repeat > 1 else ""
        print(f"{len(dev)} dev PDFs, one process{best}; ratio = files per CPU second / pdfminer.six extract_text alone")
        print(f"{'what':<40}{'wall s':>8}{'CPU s':>8}{'files/s':>9}{'files/CPU s':>12}{'ratio':>7}")
        for r in rows:
            print(
                f"{r['what']:<40}{r['seconds']:>8.2f}{r['cpu_seconds']:>8.2f}{r['files_per_s']:>9.2f}"
                f"{r['files_per_cpu_s']:>12.2f}{r['ratio']:>7.2f}"
            )
        if args.json:
            Path(args.json).write_text(json.dumps({"backends": rows}, indent=2) + "\n")
        return 0

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
