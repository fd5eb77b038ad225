"""Charts for the PDF report, drawn with matplotlib as SVG (deterministic bytes).

Pure functions of a :class:`ReportDocument`; matplotlib is imported only when a report is
made (it costs half a second and is no part of ``ach rank``).
"""

from __future__ import annotations

import io
from typing import Any

from ach.reports.document import ReportDocument
from ach.reports.palette import RATING_COLOURS

RATING_VALUE = {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}
#: the codes from the weakest up, as the colour scale runs
CODES = ("II", "I", "N", "C", "CC")
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


def _rating_values(codes: tuple[str, ...] | list[str]) -> list[float]:
    """One item's ratings on the chart's log2 scale (see :func:`matrix_chart`)."""
    import math

    if all(code in RATING_VALUE for code in codes):
        return [float(RATING_VALUE[code]) for code in codes]
    try:
        numbers = [float(code) for code in codes]
    except ValueError:
        return [float(RATING_VALUE.get(code, math.nan)) for code in codes]
    mean = sum(numbers) / len(numbers)
    return [max(-2.0, min(2.0, math.log2(p / mean))) if p > 0 else -2.0 for p in numbers]


def matrix_chart(doc: ReportDocument) -> str:
    """The evidence x hypothesis matrix at a glance: one column per item, coloured by rating.

    The table beside it in the report carries the codes; the chart is the overview (items
    across, hypotheses down, the leader on top), so it is drawn small and without text in
    the cells. Restatements (``repeats``) are hatched: they are shown, not counted.

    A code's colour is log2 of its default weight (CC 4 -> +2 ... II 0.25 -> -2). An item
    rated with probabilities gets the same scale from log2(p / mean of its p over the
    hypotheses), the weight relative to what the item says on average, so a number twice the
    item's mean is coloured as C and a zero as II.
    """
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    items = list(doc.matrix.rows)
    if not items:
        return ""  # nothing to draw: the template leaves the chart out
    plt = _pyplot()
    grid = np.array([_rating_values(item.ratings) for item in items]).T
    width = min(6.3, 2.2 + 0.3 * len(items))  # a handful of items: small cells, not wide bars
    fig, ax = plt.subplots(figsize=(width, 0.25 * len(doc.columns) + 1.3))
    colours = [RATING_COLOURS[code] for code in CODES]
    cmap = ListedColormap(colours).with_extremes(bad="white")  # no rating: blank
    # pcolormesh, not imshow: cells stay vector shapes in the SVG (imshow embeds a bitmap)
    ax.pcolormesh(
        np.arange(len(items) + 1) - 0.5,
        np.arange(len(doc.columns) + 1) - 0.5,
        np.ma.masked_invalid(grid),
        cmap=cmap,
        vmin=-2.5,
        vmax=2.5,
    )
    ax.invert_yaxis()  # the leader on top, as in the table
    repeats = [c for c, item in enumerate(items) if item.repeats]
    if repeats:  # one bar per restatement, hatched over its column
        ax.bar(
            repeats, len(doc.columns), bottom=-0.5, width=1, fill=False, hatch="////",
            edgecolor="white", linewidth=0,
        )  # fmt: skip
    ax.set_xticks(np.arange(len(items) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(doc.columns) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    step = max(1, int(np.ceil(len(items) / 60)))  # at most 60 item labels across the page
    ax.set_xticks(range(0, len(items), step), [i.id for i in items[::step]], rotation=90)
    ax.set_yticks(range(len(doc.columns)), [_short(doc.column_labels[h], 30) for h in doc.columns])
    ax.tick_params(which="both", length=0, labelsize=6.5)
    for spine in ax.spines.values():
        spine.set_visible(False)
    legend = [Patch(color=colour, label=code) for code, colour in zip(CODES, colours, strict=True)]
    legend.append(
        Patch(facecolor="#9a9a9a", hatch="////", edgecolor="white", label="restates another item")
    )
    ax.legend(
        handles=legend, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(legend),
        frameon=False, fontsize=6.5, handlelength=1.2, columnspacing=1.0,
    )  # fmt: skip
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
    """Each source's reliability: prior (from its grade) against posterior, 90% intervals.

    The prior interval is the Beta's equal-tailed 90% interval, computed with the document
    (:attr:`SourceEntry.prior_interval`); a fixed reliability has no prior bar. One collection
    per series, not one artist per source: a case with hundreds of sources still draws quickly.
    """
    import numpy as np

    sources = list(reversed(doc.sources))
    if not sources:
        return ""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.3, 0.21 * len(sources) + 1.0))
    y = np.arange(len(sources), dtype=float)
    graded = [k for k, s in enumerate(sources) if s.prior_interval is not None]
    if graded:
        a = np.array([sources[k].prior_alpha for k in graded], dtype=float)
        b = np.array([sources[k].prior_beta for k in graded], dtype=float)
        lo = [sources[k].prior_interval[0] for k in graded]  # type: ignore[index]
        hi = [sources[k].prior_interval[1] for k in graded]  # type: ignore[index]
        ax.hlines(
            y[graded] + 0.15,
            lo,
            hi,
            color=GREY,
            lw=2.5,
            capstyle="butt",
            label="prior from the grade",
        )
        ax.scatter(a / (a + b), y[graded] + 0.15, color=GREY, s=12, zorder=3)
    ax.hlines(
        y - 0.15,
        [s.interval[0] for s in sources],
        [s.interval[1] for s in sources],
        color=GREEN,
        lw=2.5,
        capstyle="butt",
        label="posterior given the evidence",
    )
    ax.scatter([s.posterior_mean for s in sources], y - 0.15, color=GREEN, s=12, zorder=3)
    ax.set_yticks(y, [f"{_short(s.id, 28)} ({s.grade})" for s in sources], fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, len(sources) - 0.4)
    ax.set_xlabel("reliability of the source: mean and 90% interval")
    ax.legend(
        loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False, fontsize=7
    )  # fmt: skip
    return _svg(fig)
