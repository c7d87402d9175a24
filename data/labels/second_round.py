"""A second reading of every resume read once, and a third where the two grades differ.

    python data/labels/second_round.py packets TEXT_DIR OUT_DIR [N_READERS]
    python data/labels/second_round.py third TEXT_DIR ANSWERS_DIR [N_READERS]
    python data/labels/second_round.py merge ANSWERS_DIR
    python data/labels/second_round.py agreement

Packets go to ``OUT_DIR``, and readers write their answers beside them
(``second_K.jsonl`` for ``second_K.txt``). ``TEXT_DIR`` holds the pool's extracted texts as ``<pdf sha256>.txt`` (the
cache of :func:`collabscreen.realdata.pool_texts`); each text is checked against
the ``text_sha256`` its first reader saw. Packets hold resume text and are
written outside the project (resume files are never copied into it).

Readers grade whole resumes (no unit codes) with ``GUIDELINE.md``'s rubric and
never see another reading, a score or why a resume was chosen: packets are in
a seeded shuffled order and carry nothing but the resume's id and text. The
readers of this round are ``R2-s5`` onwards (second readings; ``R2-s1`` ...
``R2-s4`` read the first 260) and ``R3-t2`` onwards (third readings).

``merge`` adds each answer to ``resume_grades.jsonl`` as a reading and
recomputes the final grade with the rule of ``consolidate.py``: the readings
agree, or the third reading decides (equal to one of the first two, else the
median of the three).
"""

from __future__ import annotations

import hashlib
import json
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 5
FIRST_SECOND_READER = 5  # R2-s5: R2-s1 ... R2-s4 gave the first 260 second readings
FIRST_THIRD_READER = 2  # R3-t2: R3-t1 decided the first 18 disagreements


