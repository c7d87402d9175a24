"""Dask throughput: ``run_batch`` on a LocalCluster with 1 and 2 workers against one process, same files, same run.

Usage::

    python benchmarks/bench_dask.py [--dev DIR] [--limit N] [--json OUT] [--out RESULTS.md]

The files are those of the single-process end-to-end benchmark (the dev-resume
PDFs, ``../shared/dev-resumes/pdf``; see ``benchmarks/RESULTS.md``). For each
setting the whole of what ``collabscreen score FILES -o out.jsonl`` does is
timed (screening, rows, partial and final file):

* one process: ``run_batch(screener, files, out)`` (``--jobs 1``), before and
  after the clusters (the baseline is their mean: the load of a shared machine drifts);
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import RESULTS, put_block  # noqa: E402


def _worker_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _timed_run(screener, files, out: Path, client=None, **kw) -> tuple[float, float, list[dict]]:
    """Wall seconds, CPU seconds (this process, which holds a LocalCluster's scheduler, plus every worker) and rows."""
    from collabscreen.batch import run_batch

    out.unlink(missing_ok=True)
    cpu0 = time.process_time() + (sum(client.run(_worker_cpu).values()) if client else 0.0)
    t0 = time.perf_counter()
    summary = run_batch(screener, files, out, scheduler=client, **kw)
    wall = time.perf_counter() - t0
    cpu = time.process_time() + (sum(client.run(_worker_cpu).values()) if client else 0.0) - cpu0
    return wall, cpu, summary.rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", metavar="DIR", default=str(ROOT / ".." / "shared" / "dev-resumes" / "pdf"))
    ap.add_argument("--limit", type=int, metavar="N", help="only the first N files")
    ap.add_argument("--json", metavar="OUT", help="write the figures to this JSON file")
    ap.add_argument("--out", default=str(RESULTS), help="Markdown report whose Dask section is replaced (default benchmarks/RESULTS.md; '' for none)")
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
    t_before, cpu_before, ref = _timed_run(screener, files, tmp / "single.jsonl", jobs=1)
    res: dict = {"files": n, "partition_size": psize}
    for workers in (1, 2):
        t0 = time.perf_counter()
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
            preload(client, screener)  # every worker loads its Screener, as the first task would
            startup = time.perf_counter() - t0
            t, cpu, rows = _timed_run(screener, files, tmp / f"dask{workers}.jsonl", client=client)
        assert rows == ref, f"{workers} worker(s): rows differ from one process"
        res[f"workers_{workers}"] = {
            "startup_s": round(startup, 2),
            "seconds": round(t, 2),
            "files_per_s": round(n / t, 2),
            "incl_startup_files_per_s": round(n / (t + startup), 2),
            "cpu_ms_per_file": round(1000 * cpu / n, 1),
        }
    # one process again: the machine's load drifts, so the baseline is the mean of before and after
    t_after, cpu_after, again = _timed_run(screener, files, tmp / "single.jsonl", jobs=1)
    assert again == ref
    t_single = (t_before + t_after) / 2
    res["single"] = {
        "seconds": round(t_single, 2), "files_per_s": round(n / t_single, 2),
        "before_s": round(t_before, 2), "after_s": round(t_after, 2),
        "cpu_ms_per_file": round(1000 * (cpu_before + cpu_after) / 2 / n, 1),
    }
    for w in (1, 2):
        res[f"workers_{w}"]["speedup_vs_single"] = round(t_single / res[f"workers_{w}"]["seconds"], 2)
    res["overhead_ms_per_file"] = round(1000 * (res["workers_1"]["seconds"] - t_single) / n, 1)
    res["overhead_cpu_ms_per_file"] = round(res["workers_1"]["cpu_ms_per_file"] - res["single"]["cpu_ms_per_file"], 1)
    res["load_avg_at_start"] = [round(x, 2) for x in load]
    res["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    res["machine"] = f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}"
    import dask

    res["dask"] = dask.__version__
    res["command"] = "python benchmarks/bench_dask.py" + "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:]))

    report = _report(res, args.dev)
    print(report)
    if args.out:
        put_block(Path(args.out), "bench_dask", report)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


def _report(res: dict, dev: str) -> str:
    n = res["files"]
    single = res["single"]
    lines = [
        "## Dask (`benchmarks/bench_dask.py`)",
        "",
        f"Written by `{res['command']}` ({res['machine']}, dask {res['dask']}; load average {res['load_avg_at_start'][0]:.1f} "
        f"at start, {res['load_avg_at_end'][0]:.1f} at end: the machine is shared, so these are wall-clock figures under load).",
        "",
        f"Files: the {n} dev-resume PDFs of the end-to-end extraction figure above (`{Path(dev).name}`). Each setting runs "
        f"`run_batch(screener, files, out.jsonl)` (what `collabscreen score FILES -o out.jsonl` does), the Dask ones with "
        f"`scheduler=client` on a `LocalCluster` of 1-thread worker processes, {res['partition_size']} files per task; "
        "start-up (cluster start and every worker loading its Screener, `dask_batch.preload`) is timed apart. "
        "All settings wrote identical rows (checked).",
        "",
        "| setting | start-up s | run s | files/s | vs one process | files/s incl. start-up | CPU ms/file |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| one process (`--jobs 1`), mean of a run before ({single['before_s']:.1f} s) and after ({single['after_s']:.1f} s) the clusters "
        f"| | {single['seconds']:.1f} | {single['files_per_s']:.2f} | 1.00x | | {single['cpu_ms_per_file']:.0f} |",
    ]
    for w in (1, 2):
        r = res[f"workers_{w}"]
        lines.append(
            f"| LocalCluster, {w} worker{'s' if w > 1 else ''} | {r['startup_s']:.1f} | {r['seconds']:.1f} | {r['files_per_s']:.2f} | "
            f"{r['speedup_vs_single']:.2f}x | {r['incl_startup_files_per_s']:.2f} | {r['cpu_ms_per_file']:.0f} |"
        )
    lines += [
        "",
        f"Dask overhead per file (1 worker against one process, same files): **{res['overhead_ms_per_file']:.1f} ms** of wall "
        f"clock, **{res['overhead_cpu_ms_per_file']:.1f} ms** of CPU (CPU = this process, which holds the LocalCluster's "
        "scheduler, plus every worker process; it depends much less on the machine's load than wall clock).",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
