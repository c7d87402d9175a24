"""Start-up and worker processes, measured side by side in one run.

    python benchmarks/bench_workers.py [--pdfs N] [--texts N] [--json out.json]

Prints, for the dev PDFs (../shared/dev-resumes/pdf) and for text resumes made from them:
``Screener()`` start-up in a fresh interpreter (and which heavy modules it imported), the
time to the first result and files/s of ``screen_many`` with 1 process and with 2 worker
processes started by fork (warm) and by a forkserver (cold), and the peak RSS of each
worker. Ratios are what to read on a shared machine; absolute figures move with its load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "dev-resumes" / "pdf"


def startup() -> dict:
    code = (
        "import time, sys; t = time.perf_counter(); import collabscreen; s = collabscreen.Screener(); "
        "t1 = time.perf_counter(); s.screen_text('Experience\\nRan joint webinars with sales.'); t2 = time.perf_counter(); "
        "print(t1 - t, t2 - t1, ','.join(m for m in ('sklearn', 'scipy', 'skops', 'pandas') if m in sys.modules))"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
        runs.append((float(out[0]), float(out[1]), out[2] if len(out) > 2 else ""))
    best = min(runs)
    return {"screener_s": round(best[0], 3), "first_screen_s": round(best[1], 3), "heavy_modules": best[2] or "none"}


def run(paths: list, n_process: int, method: str | None) -> dict:
    from collabscreen import Screener

    if method:
        os.environ["COLLABSCREEN_START_METHOD"] = method
    s = Screener()
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    first = None
    n = 0
    for _ in s.screen_many(paths, n_process=n_process, batch_size=16):
        n += 1
        if first is None:
            first = time.perf_counter() - t0
    wall = time.perf_counter() - t0
    os.environ.pop("COLLABSCREEN_START_METHOD", None)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "n": n, "wall_s": round(wall, 2), "files_per_s": round(n / wall, 2), "first_result_s": round(first or 0.0, 2),
        "parent_cpu_s": round(time.process_time() - cpu0, 2), "max_child_rss_mb": round(kids, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdfs", type=int, default=60)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    pdfs = sorted(DEV.glob("*.pdf"))[: args.pdfs]
    if not pdfs:
        sys.exit(f"no PDFs under {DEV}")
    figures: dict = {"startup": startup(), "pdfs": len(pdfs), "load_avg": os.getloadavg()[0]}
    print(f"Screener() {figures['startup']}", file=sys.stderr)
    figures["one_process"] = run(pdfs, 1, None)
    print(f"1 process: {figures['one_process']}", file=sys.stderr)
    figures["two_fork"] = run(pdfs, 2, "fork")
    print(f"2 workers, fork: {figures['two_fork']}", file=sys.stderr)
    figures["two_forkserver"] = run(pdfs, 2, "forkserver")
    print(f"2 workers, forkserver: {figures['two_forkserver']}", file=sys.stderr)
    one = figures["one_process"]["files_per_s"]
    figures["ratios"] = {
        "two_fork_over_one": round(figures["two_fork"]["files_per_s"] / one, 2),
        "two_forkserver_over_one": round(figures["two_forkserver"]["files_per_s"] / one, 2),
    }
    figures["load_avg_end"] = os.getloadavg()[0]
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
