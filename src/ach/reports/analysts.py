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


def codes_text(item: ContestedItem, analyst: str) -> str:
    """One analyst's codes for the hypotheses the analysts dispute in this item."""
    return ", ".join(f"{h} {_value(item.readings[analyst].get(h))}" for h in differing(item))


def odds_text(item: ContestedItem, analyst: str) -> str:
    """The log-odds this analyst's reading gives, and the hypothesis it puts ahead if any."""
    flip = f", {item.flips[analyst]} leads" if analyst in item.flips else ""
    return f"{item.log_odds[analyst]:+.2f}{flip}"


def contested(report: AnalystsReport) -> PlainTable:
    """One row per contested item and analyst (the item and its spread on its first row), so
    that the table keeps its width however many analysts there are."""
    header = ["item", "spread", "analyst", "codes where they differ", "log-odds"]
    rows = []
    for c in report.contested:
        for k, a in enumerate(report.analysts):
            first = k == 0
            rows.append(
                [
                    c.id if first else "",
                    f"{c.spread:.2f}" if first else "",
                    a,
                    codes_text(c, a),
                    odds_text(c, a),
                ]
            )
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
    side = Table()
    side.add_column(header[0], no_wrap=True)
    for name in header[1:]:
        side.add_column(name, justify="right", no_wrap=True)
    for row in rows:
        side.add_row(*row)
    parts: list[RenderableType] = [
        Text(f"{report.case}: each analyst's ranking and the pool", style="italic"),
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
    header, rows = contested(report)
    table = Table()
    for name in header:
        table.add_column(
            name,
            no_wrap=name != header[3],
            ratio=1 if name == header[3] else None,
            justify="right" if name == "spread" else "left",
        )
    for k, row in enumerate(rows):
        table.add_row(*row, end_section=k % len(report.analysts) == len(report.analysts) - 1)
    parts.append(table)
    return Group(*parts)
