"""``ach sensitivity`` in the terminal: what moves the leader, and what would overturn it.

A pure renderer of a :class:`~ach.analysis.sensitivity.Sensitivity`; the flips are worded by
:mod:`ach.analysis.rationale`, as in the reports.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ach.analysis.rationale import and_list, flip_sentence
from ach.analysis.sensitivity import ItemInfluence, Sensitivity
from ach.reports.tables import signed
from ach.reports.terminal.layout import Col, Fitted


def _note(i: ItemInfluence, *, favours: bool) -> str:
    if i.repeats:
        return f"repeats {i.repeats}"
    if i.non_diagnostic:
        return "non-diagnostic"
    return f"favours {i.favours}" if favours and i.favours else ""


def items_table(result: Sensitivity, top: int) -> Fitted:
    """The items whose removal moves the leader's log-odds most."""
    rows = result.items[:top]
    item = Col("item", [i.id for i in rows], "id")
    source = Col("source", [i.source for i in rows], "id")
    influence = Col("influence", [signed(i.influence) for i in rows], "num")
    diag = Col("diagnosticity", [f"{i.diagnosticity:.3f}" for i in rows], "num")
    favours = Col("favours", [i.favours or "" for i in rows], "id")
    note = Col("note", [_note(i, favours=False) for i in rows], "words")
    merged = Col("note", [_note(i, favours=True) for i in rows], "words")
    stacked = Col("item, source", [f"{i.id}\n{i.source}" for i in rows], "id")
    return Fitted(
        [
            [item, source, influence, diag, favours, note],
            [item, source, influence, diag, merged],
            [item, source, influence, merged],
            [stacked, influence, merged],
        ],
        title="Items by influence (log-odds of leader vs runner-up lost without the item)",
    )


def sources_table(result: Sensitivity, top: int) -> Fitted:
    rows = result.sources[:top]
    return Fitted(
        [
            [
                Col("source", [s.id for s in rows], "id"),
                Col("grade", [s.grade for s in rows], "id"),
                Col("items", [str(s.items) for s in rows], "num"),
                Col("influence", [signed(s.influence) for s in rows], "num"),
            ]
        ],
        title="Sources by influence (without the source and what derives from it)",
    )


def headline(result: Sensitivity) -> str:
    """Who leads and against whom the influences are measured; a tie named as a tie."""
    if result.tied:
        group = and_list([result.leader, *result.tied])
        return (
            f"Tied: {group} at {result.posterior[result.leader]:.3f}; influences are the "
            f"log-odds of {result.leader} against {result.runner_up} "
            f"({result.log_odds:+.3f} with every item)"
        )
    return (
        f"Leader: {result.leader} (posterior {result.posterior[result.leader]:.3f}); "
        f"runner-up: {result.runner_up}; log-odds {result.log_odds:+.3f}"
    )


def render_sensitivity(result: Sensitivity, top: int = 10) -> RenderableType:
    """The leader, the items and sources by influence, the flips, robustness, non-diagnostic."""
    parts: list[RenderableType] = [
        Text(headline(result)),
        items_table(result, top),
        sources_table(result, top),
    ]
    flips = [f for f in (result.grade_flip, result.rating_flip) if f]
    if not flips:
        parts.append(
            Text("No single change of one source's grade or one item's rating flips the leader.")
        )
    for f in flips:
        parts.append(
            Text(f"Smallest {f.kind} change that flips the leader: {flip_sentence(f, {})}.")
        )
    r = result.robustness
    stays = "it stays first" if result.tied else "the leader stays"
    parts.append(
        Text(
            f"Every graded source one grade up: {result.leader} {r.up[result.leader]:.3f}; one "
            f"grade down: {r.down[result.leader]:.3f} "
            f"({stays if r.leader_stays else 'the leader changes'})."
        )
    )
    non_diag = [i.id for i in result.items if i.non_diagnostic and not i.repeats]
    if non_diag:
        parts.append(Text(f"Non-diagnostic items: {', '.join(non_diag)}"))
    return Group(*parts)
