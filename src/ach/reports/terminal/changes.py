"""What a write did to the ranking: ``ach evidence add`` and the other commands that change a
case show every hypothesis before and after, and say when the lead changed hands."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text

from ach.analysis.rationale import standing_phrase, tie_group
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
    parts += [Text(line) for line in standing_change(before, after)]
    return Group(*parts)


def standing_change(before: RankResult, after: RankResult) -> list[str]:
    """A sentence when the lead changed hands or a tie formed or broke; nothing otherwise."""
    was = {h.id for h in tie_group(before)}
    now = {h.id for h in tie_group(after)}
    if was == now:
        return []
    if len(was) == 1 and len(now) == 1:
        return [f"The leader changed: {before.leader.label} -> {after.leader.label}."]
    return [f"Before, {standing_phrase(before)}; now {standing_phrase(after)}."]
