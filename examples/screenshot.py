"""Render the notebook HTML of the bundled samples and screenshot it with headless Chromium.

Usage::

    python examples/screenshot.py [OUTDIR]

Writes to OUTDIR (default: a new temporary directory):

* ``ranking.html`` / ``ranking.png``: ``ranking_html`` of all bundled samples
  (plus one unreadable file, to show a failure), with the first two
  candidates' details opened;
* ``ranking_dark.png``: the same on a dark page (JupyterLab's dark theme);
* ``result.html`` / ``result.png``: ``result_html`` of the best candidate;
* ``hostile.html`` / ``hostile.png``: a resume containing ``<script>``, ``<img
  onerror>`` and ``&``, which must show as text;
* ``scores.png`` / ``heatmap.png``: the two batch plots;
* ``report.html`` / ``report.png``: the recruiter's report (``collabscreen.write_report``,
  as ``collabscreen score --report`` writes it) of the same ranking;
* ``ranking_preview.png`` / ``report_preview.png``: the tops of ``ranking.png`` and
  ``report.png``, small enough to commit (``examples/``).

Needs Debian's ``chromium`` (``apt-get install chromium``) and matplotlib.
Chromium is run with its networking, sync and update services off and a
throw-away profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body style="margin:24px;background:{bg};color:{fg}">{body}</body></html>"""
LIGHT = {"bg": "#ffffff", "fg": "#1f1f1f"}
DARK = {"bg": "#111111", "fg": "#d8d8d8"}  # roughly JupyterLab's dark theme

HOSTILE = """Jordan Example & Co
Field Marketing Manager | Acme <b>Corp</b> | 2019 - Present
<script>alert(1)</script> Built the account-based marketing program with six strategic AEs <img src=x onerror=alert(2)>, and we wrote account plans together in Salesforce.
Ran a weekly pipeline review with the sales team & agreed the MQL-to-SQL hand-off SLA.
Tom & Jerry's <i>favourite</i> </div></details><script>alert(3)</script>
"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("chromium not found: apt-get install -y chromium")


def shoot(html_path: Path, png_path: Path, *, width: int = 1400, height: int = 2000) -> None:
    profile = tempfile.mkdtemp(prefix="cs-chromium-")
    try:
        subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--screenshot={png_path}",
                f"--window-size={width},{height}",
                html_path.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def preview(src: Path, dst: Path, *, height: int = 1500) -> None:
    """A small copy of the top of ``src`` (256-colour PNG), for the README / examples/."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return
    with Image.open(src) as im:
        top = im.convert("RGB").crop((0, 0, min(im.width, 1360), min(im.height, height)))
        top.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(dst, optimize=True)


def main(outdir: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from collabscreen import Screener, write_report
    from collabscreen.display import ranking_html, result_html
    from collabscreen.plots import plot_category_heatmap, plot_scores

    outdir = outdir.resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)  # sources (and so the page) show repository-relative paths
    samples = SAMPLES.relative_to(ROOT)
    screener = Screener(keep_text=True)
    paths = sorted(p for p in samples.iterdir() if p.is_file() and p.name not in ("README.md", "labels.json"))
    paths.append(samples / "bad" / "encrypted.pdf")
    ranking = screener.rank(paths, min_score=0.05)

    html = ranking_html(ranking)
    # open the first two details so the screenshot shows highlighted evidence
    html = html.replace("<details ", "<details open ", 2)
    pages = {
        "ranking": (html, 1400, 2600, LIGHT),
        "ranking_dark": (html, 1400, 1600, DARK),
        "result": (result_html(ranking[0].result), 1200, 2200, LIGHT),
        "hostile": (result_html(screener.screen_text(HOSTILE, source="hostile<script>.txt")), 1200, 700, LIGHT),
    }
    for name, (body, w, h, theme) in pages.items():
        page = outdir / f"{name}.html"
        page.write_text(PAGE.format(title=name, body=body, **theme), encoding="utf-8")
        shoot(page, outdir / f"{name}.png", width=w, height=h)

    write_report(ranking, outdir / "report.html")
    shoot(outdir / "report.html", outdir / "report.png", width=1240, height=3400)

    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    plot_scores(ranking, ax=ax)
    fig.savefig(outdir / "scores.png", dpi=110)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(10, 7), layout="constrained")
    plot_category_heatmap(ranking, ax=ax)
    fig.savefig(outdir / "heatmap.png", dpi=110)
    plt.close(fig)
    preview(outdir / "ranking.png", outdir / "ranking_preview.png")
    preview(outdir / "report.png", outdir / "report_preview.png", height=3400)
    for p in sorted(outdir.glob("*.png")):
        print(p, f"{p.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="cs-shots-")))
