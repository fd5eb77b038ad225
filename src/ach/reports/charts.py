"""Charts for the PDF report, drawn with matplotlib as SVG (deterministic bytes).

Pure functions of a :class:`ReportDocument`; matplotlib is imported only when a report is
made (it costs half a second and is no part of ``ach rank``).
"""

from __future__ import annotations

import io
from typing import Any

from ach.reports.document import ReportDocument

RATING_VALUE = {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}
RATING_COLOURS = ["#b3261e", "#f4a6a6", "#e8e8e8", "#8fd19e", "#1a7f37"]  # II .. CC
GREEN, LIGHT, GREY = "#1a7f37", "#b7e1c1", "#8a8a8a"


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.hashsalt": "ach",  # stable ids: the same report gives the same bytes
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def _svg(fig: Any) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(fig)
    return buffer.getvalue()


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def posterior_chart(doc: ReportDocument) -> str:
    """Posterior of each hypothesis with its 90% interval, prior marked."""
    plt = _pyplot()
    rows = list(reversed(doc.ranking))
    fig, ax = plt.subplots(figsize=(6.3, 0.45 * len(rows) + 0.8))
    y = range(len(rows))
    ax.barh(y, [r.posterior for r in rows], color=GREEN, height=0.55, label="posterior")
    ax.errorbar(
        [r.posterior for r in rows],
        y,
        xerr=[
            [r.posterior - r.interval[0] for r in rows],
            [r.interval[1] - r.posterior for r in rows],
        ],
        fmt="none",
        ecolor="#1b1b1b",
        capsize=3,
        lw=1,
        label="90% interval of P(h | e, r)",
    )
    ax.scatter([r.prior for r in rows], y, marker="|", s=180, color=GREY, label="prior", zorder=3)
    ax.set_yticks(list(y), [_short(r.label) for r in rows])
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability")
    ax.legend(loc="lower right", frameon=False, fontsize=7)
    return _svg(fig)


def matrix_chart(doc: ReportDocument) -> str:
    """The evidence x hypothesis matrix, each cell coloured by its rating."""
    import numpy as np
    from matplotlib.colors import ListedColormap

    items = list(doc.items)
    if not items:
        return ""  # nothing to draw: the template leaves the chart out
    plt = _pyplot()
    grid = np.full((len(items), len(doc.columns)), np.nan)
    for r, item in enumerate(items):
        for c, h in enumerate(doc.columns):
            grid[r, c] = RATING_VALUE.get(item.ratings[h], np.nan)
    fig, ax = plt.subplots(figsize=(6.3, 0.22 * len(items) + 1.4))
    ax.imshow(grid, cmap=ListedColormap(RATING_COLOURS), vmin=-2.5, vmax=2.5, aspect="auto")
    for r, item in enumerate(items):
        for c, h in enumerate(doc.columns):
            code = item.ratings[h]
            ax.text(
                c,
                r,
                code,
                ha="center",
                va="center",
                fontsize=6.5,
                color="white" if code in ("CC", "II") else "#1b1b1b",
            )
    ax.set_xticks(
        range(len(doc.columns)),
        [_short(doc.column_labels[h], 22) for h in doc.columns],
        rotation=25,
        ha="right",
    )
    ax.set_yticks(
        range(len(items)), [i.id + (" (rep.)" if i.repeats else "") for i in items], fontsize=6.5
    )
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return _svg(fig)


def influence_chart(doc: ReportDocument, top: int = 15) -> str:
    """Tornado of the items' influence on the leader's log-odds against the runner-up."""
    plt = _pyplot()
    by_id = {i.id: i for i in doc.items}
    chosen = [by_id[i] for i in doc.influence_order if not by_id[i].repeats][:top]
    if not chosen:
        return ""
    chosen.reverse()
    fig, ax = plt.subplots(figsize=(6.3, 0.3 * len(chosen) + 0.9))
    values = [i.influence for i in chosen]
    ax.barh(
        range(len(chosen)),
        values,
        color=[GREEN if v >= 0 else "#b3261e" for v in values],
        height=0.6,
    )
    ax.axvline(0, color="#1b1b1b", lw=0.8)
    ax.set_yticks(
        range(len(chosen)), [f"{i.id} ({_short(i.source, 24)})" for i in chosen], fontsize=7
    )
    ax.set_xlabel(
        f"log-odds of {_short(doc.column_labels[doc.leader], 30)} against "
        f"{_short(doc.column_labels[doc.runner_up], 30)} lost without the item"
    )
    return _svg(fig)


def reliability_chart(doc: ReportDocument) -> str:
    """Each source's reliability: prior (from its grade) against posterior, 90% intervals."""
    from scipy.special import betaincinv

    sources = list(reversed(doc.sources))
    if not sources:
        return ""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.3, 0.3 * len(sources) + 0.9))
    for k, s in enumerate(sources):
        if s.prior_alpha is not None and s.prior_beta is not None:
            lo, hi = betaincinv(s.prior_alpha, s.prior_beta, [0.05, 0.95])
            mean = s.prior_alpha / (s.prior_alpha + s.prior_beta)
            ax.plot([lo, hi], [k + 0.15, k + 0.15], color=GREY, lw=2.5, solid_capstyle="butt")
            ax.scatter([mean], [k + 0.15], color=GREY, s=12, zorder=3)
        ax.plot(list(s.interval), [k - 0.15, k - 0.15], color=GREEN, lw=2.5, solid_capstyle="butt")
        ax.scatter([s.posterior_mean], [k - 0.15], color=GREEN, s=12, zorder=3)
    ax.set_yticks(
        range(len(sources)), [f"{_short(s.id, 28)} ({s.grade})" for s in sources], fontsize=7
    )
    ax.set_xlim(0, 1)
    ax.set_xlabel(
        "reliability: prior from the grade (grey) and posterior given the evidence (green), 90% intervals"
    )
    return _svg(fig)
