"""The rationale report as PDF, typeset by Typst from the same document as the other formats.

The document reaches the template as JSON through ``sys_inputs`` (never pasted into markup);
numbers are formatted here; fonts are the DejaVu family shipped with matplotlib, passed
explicitly with system fonts ignored, so Turkish, Cyrillic and Georgian render the same on
every machine. With a fixed ``timestamp`` two runs give identical bytes.
"""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from ach.case.model import Case
from ach.reports import charts, tables
from ach.reports.document import ReportDocument, bib_line

TEMPLATE = "templates/report.typ"


def font_dir() -> Path:
    """The DejaVu fonts that ship with matplotlib."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def render_pdf(doc: ReportDocument, case: Case, *, timestamp: datetime | None = None) -> bytes:
    """The report as PDF bytes."""
    import typst

    template = (resources.files("ach.reports") / TEMPLATE).read_bytes()
    figures = {
        "posterior": charts.posterior_chart(doc),
        "matrix": charts.matrix_chart(doc),
        "influence": charts.influence_chart(doc),
        "reliability": charts.reliability_chart(doc),
    }
    bib = (case.root / "references.bib").read_text(encoding="utf-8") if case.bib else ""
    stamp = timestamp or datetime.now().astimezone()
    inputs = {
        "view": json.dumps(view(doc, stamp), ensure_ascii=False),
        "charts": json.dumps(figures),
        "bib": bib,
    }
    pdf = typst.compile(  # type: ignore[misc]
        template,
        font_paths=[str(font_dir())],
        ignore_system_fonts=True,
        sys_inputs=inputs,
        timestamp=int(stamp.timestamp()),
    )
    return bytes(pdf)


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
        "interval-note": tables.INTERVAL_NOTE,
        "rationale": list(doc.rationale),
        "columns": [labels[h] for h in doc.columns],
        "matrix-header": ["item", "source", *(labels[h] for h in doc.columns)],
        "matrix": [
            [
                i.id + (f" (repeats {i.repeats})" if i.repeats else ""),
                i.source,
                *(i.ratings[h] or "" for h in doc.columns),
            ]
            for i in doc.items
        ],
        "influence-note": tables.influence_note(doc),
        "influence-header": tables.influence(doc)[0],
        "influence": tables.influence(doc)[1],
        "source-influence-header": tables.source_influence(doc)[0],
        "source-influence": tables.source_influence(doc)[1],
        "flips": tables.flips(doc),
        "robustness-note": tables.ROBUSTNESS_NOTE,
        "robustness-header": robustness_header,
        "robustness": robustness,
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
    }
