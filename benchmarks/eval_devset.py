"""Ranking quality on the real-resume development set, against a keyword-count baseline.

    python benchmarks/eval_devset.py [--devset ../shared/dev-resumes] [--model models/default]
                                     [--markdown benchmarks/DEVSET.md] [--json out.json]

Metrics (label = graded 0-3 collaboration evidence from ../shared/dev-resumes/labels.jsonl):
Spearman rank correlation of score vs label, nDCG@10 (gain = label), ROC-AUC for
label >= 2, precision@10 for label >= 2, and the evidence hit rate (for resumes
with label >= 2, does one of our evidence sentences contain or overlap the
annotator's evidence phrase). The baseline is :class:`collabscreen.baseline.KeywordBaseline`
(distinct taxonomy terms in the text, a Boolean ATS search).

This set is for evaluation only: the shipped model is not trained on it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEVSET = ROOT.parent / "shared" / "dev-resumes"


def _collapse(s: str) -> str:
    return " ".join(s.split()).lower()


def _words(s: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", s.lower()))


def metrics(labels: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    from scipy.stats import spearmanr
    from sklearn.metrics import ndcg_score, roc_auc_score

    pos = (labels >= 2).astype(int)
    order = np.argsort(-scores, kind="stable")
    return {
        "spearman": float(spearmanr(scores, labels).statistic),
        "ndcg@10": float(ndcg_score(labels.reshape(1, -1), scores.reshape(1, -1), k=10)),
        "roc_auc(label>=2)": float(roc_auc_score(pos, scores)),
        "precision@10(label>=2)": float(pos[order[:10]].mean()),
    }


def evidence_hit(phrase: str, evidence_texts: list[str]) -> bool:
    """True when an evidence sentence contains the phrase, or shares most of its words."""
    p = _collapse(phrase)
    pw = _words(phrase)
    for t in evidence_texts:
        c = _collapse(t)
        if p in c or c in p:
            return True
        if pw and len(pw & _words(t)) / len(pw) >= 0.6:
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    ap.add_argument("--model", default=None)
    ap.add_argument("--markdown", type=Path, default=None, help="write a Markdown report here")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--errors", type=int, default=8, help="list this many largest disagreements")
    args = ap.parse_args(argv)

    labels_file = args.devset / "labels.jsonl"
    if not labels_file.is_file():
        print(f"development set not found at {args.devset}; nothing to evaluate", file=sys.stderr)
        return 0
    rows = [json.loads(line) for line in labels_file.read_text().splitlines() if line.strip()]
    paths = [args.devset / r["file"] for r in rows]
    labels = np.asarray([r["label"] for r in rows], dtype=float)

    from collabscreen import Screener
    from collabscreen.baseline import KeywordBaseline

    t0 = time.perf_counter()
    screener = Screener(args.model, keep_text=True)
    results = list(screener.screen_many(paths, n_process=args.jobs))
    elapsed = time.perf_counter() - t0
    failed = [r for r in results if not r.ok]
    base = KeywordBaseline(screener.taxonomy)
    scores = np.asarray([r.score for r in results])
    kw = np.asarray([base.count(r.text or "") for r in results], dtype=float)

    m_model = metrics(labels, scores)
    m_base = metrics(labels, kw)
    hits = [
        evidence_hit(row["evidence"], [e.text for e in r.evidence])
        for row, r in zip(rows, results)
        if row["label"] >= 2 and row["evidence"]
    ]
    bands = {b: [int(lab) for lab, r in zip(labels, results) if r.band == b] for b in ("strong", "some", "none")}
    diffs = []
    rank_model = scores.argsort().argsort() / (len(scores) - 1)
    rank_label = labels.argsort().argsort() / (len(labels) - 1)
    for k in np.argsort(-np.abs(rank_model - rank_label))[: args.errors]:
        r = results[k]
        top = r.evidence[0].text[:110] if r.evidence else "(no evidence)"
        diffs.append(f"| {rows[k]['id']} | {int(labels[k])} | {r.score:.3f} | {top} |")

    lines = [
        "# Development-set evaluation (120 real resumes, hand-labelled 0-3)",
        "",
        f"Command: `python benchmarks/eval_devset.py` ({len(results)} resumes, {len(failed)} failed to extract, "
        f"{elapsed:.1f} s end to end with --jobs {args.jobs}). Model `{screener.model_version}`.",
        "The classifier was never trained on this set. Disclosure of what this set did influence: the",
        "hybrid-role rule and the vocabulary gate were added after error analysis on it (the hybrid weight",
        "0.6 comes from the rubric's 'generic evidence' grade; 0.8 was also tried here and was worse), and",
        "two variants tried here were rejected (down-weighting generic evidence; a base-rate shift of unit",
        "probabilities). No threshold was fitted to it. Expect somewhat lower figures on unseen resumes.",
        "",
        "| system | Spearman | nDCG@10 | ROC-AUC (label>=2) | precision@10 (label>=2) |",
        "|---|---|---|---|---|",
    ]
    for name, m in (("collabscreen", m_model), ("keyword count baseline", m_base)):
        lines.append(
            f"| {name} | {m['spearman']:.3f} | {m['ndcg@10']:.3f} | {m['roc_auc(label>=2)']:.3f} | "
            f"{m['precision@10(label>=2)']:.2f} |"
        )
    lines += [
        "",
        f"Evidence hit rate (label >= 2, annotator's phrase found among our evidence sentences): "
        f"{sum(hits)}/{len(hits)} = {np.mean(hits):.2f}",
        "",
        "Labels by band: " + "; ".join(f"{b}: {len(v)} resumes, labels {dict(sorted({x: v.count(x) for x in set(v)}.items()))}" for b, v in bands.items()),
        "",
        "Largest rank disagreements:",
        "",
        "| id | label | score | top evidence |",
        "|---|---|---|---|",
        *diffs,
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.markdown:
        args.markdown.write_text(report)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "model": m_model,
                    "baseline": m_base,
                    "evidence_hit_rate": float(np.mean(hits)),
                    "failed": [r.source for r in failed],
                    "scores": {row["id"]: r.score for row, r in zip(rows, results)},
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
