"""Shared fixtures: the real pipeline, the real shipped model, sample paths."""

from __future__ import annotations

import faulthandler
import os
from pathlib import Path

import pytest
from hypothesis import Phase, settings

# Without the "explain" phase: after a failure it re-runs the failing example under a line
# tracer. In session 6 a failing pure property test (the recency factor's) was still in that
# phase after 9 minutes, holding its xdist worker; the watchdog would have ended it at 10, with
# a stack instead of the counterexample. The failure itself, shrunk, is reported as before.
settings.register_profile("collabscreen", phases=tuple(p for p in Phase if p is not Phase.explain))
settings.load_profile("collabscreen")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
DEVSET = ROOT.parent / "shared" / "dev-resumes"

#: seconds a test may run before its process prints every thread's stack and exits
TEST_TIME_LIMIT = 600.0
_STDERR: list = []


def pytest_configure(config):
    # the original stderr, not pytest's capture of it: the stacks must outlive the process
    _STDERR.append(os.fdopen(os.dup(2), "w"))


def pytest_unconfigure(config):
    # and the process's own end (threads joined, atexit handlers) may not hang either
    if _STDERR:
        faulthandler.dump_traceback_later(300.0, exit=True, file=_STDERR[0])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """No test hangs the suite: past its limit (``@pytest.mark.timeout(s)``, else 10 minutes)
    faulthandler prints every thread's stack and ends the process; pytest-xdist reports that
    test as failed and goes on in a new worker. faulthandler's watchdog is a C thread: no
    Python thread (which would change the worker start method) and no SIGALRM (which the
    per-file time limit uses)."""
    marker = item.get_closest_marker("timeout")
    limit = float(marker.args[0]) if marker and marker.args else TEST_TIME_LIMIT
    faulthandler.dump_traceback_later(limit, exit=True, file=_STDERR[0] if _STDERR else None)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


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
