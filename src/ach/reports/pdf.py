"""The rationale report as PDF, typeset by Typst from the same document as the other formats.

The document reaches the template as JSON through ``sys_inputs`` (never pasted into markup);
numbers are formatted here; fonts are the DejaVu family shipped with matplotlib, passed
explicitly with system fonts ignored, so Turkish, Cyrillic and Georgian render the same on
every machine. With a fixed ``timestamp`` two runs give identical bytes.
"""

from __future__ import annotations

import json
import warnings
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from ach.reports import analysts, charts, leads, tables, timeline
from ach.reports.document import ReportDocument, bib_line
from ach.reports.files import write_report

TEMPLATE = "templates/report.typ"


def font_dir() -> Path:
    """The DejaVu fonts that ship with matplotlib."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def write_pdf(
    document: ReportDocument, path: Path, *, case_root: Path, timestamp: datetime | None = None
) -> None:
    """Write the report to ``path`` as PDF, atomically and never inside the case folder."""
    write_report(path, render_pdf(document, timestamp=timestamp), case_root=case_root)


def render_pdf(doc: ReportDocument, *, timestamp: datetime | None = None) -> bytes:
    """The report as PDF bytes: a function of the document alone (its bibliography included).

    ``timestamp`` fixes the date printed on the title page and stored in the PDF's metadata;
    with it, the same document gives the same bytes (charts carry no date and stable ids).
    """
    import typst

    template = (resources.files("ach.reports") / TEMPLATE).read_bytes()
    figures = {
        "posterior": charts.posterior_chart(doc),
        "matrix": charts.matrix_chart(doc),
        "influence": charts.influence_chart(doc),
        "reliability": charts.reliability_chart(doc),
        "growth": timeline.growth_chart(doc.growth) if doc.growth else "",
    }
    stamp = timestamp or datetime.now().astimezone()
    inputs = {
        "view": json.dumps(view(doc, stamp), ensure_ascii=False),
        "charts": json.dumps(figures),
        "bib": doc.bibtex,
    }
    pdf, notes = typst.compile_with_warnings(  # type: ignore[misc]
        template,
        font_paths=[str(font_dir())],
        ignore_system_fonts=True,
        sys_inputs=inputs,
        timestamp=int(stamp.timestamp()),
    )
    for note in notes:  # a font or template slip: visible in the CLI, an error in the tests
        warnings.warn(f"typst: {note.message}", RuntimeWarning, stacklevel=2)
    return bytes(pdf)


def _widths(table: tables.Table) -> list[str]:
    """Column widths of a section table: columns of long text share the page, short ones
    (ids, numbers) take what they need."""
    header, rows = table
    longest = [max(len(c) for c in column) for column in zip(header, *rows, strict=True)]
    return ["1fr" if n > 12 else "auto" for n in longest]


def view(doc: ReportDocument, stamp: datetime) -> dict[str, Any]:
    """The document laid out as the template's tables want it, every number formatted."""
    labels = doc.column_labels
    ranking_header, ranking = tables.ranking(doc)
    robustness_header, robustness = tables.robustness(doc)
    return {
        "title": doc.title,
        "question": doc.question,
        "answer": doc.answer,
        "case": doc.case,
        "description": doc.description,
        "version": doc.provenance.get("version of ach", ""),
        "date": stamp.strftime("%Y-%m-%d %H:%M %Z").strip(),
        "ranking-header": ranking_header,
        "ranking": ranking,
        "interval-note": tables.ranking_note(doc),
        "rationale": list(doc.rationale),
        "growth": _growth(doc),
        "columns": [labels[h] for h in doc.columns],
        "matrix-header": tables.matrix(doc)[0],
        "matrix": tables.matrix(doc)[1],
        "influence-note": tables.influence_note(doc),
        "influence-header": tables.influence(doc)[0],
        "influence": tables.influence(doc)[1],
        "source-influence-header": tables.source_influence(doc)[0],
        "source-influence": tables.source_influence(doc)[1],
        "flips": tables.flips(doc),
        "robustness-note": tables.ROBUSTNESS_NOTE,
        "robustness-header": robustness_header,
        "robustness": robustness,
        "leads": None
        if doc.leads is None
        else {
            "today": leads.today(doc.leads),
            "note": leads.LEADS_NOTE,
            "header": leads.leads_table(doc.leads)[0],
            "rows": leads.leads_table(doc.leads)[1],
            "turning-points": leads.turning_points(doc.leads),
        },
        "sources-header": tables.sources(doc)[0],
        "sources": tables.sources(doc)[1],
        "citations": [{"id": s.id, "citation": s.citation, "notes": s.notes} for s in doc.sources],
        "grades": tables.grades(doc),
        "items": [
            {
                "id": i.id,
                "claim": i.claim,
                "quote": i.quote,
                "notes": i.notes,
                "facts": tables.item_facts(i),
                "ratings": tables.item_ratings(doc, i),
            }
            for i in doc.items
        ],
        "heuer-header": tables.heuer(doc)[0],
        "heuer": tables.heuer(doc)[1],
        "references": [bib_line(entry) for entry in doc.bibliography],
        "provenance": [[k, v] for k, v in doc.provenance.items()],
        "warnings": list(doc.warnings),
        "analysts": None
        if doc.analysts is None
        else {
            "title": analysts.SECTION_TITLE,
            "parts": [
                {"text": part}
                if isinstance(part, str)
                else {"header": part[0], "rows": part[1], "widths": _widths(part)}
                for part in analysts.section(doc.analysts, labels)
            ],
        },
    }


def _growth(doc: ReportDocument) -> dict[str, Any] | None:
    """ "How the answer grew" as the template wants it, or None to leave the section out."""
    if doc.growth is None:
        return None
    header, rows = timeline.growth_table(doc.growth)
    return {
        "sentence": doc.growth.sentence,
        "marks": timeline.marks_lines(doc.growth),
        "entering": timeline.entering_lines(doc.growth),
        "header": header,
        "rows": rows,
        "rule": timeline.RULE,
    }
