"""Scoring-loop benchmark: tokenizer floor, keyword baseline, the full loop, processes, scaling, extraction.

Usage::

    python benchmarks/bench_scoring.py                 # full run (~10 min on 2 cores), writes benchmarks/RESULTS.md
    python benchmarks/bench_scoring.py --quick         # 300 texts, no scaling, light extraction (< 60 s)
    python benchmarks/bench_scoring.py --n 5000 --scaling 1000,10000,50000 --out RESULTS.md --json figures.json
    python benchmarks/bench_scoring.py --verify        # only check that the fast paths give the reference outputs

On the same generated texts (``benchmarks/generate_resumes.py``), in one run:

(a) the floor: ``spacy.blank("en")`` tokenization alone (``nlp.pipe``);
(b) the naive keyword baseline: :class:`collabscreen.baseline.KeywordBaseline`
    (a regex scan of the taxonomy terms, as a Boolean ATS search);
(c) the library's full scoring loop: ``Screener.screen_many`` over
    ``ExtractedText`` inputs (extraction skipped), results consumed and dropped;

resumes/s, tokens/s, c/a and c/b; then (c) with 2 worker processes; peak RSS
per process; scaling at 1,000 / 10,000 / 50,000 texts (each in a fresh
subprocess, texts streamed from the generator, results discarded); extraction
(PDF pages/s, DOCX docs/s via ``bench_extract``) and the share of end-to-end
screening time spent in extraction on the sample and development PDFs.

Timings are wall-clock on whatever machine runs this; the figures of record are
in ``benchmarks/RESULTS.md``. No timing is asserted anywhere in the tests.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for p in (str(ROOT / "src"), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

# issue 6: en_core_web_sm with all components, measured on the project's machines
FULL_PIPELINE_QUOTED = 7.0
TARGETS = {"c_over_a": 0.8, "two_process_speedup": 1.8, "rss_50k_over_10k": 1.10, "c_over_full_pipeline": 15.0}


# ---------------------------------------------------------------- helpers


def _rss_mb() -> float:
    """Current resident set size of this process (MB), from /proc."""
    return _proc_status_mb(os.getpid(), "VmRSS")


def _proc_status_mb(pid: int, key: str) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def _peak_rss_mb() -> float:
    """Peak RSS of this process (MB): ru_maxrss is in KB on Linux."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _docs(texts: Iterable[str], prefix: str = "gen"):
    from collabscreen.types import ExtractedText

    for i, t in enumerate(texts):
        yield ExtractedText(text=t, format="text", sha256=hashlib.sha256(t.encode()).hexdigest(), source=f"{prefix}-{i}")


def _versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": platform.python_version()}
    for dist in ("collabscreen", "spacy", "scikit-learn", "numpy", "scipy", "pdfminer.six", "python-docx"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            if dist == "collabscreen":
                import collabscreen

                out[dist] = getattr(collabscreen, "__version__", "?") + " (source checkout)"
            else:
                out[dist] = "absent"
    return out


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = _proc_meminfo_gb()
    return {
        "os": f"{platform.system()} {platform.release()}",
        "cpu": cpu or platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gb": mem,
    }


def _proc_meminfo_gb() -> float | None:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


# ---------------------------------------------------------------- (a) (b) (c)


def bench_tokenizer(texts: list[str], *, cache_kept: bool = False) -> dict[str, Any]:
    """(a): ``spacy.blank("en")`` as it comes; with ``cache_kept``, the same tokenizer after
    :func:`collabscreen.pipeline.keep_tokenizer_cache` (what the library's pipeline runs)."""
    import spacy

    nlp = spacy.blank("en")
    if cache_kept:
        from collabscreen.pipeline import keep_tokenizer_cache

        keep_tokenizer_cache(nlp)
    list(nlp.pipe(texts[:50]))  # warm the vocab the same way (c) is warmed
    t0 = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=256):
        tokens += len(doc)
    dt = time.perf_counter() - t0
    return {"seconds": dt, "resumes_per_s": len(texts) / dt, "tokens": tokens, "tokens_per_s": tokens / dt}


def bench_keywords(texts: list[str], tokens: int) -> dict[str, Any]:
    from collabscreen.baseline import KeywordBaseline

    kb = KeywordBaseline()
    t0 = time.perf_counter()
    hits = 0
    for t in texts:
        hits += kb.count(t)
    dt = time.perf_counter() - t0
    return {"seconds": dt, "resumes_per_s": len(texts) / dt, "tokens_per_s": tokens / dt, "mean_terms": hits / len(texts)}


