"""The rationale report as Markdown: a pure function of a :class:`ReportDocument`."""

from __future__ import annotations

import re

from ach.reports import analysts, leads, tables, timeline
from ach.reports.document import ReportDocument, bib_line

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_LEADING = re.compile(r"^(\d*)([#>+.)-])")


def md(text: object, *, line_start: bool = True) -> str:
    """User text, escaped so that Markdown shows it literally (and on one line).

    Text that may start a line is also kept from reading as a heading, quote or list item;
    a table cell cannot start a block, so its numbers stay unescaped (``0.504``, ``-0.61``).
    """
    flat = _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _LEADING.sub(r"\1\\\2", flat) if line_start else flat


def _table(table: tables.Table) -> list[str]:
    header, rows = table
    out = [
        "| " + " | ".join(md(h, line_start=False) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    out += ["| " + " | ".join(md(cell, line_start=False) for cell in row) + " |" for row in rows]
    return [*out, ""]


def render_markdown(doc: ReportDocument) -> str:
    """The whole report, section by section, as a Markdown string."""
    lines = [
        f"# {md(doc.title)}",
        "",
        f"**Question.** {md(doc.question)}",
        "",
        f"**Answer.** {md(doc.answer)}",
        "",
    ]
    if doc.description:
        lines += [md(doc.description), ""]
    lines += ["## Ranking", "", *_table(tables.ranking(doc)), md(tables.ranking_note(doc)), ""]
    lines += ["## Rationale", ""]
    for paragraph in doc.rationale:
        lines += [md(paragraph), ""]
    if doc.growth:
        lines += [f"## {timeline.TITLE}", "", md(doc.growth.sentence), "", "```text"]
        lines += [line.replace("`", "'") for line in timeline.sparklines(doc.growth)] + ["```", ""]
        lines += [f"- {md(line)}" for line in timeline.marks_lines(doc.growth)] + [""]
        lines += [*_table(timeline.growth_table(doc.growth)), "Sources entering each year:", ""]
        lines += [f"- {md(line)}" for line in timeline.entering_lines(doc.growth)] + [""]
        lines += [md(timeline.RULE), ""]
    lines += ["## Evidence against hypotheses", "", *_table(tables.matrix(doc))]
    lines += [
        "## Sensitivity",
        "",
        md(tables.influence_note(doc)),
        "",
        *_table(tables.influence(doc)),
        *_table(tables.source_influence(doc)),
    ]
    lines += [f"- {md(line)}" for line in tables.flips(doc)] + [""]
    lines += [md(tables.ROBUSTNESS_NOTE), "", *_table(tables.robustness(doc))]
    if doc.leads is not None:
        lines += ["## What to look for next", "", md(leads.today(doc.leads)), ""]
        lines += [md(leads.LEADS_NOTE), "", *_table(leads.leads_table(doc.leads))]
        lines += [f"- {md(line)}" for line in leads.turning_points(doc.leads)] + [""]
    if doc.analysts is not None:
        lines += [f"## {analysts.SECTION_TITLE}", ""]
        for part in analysts.section(doc.analysts, doc.column_labels):
            lines += [md(part), ""] if isinstance(part, str) else _table(part)
    lines += ["## Sources", "", *_table(tables.sources(doc)), md(tables.grades(doc)), ""]
    lines += [
        f"- {md(s.id)}: {md(s.citation)}" + (f" ({md(s.notes)})" if s.notes else "")
        for s in doc.sources
    ] + [""]
    lines += ["## Evidence items", ""]
    for i in doc.items:
        lines += [f"### {md(i.id)}", "", md(i.claim), ""]
        if i.quote:
            lines += [f"> {md(i.quote)}", ""]
        lines += [md(tables.item_facts(i)), "", md(tables.item_ratings(doc, i)), ""]
        if i.notes:
            lines += [md(i.notes), ""]
    lines += [
        "## Heuer's inconsistency view beside the Bayesian one",
        "",
        *_table(tables.heuer(doc)),
    ]
    if doc.bibliography:
        lines += (
            ["## Bibliography", ""]
            + [f"- {md(bib_line(entry))}" for entry in doc.bibliography]
            + [""]
        )
    lines += (
        ["## Provenance", ""] + [f"- {md(k)}: {md(v)}" for k, v in doc.provenance.items()] + [""]
    )
    if doc.warnings:
        lines += ["## Warnings", ""] + [f"- {md(w)}" for w in doc.warnings] + [""]
    return "\n".join(lines)
