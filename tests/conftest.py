"""Shared fixtures: the real pipeline, the real shipped model, sample paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
DEVSET = ROOT.parent / "shared" / "dev-resumes"


@pytest.fixture(scope="session")
def nlp():
    from collabscreen.pipeline import make_nlp

    return make_nlp()


@pytest.fixture(scope="session")
def screener():
    from collabscreen import Screener

    return Screener(keep_text=True)


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.suffix not in (".json",) and p.name != "README.md")