def bench_screener(screener, texts: list[str], tokens: int, n_process: int = 1, batch_size: int = 32) -> dict[str, Any]:
    """Time ``screen_many`` over ExtractedText inputs; results are consumed and dropped."""
    docs = list(_docs(texts))
    if n_process == 1:
        list(screener.screen_many(docs[:50]))  # warm caches (lemmas, vocab), like a long-running service
    import multiprocessing as mp

    t0 = time.perf_counter()
    first = None
    n = strong = 0
    worker_peak: dict[int, float] = {}
    for r in screener.screen_many(docs, n_process=n_process, batch_size=batch_size):
        if first is None:
            first = time.perf_counter() - t0
        n += 1
        strong += r.band == "strong"
        if n_process > 1 and n % 250 == 0:
            for child in mp.active_children():
                worker_peak[child.pid] = max(worker_peak.get(child.pid, 0.0), _proc_status_mb(child.pid, "VmHWM"))
    dt = time.perf_counter() - t0
    out = {
        "seconds": dt,
        "resumes_per_s": n / dt,
        "tokens_per_s": tokens / dt,
        "first_result_s": first,
        "share_strong": strong / max(1, n),
    }
    if n_process > 1 and first is not None and n > batch_size * n_process:
        # throughput once the workers are up (start-up = loading spaCy, sklearn and the model)
        out["steady_resumes_per_s"] = (n - batch_size) / (dt - first)
        out["worker_peak_rss_mb"] = sorted(round(v, 1) for v in worker_peak.values())
    return out


# ---------------------------------------------------------------- where the time goes


def stage_profile(screener, texts: list[str]) -> dict[str, float]:
    """ms per resume in each stage of the loop, run stage by stage on batches of 32 as
    ``Screener._score_docs`` runs them (numpy-only model; CPU time, so the machine's load moves it less)."""
    from collabscreen import features
    from collabscreen.features import hash_rows, unit_records
    from collabscreen.pipeline import make_docs, tokenizer_safe

    nlp, units = screener.nlp, screener.model.units
    docs_in = list(_docs(texts))
    features._COLUMNS_MEMO = None  # these texts were screened before: hash them as on a first pass
    t: dict[str, float] = {}

    def timed(name, fn):
        t0 = time.process_time()
        out = fn()
        t[name] = t.get(name, 0.0) + time.process_time() - t0
        return out

    reference = screener._reference(None)
    for i in range(0, len(docs_in), 32):
        batch = docs_in[i : i + 32]
        docs = timed("tokenizer (make_doc)", lambda: list(make_docs(nlp, [tokenizer_safe(d.text) for d in batch])))
        for name, proc in nlp.pipeline:
            docs = timed(name, lambda: [proc(d) for d in docs])
        recs = timed("unit_records", lambda: [unit_records(d) for d in docs])
        flat = [r for rr in recs for r in rr]
        texts_ = [r["text"] for r in flat]
        # hashing remembers each distinct line's columns: the model heads hash again from the
        # same remembered state as the features stage, so that the subtraction below is exact
        memo = features._COLUMNS_MEMO
        before = None if memo is None else (memo[0], memo[1], dict(memo[2]))
        timed("features (hashing)", lambda: hash_rows(texts_, n_features=units.n_features, use_lemmas=units.use_lemmas, ngram_max=units.ngram_max, known=units.known))
        features._COLUMNS_MEMO = before
        out = timed("every model head + templates (hashing again, subtracted below)", lambda: units.predict_units(flat))
        t0 = time.process_time()
        pos = 0
        for d, rr, sd in zip(batch, recs, docs):
            n = len(rr)
            part = slice(pos, pos + n)
            pos += n
            screener._result(
                d, rr, out.evidence[part], out.category[part] if len(out.classes) else None, out.classes,
                out.domain[part] if n else None, out.template[part], out.specific[part],
                jobs=list(sd._.collab_jobs or []), reference=reference,
            )
        t["scoring + result objects"] = t.get("scoring + result objects", 0.0) + time.process_time() - t0
    heads = "every model head + templates (hashing again, subtracted below)"
    t["every model head + templates"] = t.pop(heads) - t["features (hashing)"]
    t["scoring + result objects"] = t.pop("scoring + result objects")
    return {k: 1000 * v / len(texts) for k, v in t.items()}


def _solo_child(n: int, seed: int) -> dict[str, Any]:
    from generate_resumes import generate

    from collabscreen import Screener

    screener = Screener()
    docs = list(_docs(generate(n, seed)))
    list(screener.screen_many(docs[:50]))
    t0 = time.perf_counter()
    for _ in screener.screen_many(docs):
        pass
    return {"resumes_per_s": n / (time.perf_counter() - t0)}


