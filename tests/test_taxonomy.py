"""The taxonomy is data: validated on load, extendable without code."""

from __future__ import annotations

import json

import pytest

from collabscreen.errors import TaxonomyError
from collabscreen.taxonomy import Taxonomy


def test_bundled_taxonomy_has_the_seven_categories_and_is_versioned():
    t = Taxonomy.default()
    assert set(t.category_keys) == {
        "joint_work", "funnel_kpis", "joint_programs", "sales_enablement", "handoff_tooling", "revops_gtm", "communication",
    }
    assert t.version and t.id.startswith(f"{t.name}@{t.version}+")
    funnel = t.categories["funnel_kpis"].terms
    assert "mql" in funnel and "marketing qualified lead" in funnel  # acronym and spelled-out form


def test_round_trip_and_extend(tmp_path):
    t = Taxonomy.default()
    p = tmp_path / "t.json"
    t.to_file(p)
    assert Taxonomy.from_file(p) == t
    t2 = t.extend({"new_category": ["Joint Hackathon"]}, version="2.0")
    assert t2.categories["new_category"].terms == ("joint hackathon",)
    assert t2.version == "2.0" and t2.fingerprint != t.fingerprint


@pytest.mark.parametrize(
    "data, match",
    [
        ([], "top level"),
        ({"name": "x", "version": "1"}, "categories"),
        ({"name": "x", "version": "1", "categories": {"a": {"terms": []}}}, "no terms"),
        ({"name": "x", "version": "1", "categories": {"a": {"terms": ["t"]}}, "sections": {"bogus": ["x"]}}, "unknown section"),
    ],
)
def test_malformed_taxonomies_are_refused_with_a_reason(tmp_path, data, match):
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(data))
    with pytest.raises(TaxonomyError, match=match) as exc:
        Taxonomy.from_file(p)
    assert str(p) in str(exc.value)


def test_missing_and_invalid_json_files(tmp_path):
    with pytest.raises(TaxonomyError, match="not found"):
        Taxonomy.from_file(tmp_path / "nope.json")
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(TaxonomyError, match="not valid JSON"):
        Taxonomy.from_file(tmp_path / "x.json")
