"""A comparison and a case's history in the terminal: pure renderers, they never print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ach.reports.notebook import signed
from ach.reports.terminal.changes import standing_change

if TYPE_CHECKING:
    from ach.analysis.compare import Comparison
    from ach.analysis.history import History

EFFECT_NOTE = (
    "effect: the log-odds of the leader against the runner-up with the change minus without "
    "it, each change undone alone in the new case (or applied alone to the old one); the "
    "effects need not add up, since changes interact"
)


def render_comparison(cmp: Comparison) -> RenderableType:
    """The ranking before and after, then every change with its effect, largest first."""
    before = {h.id: h for h in cmp.before.hypotheses}
    after_ids = {h.id for h in cmp.after.hypotheses}
    ranking = Table(title=f"{cmp.case}: the ranking before and after", title_justify="left")
    ranking.add_column("hypothesis", ratio=1)
    for column in ("before", "after", "change"):
        ranking.add_column(column, justify="right", no_wrap=True)
    for h in cmp.after.hypotheses:
        was = before.get(h.id)
        ranking.add_row(
            h.label,
            f"{was.posterior:.3f}" if was else "—",
            f"{h.posterior:.3f}",
            signed(h.posterior - was.posterior) if was else "new",
        )
    for h in cmp.before.hypotheses:
        if h.id not in after_ids:
            ranking.add_row(h.label, f"{h.posterior:.3f}", "—", "removed")
    if cmp.log_odds_before is None:
        start = "undefined before (one of them is new)"
    else:
        delta = signed(cmp.log_odds_after - cmp.log_odds_before)
        start = f"{signed(cmp.log_odds_before)} before"
    summary = Text(
        f"Log-odds of {cmp.leader} (leader) against {cmp.runner_up} (runner-up): {start}, "
        f"{signed(cmp.log_odds_after)} after"
        + (f" ({delta})." if cmp.log_odds_before is not None else ".")
    )
    for line in standing_change(cmp.before, cmp.after):  # a changed leader, a tie formed
        summary.append(f" {line}")
    parts: list[RenderableType] = [ranking, summary, Text("")]
    if not cmp.changes:
        parts.append(Text("No item, source or hypothesis changed."))
        return Group(*parts)
    changes = Table(title=f"What changed ({len(cmp.changes)})", title_justify="left")
    changes.add_column("kind", no_wrap=True)
    changes.add_column("id", no_wrap=True)
    changes.add_column("change", ratio=1)
    changes.add_column("effect", justify="right", no_wrap=True)
    for c in cmp.changes:
        changes.add_row(
            c.kind,
            c.id,
            c.change + (" (cannot be isolated: --json says why)" if c.effect is None else ""),
            "unknown" if c.effect is None else signed(c.effect),
        )
    # the note under the table, at the full width (a caption would wrap to the table's)
    parts += [changes, Text(EFFECT_NOTE, style="dim")]
    return Group(*parts)


def render_history(history: History) -> RenderableType:
    """One line per commit: what it changed, then the leader and its posterior after it."""
    lines = [Text(f"{history.case}: {len(history.entries)} commit(s) touching the case")]
    for entry in history.entries:
        line = Text(f"{entry.commit[:7]} {entry.date} ", style="dim")
        line.append(entry.summary())
        line.append(" | ")
        if entry.leader is None:
            line.append(f"does not load: {entry.problem}", style="red")
        else:
            line.append(f"{entry.leader} leads at {entry.posterior:.3f}")
        line.append(f"  ({entry.subject})", style="dim")
        lines.append(line)
    return Group(*lines)
