"""Results in Jupyter and at the Python prompt: a readable ``repr`` and an HTML table.

Pure functions of a result (registered in :mod:`ach.reports.shown`, which the results'
``__repr__`` and ``_repr_html_`` consult: see :mod:`ach.data`). HTML is a fragment for a notebook cell: styles inline, no scripts, every
piece of case text escaped. The interval bars and the tornado are inline SVG, so they show
in any notebook front end and in an exported notebook without a network.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ach.analysis.compare import Comparison
    from ach.analysis.sensitivity import ItemInfluence, Sensitivity
    from ach.engine.result import RankResult

#: Width of the interval bar and of each half of the tornado, in pixels.
BAR = 160
#: Items shown in the tornado (the most influential; the rest move the log-odds less).
TORNADO_ITEMS = 15
GREEN, BAND, RED, TRACK = "#1a7f37", "#b7e1c1", "#b3261e", "#e8e8e8"
CELL = "border:1px solid #ccc;padding:.25em .5em;text-align:left"
NUM = "border:1px solid #ccc;padding:.25em .5em;text-align:right;font-variant-numeric:tabular-nums"


def signed(x: float, digits: int = 3) -> str:
    """``+0.123``; a value that rounds to zero is ``+0.000``, never ``-0.000``."""
    return f"{round(x, digits) + 0.0:+.{digits}f}"


def e(text: object) -> str:
    return escape(str(text), quote=True)


def table(header: list[str], rows: list[list[tuple[str, bool]]], caption: str = "") -> str:
    """An HTML table; each cell is (html, numeric)."""
    head = "".join(f'<th style="{CELL};background:#f3f3f3">{h}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td style="{NUM if num else CELL}">{c}</td>' for c, num in row) + "</tr>"
        for row in rows
    )
    cap = f'<caption style="caption-side:bottom;text-align:left;color:#666;font-size:.85em">{caption}</caption>'
    return f'<table style="border-collapse:collapse;margin:.5em 0">{cap if caption else ""}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def interval_bar(posterior: float, lo: float, hi: float) -> str:
    """The 90% interval as a band on a 0-1 track, the posterior as a tick."""

    def x(v: float) -> float:
        return max(0.0, min(1.0, v)) * BAR

    return (
        f'<svg width="{BAR}" height="12" role="img" aria-label="posterior {posterior:.3f}, '
        f'interval {lo:.2f} to {hi:.2f}"><rect x="0" y="4" width="{BAR}" height="4" fill="{TRACK}"/>'
        f'<rect x="{x(lo):.1f}" y="2" width="{max(1.0, x(hi) - x(lo)):.1f}" height="8" fill="{BAND}"/>'
        f'<rect x="{x(posterior) - 1:.1f}" y="0" width="2" height="12" fill="{GREEN}"/></svg>'
    )


# --- ranking -----------------------------------------------------------------------------


def rank_text(result: RankResult) -> str:
    from ach.analysis.rationale import standing_phrase

    lines = [
        f"<RankResult {result.case}: {result.engine} engine, seed {result.provenance.seed}; "
        f"{standing_phrase(result)}>"
    ]
    width = max(len(h.label) for h in result.hypotheses)
    for n, h in enumerate(result.hypotheses, start=1):
        lines.append(
            f"  {n}. {h.label:<{width}}  {h.posterior:.3f}  "
            f"[{h.interval[0]:.2f}, {h.interval[1]:.2f}]  ({h.id})"
        )
    lines += [f"  warning: {w}" for w in result.warnings]
    return "\n".join(lines)


def rank_html(result: RankResult) -> str:
    rows = [
        [
            (str(n), True),
            (e(h.label) + (" <i>(catch-all)</i>" if h.catch_all else ""), False),
            (f"{h.posterior:.3f}", True),
            (f"{h.interval[0]:.2f}–{h.interval[1]:.2f}", True),
            (interval_bar(h.posterior, *h.interval), False),
            (f"{h.prior:.2f}", True),
            (str(h.inconsistency), True),
        ]
        for n, h in enumerate(result.hypotheses, start=1)
    ]
    warnings = "".join(f'<p style="color:#9a6700">warning: {e(w)}</p>' for w in result.warnings)
    return (
        f"<div><p><b>{e(result.case)}</b>: {e(result.question)}</p>"
        + table(
            ["#", "hypothesis", "posterior", "90% interval", "", "prior", "inconsistency"],
            rows,
            "interval: 90% credible interval of P(h | evidence, r) over the sources' "
            "reliabilities r; the tick is the posterior",
        )
        + warnings
        + "</div>"
    )


# --- sensitivity -------------------------------------------------------------------------


def sensitivity_text(sens: Sensitivity) -> str:
    standing = (
        f"{sens.leader} tied with {', '.join(sens.tied)}, log-odds against {sens.runner_up}"
        if sens.tied
        else f"{sens.leader} leads {sens.runner_up} by log-odds"
    )
    lines = [
        f"<Sensitivity {sens.case}: {standing} {signed(sens.log_odds)}>",
        "  influence on those log-odds (with the item minus without it):",
    ]
    for item in _tornado_items(sens):
        lines.append(f"  {item.id:>8}  {signed(item.influence)}  {_short(item.claim, 50)}")
    return "\n".join(lines)


def sensitivity_html(sens: Sensitivity) -> str:
    """A tornado: each item's influence as a bar to the right (supports the leader) or to
    the left (weakens it), largest first."""
    items = _tornado_items(sens)
    scale = max((abs(i.influence) for i in items), default=0.0) or 1.0
    rows = []
    for item in items:
        width = abs(item.influence) / scale * BAR
        x = BAR if item.influence >= 0 else BAR - width
        colour = GREEN if item.influence >= 0 else RED
        svg = (
            f'<svg width="{2 * BAR}" height="12"><rect x="{BAR - 0.5}" y="0" width="1" height="12" '
            f'fill="#999"/><rect x="{x:.1f}" y="2" width="{max(width, 0.5):.1f}" height="8" '
            f'fill="{colour}"/></svg>'
        )
        rows.append(
            [
                (e(item.id), False),
                (e(_short(item.claim, 70)), False),
                (e(item.source), False),
                (svg, False),
                (f"{signed(item.influence)}", True),
            ]
        )
    sources = [
        [
            (e(s.id), False),
            (e(s.grade), False),
            (str(s.items), True),
            (f"{signed(s.influence)}", True),
        ]
        for s in sens.sources
    ]
    return (
        f"<div><p><b>{e(sens.case)}</b>: what carries <b>{e(sens.leader)}</b> against "
        f"<b>{e(sens.runner_up)}</b> (log-odds {signed(sens.log_odds)})</p>"
        + table(
            ["item", "claim", "source", "influence", "log-odds"],
            rows,
            "influence: the leader's log-odds against the runner-up with the item minus without "
            "it; right (green) supports the leader, left (red) weakens it",
        )
        + table(["source", "grade", "items", "log-odds"], sources)
        + "</div>"
    )


def _tornado_items(sens: Sensitivity) -> list[ItemInfluence]:
    ranked = sorted(sens.items, key=lambda i: (-abs(i.influence), i.id))
    return ranked[:TORNADO_ITEMS]


# --- comparison --------------------------------------------------------------------------


def comparison_text(cmp: Comparison) -> str:
    lines = [
        f"<Comparison {cmp.case}: {len(cmp.changes)} change(s); log-odds of {cmp.leader} "
        f"against {cmp.runner_up} {_before(cmp)} -> {signed(cmp.log_odds_after)}>"
    ]
    before = {h.id: h.posterior for h in cmp.before.hypotheses}
    for h in cmp.after.hypotheses:
        was = f"{before[h.id]:.3f}" if h.id in before else "  —  "
        lines.append(f"  {h.id:<16} {was} -> {h.posterior:.3f}")
    for c in cmp.changes:
        lines.append(f"  {c.kind:<6} {c.id:<16} {_effect(c.effect):>8}  {c.change}")
    return "\n".join(lines)


def comparison_html(cmp: Comparison) -> str:
    before = {h.id: h for h in cmp.before.hypotheses}
    ranking = [
        [
            (e(h.label), False),
            (f"{before[h.id].posterior:.3f}" if h.id in before else "—", True),
            (f"{h.posterior:.3f}", True),
            (interval_bar(h.posterior, *h.interval), False),
            (signed(h.posterior - before[h.id].posterior) if h.id in before else "new", True),
        ]
        for h in cmp.after.hypotheses
    ]
    changes = [
        [(e(c.kind), False), (e(c.id), False), (e(c.change), False), (_effect(c.effect), True)]
        for c in cmp.changes
    ]
    return (
        f"<div><p><b>{e(cmp.case)}</b>: what changed, and what each change did to the "
        f"log-odds of <b>{e(cmp.leader)}</b> against <b>{e(cmp.runner_up)}</b> "
        f"({_before(cmp)} → {signed(cmp.log_odds_after)})</p>"
        + table(["hypothesis", "before", "after", "", "change"], ranking)
        + table(
            ["kind", "id", "change", "effect"],
            changes,
            "effect: the log-odds with the change minus without it, each change undone alone; "
            "the effects need not add up",
        )
        + "</div>"
    )


def _before(cmp: Comparison) -> str:
    return "—" if cmp.log_odds_before is None else signed(cmp.log_odds_before)


def _effect(effect: float | None) -> str:
    return "unknown" if effect is None else signed(effect)


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
