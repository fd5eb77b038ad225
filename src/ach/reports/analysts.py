"""Several analysts, rendered: ``ach analysts`` in the terminal, the report section "Where
analysts disagree" (as plain tables for Markdown, HTML and PDF), and the before/after table
of a write. Pure renderers of :class:`~ach.analysis.analysts.AnalystsReport` and results.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ach.analysis.analysts import AnalystsReport, ContestedItem

PlainTable = tuple[list[str], list[list[str]]]

SECTION_TITLE = "Where analysts disagree"
POOL_COLUMN = "pool"
#: Krippendorff (2004, sec. 11.4): rely on alpha >= 0.800; 0.667 is the lowest for tentative
#: conclusions.
ALPHA_NOTE = "Krippendorff: 0.800 or more is reliable; below 0.667 draw no conclusions from it"


def rankings(report: AnalystsReport, labels: dict[str, str] | None = None) -> PlainTable:
    """Hypotheses (in the pool's order) against each analyst's posterior and the pool's; a
    reading's leader, and any hypothesis tied with it, is marked with '*'."""
    header = ["hypothesis", *report.analysts, POOL_COLUMN]
    readings = [*report.rankings, report.pool]
    rows = []
    for hyp in report.pool.hypotheses:
        cells = [(labels or {}).get(hyp.id, hyp.id)]
        for reading in readings:
            mine = next(h for h in reading.hypotheses if h.id == hyp.id)
            mark = "*" if hyp.id in (reading.leader, *reading.tied) else ""
            cells.append(f"{mine.posterior:.3f}{mark}")
        rows.append(cells)
    return header, rows


def agreement_text(report: AnalystsReport) -> str:
    a = report.agreement
    if a.alpha is None:
        return f"Agreement (Krippendorff's alpha, ordinal): undefined ({a.why})."
    return (
        f"Agreement over the matrix, Krippendorff's alpha for ordinal codes: {a.alpha:.3f} "
        f"({a.analysts} analysts, {a.units} cells rated by two or more; {ALPHA_NOTE})."
    )


def contested_note(report: AnalystsReport) -> str:
    if report.runner_up is None:
        return "One hypothesis only: no log-odds to move."
    return (
        f"Contested items, those whose reading moves the answer most first: the log-odds of "
        f"{report.leader} (the pool's leader) against {report.runner_up} when only this item "
        "takes each analyst's reading and every other item stays pooled; spread is the largest "
        "minus the smallest. An item where one reading hands the lead to another hypothesis "
        "comes first."
    )


def differing(item: ContestedItem) -> list[str]:
    """The hypotheses the analysts rate differently for this item (those worth showing)."""
    first = next(iter(item.readings.values()))
    return [h for h in first if len({str(r.get(h)) for r in item.readings.values()}) > 1]


def _value(value: str | float | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else f"{value:g}"


def reading_text(item: ContestedItem, analyst: str) -> str:
    """One analyst's codes for the disputed hypotheses, then the log-odds they give."""
    codes = ", ".join(f"{h} {_value(item.readings[analyst].get(h))}" for h in differing(item))
    flip = f", {item.flips[analyst]} leads" if analyst in item.flips else ""
    return f"{codes} ({item.log_odds[analyst]:+.2f}{flip})"


def contested(report: AnalystsReport) -> PlainTable:
    header = ["item", "spread", *report.analysts]
    rows = [
        [c.id, f"{c.spread:.2f}", *(reading_text(c, a) for a in report.analysts)]
        for c in report.contested
    ]
    return header, rows


RANKINGS_NOTE = (
    "Posterior of each hypothesis as each analyst reads the items ('case': the items' own "
    "ratings) and under the pool of them all, equal weight; * marks each reading's leader "
    "(and any hypothesis tied with it)."
)

#: the report section, as paragraphs (str) and tables, for every document format
Part = str | PlainTable


def section(report: AnalystsReport, labels: dict[str, str]) -> list[Part]:
    """The report's "Where analysts disagree": rankings, agreement, the contested items."""
    parts: list[Part] = [rankings(report, labels), RANKINGS_NOTE, agreement_text(report)]
    if report.contested:
        parts += [contested_note(report), contested(report)]
    else:
        parts.append(NO_CONTEST)
    return parts


NO_CONTEST = "No item's readings move the leader's log-odds by 0.01 or more."


def render_analysts(report: AnalystsReport) -> RenderableType:
    """``ach analysts`` in the terminal: rankings side by side, agreement, contested items."""
    header, rows = rankings(report)
    side = Table(title=f"{report.case}: each analyst's ranking and the pool", title_justify="left")
    side.add_column(header[0], no_wrap=True)
    for name in header[1:]:
        side.add_column(name, justify="right", no_wrap=True)
    for row in rows:
        side.add_row(*row)
    parts: list[RenderableType] = [
        side,
        Text(RANKINGS_NOTE),
        Text(""),
        Text(agreement_text(report)),
        Text(""),
    ]
    if not report.contested:
        parts.append(Text(NO_CONTEST))
        return Group(*parts)
    parts.append(Text(contested_note(report)))
    table = Table(show_lines=True)
    table.add_column("item", no_wrap=True)
    table.add_column("spread", justify="right", no_wrap=True)
    for name in report.analysts:
        table.add_column(name, ratio=1)
    for c in report.contested:
        cells = [_cell(c, a) for a in report.analysts]
        table.add_row(c.id, f"{c.spread:.2f}", *cells)
    parts.append(table)
    return Group(*parts)


def _cell(item: ContestedItem, analyst: str) -> Text:
    """A terminal cell: one disputed hypothesis a line, then the log-odds (and a flip)."""
    lines = [f"{h} {_value(item.readings[analyst].get(h))}" for h in differing(item)]
    odds = f"{item.log_odds[analyst]:+.2f}"
    if analyst in item.flips:
        odds += f" {item.flips[analyst]} leads"
    return Text("\n".join([*lines, odds]))
