"""What a write did to the ranking: ``ach evidence add`` and the other commands that change a
case show every hypothesis before and after, and say when the lead changed hands."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text

from ach.engine.result import RankResult
from ach.reports.terminal.layout import Col, Fitted


def render_change(
    before: RankResult,
    after: RankResult,
    title: str,
    *,
    written: Sequence[Path | str] = (),
) -> RenderableType:
    """The files written, each hypothesis before and after, and whether the leader changed."""
    was = {h.id: h.posterior for h in before.hypotheses}
    hyps = after.hypotheses
    table = Fitted(
        [
            [
                Col("hypothesis", [h.label for h in hyps]),
                Col("before", [f"{was[h.id]:.3f}" for h in hyps], "num"),
                Col("after", [f"{h.posterior:.3f}" for h in hyps], "num"),
                Col("change", [f"{h.posterior - was[h.id]:+.3f}" for h in hyps], "num"),
            ]
        ],
        title=title,
    )
    parts: list[RenderableType] = [Text(f"wrote {path}") for path in written]
    parts.append(table)
    if before.leader.id != after.leader.id:
        parts.append(Text(f"The leader changed: {before.leader.label} -> {after.leader.label}."))
    return Group(*parts)
