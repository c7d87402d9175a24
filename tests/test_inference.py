"""Screening predicts from the model's arrays (collabscreen.inference) exactly as the fitted
scikit-learn estimators do, without importing scikit-learn, SciPy or skops."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collabscreen.errors import ModelError
from collabscreen.features import corpus_records, unit_records
from collabscreen.model import default_model_path, load_model

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def loaded():
    return load_model()


@pytest.fixture(scope="module")
def records(nlp):
    from collabscreen.extract import extract_text

    recs = []
    for p in sorted((ROOT / "data" / "samples").iterdir()):
        if p.is_file() and p.suffix != ".json" and p.name != "README.md":
            try:
                recs += unit_records(nlp(extract_text(p).text))
            except Exception:  # noqa: BLE001 - the bad samples have no text
                continue
    units = [json.loads(line)["text"] for line in (ROOT / "data" / "labels" / "units.jsonl").read_text(encoding="utf-8").splitlines()[:1500]]
    return recs + corpus_records(units, nlp)


def test_arrays_predict_every_head_bit_for_bit_like_the_estimator(loaded, records):
    assert len(records) > 1500
    est = loaded.estimator
    want = est.predict_units(records)
    got = loaded.units.predict_units(records)
    assert got.classes == want.classes
    assert got.wording is not None and got.wording.shape == (len(records), 3)
    for head in ("evidence", "category", "domain", "template", "specific", "wording"):
        np.testing.assert_array_equal(getattr(got, head), getattr(want, head), err_msg=head)


def test_wording_features_from_unit_parts_equal_the_matrix_the_model_was_trained_on(loaded, nlp, sample_files):
    """Training fits the wording model on one row per resume (wording_matrix); screening adds the
    units' parts. Both must give the same three decisions, so the resume model sees at screening
    what it was trained on."""
    from collabscreen.extract import extract_text
    from collabscreen.scoring import excluded_units, wording_features, wording_units

    est = loaded.estimator
    seen = 0
    for p in sample_files:
        try:
            recs = unit_records(nlp(extract_text(p).text))
        except Exception:  # noqa: BLE001 - the bad samples have no text
            continue
        out = loaded.units.predict_units(recs)
        keep = wording_units(recs, excluded_units(recs, out.template))
        got = np.asarray(wording_features(keep, out.wording))
        want = np.asarray(est.wording_matrix([[recs[i] for i in keep]]) @ est.wording_coef_.T)[0]
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, err_msg=p.name)
        seen += bool(keep)
    assert seen >= 10


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-3, 40, allow_nan=False), min_size=1, max_size=1))
def test_resume_model_arrays_match_the_estimator(loaded, _):
    est = loaded.estimator.resume_model_
    rng = np.random.default_rng(len(_))
    X = rng.normal(est.mean_, est.scale_ * 2, size=(20, len(est.mean_)))
    np.testing.assert_array_equal(loaded.resume.predict_proba(X), est.predict_proba(X))


def test_screening_imports_no_scikit_learn_scipy_or_skops():
    code = (
        "import sys, collabscreen; s = collabscreen.Screener(); "
        "r = s.screen_text('Experience\\nPartnered with marketing on lead scoring and the MQL hand-off.'); "
        "assert r.ok; print(','.join(m for m in ('sklearn', 'scipy', 'skops', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "m"
    shutil.copytree(default_model_path(), dst)
    return dst


def test_a_changed_inference_file_is_refused(tmp_path):
    p = _copy(tmp_path)
    with np.load(p / "inference.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["b"] = arrays["b"] + 1.0
    np.savez_compressed(p / "inference.npz", **arrays)
    with pytest.raises(ModelError, match=r"E202.*inference.npz has sha256"):
        load_model(p)


def test_object_arrays_are_never_unpickled(tmp_path):
    """An inference file holding a pickled object array (with its hash recorded) is refused."""
    from collabscreen._fileio import sha256_of_file

    p = _copy(tmp_path)
    with np.load(p / "inference.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["cols"] = np.asarray([print], dtype=object)
    np.savez(p / "inference.npz", **arrays)
    meta = json.loads((p / "meta.json").read_text())
    meta["inference_sha256"] = sha256_of_file(p / "inference.npz")
    (p / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="E202.*unreadable"):
        load_model(p)


_DTYPES = st.sampled_from(["<f8", "<f4", "<i8", "<i4", "<u8", ">f8", "bool", "<U3"])


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
        st.tuples(st.lists(st.integers(0, 5), max_size=3), _DTYPES, st.booleans()),
        min_size=1,
        max_size=5,
    )
)
def test_the_stored_array_reader_gives_what_np_load_gives(spec):
    """The zero-copy reader of an uncompressed .npz: every array equal to np.load's, dtype,
    shape and memory order included, each its own writeable copy; a compressed file is left to np.load."""
    import io

    from collabscreen.model import _stored_arrays

    rng = np.random.default_rng(0)
    arrays = {}
    for name, (shape, dtype, fortran) in spec.items():
        a = (rng.random(shape) * 1000).astype(dtype)
        arrays[name] = np.asfortranarray(a) if fortran else a
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    got = _stored_arrays(buf.getvalue())
    with np.load(io.BytesIO(buf.getvalue()), allow_pickle=False) as npz:
        want = {k: npz[k] for k in npz.files}
    assert got is not None and got.keys() == want.keys()
    for k, w in want.items():
        assert got[k].dtype == w.dtype and got[k].shape == w.shape and got[k].flags.f_contiguous == w.flags.f_contiguous
        np.testing.assert_array_equal(got[k], w)
        assert got[k].flags.writeable and got[k].base is None
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    assert _stored_arrays(buf.getvalue()) is None


def test_the_stored_array_reader_refuses_a_member_whose_header_does_not_fill_it():
    import io

    from collabscreen.model import _stored_arrays

    buf = io.BytesIO()
    np.savez(buf, a=np.arange(10, dtype="<i8"))
    data = buf.getvalue()
    forged = data.replace(b"'shape': (10,)", b"'shape': (99,)")
    assert forged != data
    with pytest.raises(ValueError, match="does not fill"):
        _stored_arrays(forged)


def test_a_model_directory_without_arrays_is_compiled_on_load(tmp_path, records):
    p = _copy(tmp_path)
    (p / "inference.npz").unlink()
    m = load_model(p)
    ref = load_model()
    np.testing.assert_array_equal(m.units.predict_units(records[:300]).evidence, ref.units.predict_units(records[:300]).evidence)


def test_hashed_rows_are_scikit_learns_hashing_vectorizer_on_first_and_remembered_texts(loaded, records):
    """hash_rows remembers each text's columns: a batch of new texts, of remembered ones and of
    repeats gives the rows of HashingVectorizer(analyzer=analyze, alternate_sign=False)."""
    from functools import partial

    from sklearn.feature_extraction.text import HashingVectorizer

    from collabscreen import features as F

    u = loaded.units
    texts = [r["text"] for r in records[:400]]
    analyzer = partial(F.analyze, use_lemmas=u.use_lemmas, ngram_max=u.ngram_max, known=u.known)
    F._COLUMNS_MEMO = None
    for batch in (texts[:200], texts[100:] + texts[:5] + texts[:5]):
        want = HashingVectorizer(n_features=u.n_features, analyzer=analyzer, alternate_sign=False, norm="l2").transform(batch)
        want.sort_indices()
        indptr, indices, data = F.hash_rows(batch, n_features=u.n_features, use_lemmas=u.use_lemmas, ngram_max=u.ngram_max, known=u.known)
        np.testing.assert_array_equal(indptr, want.indptr)
        np.testing.assert_array_equal(indices, want.indices)
        np.testing.assert_array_equal(data, want.data)
