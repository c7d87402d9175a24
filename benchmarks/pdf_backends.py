"""Compare the two PDF backends (PDFium, the default, and pdfminer.six, the reference).

Usage::

    python benchmarks/pdf_backends.py [--dev DIR] [--pool DIR] [--cache DIR] [--limit N]
                                      [--no-scores] [--json OUT]

For every dev PDF (``../shared/dev-resumes/pdf``, 120 files) and every pool PDF
(``../shared/train-resumes``, 2,207 files) it extracts the text with both
backends (the pool's pdfminer texts come from the training cache
``~/.cache/collabscreen/pool-text/<sha256>.txt``, which ``collabscreen train``
fills with ``extract_text(..., pdf_backend="pdfminer")``; a file missing
there is extracted) and reports: byte-identical texts, word agreement
(``difflib`` on the word sequences), files where only one backend fails, and,
screening both texts with the shipped model, the files whose units, score,
band or evidence differ. Each differing file is listed with its first
differing words so that it can be looked at.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _words_diff(a: str, b: str) -> tuple[int, int, list[tuple[str, str]]]:
    """(matching words, words in the longer text, first differing spans)."""
    wa, wb = a.split(), b.split()
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    same = sum(bl.size for bl in sm.get_matching_blocks())
    spans = [(" ".join(wa[i1:i2][:8]), " ".join(wb[j1:j2][:8])) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]
    return same, max(len(wa), len(wb)), spans[:3]


def _extract(path: Path, backend: str):
    from collabscreen import extract_text
    from collabscreen.errors import CollabscreenError

    try:
        return extract_text(path, pdf_backend=backend)
    except CollabscreenError as e:
        return e


def compare(paths: list[Path], cache: Path | None, screener=None) -> dict:
    from collabscreen.errors import CollabscreenError
    from collabscreen.types import ExtractedText

    rows = []
    t_pdfium = 0.0
    for p in paths:
        reference = None
        if cache is not None:
            sha = hashlib.sha256(p.read_bytes()).hexdigest()
            cf = cache / f"{sha}.txt"
            if cf.is_file():
                reference = ExtractedText(text=cf.read_text(encoding="utf-8"), format="pdf", sha256=sha, source=str(p))
        if reference is None:
            reference = _extract(p, "pdfminer")
        t0 = time.perf_counter()
        got = _extract(p, "pdfium")
        t_pdfium += time.perf_counter() - t0
        rows.append((p, reference, got))

    out = {"files": len(rows), "identical": 0, "stale_cache": 0, "both_failed_same": 0, "failure_differs": [], "texts_differ": []}
    same_words = all_words = 0
    pairs = []
    for p, ref, got in rows:
        if isinstance(ref, CollabscreenError) or isinstance(got, CollabscreenError):
            rc = getattr(ref, "code", None) if isinstance(ref, CollabscreenError) else "ok"
            gc = getattr(got, "code", None) if isinstance(got, CollabscreenError) else "ok"
            if rc == gc:
                out["both_failed_same"] += 1
            else:
                out["failure_differs"].append({"file": p.name, "pdfminer": rc, "pdfium": gc})
            continue
        stale = False
        if ref.text != got.text and cache is not None:
            # a cached text made by an older collabscreen is not a backend difference
            fresh = _extract(p, "pdfminer")
            stale = not isinstance(fresh, CollabscreenError) and fresh.text != ref.text
            if stale:
                ref = fresh
        s, n, spans = _words_diff(ref.text, got.text)
        same_words += s
        all_words += n
        if ref.text == got.text:
            out["identical"] += 1
        else:
            out["texts_differ"].append({"file": p.name, "word_agreement": round(s / max(n, 1), 5), "spans": spans})
        out["stale_cache"] += stale
        pairs.append((p, ref, got))
    out["word_agreement"] = round(same_words / max(all_words, 1), 6)
    out["pdfium_files_per_s"] = round(len(rows) / max(t_pdfium, 1e-9), 1)
    if screener is not None and pairs:
        a = list(screener.screen_many([r for _, r, _ in pairs]))
        b = list(screener.screen_many([g for _, _, g in pairs]))
        diffs = []
        for (p, _, _), r1, r2 in zip(pairs, a, b):
            ev1 = [(e.text, e.probability) for e in r1.evidence]
            ev2 = [(e.text, e.probability) for e in r2.evidence]
            if r1.n_sentences != r2.n_sentences or r1.score != r2.score or r1.band != r2.band or ev1 != ev2:
                diffs.append(
                    {
                        "file": p.name,
                        "units": [r1.n_sentences, r2.n_sentences],
                        "score": [r1.score, r2.score],
                        "band": [r1.band, r2.band],
                        "evidence_same": ev1 == ev2,
                    }
                )
        out["screened"] = len(pairs)
        out["screening_differs"] = diffs
        out["max_score_difference"] = max((abs(d["score"][0] - d["score"][1]) for d in diffs), default=0.0)
    return out


def _print(name: str, r: dict) -> None:
    print(f"\n== {name}: {r['files']} files")
    ok = r["files"] - r["both_failed_same"] - len(r["failure_differs"])
    print(f"byte-identical texts: {r['identical']} / {ok}   word agreement: {100 * r['word_agreement']:.3f}%")
    print(f"same error with both: {r['both_failed_same']}   failure differs: {len(r['failure_differs'])}")
    for d in r["failure_differs"]:
        print(f"  {d['file']}: pdfminer {d['pdfminer']}, pdfium {d['pdfium']}")
    if "screened" in r:
        print(
            f"screened with both: {r['screened']}   units/score/band/evidence differ: {len(r['screening_differs'])}"
            f"   largest score difference: {r['max_score_difference']:.4f}"
        )
        for d in r["screening_differs"]:
            print(f"  {d['file']}: units {d['units']}, score {d['score']}, band {d['band']}, evidence same {d['evidence_same']}")
    print(f"texts that differ: {len(r['texts_differ'])}   (cached pdfminer texts found stale and re-extracted: {r['stale_cache']})")
    for d in r["texts_differ"]:
        first = "; ".join(f"{a!r} -> {b!r}" for a, b in d["spans"])
        print(f"  {d['file']} ({100 * d['word_agreement']:.2f}% words): {first}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", default=str(ROOT / ".." / "shared" / "dev-resumes" / "pdf"))
    ap.add_argument("--pool", default=str(ROOT / ".." / "shared" / "train-resumes" / "pdf"))
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "collabscreen" / "pool-text"))
    ap.add_argument("--limit", type=int, help="only the first N files of each set")
    ap.add_argument("--no-scores", action="store_true", help="compare texts only (no model)")
    ap.add_argument("--json", metavar="OUT")
    args = ap.parse_args(argv)

    screener = None
    if not args.no_scores:
        from collabscreen import Screener

        screener = Screener()
    results = {}
    for name, folder, cache in (("dev", Path(args.dev), None), ("pool", Path(args.pool), Path(args.cache))):
        paths = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
        if args.limit:
            paths = paths[: args.limit]
        if not paths:
            print(f"\n== {name}: absent ({folder})")
            continue
        t0 = time.perf_counter()
        results[name] = compare(paths, cache if cache and cache.is_dir() else None, screener)
        results[name]["seconds"] = round(time.perf_counter() - t0, 1)
        _print(name, results[name])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
