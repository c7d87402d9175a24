"""The classifier: safe save/load, version checks, and that it beats the keyword baseline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from collabscreen.errors import ModelError, ModelVersionError
from collabscreen._fileio import sha256_of_file
from collabscreen.model import CollabClassifier, default_model_path, load_model
from collabscreen.train import _baseline_probs, corpus_records, evaluate_scores, keyword_counts, load_corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="module")
def corpus(nlp):
    rows = load_corpus(CORPUS)
    return rows, corpus_records([r["text"] for r in rows], nlp)


@pytest.fixture(scope="module")
def small_model(corpus):
    rows, recs = corpus
    idx = np.arange(0, len(rows), 7)  # a deterministic 1/7 subset keeps this quick
    m = CollabClassifier(cv=3, categories=("joint_work", "funnel_kpis", "sales_enablement"))
    return m.fit([recs[i] for i in idx], [rows[i]["label"] for i in idx], [rows[i].get("category") for i in idx],
                 [rows[i].get("domain") for i in idx])


def test_corpus_meets_the_data_card(corpus):
    rows, _ = corpus
    assert len(rows) >= 3000
    labels = [r["label"] for r in rows]
    assert 0.25 < np.mean(labels) < 0.6
    kinds = {r.get("kind") for r in rows if r["label"] == 0}
    assert {"sales_only", "marketing_only", "other_team", "keyword_list", "negated", "hypothetical", "education"} <= kinds


def test_save_load_round_trip_gives_identical_probabilities(tmp_path, small_model, corpus):
    _, recs = corpus
    sample = recs[:200]
    small_model.save(tmp_path / "m", meta={"model_version": "test"})
    loaded = load_model(tmp_path / "m").estimator
    np.testing.assert_array_equal(small_model.predict_proba(sample), loaded.predict_proba(sample))
    Xa, Xb = small_model.transform_features(sample), loaded.transform_features(sample)
    np.testing.assert_array_equal(small_model.predict_category_proba_features(Xa), loaded.predict_category_proba_features(Xb))
    np.testing.assert_array_equal(small_model.predict_domain_proba_features(Xa), loaded.predict_domain_proba_features(Xb))


def test_training_is_deterministic(corpus):
    rows, recs = corpus
    idx = np.arange(3, len(rows), 11)
    fit = lambda: CollabClassifier(cv=3).fit([recs[i] for i in idx], [rows[i]["label"] for i in idx])  # noqa: E731
    np.testing.assert_array_equal(fit().predict_proba(recs[:100]), fit().predict_proba(recs[:100]))


def test_shipped_model_loads_and_records_its_provenance():
    m = load_model()
    assert m.path == default_model_path()
    assert m.meta["format_version"] == 1
    assert m.version.startswith("collab-clf-")
    assert m.meta["taxonomy_id"].startswith("collabscreen-sales-marketing@")
    assert (m.path / "MODEL_CARD.md").is_file()


def _copy_model(tmp_path) -> Path:
    dst = tmp_path / "model"
    shutil.copytree(default_model_path(), dst)
    return dst


def test_version_mismatch_is_refused(tmp_path):
    p = _copy_model(tmp_path)
    meta = json.loads((p / "meta.json").read_text())
    meta["versions"]["scikit-learn"] = "0.24.2"
    (p / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelVersionError, match="scikit-learn"):
        load_model(p)
    assert load_model(p, check_versions=False).estimator is not None


def test_unknown_format_version_and_missing_files_are_refused(tmp_path):
    p = _copy_model(tmp_path)
    meta = json.loads((p / "meta.json").read_text())
    meta["format_version"] = 99
    (p / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="E203"):
        load_model(p)
    (p / "model.skops").unlink()
    with pytest.raises(ModelError, match="model.skops"):
        load_model(p)


def test_untrusted_types_are_refused(tmp_path, small_model):
    """A model file holding a type outside the allow-list is never loaded."""
    import fractions

    import skops.io as sio

    p = _copy_model(tmp_path)
    small_model.smuggled_ = fractions.Fraction(1, 3)
    try:
        sio.dump(small_model, p / "model.skops")
    finally:
        del small_model.smuggled_
    meta = json.loads((p / "meta.json").read_text())
    meta["model_sha256"] = sha256_of_file(p / "model.skops")  # the audit, not the hash, must stop it
    (p / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="fractions.Fraction is not allowed"):
        load_model(p).estimator


def test_corrupt_model_file_is_a_model_error(tmp_path):
    p = _copy_model(tmp_path)
    (p / "model.skops").write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="E202"):
        load_model(p).estimator


def test_a_unit_model_like_the_shipped_one_beats_the_keyword_baseline_on_held_out_data(corpus):
    """Recomputed here, not read from a file: the shipped unit model's parameters, a held-out fifth of the corpus."""
    from sklearn.model_selection import train_test_split

    rows, recs = corpus
    meta = load_model().meta
    y = np.asarray([r["label"] for r in rows])
    strat = [f"{r['label']}|{r['part']}" for r in rows]
    tr, te = train_test_split(np.arange(len(rows)), test_size=0.2, random_state=0, stratify=strat)
    m = CollabClassifier(categories=tuple(meta["params"]["categories"]), C=meta["params"]["C"], random_state=0).fit(
        [recs[i] for i in tr], y[tr]
    )
    model = evaluate_scores(y[te], m.predict_proba([recs[i] for i in te])[:, 1])
    counts = keyword_counts(recs)
    base = evaluate_scores(y[te], _baseline_probs(counts[tr], y[tr], counts[te]))
    assert model["roc_auc"] > base["roc_auc"] + 0.15
    assert model["f1"] > base["f1"] + 0.3
    assert model["brier"] < base["brier"]
    assert model["roc_auc"] > 0.9
