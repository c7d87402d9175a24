"""Merge the readers' answer files into the project's label files.

    python data/labels/consolidate.py SCRATCH_LABELS_DIR PACKETS_DIR

Reads ``first_*.jsonl`` (first readings), ``second_*.jsonl`` (independent second
readings) and ``third_*.jsonl`` (a third reading of the resumes where the first
two grades differ), checks every answer against the packet it answers (ids and
unit numbers), and writes ``resume_grades.jsonl`` and ``units.jsonl`` beside
this script. A reader is identified by the packet it was given (each packet
had exactly one reader), so an answer written under another reader's id is
attributed to the packet's reader.

``extra_*.jsonl`` answer the extra-unit packets (``extra_units.json`` beside
them: more units of the resumes graded 2-3 and of 60 resumes graded 1, coded
by readers who gave no grade); those units join ``units.jsonl`` and are listed
in ``extra_units.json`` here.

Final grade: the first reading when it is the only one or when the readings
agree; when two readings differ, the third reading decides if it equals one
of them, else the median of the three.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from second_round import final_grade  # the script's own folder is on sys.path

HERE = Path(__file__).resolve().parent
CODES = {"S": ("specific", None), "G": ("generic", None), "Ns": ("none", "sales-only"), "Nm": ("none", "marketing-only"),
         "No": ("none", "other-team collaboration"), "Nt": ("none", "template text"), "Ni": ("none", "incidental word"),
         "Nh": ("none", "header or noise"), "Nu": ("none", "unrelated duty")}


def packet_ids(path: Path) -> dict[str, int]:
    text = path.read_text(encoding="utf-8")
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"=== UNITS id=(\d+) \((\d+) units\) ===", text)}


def read_answers(labels: Path, packets: Path, prefix: str, packet_prefix: str, reader_prefix: str) -> dict[str, dict]:
    """{resume id: answer} for one reading, attributed by packet."""
    owner: dict[str, str] = {}
    n_units: dict[str, int] = {}
    for pk in sorted(packets.glob(f"{packet_prefix}_*.txt")):
        k = pk.stem.split("_")[1]
        for rid, n in packet_ids(pk).items():
            owner[rid] = f"{reader_prefix}{k}"
            n_units[rid] = n
    cands: dict[str, list[tuple[bool, str, dict]]] = {}
    for f in sorted(labels.glob(f"{prefix}_*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                a = json.loads(line)
                rid = str(a["id"])
                if rid in owner:
                    own = f.stem.split("_")[-1] == owner[rid].split("-")[-1]
                    cands.setdefault(rid, []).append((own, f.name, a))
    out: dict[str, dict] = {}
    for rid, options in cands.items():
        # the packet's own answer file wins over a copy written elsewhere; a later line over an earlier one
        own, fname, a = sorted(options, key=lambda o: o[0])[-1]
        units = {str(k): v for k, v in (a.get("units") or {}).items()}
        if set(units) != {str(i) for i in range(1, n_units[rid] + 1)} or not set(units.values()) <= set(CODES):
            raise SystemExit(f"{fname}: answer for {rid} does not cover its {n_units[rid]} units with valid codes")
        if int(a["grade"]) not in (0, 1, 2, 3):
            raise SystemExit(f"{fname}: grade {a['grade']!r} for {rid}")
        out[rid] = dict(a, id=rid, units=units, reader=owner[rid], grade=int(a["grade"]))
    return out


def main(labels_dir: str, packets_dir: str) -> None:
    labels, packets = Path(labels_dir), Path(packets_dir)
    sel = {r["id"]: r for r in json.loads((HERE / "selection.json").read_text())}
    first = read_answers(labels, packets, "first", "batch", "R1-b")
    second = read_answers(labels, packets, "second", "second", "R2-s")
    third = read_answers(labels, packets, "third", "third", "R3-t")
    missing = sorted(set(sel) - set(first))
    if missing:
        print(f"warning: {len(missing)} selected resumes have no first reading", file=sys.stderr)
    grades, units = [], []
    for rid, s in sel.items():
        if rid not in first:
            continue
        reads = [first[rid]] + ([second[rid]] if rid in second else []) + ([third[rid]] if rid in third else [])
        final, how = final_grade([r["grade"] for r in reads])
        grades.append({
            "id": rid, "stratum": s["stratum"], "chosen_as": s["chosen_as"], "category": s["category"],
            "pdf_sha256": s["pdf_sha256"], "text_sha256": s["text_sha256"], "grade": final, "resolution": how,
            "readings": [{"reader": r["reader"], "grade": r["grade"], "evidence": r.get("evidence", ""), "note": r.get("note", "")} for r in reads],
        })
        by_u = {u["u"]: u for u in s["units"]}
        for r in reads:
            for k, code in sorted(r["units"].items(), key=lambda kv: int(kv[0])):
                u = by_u[int(k)]
                strength, kind = CODES[code]
                units.append({"id": rid, "u": u["u"], "start_char": u["start_char"], "end_char": u["end_char"],
                              "section": u["section"], "text": u["text"], "strength": strength, "kind": kind,
                              "code": code, "reader": r["reader"]})
    # extra units (no grade), offered after the first grading
    extra_file = packets / "extra_units.json"
    n_extra = 0
    if extra_file.is_file():
        offered = {r["id"]: {u["u"]: u for u in r["units"]} for r in json.loads(extra_file.read_text())}
        (HERE / "extra_units.json").write_text(
            json.dumps([{"id": rid, "units": [{k: v for k, v in u.items()} for u in us.values()]} for rid, us in offered.items()], ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        for pk in sorted(packets.glob("extra_*.txt")):
            k = pk.stem.split("_")[1]
            want = packet_ids(pk)
            f = labels / f"extra_x{k}.jsonl"
            answers = {}
            if f.is_file():
                for line in f.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        a = json.loads(line)
                        answers[str(a["id"])] = a
            for rid, n in want.items():
                a = answers.get(rid)
                if a is None:
                    continue
                codes = {str(k2): v for k2, v in (a.get("units") or {}).items()}
                if set(codes) != {str(i) for i in range(1, n + 1)} or not set(codes.values()) <= set(CODES):
                    raise SystemExit(f"{f.name}: answer for {rid} does not cover its {n} units with valid codes")
                for uk, code in sorted(codes.items(), key=lambda kv: int(kv[0])):
                    u = offered[rid][int(uk)]
                    strength, kind = CODES[code]
                    units.append({"id": rid, "u": f"x{u['u']}", "start_char": u["start_char"], "end_char": u["end_char"],
                                  "section": u["section"], "text": u["text"], "strength": strength, "kind": kind,
                                  "code": code, "reader": f"R4-x{k}", "extra": True})
                    n_extra += 1
    (HERE / "resume_grades.jsonl").write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in grades), encoding="utf-8")
    (HERE / "units.jsonl").write_text("".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units), encoding="utf-8")
    print(f"{len(grades)} resumes ({sum(1 for g in grades if len(g['readings']) > 1)} read twice or more), {len(units)} unit labels ({n_extra} extra)")


if __name__ == "__main__":
    main(*sys.argv[1:])
