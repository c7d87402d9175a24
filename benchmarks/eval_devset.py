"""Ranking quality on the real-resume development set, against a keyword-count baseline.

    python benchmarks/eval_devset.py [--devset ../shared/dev-resumes] [--model models/default]
                                     [--markdown benchmarks/DEVSET.md] [--json out.json]
                                     [--recency [--as-of DATE]]

Metrics (label = graded 0-3 collaboration evidence from ../shared/dev-resumes/labels.jsonl):
Spearman rank correlation of score vs label, nDCG@10 (gain = label), ROC-AUC for
label >= 2, precision@10 for label >= 2, and the evidence hit rate (for resumes
with label >= 2, does one of our evidence sentences contain or overlap the
annotator's evidence phrase). The baseline is :class:`collabscreen.baseline.KeywordBaseline`
(distinct taxonomy terms in the text, a Boolean ATS search).

With ``--recency``, each table gains a row with recency weighting on (``Screener(recency=True)``,
reference ``--as-of`` or the default: today, or the resume's latest date when no role runs to
the present). The rows without it are the scores before weighting, from the same run. For the
pool, the cross-validated scores are multiplied by each resume's recency factor, which needs
the resume's roles and evidence: the pool's cached texts are screened with the shipped model.

This set is for evaluation only: the shipped model is not trained on it.
"""

from __future__ import annotations

import argparse
import json
import re
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


def _as_of(as_of: str | None) -> str:
    return f"as of {as_of}" if as_of else "as of today, or the resume's latest date"


