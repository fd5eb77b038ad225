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
from ach.reports import charts
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
    """The document with every number formatted, laid out as the template's tables want it."""
    labels = doc.column_labels
    by_id = {i.id: i for i in doc.items}
    ranking = [
        [
            str(r.rank),
            r.label + (" (catch-all)" if r.catch_all else ""),
            f"{r.posterior:.3f}",
            f"{r.interval[0]:.2f}–{r.interval[1]:.2f}",
            f"{r.prior:.2f}",
            f"{r.p_first:.0%}",
            str(r.inconsistency),
        ]
        for r in doc.ranking
    ]
    flips = [
        f"{f.kind} of {f.target}: {f.change} ({f.steps} step{'s' if f.steps != 1 else ''}) would put "
        f"{labels[f.new_leader]} ahead at {f.new_posterior:.2f}"
        for f in doc.flips
    ] or [
        "No single change of one source's grade or one item's rating hands the lead to another hypothesis."
    ]
    scenarios = list(doc.robustness)
    items = []
    for i in doc.items:
        facts = [f"source: {i.source}", f"locator: {i.locator or '—'}"]
        facts += [f"date: {i.date}"] if i.date else []
        facts += [f"credibility: {i.credibility}"] if i.credibility else []
        facts += [f"repeats {i.repeats} (adds no weight)"] if i.repeats else []
        facts += [f"influence {i.influence:+.3f}, diagnosticity {i.diagnosticity:.3f}"]
        items.append(
            {
                "id": i.id,
                "claim": i.claim,
                "quote": i.quote,
                "notes": i.notes,
                "facts": "; ".join(facts),
                "ratings": "ratings: "
                + ", ".join(f"{labels[h]} {i.ratings[h]}" for h in doc.columns),
            }
        )
    return {
        "title": doc.title,
        "question": doc.question,
        "answer": doc.answer,
        "case": doc.case,
        "description": doc.description,
        "version": doc.provenance.get("version of ach", ""),
        "date": stamp.strftime("%Y-%m-%d %H:%M %Z").strip(),
        "ranking-header": [
            "#",
            "hypothesis",
            "posterior",
            "90% interval",
            "prior",
            "P(first)",
            "inconsistency",
        ],
        "ranking": ranking,
        "interval-note": "The interval is the 90% credible interval of P(h | evidence, r) over the posterior "
        "uncertainty of the sources' reliabilities r, not a confidence in the answer.",
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
        "influence-note": f"Influence: how much the log-odds of {labels[doc.leader]} against "
        f"{labels[doc.runner_up]} fall when the item is left out (positive: it supports the leader).",
        "influence-header": ["item", "source", "influence", "diagnosticity", ""],
        "influence": [
            [
                i,
                by_id[i].source,
                f"{by_id[i].influence:+.3f}",
                f"{by_id[i].diagnosticity:.3f}",
                f"repeats {by_id[i].repeats}"
                if by_id[i].repeats
                else ("non-diagnostic" if by_id[i].non_diagnostic else ""),
            ]
            for i in doc.influence_order
        ],
        "source-influence-header": [
            "source (and what derives from it) left out",
            "grade",
            "items",
            "influence",
        ],
        "source-influence": [
            [s.id, s.grade, str(s.items), f"{s.influence:+.3f}"]
            for s in sorted(doc.sources, key=lambda s: -abs(s.influence))
        ],
        "flips": flips,
        "robustness-note": "Robustness to the reliability priors: every graded source one grade up or down.",
        "robustness-header": ["hypothesis", *scenarios],
        "robustness": [
            [labels[h], *(f"{doc.robustness[s][h]:.3f}" for s in scenarios)] for h in doc.columns
        ],
        "sources-header": [
            "source",
            "kind",
            "grade",
            "reliability prior",
            "posterior (90%)",
            "derived from",
        ],
        "sources": [
            [
                s.id,
                s.kind,
                s.grade,
                s.prior,
                f"{s.posterior_mean:.2f} ({s.interval[0]:.2f}–{s.interval[1]:.2f})",
                ", ".join(s.derived_from) or "—",
            ]
            for s in doc.sources
        ],
        "citations": [{"id": s.id, "citation": s.citation, "notes": s.notes} for s in doc.sources],
        "grades": "Admiralty grades as reliability priors: "
        + "; ".join(f"{k} {v}" for k, v in doc.grades.items())
        + ".",
        "items": items,
        "heuer-header": [
            "hypothesis",
            "inconsistency (I = 1, II = 2)",
            "Heuer rank",
            "posterior",
            "Bayesian rank",
        ],
        "heuer": [
            [r.label, str(r.inconsistency), str(r.heuer_rank), f"{r.posterior:.3f}", str(r.rank)]
            for r in sorted(doc.ranking, key=lambda r: r.heuer_rank)
        ],
        "references": [bib_line(entry) for entry in doc.bibliography],
        "provenance": [[k, v] for k, v in doc.provenance.items()],
        "warnings": list(doc.warnings),
    }
