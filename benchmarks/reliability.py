"""Reliability: fuzzed files, injected faults, inputs in = rows out, invariance, hostile models.

    python benchmarks/reliability.py                # about 3 minutes on 2 cores
    python benchmarks/reliability.py --fuzz 5000    # the long fuzz (not part of CI)

Prints one table:
- files fuzzed: mutated copies of the sample resumes (bit flips, truncation, splices, prefixes of
  other formats, pathological text, PDFs that once ran away in a backend) screened in one batch;
  every one must come back as a row, and the hostile PDFs as E108 refusals;
- faults injected: a worker process killed mid-run (the run must end by itself with every row),
  the whole run killed (then ``--resume``), files deleted while the run is going, an unwritable output; after each, inputs in must equal rows out;
- invariance cases: identity edits (name, pronouns, contact, personal lines) on generated
  resumes that must leave the score exactly equal;
- hostile model files: each kind of malicious skops file, which must be refused with no code run;
- the slowest file and the peak memory (RSS) of the process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
sys.path.insert(0, str(ROOT / "tests"))


def _hostile_pdfs() -> list[bytes]:
    """PDFs that once ran away inside a backend (issue 10): 10^6 text operators in one page
    (11 KB compressed), one ``TJ`` of 3 million strings (9 KB), and a form of 1,000 ``Tj``
    drawn 1,000 times (14 KB); the same page with ``/Subtype /Image`` in its content dictionary,
    70 MB of zeros in RunLength (1.1 MB), and 70 MB of zeros behind a stored block spelling
    ``endstream`` (68 KB: pdfminer.six spent 344 s in it); the million operators and the RunLength
    zeros again in files encrypted with an empty password (RC4, AES-128: the pre-scan saw only
    ciphertext); six levels of ten form draws whose resource dictionaries sit in a compressed
    object stream (the pre-scan did not read object streams); 70 MB of zeros behind an indirect
    filter array of over 64 bytes (the pre-scan guessed the chain)."""
    from extract.conftest import content_pdf, decoy_endstream_pdf, encrypt_pdf, long_filter_bomb_pdf, one_tj_pdf, slow_pdf
    from extract.test_pdf_backends import nested_forms_pdf, packed_forms_pdf

    million = b"BT /F1 12 Tf 72 700 Td " + b"(a) Tj " * 1_000_000 + b"ET"
    return [
        slow_pdf(1_000_000, compress=True),
        one_tj_pdf(3_000_000),
        nested_forms_pdf(1, 1_000, shows=999, line=b"a"),
        content_pdf(million, compress=True, extra=b" /Subtype /Image"),
        content_pdf(b"\0" * 70_000_000, filter=b"/RunLengthDecode"),
        decoy_endstream_pdf(),
        encrypt_pdf(slow_pdf(1_000_000, compress=True)),
        encrypt_pdf(content_pdf(b"\0" * 70_000_000, filter=b"/RunLengthDecode"), aes=True),
        packed_forms_pdf(6, 10),
        long_filter_bomb_pdf(),
    ]


_HOSTILE_PDFS: list[bytes] = []


def mutate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(7)
    if kind == 0 and data:  # bit flips
        b = bytearray(data)
        for _ in range(rng.randint(1, 50)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        return bytes(b)
    if kind == 1:  # truncation
        return data[: rng.randint(0, len(data))]
    if kind == 2:  # splice two halves of the file
        a, b = sorted(rng.randint(0, len(data)) for _ in range(2))
        return data[:a] + data[b:] + data[a:b]
    if kind == 3:  # another format's magic bytes in front
        return rng.choice([b"%PDF-1.4\n", b"PK\x03\x04", b"{\\rtf1 ", b"<html>", b"\xff\xfe", b"\xd0\xcf\x11\xe0"]) + data
    if kind == 4:  # pathological text or PDFs that once made parsers blow up
        if not _HOSTILE_PDFS:
            _HOSTILE_PDFS.extend(_hostile_pdfs())
        return rng.choice([b"<!--a-->" * 50, b"'" * 100_000, "\ufffd".encode() * 20_000, b"__x " * 20_000, b"![a](" * 20_000, b"|" + b"-" * 500 + b"x", *_HOSTILE_PDFS])
    if kind == 5:  # random bytes
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 4000)))
    return data * rng.randint(2, 20)  # repetition


def peak_rss_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(r, c) / 1024.0  # KiB on Linux


def _forked_children(pid: int) -> list[int]:
    """The worker processes of ``pid``: its children that run the same command (forked from it)."""
    try:
        kids = [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        own = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    out = []
    for k in kids:
        try:
            if Path(f"/proc/{k}/cmdline").read_bytes() == own:
                out.append(k)
        except OSError:
            pass
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fuzz", type=int, default=300, help="fuzzed files (default 300)")
    ap.add_argument("--invariance", type=int, default=200, help="identity edits tried (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    from collabscreen import Screener
    from collabscreen.batch import read_rows, run_batch
    from collabscreen.errors import CollabscreenError

    screener = Screener()
    work = Path(tempfile.mkdtemp(prefix="collab-reliability-"))
    figures: dict[str, object] = {}
    try:
        # -------------------------------------------------------- fuzz
        seeds = [p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix not in (".json",) and p.name != "README.md"]
        fz = work / "fuzz"
        fz.mkdir()
        hostile = set()
        for i in range(args.fuzz):
            src = rng.choice(seeds)
            blob = mutate(src.read_bytes(), rng)
            (fz / f"f{i:05d}{src.suffix}").write_bytes(blob)
            if blob in _HOSTILE_PDFS:
                hostile.add(f"f{i:05d}{src.suffix}")
        t0 = time.perf_counter()
        slowest = (0.0, "")
        n_rows = n_err = n_refused = 0
        for p in sorted(fz.iterdir()):
            t = time.perf_counter()
            (r,) = list(screener.screen_many([p]))
            dt = time.perf_counter() - t
            n_rows += 1
            n_err += r.status != "ok"
            n_refused += p.name in hostile and r.error_code == "E108"
            if dt > slowest[0]:
                slowest = (dt, p.name)
        batch = run_batch(screener, [fz], work / "fuzz.jsonl")
        figures["files fuzzed"] = args.fuzz
        figures["fuzz: rows out (one at a time / one batch)"] = f"{n_rows} / {len(read_rows(work / 'fuzz.jsonl'))} ({n_err} error rows)"
        figures["fuzz: batch inputs = rows"] = batch.n_inputs == len(read_rows(work / "fuzz.jsonl")) == args.fuzz
        refused_pdfs = f"{n_refused} / {len(hostile)}"
        figures["fuzz: hostile PDFs refused (E108)"] = refused_pdfs if n_refused == len(hostile) else f"FAILED ({refused_pdfs})"
        figures["fuzz: seconds"] = round(time.perf_counter() - t0, 1)

        # -------------------------------------------------------- faults
        faults = {}
        # 1. a worker killed mid-run: the run finishes by itself with every row; 2. the whole run
        # killed mid-run, then --resume
        d = work / "kill"
        d.mkdir()
        good = [p for p in seeds if p.parent == SAMPLES]
        for i in range(60):
            src = good[i % len(good)]
            (d / f"r{i:03d}{src.suffix}").write_bytes(src.read_bytes() + f"\n<!-- {i} -->\n".encode() if src.suffix in (".txt", ".md") else src.read_bytes())
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        for victim in ("worker", "run"):
            out = work / f"kill-{victim}.csv"
            cmd = [sys.executable, "-m", "collabscreen", "score", str(d), "-o", str(out), "--jobs", "2", "-q"]
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            killed = False
            deadline = time.time() + 120
            while time.time() < deadline and proc.poll() is None and not killed:
                time.sleep(0.2)
                partial = out.with_name(out.name + ".partial")
                if partial.exists() and partial.stat().st_size > 400:
                    target = proc.pid if victim == "run" else next(iter(_forked_children(proc.pid)), None)
                    if target is not None:
                        os.kill(target, signal.SIGKILL)
                        killed = True
            try:
                proc.wait(timeout=max(1.0, deadline - time.time()))
            except subprocess.TimeoutExpired:  # a hung run: the fault is not survived
                proc.kill()
                proc.wait()
            if victim == "worker":
                faults["worker process killed: the run ends by itself, every row"] = (killed, proc.returncode == 0 and len(read_rows(out)) == 60)
            else:
                again = subprocess.run(cmd + ["--resume"], env=env, capture_output=True, text=True, timeout=600)
                faults["run killed, then --resume"] = (killed, again.returncode == 0 and len(read_rows(out)) == 60)
        # 2. files deleted while the run goes on
        d2 = work / "delete"
        d2.mkdir()
        paths = []
        for i in range(20):
            p = d2 / f"d{i:02d}.txt"
            p.write_text("Ran joint webinars with the sales team and handed leads to account executives.\n")
            paths.append(p)

        def vanishing():
            for i, p in enumerate(paths):
                if i % 3 == 0:
                    p.unlink()
                yield p

        rows = list(screener.screen_many(vanishing(), batch_size=4))
        faults["files deleted mid-run"] = (True, len(rows) == 20 and sum(r.status == "error" for r in rows) == 7)
        # 3. an unwritable output
        try:
            run_batch(screener, [d2], work / "no" / "such" / "dir" / "out.csv")
            ok = False
        except CollabscreenError as exc:
            ok = exc.code == "E405"
        faults["unwritable output refused before work (E405)"] = (True, ok)
        figures["faults injected"] = len(faults)
        for k, (injected, passed) in faults.items():
            figures[f"fault: {k}"] = "ok" if injected and passed else f"FAILED (injected={injected}, passed={passed})"

        # -------------------------------------------------------- invariance
        import test_fairness as tf

        tried = same = 0
        for _ in range(args.invariance):
            def ident():
                first, last = rng.choice(tf.FIRST), rng.choice(tf.LAST)
                return tf.render(f"{first} {last}", rng.choice(tf.CITIES), f"{first.lower()}@{rng.choice(['gmail.com', 'x.org'])}",
                                 rng.choice(tf.PHONES), rng.sample(tf.PERSONAL, rng.randint(0, 3)), rng.choice(tf.PRONOUNS), rng.choice(tf.TITLES))

            a, b = screener.screen_text(ident()), screener.screen_text(ident())
            tried += 1
            same += (a.score, a.grade_probabilities) == (b.score, b.grade_probabilities)
        figures["invariance cases tried / exactly equal"] = f"{tried} / {same}"

        # -------------------------------------------------------- hostile models
        import test_model_security as tms

        from collabscreen.model import load_model

        kinds = [("builtins", "exec", "{code}"), ("builtins", "eval", "{code}"), ("builtins", "__import__", "os"),
                 ("os", "system", "touch {marker}"), ("posix", "system", "touch {marker}"), ("builtins", "getattr", "{code}")]
        refused = ran = 0
        for i, (mod, name, arg) in enumerate(kinds * 4):
            loader = ["ConstructorFromReduceNode", "TreeNode", "LossNode", "ReduceNode"][i // len(kinds)]
            base = work / f"model{i}"
            base.mkdir()
            marker = base / "pwned"
            p = tms._copy(base)
            tms._rewrite(p, tms._smuggle(tms._reduce_node(mod, name, arg.format(code=tms._payload(marker), marker=marker), loader=loader)))
            try:
                # screening reads only inference.npz; model.skops is audited when the estimator is loaded
                load_model(p).estimator
            except CollabscreenError:
                refused += 1
            ran += marker.exists()
        pk = work / "pickle"
        pk.mkdir()
        p = tms._copy(pk)
        import pickle

        (p / "model.skops").write_bytes(pickle.dumps(tms._Boom(str(pk / "pwned"))))
        tms._reseal(p)
        try:
            load_model(p).estimator
        except CollabscreenError:
            refused += 1
        ran += (pk / "pwned").exists()
        figures["hostile model files refused"] = f"{refused} / {len(kinds) * 4 + 1} (code ran: {ran})"

        figures["slowest file"] = f"{slowest[1]}: {slowest[0]:.2f} s"
        figures["peak memory (RSS)"] = f"{peak_rss_mb():.0f} MB"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(k) for k in figures)
    print("| measure | value |\n|---|---|")
    for k, v in figures.items():
        print(f"| {k:<{width}} | {v} |")
    bad = [k for k, v in figures.items() if v is False or (isinstance(v, str) and "FAILED" in v)]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
