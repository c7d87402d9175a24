"""Choose which pool resumes and units are labelled, and write reading packets.

Standard selection, reproducible: ``python data/labels/make_packets.py TEXT_DIR OUT_DIR``
where TEXT_DIR holds ``<id>.txt`` from ``collabscreen.extract_text`` for every
PDF of ``../shared/train-resumes``. Packets hold resume text and are written
outside the project (resume files are never copied into it); the project keeps
``selection.json`` (ids, hashes, why each was chosen) and the labels.

Resumes: every ``target`` resume, the 350 ``other`` resumes with the most sales
or marketing vocabulary (a plain regex count, not the model), and 250 more
``other`` resumes drawn at random (seed 2026).

Units (as the pipeline cuts them): every unit that the previous model (0.1.0)
scores >= 0.2, every unit of a ``target`` resume with a sales or marketing
term, and 3 random units per resume. Readers are not told why a unit was
chosen, nor any score.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from pathlib import Path

VOCAB = re.compile(
    r"\b(sales|sell\w*|sold|marketing|market\w*|campaign\w*|leads?\b|brand\w*|promot\w*|advertis\w*|"
    r"business development|account (?:manager|executive)|mql|sql|crm|trade ?shows?|webinars?|pipeline|"
    r"quota|prospect\w*|revenue|collateral|enablement)",
    re.I,
)
SEED = 2026


def main(text_dir: str, out_dir: str, pool: str = "../shared/train-resumes") -> None:
    import collabscreen
    from collabscreen.features import unit_records

    text_dir, out = Path(text_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = json.loads((Path(pool) / "selection.json").read_text())["files"]
    texts = {}
    for f in files:
        p = text_dir / f"{f['id']}.txt"
        if p.exists():
            texts[f["id"]] = p.read_text(encoding="utf-8")
    target = [f for f in files if f["stratum"] == "target" and f["id"] in texts]
    other = [f for f in files if f["stratum"] == "other" and f["id"] in texts]
    vocab = {f["id"]: len(VOCAB.findall(texts[f["id"]])) for f in files if f["id"] in texts}
    other_sorted = sorted(other, key=lambda f: (-vocab[f["id"]], f["id"]))
    top = other_sorted[:350]
    rng = random.Random(SEED)
    rest = sorted(other_sorted[350:], key=lambda f: f["id"])
    rand = rng.sample(rest, 250)
    chosen = [(f, "target") for f in target] + [(f, "other-vocab") for f in top] + [(f, "other-random") for f in rand]

    s = collabscreen.Screener()
    est = s.model.estimator
    rows = []
    for f, why in chosen:
        text = texts[f["id"]]
        doc = s.nlp(text)
        recs = unit_records(doc)
        P = est.predict_proba_features(est.transform_features(recs))[:, 1] if recs else []
        r2 = random.Random(f"{SEED}-{f['id']}")
        pick = set()
        for i, r in enumerate(recs):
            if P[i] >= 0.2:
                pick.add(i)
            if why == "target" and (r["domains"] or r["categories"]):
                pick.add(i)
        others = [i for i in range(len(recs)) if i not in pick]
        pick.update(r2.sample(others, min(3, len(others))))
        units = [
            {"u": k + 1, "start_char": recs[i]["start_char"], "end_char": recs[i]["end_char"], "section": recs[i]["section"], "text": recs[i]["text"]}
            for k, i in enumerate(sorted(pick))
        ]
        rows.append({"id": f["id"], "stratum": f["stratum"], "chosen_as": why, "category": f["category"],
                     "pdf_sha256": f["pdf_sha256"], "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
                     "n_units_total": len(recs), "units": units, "_text": text})
    # packets: shuffled order, so no reader sees strata in blocks
    order = sorted(rows, key=lambda r: hashlib.sha256(f"{SEED}{r['id']}".encode()).hexdigest())
    (out / "packets.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in order))
    sel = [{k: v for k, v in r.items() if k != "_text"} for r in order]
    Path(__file__).with_name("selection.json").write_text(json.dumps(sel, indent=1, ensure_ascii=False) + "\n")
    print(len(rows), "resumes,", sum(len(r["units"]) for r in rows), "units")


if __name__ == "__main__":
    main(*sys.argv[1:])
