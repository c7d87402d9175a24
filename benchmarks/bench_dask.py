"""Dask throughput: ``run_batch`` on a LocalCluster with 1 and 2 workers against one process, same files, same run.

Usage::

    python benchmarks/bench_dask.py [--dev DIR] [--limit N] [--json OUT]

The files are those of the single-process end-to-end benchmark (the dev-resume
PDFs, ``../shared/dev-resumes/pdf``; see ``benchmarks/RESULTS.md``). For each
setting the whole of what ``collabscreen score FILES -o out.jsonl`` does is
timed (screening, rows, partial and final file):

* one process: ``run_batch(screener, files, out)`` (``--jobs 1``);
* a ``LocalCluster`` of 1 and of 2 worker processes (1 thread each):
  ``run_batch(..., scheduler=client)``. Start-up (cluster start and each worker
  loading its Screener, ``dask_batch.preload``) is timed apart from the run.

Overhead per file = (1-worker steady time - one-process time) / files: what
Dask adds per file (scheduling, shipping rows back) when it gives no
parallelism. Every setting must give the same rows (checked). Timings are
wall-clock and depend on the machine and its load (printed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _timed_run(screener, files, out: Path, **kw) -> tuple[float, list[dict]]:
    from collabscreen.batch import run_batch

    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    summary = run_batch(screener, files, out, **kw)
    return time.perf_counter() - t0, summary.rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", metavar="DIR", default=str(ROOT / ".." / "shared" / "dev-resumes" / "pdf"))
    ap.add_argument("--limit", type=int, metavar="N", help="only the first N files")
    ap.add_argument("--json", metavar="OUT", help="write the figures to this JSON file")
    args = ap.parse_args(argv)

    from distributed import Client, LocalCluster

    from collabscreen import Screener
    from collabscreen.dask_batch import DEFAULT_PARTITION_SIZE, preload

    files = sorted(str(p) for p in Path(args.dev).glob("*.pdf"))[: args.limit]
    if not files:
        print(f"no PDFs in {args.dev}", file=sys.stderr)
        return 1
    n = len(files)
    psize = DEFAULT_PARTITION_SIZE
    screener = Screener()
    tmp = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    load = os.getloadavg()
    t_single, ref = _timed_run(screener, files, tmp / "single.jsonl", jobs=1)
    res: dict = {
        "files": n,
        "partition_size": psize,
        "single": {"seconds": round(t_single, 2), "files_per_s": round(n / t_single, 2)},
    }
    for workers in (1, 2):
        t0 = time.perf_counter()
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
            preload(client, screener)  # every worker loads its Screener, as the first task would
            startup = time.perf_counter() - t0
            t, rows = _timed_run(screener, files, tmp / f"dask{workers}.jsonl", scheduler=client)
        assert rows == ref, f"{workers} worker(s): rows differ from one process"
        res[f"workers_{workers}"] = {
            "startup_s": round(startup, 2),
            "seconds": round(t, 2),
            "files_per_s": round(n / t, 2),
            "speedup_vs_single": round(t_single / t, 2),
            "incl_startup_files_per_s": round(n / (t + startup), 2),
        }
    res["overhead_ms_per_file"] = round(1000 * (res["workers_1"]["seconds"] - t_single) / n, 1)
    res["load_avg_at_start"] = [round(x, 2) for x in load]
    res["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    res["machine"] = f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}"
    import dask

    res["dask"] = dask.__version__

    print(f"{n} dev-resume PDFs ({args.dev}), {psize} files per Dask task, load average {load[0]:.1f} at start")
    print("| setting | start-up s | run s | files/s | vs one process | files/s incl. start-up |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| one process (`--jobs 1`) | | {t_single:.1f} | {n / t_single:.2f} | 1.00x | |")
    for w in (1, 2):
        r = res[f"workers_{w}"]
        print(
            f"| LocalCluster, {w} worker(s) | {r['startup_s']:.1f} | {r['seconds']:.1f} | {r['files_per_s']:.2f} | "
            f"{r['speedup_vs_single']:.2f}x | {r['incl_startup_files_per_s']:.2f} |"
        )
    print(f"Dask overhead per file (1 worker vs one process): {res['overhead_ms_per_file']:.1f} ms")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