def pool_recency_factors(screener, pool: Path, ids: list[str]) -> np.ndarray:
    """Each labelled pool resume's recency factor, screening its cached text with ``screener``."""
    from collabscreen.realdata import pool_files, pool_texts
    from collabscreen.types import ExtractedText

    wanted = set(ids)
    files = [f for f in pool_files(pool) if str(f["id"]) in wanted]
    texts = pool_texts(files, cache=Path.home() / ".cache" / "collabscreen" / "pool-text", n_process=1, verify=False)
    docs = [ExtractedText(text=texts[i], format="text", sha256=i, source=i) for i in ids if i in texts]
    factor = {r.source: (r.recency.factor if r.ok and r.recency else 1.0) for r in screener.screen_many(docs)}
    return np.asarray([factor.get(i, 1.0) for i in ids])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    ap.add_argument("--model", default=None)
    ap.add_argument("--markdown", type=Path, default=None, help="write a Markdown report here")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--errors", type=int, default=8, help="list this many largest disagreements")
    ap.add_argument("--recency", action="store_true", help="also report recency weighting on (see above)")
    ap.add_argument("--as-of", default=None, help="reference date of the recency weighting (YYYY-MM-DD)")
    ap.add_argument("--pool", type=Path, default=ROOT.parent / "shared" / "train-resumes", help="the pool (for --recency)")
    ap.add_argument(
        "--save-previous", type=Path, default=None, metavar="FILE",
        help="write this model's dev scores and cross-validated pool scores as the 'previous' rows of a later model (benchmarks/previous_scores.json)",
    )
    args = ap.parse_args(argv)

    from _results import dev_labels

    rows = dev_labels(args.devset, "evaluate")
    if rows is None:
        return 0
    paths = [args.devset / r["file"] for r in rows]
    labels = np.asarray([r["label"] for r in rows], dtype=float)

    from collabscreen import Screener
    from collabscreen.baseline import KeywordBaseline

    t0 = time.perf_counter()
    screener = Screener(args.model, keep_text=True, recency=args.recency, reference_date=args.as_of)
    results = list(screener.screen_many(paths, n_process=args.jobs))
    elapsed = time.perf_counter() - t0
    failed = [r for r in results if not r.ok]
    base = KeywordBaseline(screener.taxonomy)
    from collabscreen.scoring import band_for

    # the scores before recency weighting (the same as r.score when it is off)
    scores = np.asarray([r.recency.unweighted_score if r.recency else r.score for r in results])
    unweighted_bands = [band_for(v, screener.config) if r.ok else r.band for v, r in zip(scores, results)]
    kw = np.asarray([base.count(r.text or "") for r in results], dtype=float)

    prev_file = ROOT / "benchmarks" / "previous_scores.json"
    prev = json.loads(prev_file.read_text()) if prev_file.is_file() else None
    from collabscreen.scoring import ScoringConfig
    from collabscreen.train import band_metrics, ranking_metrics

    cfg = screener.config

    def bands_of(values, strong, some):
        return ["strong" if v >= strong else "some" if v >= some else "none" for v in values]

    systems = [("collabscreen " + screener.model_version, scores, unweighted_bands)]
    if args.recency:
        systems.append((f"collabscreen + recency weighting ({_as_of(args.as_of)})", np.asarray([r.score for r in results]), [r.band for r in results]))
    if prev:
        pv = np.asarray([prev["dev"][row["id"]]["score"] for row in rows])
        systems.append((f"previous ({prev['model_version']})", pv, [prev["dev"][row["id"]]["band"] for row in rows]))
    systems.append(("keyword count baseline", kw, None))
    dev_table = [(name, ranking_metrics(labels, v), band_metrics(labels.astype(int), b) if b else None) for name, v, b in systems]

    # the labelled pool, cross-validated (out-of-fold predictions saved by `collabscreen train`)
    pool_table = []
    cv_file = Path(screener.model.path) / "cv_predictions.json"
    oof = json.loads(cv_file.read_text()) if cv_file.is_file() else []
    # the score screening ranks by (capped without listed evidence); older files hold only the expected grade
    pool_scores = [o.get("score", o["expected_grade"] / 3.0) for o in oof]
    if oof:
        g = np.asarray([o["grade"] for o in oof], dtype=float)
        e = np.asarray(pool_scores)
        pool_table.append(("collabscreen, cross-validated", ranking_metrics(g, e), band_metrics(g.astype(int), [o["band"] for o in oof])))
        if args.recency:
            f = pool_recency_factors(screener, args.pool, [o["id"] for o in oof])
            ew = e * f
            pool_table.append(
                (
                    f"collabscreen + recency weighting ({_as_of(args.as_of)}; {int((f < 1).sum())} of {len(f)} weighted down)",
                    ranking_metrics(g, ew),
                    band_metrics(g.astype(int), [band_for(v, cfg) if fk < 1 else o["band"] for v, fk, o in zip(ew, f, oof)]),
                )
            )
        if prev:
            pv = np.asarray([prev["pool"][o["id"]]["score"] for o in oof])
            pool_table.append((f"previous ({prev['model_version']}, {prev.get('pool_note', 'never saw these labels')})", ranking_metrics(g, pv), band_metrics(g.astype(int), [prev["pool"][o["id"]]["band"] for o in oof])))
        pool_table.append(("keyword count baseline", ranking_metrics(g, np.asarray([o["keyword_count"] for o in oof], dtype=float)), None))

    hits = [
        evidence_hit(row["evidence"], [t for e in r.evidence for t in ([e.text] if not e.parts else [p.text for p in e.parts])])
        for row, r in zip(rows, results)
        if row["label"] >= 2 and row["evidence"]
    ]
    unbacked = sum(1 for r in results if r.band != "none" and not r.evidence)
    from collabscreen.pipeline import role_title

    exp_items = [e for r in results for e in r.evidence if e.section == "experience"]
    titled = sum(1 for e in exp_items if e.role and role_title(e.role) == e.role)
    diffs = []
    rank_model = scores.argsort().argsort() / (len(scores) - 1)
    rank_label = labels.argsort().argsort() / (len(labels) - 1)
    for k in np.argsort(-np.abs(rank_model - rank_label))[: args.errors]:
        r = results[k]
        top = r.evidence[0].text[:110] if r.evidence else "(no evidence)"
        diffs.append(f"| {rows[k]['id']} | {int(labels[k])} | {r.score:.3f} | {r.band} | {top} |")

    def table(title, entries):
        out = [f"### {title}", "", "| system | n | Spearman | nDCG@10 | ROC-AUC (>=2) | P@10 (>=2) | strong: precision / recall | some: precision / recall | none: precision / recall |", "|---|---|---|---|---|---|---|---|---|"]
        for name, m, b in entries:
            cells = ["" for _ in range(3)] if b is None else [f"{b[k]['precision']:.2f} / {b[k]['recall']:.2f} (n={b[k]['n']})" for k in ("strong", "some", "none")]
            out.append(f"| {name} | {m['n']} | {m['spearman']:.3f} | {m['ndcg@10']:.3f} | {m['roc_auc(label>=2)']:.3f} | {m['precision@10(label>=2)']:.2f} | " + " | ".join(cells) + " |")
        return out

    lines = [
        "# Evaluation on real resumes: the development set and the cross-validated labelled pool",
        "",
        f"Command: `python benchmarks/eval_devset.py` ({len(results)} dev resumes, {len(failed)} failed to extract, "
        f"{elapsed:.1f} s end to end with --jobs {args.jobs}). Model `{screener.model_version}`, bands strong >= {cfg.strong:.3f}, some >= {cfg.some:.3f} of the score.",
        "",
        "Band precision is the share of the band that a reader graded as the band means: strong = grade >= 2, some = grade >= 1, none = grade <= 1.",
        "",
        *table("Development set (120 resumes, hand-graded 0-3, never trained on)", dev_table),
        "",
        *(table("Labelled training pool (921 resumes, 5-fold cross-validation by near-duplicate group)", pool_table) if pool_table else ["(no cv_predictions.json beside the model: pool figures not available)"]),
        "",
        "What the development set influenced. The model is trained on the labelled pool and the hand-written corpus only, and every",
        "choice of the 0.2 model (features, real-unit weight 3, score = expected grade / 3 rather than P(grade >= 2), band thresholds",
        "0.63 and 0.4, evidence threshold 0.5) was made on the pool's cross-validated figures. The dev set was run ten times while",
        "the model was built (after the first real-data model, after the score definition, for the first 0.2 report, after the extra",
        "unit labels, after blind-screening neutralisation, after its acronym fix, after the advert and term-list rules, once more for the version label, for the job-title count, and after training and screening were made to share one feature path, for this one); no parameter was fitted or changed because of its figures. The 0.1 design choices it influenced are listed in the",
        "0.1 model card (the vocabulary gate, the hybrid-role rule). The hybrid role across missed role headers, the resume-length",
        "feature and the strong threshold 0.63 were chosen on the pool's cross-validated figures alone; the dev set was run four times for",
        "them (the replaced model's scores, the report, the report after rebasing on main, and this report after the resume length and the",
        "hybrid window were made to count vocabulary units only, for blind screening). The resume-wording features (a per-threshold",
        "linear model of the grade over the words of the resume's sales and marketing lines, and its settings: rows summed over the",
        "square root of their number, C = 3, three threshold decisions as features) and the tie-free cap of rule 9 were chosen on the",
        "pool's cross-validated figures alone (about 20 variants, scripts outside the project); the dev set was run three times for them",
        "(the trained candidate, the first report, and this report after negated and hypothetical lines were left out of the wording). 'previous' is the replaced model's stored scores",
        "(`benchmarks/previous_scores.json`: dev scores computed with that model and its code before it was replaced; pool figures",
        "from its cross-validated predictions, scored against the pool's current grades).",
        "",
        "Session 6 (model a3ea9510; the same weights were 436104de before the version named its training settings): the pool's 661 single-read resumes were read a second time, blind, and the 76 disagreements",
        "a third time (`data/labels/DATA_CARD.md`); the model was retrained on the new grades, with two pipeline changes found by",
        "reading pool resumes (headings after generic modifiers; sentences glued by a lost bullet cut into units), and the strong",
        "threshold is now computed by the rule the scoring docs already stated (the lowest threshold at which the band is as precise",
        "on the pool's cross-validated predictions as at an expected grade of 2): 0.665 on this model's predictions, from the pool",
        "alone. Disclosure: the rule was applied strictly after the dev set had been run once with the retrained model and the old",
        "threshold 0.63 (dev strong precision 0.82, n=33); the threshold's value comes from the pool's figures, not the dev set's.",
        "The dev set was run nine times in this session: the replaced model twice (its figures; `previous_scores.json`), the",
        "model retrained on the new grades with 0.63 and with 0.665, the model with the glued-sentence units (dev figures within",
        "0.003 of the one before; kept because its evidence items are single sentences, 7 run-on items of 953 on the labelled",
        "pool gone), this report three times, and a candidate with the unit model's C = 2 instead of 4 (chosen on the pool,",
        "where C = 1-3 gave ROC-AUC 0.917-0.918 against 0.915; not shipped: within fold noise, short of the target either way;",
        "its dev figures were 0.840 / 0.979 / 0.923). Against the new grades the replaced model scores almost",
        "what the retrained one does (pool rows above): most of the change in the pool figures since session 5 comes from the",
        "second readings, which moved 49 grades, not from the retrained model.",
        "",
        "Session 7 (same model, same weights): the pipeline's speed-ups change no token, unit or score (screening output",
        "byte-identical on the 2,207 pool texts; cross-validation reproduces ROC-AUC 0.9151 at seed 0). The pool figures above",
        "are those of one fold assignment (seed 0); `python benchmarks/cv_seeds.py` repeats the cross-validation over seeds",
        "0-4: ROC-AUC 0.9076-0.9151 (mean 0.9114), Spearman 0.7997-0.8052 (mean 0.8023), nDCG@10 0.888-0.939 (mean 0.914),",
        "strong precision 0.90-0.91. The unit model's C was compared over the same five seeds on the pool (C = 4, 2, 1:",
        "mean ROC-AUC 0.9114, 0.9127, 0.9131; C = 1 higher at every seed, nDCG@10 mean 0.945). The C = 1 model, retrained",
        "(`collabscreen train --C 1`; model 3459ed95, strong >= 0.655), was run once on the dev set: Spearman 0.844, nDCG@10",
        "0.936, ROC-AUC 0.927, P@10 0.90, strong 0.86 / 0.56 (n=29). It was not shipped: its pool gain is within the spread",
        "across seeds and its dev P@10 fell below the target, so this decision was influenced by the dev set. The dev set was",
        "run twice in this session: that candidate, and this report.",
        "",
        f"Evidence hit rate (grade >= 2, the annotator's phrase among our evidence sentences): {sum(hits)}/{len(hits)} = {np.mean(hits):.2f}. "
        f"Candidates above 'none' with no listed evidence: {unbacked}. "
        f"Experience evidence whose role is shown as a job title (not a date line): {titled}/{len(exp_items)}.",
        "",
        "Largest rank disagreements on the development set:",
        "",
        "| id | label | score | band | top evidence |",
        "|---|---|---|---|---|",
        *diffs,
        "",
    ]
    m_model, m_base = dev_table[0][1], dev_table[-1][1]
    report = "\n".join(lines)
    print(report)
    if args.markdown:
        args.markdown.write_text(report)
    if args.save_previous:
        import subprocess

        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], check=False, cwd=ROOT, capture_output=True, text=True).stdout.strip()
        args.save_previous.write_text(json.dumps({
            "commit": commit,
            "model_version": screener.model_version,
            "dev": {row["id"]: {"score": round(float(v), 6), "band": b} for row, v, b in zip(rows, scores, unweighted_bands)},
            "dev_note": "scores of the model this one replaced",
            "pool": {o["id"]: {"score": v, "band": o["band"]} for o, v in zip(oof, pool_scores)},
            "pool_note": "its own cross-validated predictions, capped as it screened",
        }, indent=0) + "\n")
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