def _grades() -> list[dict]:
    return [json.loads(x) for x in (HERE / "resume_grades.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]


def _write_packets(rows: list[dict], text_dir: Path, out: Path, prefix: str, n_readers: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    order = sorted(rows, key=lambda g: hashlib.sha256(f"{SEED}{prefix}{g['id']}".encode()).hexdigest())
    packets: list[list[str]] = [[] for _ in range(n_readers)]
    for k, g in enumerate(order):
        text = (text_dir / f"{g['pdf_sha256']}.txt").read_text(encoding="utf-8")
        if hashlib.sha256(text.encode()).hexdigest() != g["text_sha256"]:
            # the extractor changed since the first reading (seen for 1 of 921): the reader gets today's text
            print(f"warning: {g['id']}: extracted text differs from the text its first reader saw", file=sys.stderr)
        packets[k % n_readers].append(f"=== RESUME id={g['id']} ===\n{text.rstrip()}\n=== END id={g['id']} ===\n")
    for k, items in enumerate(packets):
        head = f"# {len(items)} resumes. Grade each one (0-3) with the rubric of the guideline.\n\n"
        (out / f"{prefix}_{k + 1}.txt").write_text(head + "\n".join(items), encoding="utf-8")
    print(f"{len(order)} resumes in {n_readers} packets under {out}")


def packets(text_dir: str, out_dir: str, n_readers: str = "7") -> None:
    """Second-reading packets: every resume that has one reading."""
    rows = [g for g in _grades() if len(g["readings"]) == 1]
    _write_packets(rows, Path(text_dir), Path(out_dir), "second", int(n_readers))


def _answers(answers: Path, prefix: str, first_reader: int, tag: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for f in sorted(answers.glob(f"{prefix}_*.jsonl")):
        k = int(f.stem.split("_")[1])
        packet = answers / f"{prefix}_{k}.txt"
        want = set()
        if packet.is_file():
            want = {line[len("=== RESUME id="):-len(" ===")] for line in packet.read_text(encoding="utf-8").splitlines() if line.startswith("=== RESUME id=")}
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            a = json.loads(line)
            rid = str(a["id"])
            if want and rid not in want:
                raise SystemExit(f"{f.name}: {rid} is not in its packet")
            if int(a["grade"]) not in (0, 1, 2, 3):
                raise SystemExit(f"{f.name}: grade {a['grade']!r} for {rid}")
            out[rid] = {"reader": f"{tag}{first_reader + k - 1}", "grade": int(a["grade"]), "evidence": str(a.get("evidence", "")), "note": str(a.get("note", ""))}
    return out


def _disagreements(answers: Path) -> list[dict]:
    second = _answers(answers, "second", FIRST_SECOND_READER, "R2-s")
    return [g for g in _grades() if len(g["readings"]) == 1 and g["id"] in second and second[g["id"]]["grade"] != g["readings"][0]["grade"]]


def third(text_dir: str, answers_dir: str, n_readers: str = "2") -> None:
    """Third-reading packets (beside the answers): the resumes whose second reading differs from the first."""
    rows = _disagreements(Path(answers_dir))
    if not rows:
        raise SystemExit("no disagreements")
    _write_packets(rows, Path(text_dir), Path(answers_dir), "third", int(n_readers))


def final_grade(grades: list[int]) -> tuple[int, str]:
    """The final grade of one resume from its readings, in reading order (``consolidate.py``'s rule)."""
    if len(grades) == 1:
        return grades[0], "single reading"
    if grades[0] == grades[1]:
        return grades[0], "two readings agree"
    if len(grades) >= 3:
        return (grades[2] if grades[2] in grades[:2] else int(statistics.median(grades[:3]))), "third reading decides"
    return min(grades[:2]), "readings differ, no third reading yet: lower grade"


def merge(answers_dir: str) -> None:
    """Add this round's readings to ``resume_grades.jsonl`` and recompute the final grades."""
    answers = Path(answers_dir)
    second = _answers(answers, "second", FIRST_SECOND_READER, "R2-s")
    third_ = _answers(answers, "third", FIRST_THIRD_READER, "R3-t")
    out, changed, added = [], 0, 0
    for g in _grades():
        reads = list(g["readings"])
        if len(reads) == 1 and g["id"] in second:
            reads.append(second[g["id"]])
            added += 1
            if g["id"] in third_ and reads[0]["grade"] != reads[1]["grade"]:
                reads.append(third_[g["id"]])
        final, how = final_grade([r["grade"] for r in reads])
        changed += final != g["grade"]
        out.append(dict(g, grade=final, resolution=how, readings=reads))
    (HERE / "resume_grades.jsonl").write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in out), encoding="utf-8")
    print(f"{added} second readings added, {changed} final grades changed")


def agreement() -> None:
    """First against second reading (Spearman, quadratic-weighted kappa, exact), per round of second readers."""
    from collections import Counter

    from scipy.stats import spearmanr
    from sklearn.metrics import cohen_kappa_score

    rounds = {"R2-s1..s4 (first 260)": lambda r: int(r.split("s")[-1]) < FIRST_SECOND_READER, "R2-s5.. (the other 661)": lambda r: int(r.split("s")[-1]) >= FIRST_SECOND_READER}
    rows = [g for g in _grades() if len(g["readings"]) >= 2]
    for name, take in [("all", lambda r: True), *rounds.items()]:
        pairs = [(g["readings"][0]["grade"], g["readings"][1]["grade"]) for g in rows if take(g["readings"][1]["reader"])]
        if not pairs:
            continue
        a, b = zip(*pairs)
        off = Counter(tuple(sorted(p)) for p in pairs if p[0] != p[1])
        print(f"{name}: n={len(pairs)} spearman={spearmanr(a, b)[0]:.3f} qwk={cohen_kappa_score(a, b, weights='quadratic'):.3f} "
              f"exact={sum(x == y for x, y in pairs)}/{len(pairs)} differ={dict(sorted(off.items()))} "
              f"second higher={sum(y > x for x, y in pairs)} lower={sum(y < x for x, y in pairs)}")
    third_ = [g for g in rows if len(g["readings"]) >= 3]
    sides = Counter("first" if g["readings"][2]["grade"] == g["readings"][0]["grade"] else "second" if g["readings"][2]["grade"] == g["readings"][1]["grade"] else "neither" for g in third_)
    print(f"third readings: {len(third_)}, sided with {dict(sides)}")
    print("final grades:", dict(sorted(Counter(g["grade"] for g in _grades()).items())))


if __name__ == "__main__":
    {"packets": packets, "third": third, "merge": merge, "agreement": agreement}[sys.argv[1]](*sys.argv[2:])