def bench_ceiling(n: int, seed: int) -> dict[str, Any]:
    """Two independent one-process loops side by side: what 2 processes can reach on this machine."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_solo", str(n), "--seed", str(seed)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    rates = []
    for p in procs:
        out, err = p.communicate()
        if p.returncode == 0:
            rates.append(json.loads(out.strip().splitlines()[-1])["resumes_per_s"])
    return {"rates": rates, "combined_resumes_per_s": sum(rates) if len(rates) == 2 else None}


# ---------------------------------------------------------------- scaling


def _scale_child(n: int, seed: int, n_process: int) -> dict[str, Any]:
    """Runs in a fresh subprocess: stream ``n`` generated texts through the loop, keep nothing."""
    from generate_resumes import generate

    from collabscreen import Screener

    screener = Screener()
    list(screener.screen_many(_docs(generate(50, seed + 1000), "warm")))
    rss_start = _rss_mb()
    checkpoints = {}
    marks = {n // 10, n // 2, n}
    t0 = time.perf_counter()
    count = 0
    for _r in screener.screen_many(_docs(generate(n, seed)), n_process=n_process):
        count += 1
        if count in marks:
            checkpoints[count] = round(_rss_mb(), 1)
    dt = time.perf_counter() - t0
    # the generator's own share of the time, measured separately
    g0 = time.perf_counter()
    for _t in generate(min(n, 2000), seed):
        pass
    gen_per_text = (time.perf_counter() - g0) / min(n, 2000)
    return {
        "n": count,
        "seconds": dt,
        "resumes_per_s": count / dt,
        "generator_share": gen_per_text * count / dt,
        "rss_after_warmup_mb": round(rss_start, 1),
        "rss_checkpoints_mb": checkpoints,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def bench_scaling(sizes: list[int], seed: int) -> list[dict[str, Any]]:
    out = []
    for n in sizes:
        print(f"  scaling: {n} texts in a fresh process ...", file=sys.stderr, flush=True)
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--_scale", str(n), "--seed", str(seed)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            out.append({"n": n, "error": proc.stderr.strip().splitlines()[-1:] or ["failed"]})
            continue
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out


# ---------------------------------------------------------------- extraction


def _make_pdfs(texts: list[str], folder: Path) -> list[Path]:
    """Multi-page PDFs of generated resumes (reportlab, 10-pt Helvetica, 2-3 pages each)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    paths = []
    for i, text in enumerate(texts):
        path = folder / f"generated_{i:03d}.pdf"
        c = canvas.Canvas(str(path), pagesize=letter)
        y = 740
        for line in text.splitlines():
            # wrap long lines at ~95 characters
            chunks = [line[k : k + 95] for k in range(0, max(1, len(line)), 95)] or [""]
            for chunk in chunks:
                if y < 60:
                    c.showPage()
                    y = 740
                c.setFont("Helvetica", 10)
                c.drawString(54, y, chunk)
                y -= 12 if chunk else 8
        c.showPage()
        c.save()
        paths.append(path)
    return paths


def bench_extraction(screener, quick: bool, tmp: Path) -> dict[str, Any]:
    import bench_extract
    from generate_resumes import generate

    samples = ROOT / "data" / "samples"
    dev = ROOT.parent / "shared" / "dev-resumes" / "pdf"
    sets = {
        "samples PDF": sorted(samples.glob("*.pdf")),
        "samples DOCX": sorted(samples.glob("*.docx")),
        "generated multi-page PDF": _make_pdfs(list(generate(6 if quick else 30, 99)), tmp),
        "dev-resumes PDF": sorted(dev.glob("*.pdf"))[: 15 if quick else None] if dev.is_dir() else [],
    }
    figures = {name: bench_extract._bench(paths, 1) for name, paths in sets.items() if paths}
    # end to end on real PDFs: extraction vs scoring, then both processes
    e2e_paths = sets["dev-resumes PDF"] or sets["samples PDF"]
    e2e = end_to_end(screener, e2e_paths)
    e2e["set"] = "dev-resumes PDF" if sets["dev-resumes PDF"] else "samples PDF"
    out = {"sets": figures, "end_to_end": e2e}
    if not quick:
        # the PDF backends side by side, against pdfminer.six alone (issue 11)
        # three rounds, each way's least CPU time kept (the baseline's too)
        out["backends"] = {"set": e2e["set"], "rows": bench_extract.bench_backends(e2e_paths, repeat=3)}
    return out


