"""Cost of matching a job: screening with a job profile and a query against screening without.

On the same generated texts (``benchmarks/generate_resumes.py``), in one run,
one process, alternating the two configurations ``--rounds`` times and
keeping each one's best round:

(a) ``Screener.screen_many`` on the texts, no job (the baseline);
(b) the same with ``Screener(job=...)``: the sample YAML profile
    (``data/jobs/revops_manager.yaml``: 10 terms, a NEAR query) plus a
    ``--query``;
(c) the job match alone: ``JobMatcher.match`` on the tokens and units of
    already processed Docs.

Prints resumes/s and the ratios b/a and c/a. Usage::

    python benchmarks/bench_jobs.py --n 300 --rounds 3
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="generated resumes (default 300)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds; the best is kept (default 3)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--query", default='"lead scoring" OR (sales NEAR/5 marketing) NOT intern*')
    args = ap.parse_args(argv)

    from generate_resumes import generate

    from collabscreen import ExtractedText, JobProfile, Screener
    from collabscreen.features import unit_records
    from collabscreen.jobs import UnitInfo, resume_tokens

    texts = list(generate(args.n, seed=args.seed))
    docs = [ExtractedText(text=t, format="text", sha256=str(i), source=f"gen_{i}.txt") for i, t in enumerate(texts)]
    job = JobProfile.from_file(ROOT / "data" / "jobs" / "revops_manager.yaml").with_query(args.query)
    plain, with_job = Screener(), Screener(job=job)

    def run(s: Screener) -> float:
        t0 = time.perf_counter()
        for _ in s.screen_many(docs, batch_size=32):
            pass
        return time.perf_counter() - t0

    spacy_docs = list(plain.nlp.pipe(texts, batch_size=32))
    prepared = [
        (resume_tokens(d), [UnitInfo(r["start_char"], r["end_char"], r["text"], r["section"], r["role"]) for r in unit_records(d)])
        for d in spacy_docs
    ]
    matcher = with_job._job_matcher

    def match_only() -> float:
        t0 = time.perf_counter()
        for tokens, units in prepared:
            matcher.match(tokens, units, collaboration=0.5, category_scores={})
        return time.perf_counter() - t0

    best = {"a": float("inf"), "b": float("inf"), "c": float("inf")}
    for _ in range(args.rounds):
        best["a"] = min(best["a"], run(plain))
        best["b"] = min(best["b"], run(with_job))
        best["c"] = min(best["c"], match_only())
    n = len(docs)
    print(f"{n} generated resumes (seed {args.seed}), best of {args.rounds} alternating rounds, one process")
    print(f"job: {job.title}, {len(job.required)} required, {len(job.preferred)} preferred, {len(job.must_have)} must-have, query {job.query}")
    print("| | resumes/s | ms/resume |\n|---|---:|---:|")
    for key, label in (("a", "(a) screen_many, no job"), ("b", "(b) screen_many with the job"), ("c", "(c) job match alone")):
        print(f"| {label} | {n / best[key]:,.0f} | {1000 * best[key] / n:.2f} |")
    print(f"ratios: b/a time = {best['b'] / best['a']:.3f}, c/a time = {best['c'] / best['a']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
