"""How often a role's title, employer and dates are found, on the real-resume development set.

    PYTHONPATH=src python benchmarks/roles_devset.py [--devset ../shared/dev-resumes]
                                                     [--check benchmarks/roles_check.jsonl] [--evidence]

Over every experience role the pipeline finds (``doc._.collab_jobs``, the roles of
``ScreeningResult.roles``): the share with a title, an employer, a start date and an end
(a date, or "to present"). With ``--check``, the roles are compared with a reading by eye
of a sample of resumes (``benchmarks/roles_check.jsonl``: id and the true title and dates
of each role): precision and recall of titles (case and spacing aside), of date ranges,
and of whole roles (title and dates). With ``--evidence``, the shipped model screens the
set too, and the share of experience evidence items whose ``role`` is a job title is given.

The development set is only measured, never trained or tuned on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEVSET = ROOT.parent / "shared" / "dev-resumes"


def norm_title(title: str | None) -> str | None:
    if not title:
        return None
    return " ".join(re.sub(r"[^\w/&;,.]+", " ", title.lower()).split()).strip(" ,.;") or None


def dates_key(role: dict) -> tuple:
    return (role.get("start"), role.get("end"), bool(role.get("current")))


def matched(found: list, true: list) -> int:
    """Size of the multiset intersection of two lists of keys (None keys never match)."""
    a = Counter(k for k in found if k is not None and k[0] is not None)
    b = Counter(k for k in true if k is not None and k[0] is not None)
    return sum((a & b).values())


def pr(n_match: int, n_found: int, n_true: int) -> str:
    p = n_match / n_found if n_found else float("nan")
    r = n_match / n_true if n_true else float("nan")
    return f"precision {p:.3f} ({n_match}/{n_found}), recall {r:.3f} ({n_match}/{n_true})"


def report_check(check: list[dict], jobs: dict[str, list[dict]], name: str, path: Path) -> None:
    """Precision and recall of titles, date ranges and whole roles against a reading by eye."""
    t_match = t_found = t_true = d_match = d_found = d_true = r_match = r_found = r_true = 0
    for c in check:
        found, true = jobs.get(c["id"], []), c["roles"]
        ft = [(norm_title(j["title"]),) if j["title"] else None for j in found]
        tt = [(norm_title(r["title"]),) if r["title"] else None for r in true]
        t_match += matched(ft, tt)
        t_found += sum(1 for k in ft if k)
        t_true += sum(1 for k in tt if k)
        d_match += matched([dates_key(j) for j in found], [dates_key(r) for r in true])
        d_found += len(found)
        d_true += len(true)
        fr = [(norm_title(j["title"]),) + dates_key(j) for j in found]
        trr = [(norm_title(r["title"]),) + dates_key(r) for r in true if r["title"]]
        r_match += matched(fr, trr)
        r_found += sum(1 for j in found if j["title"])
        r_true += len(trr)
    print(f"\nagainst a reading of {len(check)} resumes, {name} ({sum(len(c['roles']) for c in check)} roles; {path}):")
    print(f"  titles       {pr(t_match, t_found, t_true)}")
    print(f"  date ranges  {pr(d_match, d_found, d_true)}")
    print(f"  whole roles  {pr(r_match, r_found, r_true)}  (title and dates right; roles with a title)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    ap.add_argument("--check", type=Path, default=None, help="a reading of a sample (JSONL: id, roles)")
    ap.add_argument("--evidence", action="store_true", help="also screen with the shipped model")
    args = ap.parse_args(argv)

    from _results import dev_labels

    rows = dev_labels(args.devset, "measure")
    if rows is None:
        return 0

    from collabscreen import extract_text
    from collabscreen.pipeline import make_nlp, tokenizer_safe

    t0 = time.perf_counter()
    nlp = make_nlp()
    texts: dict[str, str] = {}
    for row in rows:
        try:
            texts[row["id"]] = extract_text(args.devset / row["file"]).text
        except Exception as exc:  # noqa: BLE001 - a file that cannot be read is counted, not fatal
            print(f"{row['id']}: {type(exc).__name__}: {exc}", file=sys.stderr)
    jobs = {i: list(doc._.collab_jobs or []) for i, doc in zip(texts, nlp.pipe(tokenizer_safe(t) for t in texts.values()))}
    with_experience = sum(1 for i, doc in zip(texts, nlp.pipe(texts.values())) if any(s == "experience" for _, s in doc._.collab_sections))
    all_jobs = [j for js in jobs.values() for j in js]
    n = len(all_jobs)
    share = lambda pred: sum(1 for j in all_jobs if pred(j)) / n if n else float("nan")  # noqa: E731
    print(f"development set: {len(rows)} resumes, {len(texts)} read, {with_experience} with an experience section, "
          f"{sum(1 for js in jobs.values() if js)} with at least one role; {n} roles found ({time.perf_counter() - t0:.1f} s)")
    print(f"  title     {share(lambda j: j['title']):.3f}")
    print(f"  employer  {share(lambda j: j['employer']):.3f}  (anonymised resumes: {share(lambda j: j['employer'] == 'Company Name'):.3f} are the placeholder 'Company Name')")
    print(f"  location  {share(lambda j: j['location']):.3f}")
    print(f"  start     {share(lambda j: j['start']):.3f}")
    print(f"  end       {share(lambda j: j['end'] or j['current']):.3f}  (current: {share(lambda j: j['current']):.3f}; "
          f"a month or year alone, start = end: {share(lambda j: j['end'] == j['start']):.3f})")
    print(f"  title and both dates {share(lambda j: j['title'] and j['start'] and (j['end'] or j['current'])):.3f}")

    if args.check is not None:
        check = [json.loads(line) for line in args.check.read_text().splitlines() if line.strip()]
        rounds = sorted({c.get("round", 1) for c in check})
        for rnd in rounds + (["all"] if len(rounds) > 1 else []):
            part = [c for c in check if rnd == "all" or c.get("round", 1) == rnd]
            report_check(part, jobs, f"round {rnd}" if rnd != "all" else "all rounds", args.check)
        print("  (round 1 was read before the parser's last fixes, which its misses prompted; round 2 after them)")

    if args.evidence:
        from collabscreen import Screener

        screener = Screener()
        results = list(screener.screen_many([args.devset / r["file"] for r in rows]))
        items = [e for r in results for e in r.evidence if e.section == "experience"]
        titled = sum(1 for e in items if e.role)
        in_role = sum(1 for r in results for ro in r.roles for e in ro.evidence if e.section == "experience")
        print(f"\nexperience evidence items: {len(items)}; with a job title as role {titled / max(1, len(items)):.3f}; "
              f"inside a parsed role {in_role / max(1, len(items)):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