def end_to_end(screener, paths: list[Path]) -> dict[str, Any]:
    """What ``collabscreen score`` does per file: extract, then score; and with 2 processes."""
    from collabscreen.extract import extract_text

    t0 = time.perf_counter()
    docs = [extract_text(p) for p in paths]
    t_extract = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in screener.screen_many(docs):
        pass
    t_score = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in screener.screen_many(paths, n_process=2, batch_size=4):
        pass
    t_par = time.perf_counter() - t0
    total = t_extract + t_score
    return {
        "files": len(paths),
        "extract_s": t_extract,
        "score_s": t_score,
        "extract_share": t_extract / total,
        "one_process_files_per_s": len(paths) / total,
        "two_process_s": t_par,
        "two_process_files_per_s": len(paths) / t_par,
        "two_process_speedup": total / t_par,
    }


# ---------------------------------------------------------------- verify


def _reference_analyze(text: str, use_lemmas: bool = True, ngram_max: int = 2) -> list[str]:
    """The analyzer as first written (per-token regex and lemma calls), after the same
    blind-screening neutralisation."""
    import re

    from collabscreen.features import _NEUTRAL_WORDS, _TOKEN_RE, lemma, neutralize

    toks = []
    for t in _TOKEN_RE.findall(neutralize(text).lower()):
        t = _NEUTRAL_WORDS.get(t, t)
        if re.match(r"\$?\d", t):
            toks.append("<pct>" if t.endswith("%") else "<num>")
        else:
            toks.append(lemma(t) if use_lemmas else t)
    feats = list(toks)
    for n in range(2, ngram_max + 1):
        feats.extend(" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1))
    return feats


def reference_results(screener, texts: list[str], n_process: int = 1) -> list[dict[str, Any]]:
    """``screen_many`` on ``data/samples`` (files) and ``texts``; sources relative to the checkout."""
    samples = sorted(p for p in (ROOT / "data" / "samples").iterdir() if p.is_file() and p.name not in ("README.md", "labels.json"))
    inputs = list(samples) + list(_docs(texts))
    out = []
    for r in screener.screen_many(inputs, n_process=n_process, batch_size=7 if n_process > 1 else 32):
        d = r.to_dict()
        d["source"] = d["source"].replace(str(ROOT) + os.sep, "")
        out.append(d)
    return out


def verify(screener, texts: list[str], reference: str | None = None, save_reference: str | None = None) -> dict[str, Any]:
    """Check the fast paths against the plain spaCy API and (optionally) saved results.

    1. ``unit_bounds`` equals ``doc.sents`` (token and character offsets,
       ``Span.text``) on every document;
    2. every record's term texts equal ``doc[start:end].text``; the analyzer
       equals the reference analyzer on every unit;
    3. ``screen_many`` with 1 and 2 processes gives identical results;
    4. with ``reference``: identical to results saved earlier (``save_reference``)
       on ``data/samples`` and the same texts.
    """
    from collabscreen.features import analyze, unit_records
    from collabscreen.pipeline import SPANS_KEYS, unit_bounds

    problems: list[str] = []
    n_units = 0
    for k, doc in enumerate(screener.nlp.pipe(texts)):
        ts, te, cs, ce, _, _ = unit_bounds(doc)
        sents = list(doc.sents)
        got = list(zip(ts.tolist(), te.tolist(), cs.tolist(), ce.tolist()))
        want = [(s.start, s.end, s.start_char, s.end_char) for s in sents]
        if got != want:
            problems.append(f"text {k}: unit_bounds differs from doc.sents")
        if any(doc.text[a:b] != s.text for (_, _, a, b), s in zip(got, sents)):
            problems.append(f"text {k}: unit text differs from Span.text")
        term_texts = {m.text for m in doc.spans[SPANS_KEYS["cat"]]} if SPANS_KEYS["cat"] in doc.spans else set()
        for rec in unit_records(doc):
            n_units += 1
            if not set(rec["terms"]) <= term_texts:
                problems.append(f"text {k}: term texts differ from Span.text")
            if analyze(rec["text"]) != _reference_analyze(rec["text"]):
                problems.append(f"text {k}: analyzer differs on {rec['text'][:40]!r}")
    one = reference_results(screener, texts)
    two = reference_results(screener, texts, n_process=2)
    if one != two:
        problems.append("screen_many: 2 processes differ from 1 process")
    if save_reference:
        Path(save_reference).write_text(json.dumps(one, sort_keys=True) + "\n")
    compared = None
    if reference:
        old = json.loads(Path(reference).read_text())
        compared = len(old)
        if len(old) != len(one):
            problems.append(f"reference has {len(old)} results, now {len(one)}")
        for a, b in zip(old, one):
            keys = set(a) & set(b)  # fields added since the reference was saved are not compared
            if any(a[q] != b[q] for q in keys):
                problems.append(f"{b['source']}: result differs from the reference")
    return {
        "ok": not problems,
        "texts": len(texts),
        "units": n_units,
        "results": len(one),
        "reference_results": compared,
        "problems": problems[:20],
    }


# ---------------------------------------------------------------- report


def _fmt(x: float, nd: int = 0) -> str:
    return f"{x:,.{nd}f}"


def write_markdown(fig: dict[str, Any], path: Path) -> None:
    a, b, c = fig["tokenizer"], fig["keywords"], fig["screener"]
    ak = fig.get("tokenizer_cache_kept")
    lines = [
        "# Scoring-loop benchmark results",
        "",
        f"Written by `{fig['command']}` on {fig['date']}.",
        "",
        f"Machine: {fig['machine']['cpu']}, {fig['machine']['cpus']} CPUs, {fig['machine']['memory_gb']} GB RAM, {fig['machine']['os']}; "
        f"load average {fig['load_avg'][0]:.1f} at the start, {fig['load_avg'][1]:.1f} at the end (a shared machine: read the ratios).  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in fig["versions"].items()) + ".",
        "",
        f"Texts: {fig['texts']['n']:,} generated resumes (`benchmarks/generate_resumes.py`, seed {fig['texts']['seed']}), "
        f"{fig['texts']['words_min']}-{fig['texts']['words_max']} words (mean {fig['texts']['words_mean']:.0f}), "
        f"{fig['texts']['tokens_mean']:.0f} spaCy tokens on average; {fig['texts']['share_collab']:.0%} carry collaboration bullets.",
        "",
        "## One process, same texts",
        "",
        "| | resumes/s | tokens/s | ms/resume |",
        "|---|---:|---:|---:|",
        f"| (a) `spacy.blank(\"en\")` tokenizer only (`nlp.pipe`) | {_fmt(a['resumes_per_s'])} | {_fmt(a['tokens_per_s'])} | {1000 / a['resumes_per_s']:.2f} |",
        *(
            [f"| (a') the same tokenizer in collabscreen's pipeline (`keep_tokenizer_cache`: the same tokens) | {_fmt(ak['resumes_per_s'])} | {_fmt(ak['tokens_per_s'])} | {1000 / ak['resumes_per_s']:.2f} |"]
            if ak else []
        ),
        f"| (b) keyword baseline (`KeywordBaseline.count`, regex) | {_fmt(b['resumes_per_s'])} | {_fmt(b['tokens_per_s'])} | {1000 / b['resumes_per_s']:.2f} |",
        f"| (c) full scoring loop (`Screener.screen_many`, texts) | {_fmt(c['resumes_per_s'])} | {_fmt(c['tokens_per_s'])} | {1000 / c['resumes_per_s']:.2f} |",
        f"| full statistical pipeline (en_core_web_sm) | {fig['full_pipeline']['resumes_per_s']:g} | | {fig['full_pipeline']['note']} |",
        "",
        f"Ratios: **c/a = {fig['ratios']['c_over_a']:.2f}**, c/b = {fig['ratios']['c_over_b']:.3f} "
        f"(the keyword scan is {1 / fig['ratios']['c_over_b']:.0f}x faster and much less accurate, see the model card), "
        f"c / full pipeline = {fig['ratios']['c_over_full_pipeline']:.0f}x.",
        "",
    ]
    if ak:
        lines += [
            (f"The floor (a) is spaCy's English tokenizer as it comes. In it, a special case that matches (English lists "
            f"the newline as one) stops the chunk cache for the rest of the text, so every line after a resume's first "
            f"is split afresh; collabscreen drops the six one-character rules that cause this and set nothing else, and "
            f"gets the same tokens {a['seconds'] / ak['seconds']:.1f}x faster (a'). The loop's work beyond tokenizing: "
            f"{1000 / c['resumes_per_s'] - 1000 / ak['resumes_per_s']:.2f} ms a resume, c/a' = {c['resumes_per_s'] / ak['resumes_per_s']:.2f}."),
            "",
        ]
    two = fig.get("two_process")
    if two:
        lines += [
            "## Two worker processes",
            "",
            "| | resumes/s | speed-up vs one process |",
            "|---|---:|---:|",
            f"| (c) `screen_many(n_process=2)`, wall clock incl. worker start-up ({two['first_result_s']:.1f} s to first result) "
            f"| {_fmt(two['resumes_per_s'])} | {two['resumes_per_s'] / c['resumes_per_s']:.2f}x |",
        ]
        if "steady_resumes_per_s" in two:
            lines.append(
                f"| (c) `screen_many(n_process=2)`, after start-up | {_fmt(two['steady_resumes_per_s'])} | "
                f"**{two['steady_resumes_per_s'] / c['resumes_per_s']:.2f}x** |"
            )
        ceil = two.get("ceiling") or {}
        if ceil.get("combined_resumes_per_s"):
            lines.append(
                f"| two independent one-process loops side by side (the machine's ceiling for 2 processes) | "
                f"{_fmt(ceil['combined_resumes_per_s'])} | {ceil['combined_resumes_per_s'] / c['resumes_per_s']:.2f}x |"
            )
        lines.append("")
    stages = fig.get("stages_ms")
    if stages:
        total = sum(stages.values())
        lines += [
            f"## Where the time goes (one process, stage by stage, CPU time, first {min(fig['texts']['n'], 1000):,} texts)",
            "",
            "| stage | ms/resume | share |",
            "|---|---:|---:|",
        ]
        for name, ms in stages.items():
            lines.append(f"| {name} | {ms:.2f} | {ms / total:.0%} |")
        lines += [f"| total | {total:.2f} | |", ""]
    mem = fig["memory"]
    lines += [
        "## Memory (peak RSS per process)",
        "",
        f"- benchmark process (one-process loop, holding all {fig['texts']['n']:,} texts): {mem['main_peak_rss_mb']:.0f} MB",
    ]
    if two and two.get("worker_peak_rss_mb"):
        lines.append(f"- each of the 2 workers: {', '.join(f'{v:.0f}' for v in two['worker_peak_rss_mb'])} MB")
    lines.append("")
    if fig.get("scaling"):
        lines += [
            "## Scaling (one process, fresh subprocess per size, texts streamed, results discarded)",
            "",
            "| texts | seconds | resumes/s | RSS after warm-up (MB) | RSS at 10% / 50% / 100% (MB) | peak RSS (MB) |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for s in fig["scaling"]:
            if "error" in s:
                lines.append(f"| {s['n']:,} | failed: {s['error']} | | | | |")
                continue
            cps = " / ".join(str(v) for v in s["rss_checkpoints_mb"].values())
            lines.append(
                f"| {s['n']:,} | {s['seconds']:.1f} | {_fmt(s['resumes_per_s'])} | {s['rss_after_warmup_mb']:.0f} | {cps} | {s['peak_rss_mb']:.0f} |"
            )
        gen = [s["generator_share"] for s in fig["scaling"] if "generator_share" in s]
        if gen:
            lines.append("")
            lines.append(
                f"The texts are generated on the fly; the generator takes about {max(gen):.0%} of these times. "
                "Peak RSS includes the transient of loading the model at start-up; "
                "the RSS checkpoints show the steady state while texts stream through."
            )
        lines.append("")
    ex = fig.get("extraction")
    if ex:
        lines += [
            "## Extraction (benchmarked separately, `benchmarks/bench_extract.py`, one process)",
            "",
            "| set | files | pages | pages/s | docs/s | ms/doc |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, r in ex["sets"].items():
            lines.append(f"| {name} | {r['files']} | {r['pages']} | {r['pages_per_s']:.1f} | {r['docs_per_s']:.1f} | {r['ms_per_doc']:.1f} |")
        e = ex["end_to_end"]
        lines += [
            "",
            f"End to end on {e['set']} ({e['files']} files), what `collabscreen score` does per file: extraction "
            f"{e['extract_s']:.2f} s, scoring {e['score_s']:.2f} s: **{e['extract_share']:.0%} of the time is extraction**. "
            f"One process: {e['one_process_files_per_s']:.1f} files/s; `screen_many(paths, n_process=2)` (workers extract): "
            f"{e['two_process_files_per_s']:.1f} files/s ({e['two_process_speedup']:.2f}x, incl. worker start-up).",
            "",
        ]
        if ex.get("backends"):
            lines += _backend_lines(ex["backends"])
    lines += ["## Targets", "", "| target | measured | met |", "|---|---:|:---:|"]
    for name, want, got, ok in fig["targets"]:
        bound = want if isinstance(want, str) else f">= {want}"
        lines.append(f"| {name} ({bound}) | {got} | {'yes' if ok else '**no**'} |" if ok is not None else f"| {name} | {got} | n/a |")
    if fig.get("notes"):
        lines += ["", *fig["notes"]]
    from _results import kept_blocks  # sections other benchmarks write here survive this rewrite

    blocks = kept_blocks(path.read_text(encoding="utf-8")) if path.exists() else []
    path.write_text("\n".join(lines + ([""] + blocks if blocks else [])) + "\n", encoding="utf-8")


def _backend_lines(b: dict[str, Any]) -> list[str]:
    """The PDF-backend table (``bench_extract.py --backends``) as Markdown."""
    rows = b["rows"]
    lines = [
        f"### PDF backends side by side ({b['set']}, {rows[0]['files']} files, one process, "
        + (f"the least CPU time of {rows[0]['runs']} rounds for each)" if rows[0].get("runs", 1) > 1 else "one run)"),
        "",
        "| what | wall s | CPU s | files/s | files per CPU s | ratio to pdfminer.six alone (CPU) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['what']} | {r['seconds']:.2f} | {r['cpu_seconds']:.2f} | {r['files_per_s']:.2f} | {r['files_per_cpu_s']:.2f} | {r['ratio']:.2f} |"
        for r in rows
    ]
    return lines + [""]


def _targets(fig: dict[str, Any]) -> list[tuple]:
    out = []
    r = fig["ratios"]
    out.append(("c/a, one process", TARGETS["c_over_a"], f"{r['c_over_a']:.2f}", r["c_over_a"] >= TARGETS["c_over_a"]))
    two = fig.get("two_process")
    if two:
        sp = two.get("steady_resumes_per_s", two["resumes_per_s"]) / fig["screener"]["resumes_per_s"]
        out.append(("2 processes / 1 process, after start-up", TARGETS["two_process_speedup"], f"{sp:.2f}", sp >= TARGETS["two_process_speedup"]))
    backends = (fig.get("extraction") or {}).get("backends")
    if backends:
        e2e = next(r for r in backends["rows"] if r["what"] == "Screener end to end, pdfium")
        out.append(("end to end (PDFium) / pdfminer.six extract_text alone, one process", 6.0, f"{e2e['ratio']:.2f}", e2e["ratio"] >= 6.0))
    sc = {s["n"]: s for s in fig.get("scaling") or [] if "peak_rss_mb" in s}
    if 10000 in sc and 50000 in sc:
        q = sc[50000]["peak_rss_mb"] / sc[10000]["peak_rss_mb"]
        out.append(("peak RSS at 50k / at 10k texts", f"<= {TARGETS['rss_50k_over_10k']:.2f}", f"{q:.3f}", q <= TARGETS["rss_50k_over_10k"]))
    elif sc:
        out.append(("peak RSS 50k / 10k", "-", "not run (use --scaling 10000,50000)", None))
    out.append(
        (
            "c / full statistical pipeline (quoted 7 resumes/s)",
            TARGETS["c_over_full_pipeline"],
            f"{r['c_over_full_pipeline']:.0f}",
            r["c_over_full_pipeline"] >= TARGETS["c_over_full_pipeline"],
        )
    )
    return out


def _full_pipeline(texts: list[str]) -> dict[str, Any]:
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm")
    except Exception:
        return {"resumes_per_s": FULL_PIPELINE_QUOTED, "note": "not installed; figure quoted from issue 6", "measured": False}
    sub = texts[:200]
    t0 = time.perf_counter()
    for _ in nlp.pipe(sub):
        pass
    rate = len(sub) / (time.perf_counter() - t0)
    return {"resumes_per_s": round(rate, 1), "note": "measured (200 texts)", "measured": True}


# ---------------------------------------------------------------- main


def run(args) -> dict[str, Any]:
    from generate_resumes import generate

    from collabscreen import Screener

    load_start = os.getloadavg()[0]
    n = 300 if args.quick and args.n is None else (args.n or 5000)
    print(f"generating {n} texts ...", file=sys.stderr, flush=True)
    pairs = list(generate(n, args.seed, with_facts=True))
    texts = [t for t, _ in pairs]
    words = [f["words"] for _, f in pairs]
    screener = Screener()

    print("(a) tokenizer ...", file=sys.stderr, flush=True)
    a = bench_tokenizer(texts)
    a_kept = bench_tokenizer(texts, cache_kept=True)
    print("(b) keyword baseline ...", file=sys.stderr, flush=True)
    b = bench_keywords(texts, a["tokens"])
    print("(c) full scoring loop ...", file=sys.stderr, flush=True)
    c = bench_screener(screener, texts, a["tokens"])
    main_peak = _peak_rss_mb()
    two = None
    if args.processes > 1:
        print(f"(c) with {args.processes} processes ...", file=sys.stderr, flush=True)
        two = bench_screener(screener, texts, a["tokens"], n_process=args.processes)
        if args.processes == 2:
            print("two independent one-process loops side by side ...", file=sys.stderr, flush=True)
            two["ceiling"] = bench_ceiling(min(n, 1500), args.seed)
    print("stage profile ...", file=sys.stderr, flush=True)
    stages = stage_profile(screener, texts[:1000])
    full = _full_pipeline(texts)
    fig: dict[str, Any] = {
        "command": "python benchmarks/bench_scoring.py " + " ".join(args.argv),
        "date": _dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": _machine(),
        "versions": _versions(),
        "texts": {
            "n": n,
            "seed": args.seed,
            "words_min": min(words),
            "words_max": max(words),
            "words_mean": sum(words) / n,
            "tokens_mean": a["tokens"] / n,
            "share_collab": sum(1 for _, f in pairs if f["collab_bullets"]) / n,
        },
        "tokenizer": a,
        "tokenizer_cache_kept": a_kept,
        "keywords": b,
        "screener": c,
        "two_process": two,
        "full_pipeline": full,
        "ratios": {
            "c_over_a": c["resumes_per_s"] / a["resumes_per_s"],
            "c_over_b": c["resumes_per_s"] / b["resumes_per_s"],
            "c_over_full_pipeline": c["resumes_per_s"] / full["resumes_per_s"],
        },
        "memory": {"main_peak_rss_mb": main_peak},
        "stages_ms": stages,
        "notes": [],
    }
    del texts, pairs
    sizes = [] if args.quick and args.scaling is None else [int(x) for x in (args.scaling or "1000,10000,50000").split(",") if x]
    if sizes:
        fig["scaling"] = bench_scaling(sizes, args.seed)
    if not args.no_extract:
        print("extraction ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            fig["extraction"] = bench_extraction(screener, args.quick, Path(tmp))
    if args.processes > 1 and (os.cpu_count() or 1) < args.processes:
        fig["notes"].append(f"Only {os.cpu_count()} CPU(s): the {args.processes}-process figures cannot show a speed-up.")
    fig["targets"] = _targets(fig)
    fig["load_avg"] = [load_start, os.getloadavg()[0]]
    return fig


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=None, help="texts for (a), (b), (c) (default 5000; 300 with --quick)")
    ap.add_argument("--scaling", default=None, help="comma-separated sizes for the scaling runs (default 1000,10000,50000; none with --quick)")
    ap.add_argument("--quick", action="store_true", help="300 texts, no scaling, few extraction files (< 60 s)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--processes", type=int, default=2, help="worker processes for the parallel run (1 = skip it)")
    ap.add_argument("--no-extract", action="store_true", help="skip the extraction benchmark")
    ap.add_argument("--out", default=str(HERE / "RESULTS.md"), help="Markdown report (default benchmarks/RESULTS.md)")
    ap.add_argument("--json", metavar="FILE", help="also write all figures as JSON")
    ap.add_argument("--verify", action="store_true", help="only check the fast paths against the reference outputs and exit")
    ap.add_argument("--reference", metavar="FILE", help="with --verify: compare with results saved by --save-reference")
    ap.add_argument("--save-reference", metavar="FILE", help="save screen_many results (samples + texts) for a later --verify --reference")
    ap.add_argument("--_scale", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--_solo", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.argv = argv

    if args._solo:
        print(json.dumps(_solo_child(args._solo, args.seed)))
        return 0
    if args._scale:
        print(json.dumps(_scale_child(args._scale, args.seed, 1)))
        return 0
    if args.save_reference and not args.verify:
        # works with any version of the library (no fast-path internals used)
        from generate_resumes import generate

        from collabscreen import Screener

        res = reference_results(Screener(), list(generate(args.n or 300, args.seed + 7)))
        Path(args.save_reference).write_text(json.dumps(res, sort_keys=True) + "\n")
        print(f"saved {len(res)} results to {args.save_reference}", file=sys.stderr)
        return 0
    if args.verify:
        from generate_resumes import generate

        from collabscreen import Screener

        texts = list(generate(args.n or 300, args.seed + 7))
        rep = verify(Screener(), texts, reference=args.reference, save_reference=args.save_reference)
        print(json.dumps(rep, indent=2))
        return 0 if rep["ok"] else 1

    fig = run(args)
    out = Path(args.out)
    write_markdown(fig, out)
    if args.json:
        Path(args.json).write_text(json.dumps(fig, indent=2, default=str) + "\n")
    print(out.read_text())
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
