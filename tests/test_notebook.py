"""The quick-start notebook runs top to bottom, so it cannot rot.

Executed with nbclient in a real ``python3`` kernel (ipykernel), from the
notebook's own directory, against this checkout's ``src``. The committed copy
is not modified.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")
pytest.importorskip("matplotlib")


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / "models" / "default" / "meta.json").exists(), reason="trained model not present")
def test_quickstart_notebook_runs(monkeypatch):
    # the kernel is a subprocess: make it import this checkout's collabscreen
    src = str(ROOT / "src")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, if a cell fails

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert any("<mark" in h and "<details" in h for h in html), "the ranking should show with highlighted evidence"
    assert len(pngs) == 2, "both plots should render"
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "ranked.csv: 17 rows" in text


def test_committed_notebook_has_outputs_and_no_local_paths():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs for c in code), "commit the notebook executed, with its outputs"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    raw = NOTEBOOK.read_text(encoding="utf-8")
    assert str(ROOT) not in raw and "/home/" not in raw
