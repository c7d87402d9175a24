"""How much the pool's cross-validated figures move with the fold assignment.

    python benchmarks/cv_seeds.py [--seeds 0,1,2,3,4] [--C 4] [--json out.json] [--cache DIR]

``collabscreen train`` cross-validates on the labelled pool with one fold assignment
(``--seed``, 0 by default); the figures in the model card and in ``DEVSET.md`` are that one
assignment's. This script runs the same cross-validation (the same data and settings as
``collabscreen train``, nothing saved) once per seed and prints, for each figure, every
seed's value, the mean, the smallest and the largest. A difference between two settings
smaller than the spread across seeds is not a difference.

About 70 s a seed on 2 cores with the pool's text cache (``--cache``; the first run
extracts the 2,207 pool PDFs, about 5 minutes). Nothing here touches the development set.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FIGURES = (
    ("spearman", "Spearman"),
    ("ndcg@10", "nDCG@10"),
    ("roc_auc(label>=2)", "ROC-AUC (>=2)"),
    ("precision@10(label>=2)", "P@10"),
)


def run(seeds: list[int], cache: str | None, **settings) -> list[dict]:
    from collabscreen.train import train_screening

    out = []
    for seed in seeds:
        t0 = time.perf_counter()
        _, report = train_screening(
            ROOT / "data" / "corpus",
            ROOT / "data" / "labels",
            ROOT.parent / "shared" / "train-resumes",
            None,
            seed=seed,
            cache=cache,
            learning_curve=(1.0,),
            **settings,
        )
        model = next(k for k in report.resume_metrics if k.startswith("collabscreen"))
        row = {"seed": seed, **report.resume_metrics[model], "strong_precision": report.bands["strong"]["precision"]}
        row["seconds"] = round(time.perf_counter() - t0, 1)
        print(
            f"seed {seed}: " + ", ".join(f"{name} {row[key]:.4f}" for key, name in FIGURES) + f", strong precision {row['strong_precision']:.3f} ({row['seconds']:.0f} s)",
            flush=True,
        )
        out.append(row)
    return out


def summary(rows: list[dict]) -> list[str]:
    lines = ["| figure | " + " | ".join(f"seed {r['seed']}" for r in rows) + " | mean | min | max |", "|---|" + "---:|" * (len(rows) + 3)]
    for key, name in (*FIGURES, ("strong_precision", "strong precision")):
        v = [float(r[key]) for r in rows]
        lines.append(f"| {name} | " + " | ".join(f"{x:.4f}" for x in v) + f" | {statistics.fmean(v):.4f} | {min(v):.4f} | {max(v):.4f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0,1,2,3,4", help="comma-separated fold seeds")
    ap.add_argument("--C", type=float, default=None, help="the unit model's C (default: collabscreen train's)")
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "collabscreen" / "pool-text"))
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    if not (ROOT.parent / "shared" / "train-resumes").is_dir():
        print("the pool (../shared/train-resumes) is not here; nothing to cross-validate", file=sys.stderr)
        return 1
    settings = {} if args.C is None else {"C": args.C}
    rows = run([int(s) for s in args.seeds.split(",") if s.strip()], args.cache, **settings)
    print("\n".join(summary(rows)))
    if args.json:
        args.json.write_text(json.dumps({"settings": settings, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
