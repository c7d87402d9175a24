"""Re-execute ``examples/quickstart.ipynb`` in place, so its committed outputs match the code.

Usage::

    python examples/execute_notebook.py

Runs the notebook in a ``python3`` kernel from the ``examples/`` directory with
this checkout's ``src`` first on the path, and saves it without per-cell
timestamps (so re-running gives a clean diff). ``tests/test_notebook.py``
executes it the same way without saving.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "quickstart.ipynb"


def main() -> None:
    import nbclient
    import nbformat

    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    nb = nbformat.read(NOTEBOOK, as_version=4)
    start = time.perf_counter()
    nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    nbformat.write(nb, NOTEBOOK)
    print(f"executed and saved {NOTEBOOK.relative_to(ROOT)} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
