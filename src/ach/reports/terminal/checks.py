"""What a case's warnings mean for the user: one summary before a ranking, each in ``validate``.

A bundled case has items rated alike for every hypothesis on purpose (context: dates,
places); warning about each before every ranking trained users to skip the warnings. So
``ach rank`` says in one line how many there are of each kind and whether any needs acting
on, and ``ach validate`` lists every one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.text import Text

from ach.errors import Problem
from ach.reports.terminal.layout import Hanging


@dataclass(frozen=True)
class Kind:
    """A kind of warning: how to recognise it, how to count it, whether it asks for action."""

    #: the ``kind`` that :mod:`ach.case.warnings` gives the warning
    kind: str
    one: str
    many: str
    act: bool


#: In the order the summary names them.
KINDS = (
    Kind("no-quote", "item has no quote", "items have no quote", True),
    Kind("no-locator", "item has no locator", "items have no locator", True),
    Kind(
        "restatement",
        "item looks like an unmarked restatement",
        "items look like unmarked restatements",
        True,
    ),
    Kind(
        "unrated-hypothesis",
        "hypothesis is rated by no item",
        "hypotheses are rated by no item",
        True,
    ),
    Kind("no-evidence", "case has no evidence items", "cases have no evidence items", True),
    Kind(
        "uncited-source",
        "source is cited by no item",
        "sources are cited by no item",
        False,
    ),
    Kind("non-diagnostic", "item is non-diagnostic", "items are non-diagnostic", False),
)
OTHER = Kind("", "other warning", "other warnings", True)


def kind_of(warning: Problem | str) -> Kind:
    kind = warning.kind if isinstance(warning, Problem) else ""
    return next((k for k in KINDS if k.kind == kind), OTHER)


def summary(
    warnings: Sequence[Problem | str], listed_by: str | None = None, *, head: str | None = None
) -> str | None:
    """One line: how many warnings of each kind, and whether any asks for action.

    ``listed_by`` names the command that lists them one by one (``ach validate CASE``);
    ``head`` replaces the line's first word (``warning:`` when one asks for action, else
    ``note:``).
    """
    if not warnings:
        return None
    counts: dict[Kind, int] = {}
    for w in warnings:
        counts[kind_of(w)] = counts.get(kind_of(w), 0) + 1
    order = [*KINDS, OTHER]

    def said(k: Kind) -> str:
        n = counts[k]
        text = f"{n} {k.one if n == 1 else k.many}"
        return text + (
            " (rated alike for every hypothesis: context by design)" if k is KINDS[-1] else ""
        )

    act = "; ".join(said(k) for k in order if k in counts and k.act)
    info = "; ".join(said(k) for k in order if k in counts and not k.act)
    if act:
        text = f"{head or 'warning:'} {act}: worth fixing." + (f" Also {info}." if info else "")
    else:
        text = f"{head or 'note:'} {info}: nothing to fix."
    if listed_by:
        text += f" `{listed_by}` lists {'it' if len(warnings) == 1 else 'them'}."
    return text


def listing(warnings: Sequence[Problem | str]) -> RenderableType:
    """Every warning on its own line, wrapped under its first word at the console's width."""
    return Group(*(Hanging("warning:", Text(str(w))) for w in warnings))
