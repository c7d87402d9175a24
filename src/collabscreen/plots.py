"""Plots of a screened batch (matplotlib, an optional extra).

* :func:`plot_scores`: the distribution of scores, coloured by band, with the
  band thresholds drawn.
* :func:`plot_category_heatmap`: candidates (best first) by evidence category.

Both take a :class:`~collabscreen.ranking.Ranking`, a list of
:class:`~collabscreen.types.ScreeningResult` or of ranked candidates, draw on
``ax`` (a new figure when omitted) and return the ``Axes``. They never choose a
backend: in scripts and tests use ``matplotlib.use("Agg")``. matplotlib is
imported on first call (``pip install 'collabscreen[notebook]'``).

Examples
--------
>>> import collabscreen
>>> from collabscreen.plots import plot_scores, plot_category_heatmap
>>> ranking = collabscreen.rank(paths)  # doctest: +SKIP
>>> plot_scores(ranking)  # doctest: +SKIP
>>> plot_category_heatmap(ranking)  # doctest: +SKIP
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from .display.common import BAND_COLORS, as_candidates, basename, category_keys, category_labels
from .errors import MissingDependencyError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_scores", "plot_category_heatmap"]


def _pyplot(feature: str):
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MissingDependencyError.from_code("E403", feature=feature, package="matplotlib") from exc
    return plt


def _middle(name: str, n: int) -> str:
    """Shorten ``name`` to ``n`` characters by cutting its middle (keeps the extension)."""
    if len(name) <= n:
        return name
    keep = n - 1
    return name[: (keep + 1) // 2] + "\u2026" + name[len(name) - keep // 2 :]


def _thresholds(strong: float | None, some: float | None) -> tuple[float, float]:
    from .scoring import ScoringConfig

    cfg = ScoringConfig()
    return (cfg.strong if strong is None else float(strong), cfg.some if some is None else float(some))


def plot_scores(
    results: Any,
    ax: "Axes | None" = None,
    *,
    bins: int = 20,
    strong: float | None = None,
    some: float | None = None,
) -> "Axes":
    """Histogram of candidate scores, stacked and coloured by band.

    Files that failed to screen are not plotted; they are counted in the
    title. The thresholds of the bands are drawn as dashed lines.

    Parameters
    ----------
    results : Ranking, or list of ScreeningResult / RankedCandidate
    ax : matplotlib Axes, optional
        Drawn on a new figure when omitted.
    bins : int, default=20
        Equal-width bins over [0, 1].
    strong, some : float, optional
        Band thresholds to draw; default those of :class:`~collabscreen.scoring.ScoringConfig`
        (pass the ones you screened with if you changed them).

    Returns
    -------
    matplotlib.axes.Axes
    """
    plt = _pyplot("plot_scores()")
    from matplotlib.ticker import MaxNLocator

    strong, some = _thresholds(strong, some)
    cands = as_candidates(results)
    ok = [c.result for c in cands if c.result.ok]
    n_failed = len(cands) - len(ok)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4), layout="constrained")
    edges = [i / bins for i in range(bins + 1)]
    bands = ["none", "some", "strong"]
    data = [[r.score for r in ok if r.band == b] for b in bands]
    names = {"strong": "strong", "some": "some", "none": "none"}
    labels = [f"{names[b]} ({len(d)})" for b, d in zip(bands, data)]
    ax.hist(
        data,
        bins=edges,
        stacked=True,
        color=[BAND_COLORS[b] for b in bands],
        label=labels,
        edgecolor="white",
        linewidth=0.6,
    )
    top = ax.get_ylim()[1]
    for value, name in ((some, "some"), (strong, "strong")):
        ax.axvline(value, color=BAND_COLORS[name], linestyle="--", linewidth=1.2)
        ax.annotate(
            f"{name} \u2265 {value:g}",
            xy=(value, top),
            xytext=(3, -3),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=9,
            color=BAND_COLORS[name],
        )
    ax.set_xlim(0, 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Collaboration score (0 = no evidence, 1 = certain)")
    ax.set_ylabel("Candidates")
    title = f"Score distribution of {len(ok)} screened candidate{'s' if len(ok) != 1 else ''}"
    if n_failed:
        title += f" ({n_failed} file{'s' if n_failed != 1 else ''} failed)"
    ax.set_title(title)
    ax.legend(title="Band", loc="upper center", frameon=False, ncols=3, bbox_to_anchor=(0.5, -0.16))
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_category_heatmap(
    results: Any,
    ax: "Axes | None" = None,
    *,
    max_candidates: int = 40,
    annotate: bool | None = None,
    cmap: str = "YlGn",
) -> "Axes":
    """Heat map of evidence sub-scores: candidates (rows, best first) by category (columns).

    Each cell is the candidate's category sub-score in [0, 1] (see
    :mod:`collabscreen.scoring`); rows are labelled with the file name and the
    overall score. Files that failed are left out.

    Parameters
    ----------
    results : Ranking, or list of ScreeningResult / RankedCandidate
    ax : matplotlib Axes, optional
        Drawn on a new figure sized to the number of candidates when omitted.
    max_candidates : int, default=40
        Only the best ``max_candidates`` are drawn (the title says so).
    annotate : bool, optional
        Write each value in its cell; default when at most 30 rows are drawn.
    cmap : str, default="YlGn"

    Returns
    -------
    matplotlib.axes.Axes
    """
    plt = _pyplot("plot_category_heatmap()")
    import numpy as np

    cands = [c for c in as_candidates(results) if c.result.ok]
    cands.sort(key=lambda c: (-c.result.score, -c.result.relevance, c.result.source))
    total = len(cands)
    cands = cands[: max(0, max_candidates)]
    keys = category_keys(cands)
    labels = category_labels(keys)
    matrix = np.array(
        [[float((c.result.category_scores or {}).get(k, 0.0)) for k in keys] for c in cands], dtype=float
    ).reshape(len(cands), len(keys))
    if ax is None:
        _, ax = plt.subplots(figsize=(1.05 * len(keys) + 4.8, 0.32 * len(cands) + 2.6), layout="constrained")
    im = ax.imshow(matrix, cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(keys)))
    ax.set_xticklabels(
        [textwrap.fill(labels[k], 24) for k in keys], fontsize=9, rotation=30, ha="right", rotation_mode="anchor"
    )
    ax.set_yticks(range(len(cands)))
    ax.set_yticklabels(
        [f"{_middle(basename(c.result.source), 44)}  {c.result.score:.3f}" for c in cands],
        fontsize=9,
    )
    # thin white grid between cells
    ax.set_xticks([i - 0.5 for i in range(1, len(keys))], minor=True)
    ax.set_yticks([i - 0.5 for i in range(1, len(cands))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(axis="both", which="major", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    if annotate is None:
        annotate = len(cands) <= 30
    if annotate:
        for i in range(matrix.shape[0]):
            for j in range(matrix.shape[1]):
                v = matrix[i, j]
                if v >= 0.005:
                    ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8, color="white" if v > 0.6 else "#333333")
    cbar = ax.figure.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label("Category sub-score (evidence strength)")
    ax.set_xlabel("Evidence category")
    ax.set_ylabel("Candidate (best first) and overall score")
    shown = f"top {len(cands)} of {total}" if total > len(cands) else f"{total}"
    ax.set_title(f"Evidence by category, {shown} candidates sorted by score")
    return ax
