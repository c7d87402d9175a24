"""The sales-marketing evidence taxonomy: versioned data, loaded and validated here.

The bundled taxonomy lives in ``collabscreen/data/taxonomy.json``. Users can
extend it (:meth:`Taxonomy.extend`) or replace it with their own JSON file of
the same layout (``Taxonomy.from_file(path)``) without touching code. This
module only loads and validates data; it never processes a ``Doc``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import TaxonomyError

__all__ = ["Taxonomy", "Category", "SenseRule", "default_taxonomy"]

# the resume sections, named once: every module uses these constants
SUMMARY, EXPERIENCE, SKILLS, EDUCATION, CERTIFICATIONS, OTHER = "summary", "experience", "skills", "education", "certifications", "other"
#: the part of a resume before its first heading (name, contact, headline)
HEADER = "header"
#: section keys a taxonomy may give headings for
SECTIONS: tuple[str, ...] = (SUMMARY, EXPERIENCE, SKILLS, EDUCATION, CERTIFICATIONS, OTHER)
_SECTION_KEYS = SECTIONS


def _norm_term(term: str) -> str:
    return " ".join(term.lower().split())


@dataclass(frozen=True)
class Category:
    """One category of collaboration evidence."""

    key: str
    label: str
    description: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class SenseRule:
    """When an ambiguous term is *not* in its sales/marketing sense.

    A match of one of ``terms`` is dropped when, on the same line and within
    ``window`` tokens, one of ``not_near`` occurs; when ``needs_near`` is given
    and none of it occurs; or when the token right after (before) the match is
    one of ``not_followed_by`` (``not_preceded_by``): "Lead management
    meetings" is the verb *lead*, "SQL reports from the CRM database" is the
    query language.
    """

    terms: tuple[str, ...]
    why: str = ""
    not_near: tuple[str, ...] = ()
    needs_near: tuple[str, ...] = ()
    not_followed_by: tuple[str, ...] = ()
    not_preceded_by: tuple[str, ...] = ()
    window: int = 8

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"why": self.why, "terms": list(self.terms)}
        for k in ("not_near", "needs_near", "not_followed_by", "not_preceded_by"):
            if getattr(self, k):
                out[k] = list(getattr(self, k))
        if self.window != 8:
            out["window"] = self.window
        return out


@dataclass(frozen=True)
class Taxonomy:
    """A versioned set of evidence categories, function vocabularies and cues.

    Parameters
    ----------
    name, version : str
        Recorded with every model trained on the taxonomy and every result.
    categories : mapping of str to Category
    domains : mapping of str to tuple of str
        Vocabulary that marks a sentence as being about ``"sales"`` or
        ``"marketing"``.
    cues : mapping of str to tuple of str
        ``"negation"`` and ``"hypothetical"`` cue phrases.
    sections : mapping of str to tuple of str
        Heading words for each resume section.
    senses : tuple of SenseRule
        Context rules for ambiguous terms (SQL, CRM, lead, pipeline,
        campaign, account, ...): a match in another sense is not a match.
    """

    name: str
    version: str
    categories: Mapping[str, Category]
    domains: Mapping[str, tuple[str, ...]]
    cues: Mapping[str, tuple[str, ...]]
    sections: Mapping[str, tuple[str, ...]]
    senses: tuple[SenseRule, ...] = ()
    source: str = field(default="<bundled>", compare=False)

    # -- construction -------------------------------------------------
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<dict>") -> "Taxonomy":
        def fail(reason: str) -> TaxonomyError:
            return TaxonomyError.from_code("E300", source=source, reason=reason)

        if not isinstance(data, Mapping):
            raise fail("the top level must be a JSON object")
        for key in ("name", "version", "categories"):
            if key not in data:
                raise fail(f"missing key {key!r}")
        cats_in = data["categories"]
        if not isinstance(cats_in, Mapping) or not cats_in:
            raise fail("'categories' must be a non-empty object")
        categories: dict[str, Category] = {}
        for key, spec in cats_in.items():
            if not isinstance(spec, Mapping) or not isinstance(spec.get("terms"), list):
                raise fail(f"category {key!r} needs a 'terms' list")
            terms = tuple(dict.fromkeys(_norm_term(t) for t in spec["terms"] if isinstance(t, str) and t.strip()))
            if not terms:
                raise TaxonomyError.from_code("E301", source=source, category=key)
            categories[str(key)] = Category(
                key=str(key),
                label=str(spec.get("label", key)),
                description=str(spec.get("description", "")),
                terms=terms,
            )

        def str_lists(obj: Any, what: str) -> dict[str, tuple[str, ...]]:
            if obj is None:
                return {}
            if not isinstance(obj, Mapping):
                raise fail(f"'{what}' must be an object of string lists")
            out = {}
            for k, v in obj.items():
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    raise fail(f"'{what}.{k}' must be a list of strings")
                out[str(k)] = tuple(dict.fromkeys(_norm_term(x) for x in v if x.strip()))
            return out

        sections = str_lists(data.get("sections"), "sections")
        unknown = set(sections) - set(_SECTION_KEYS)
        if unknown:
            raise fail(f"unknown section keys {sorted(unknown)}; use {list(_SECTION_KEYS)}")
        senses = []
        raw_senses = data.get("senses") or []
        if not isinstance(raw_senses, list):
            raise fail("'senses' must be a list of objects")
        for i, rule in enumerate(raw_senses):
            if not isinstance(rule, Mapping) or not isinstance(rule.get("terms"), list) or not rule["terms"]:
                raise fail(f"senses[{i}] needs a non-empty 'terms' list")
            lists = {}
            for k in ("terms", "not_near", "needs_near", "not_followed_by", "not_preceded_by"):
                v = rule.get(k, [])
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    raise fail(f"senses[{i}].{k} must be a list of strings")
                lists[k] = tuple(dict.fromkeys(_norm_term(x) for x in v if x.strip()))
            window = rule.get("window", 8)
            if not isinstance(window, int) or isinstance(window, bool) or window < 1:
                raise fail(f"senses[{i}].window must be a positive integer")
            senses.append(SenseRule(why=str(rule.get("why", "")), window=window, **lists))
        return cls(
            name=str(data["name"]),
            version=str(data["version"]),
            categories=categories,
            domains=str_lists(data.get("domains"), "domains"),
            cues=str_lists(data.get("cues"), "cues"),
            sections=sections,
            senses=tuple(senses),
            source=source,
        )

    @classmethod
    def from_file(cls, path: str | PathLike[str]) -> "Taxonomy":
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise TaxonomyError.from_code("E300", source=p, reason="file not found") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise TaxonomyError.from_code("E300", source=p, reason=f"not valid JSON ({exc})") from None
        return cls.from_dict(data, source=str(p))

    @classmethod
    def default(cls) -> "Taxonomy":
        """The taxonomy bundled with the package."""
        return default_taxonomy()

    # -- use -------------------------------------------------------------
    @property
    def category_keys(self) -> tuple[str, ...]:
        return tuple(self.categories)

    @property
    def id(self) -> str:
        """``name@version`` plus a short content hash, recorded with results."""
        return f"{self.name}@{self.version}+{self.fingerprint[:8]}"

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the content, computed once (a Taxonomy is immutable; every result records its id)."""
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()

    def extend(
        self,
        terms: Mapping[str, Iterable[str]] | None = None,
        *,
        version: str | None = None,
        **category_terms: Iterable[str],
    ) -> "Taxonomy":
        """A new taxonomy with extra terms added to (possibly new) categories.

        >>> tax = Taxonomy.default().extend({"joint_programs": ["hackathon with sales"]})
        """
        data = self.to_dict()
        extra = dict(terms or {})
        extra.update(category_terms)
        for key, new in extra.items():
            cat = data["categories"].setdefault(key, {"label": key, "description": "", "terms": []})
            cat["terms"] = list(cat["terms"]) + [t for t in new]
        data["version"] = version or f"{self.version}+custom"
        return Taxonomy.from_dict(data, source=f"{self.source} (extended)")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "categories": {
                k: {"label": c.label, "description": c.description, "terms": list(c.terms)}
                for k, c in self.categories.items()
            },
            "domains": {k: list(v) for k, v in self.domains.items()},
            "cues": {k: list(v) for k, v in self.cues.items()},
            "sections": {k: list(v) for k, v in self.sections.items()},
            "senses": [r.to_dict() for r in self.senses],
        }

    def to_file(self, path: str | PathLike[str]) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


_DEFAULT: Taxonomy | None = None


def default_taxonomy() -> Taxonomy:
    """Load (once) the taxonomy bundled with the package."""
    global _DEFAULT
    if _DEFAULT is None:
        ref = resources.files("collabscreen") / "data" / "taxonomy.json"
        _DEFAULT = Taxonomy.from_dict(json.loads(ref.read_text(encoding="utf-8")), source=str(ref))
    return _DEFAULT
