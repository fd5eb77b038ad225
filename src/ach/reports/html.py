"""The rationale report as one self-contained HTML file: styles inline, no scripts, no network.

A pure function of a :class:`ReportDocument`; every piece of case text is escaped, so quotes
with ``<``, ``&`` or ``"`` show literally.
"""

from __future__ import annotations

from html import escape

from ach.reports import analysts, leads, tables, timeline
from ach.reports.document import ReportDocument, bib_line
from ach.reports.palette import RATING_COLOURS, RATING_TEXT

STYLE = """
body{font-family:'DejaVu Sans',system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#1b1b1b;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}td,th{border:1px solid #ccc;padding:.3em .55em;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.code{text-align:center;font-weight:bold}.answer{font-size:1.15em;background:#f6f8fa;border-left:4px solid #1a7f37;
padding:.6em 1em}.bar{display:inline-block;height:.8em;background:#1a7f37;vertical-align:middle}
.band{display:inline-block;height:.8em;background:#b7e1c1;vertical-align:middle}blockquote{margin:.5em 0 .5em 1em;
padding-left:1em;border-left:3px solid #ccc;color:#333}.muted{color:#666;font-size:.9em}
.item{border-top:1px solid #eee;padding-top:.4em}
"""


def e(text: object) -> str:
    return escape(str(text), quote=True)


def _table(header: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    classes = classes or [""] * len(header)
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{c}">{cell}</td>' for c, cell in zip(classes, row, strict=True))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _plain(table: tables.Table, classes: list[str] | None = None) -> str:
    """A table of plain strings, escaped."""
    header, rows = table
    return _table([e(h) for h in header], [[e(c) for c in row] for row in rows], classes)


def _code(code: str) -> str:
    bg = RATING_COLOURS.get(code, "#fff")
    fg = RATING_TEXT.get(code, "#1b1b1b")
    return f'<span style="background:{bg};color:{fg};padding:0 .4em;border-radius:3px">{e(code)}</span>'


def render_html(doc: ReportDocument) -> str:
    """The whole report as one HTML document."""
    labels = doc.column_labels
    parts = [
        f"<h1>{e(doc.title)}</h1>",
        f"<p><b>Question.</b> {e(doc.question)}</p>",
        f'<p class="answer"><b>Answer.</b> {e(doc.answer)}</p>',
    ]
    if doc.description:
        parts.append(f"<p>{e(doc.description)}</p>")

    parts.append("<h2>Ranking</h2>")
    rows = []
    for r in doc.ranking:
        bar = (
            f'<span class="bar" style="width:{r.posterior * 150:.0f}px"></span>'
            f'<span class="band" style="width:{max(0.0, r.interval[1] - r.posterior) * 150:.0f}px"></span>'
        )
        rows.append(
            [
                str(r.rank),
                e(r.label) + (" <i>(catch-all)</i>" if r.catch_all else ""),
                f"{r.posterior:.3f}",
                f"{r.interval[0]:.2f}–{r.interval[1]:.2f}",
                bar,
                f"{r.prior:.2f}",
                f"{r.p_first:.0%}",
                str(r.inconsistency),
            ]
        )
    parts.append(
        _table(
            [
                "#",
                "hypothesis",
                "posterior",
                "90% interval",
                "",
                "prior",
                "P(first)",
                "inconsistency",
            ],
            rows,
            ["num", "", "num", "num", "", "num", "num", "num"],
        )
    )
    parts.append(f'<p class="muted">{e(tables.ranking_note(doc))}</p>')

    parts.append("<h2>Rationale</h2>")
    parts += [f"<p>{e(p)}</p>" for p in doc.rationale]
    if doc.growth:
        parts += [f"<h2>{e(timeline.TITLE)}</h2>", f"<p>{e(doc.growth.sentence)}</p>"]
        svg = timeline.growth_chart(doc.growth)  # matplotlib's own markup, no case text raw
        parts.append(f'<figure class="chart">{svg[svg.index("<svg") :]}</figure>')
        parts.append(
            "<ul>" + "".join(f"<li>{e(m)}</li>" for m in timeline.marks_lines(doc.growth)) + "</ul>"
        )
        header, rows = timeline.growth_table(doc.growth)
        parts.append(_plain((header, rows), ["num", "num", "", *("num" for _ in header[3:])]))
        entering = "".join(f"<li>{e(line)}</li>" for line in timeline.entering_lines(doc.growth))
        parts.append(f"<p>Sources entering each year:</p><ul>{entering}</ul>")
        parts.append(f'<p class="muted">{e(timeline.RULE)}</p>')

    parts.append("<h2>Evidence against hypotheses</h2>")
    header, _ = tables.matrix(doc)
    parts.append(
        _table(
            [e(h) for h in header],
            [
                [
                    e(r.id)
                    + (
                        f' <span class="muted">(repeats {e(r.repeats)})</span>' if r.repeats else ""
                    ),
                    e(r.source),
                    *(_code(code) if code else "" for code in r.ratings),
                ]
                for r in doc.matrix.rows
            ],
            ["", "", *("code" for _ in doc.matrix.columns)],
        )
    )

    parts.append("<h2>Sensitivity</h2>")
    parts.append(f"<p>{e(tables.influence_note(doc))}</p>")
    parts.append(_plain(tables.influence(doc), ["", "", "num", "num", ""]))
    parts.append(_plain(tables.source_influence(doc), ["", "", "num", "num"]))
    parts.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in tables.flips(doc)) + "</ul>")
    parts.append(f"<p>{e(tables.ROBUSTNESS_NOTE)}</p>")
    robust = tables.robustness(doc)
    parts.append(_plain(robust, ["", *("num" for _ in robust[0][1:])]))

    if doc.leads is not None:
        parts.append("<h2>What to look for next</h2>")
        parts.append(f"<p>{e(leads.today(doc.leads))}</p>")
        parts.append(f'<p class="muted">{e(leads.LEADS_NOTE)}</p>')
        parts.append(_plain(leads.leads_table(doc.leads), ["num", "", "", *["num"] * 4]))
        parts.append(
            "<ul>" + "".join(f"<li>{e(t)}</li>" for t in leads.turning_points(doc.leads)) + "</ul>"
        )

    if doc.analysts is not None:
        parts.append(f"<h2>{e(analysts.SECTION_TITLE)}</h2>")
        for part in analysts.section(doc.analysts, labels):
            parts.append(f"<p>{e(part)}</p>" if isinstance(part, str) else _plain(part))
    parts.append("<h2>Sources</h2>")
    parts.append(_plain(tables.sources(doc)))
    parts.append(f'<p class="muted">{e(tables.grades(doc))}</p>')
    parts.append(
        "<ul>"
        + "".join(
            f"<li><b>{e(s.id)}</b>: {e(s.citation)}"
            + (f' <span class="muted">({e(s.notes)})</span>' if s.notes else "")
            + "</li>"
            for s in doc.sources
        )
        + "</ul>"
    )

    parts.append("<h2>Evidence items</h2>")
    for i in doc.items:
        ratings = " ".join(
            f"{e(labels[h])} {_code(i.ratings[h])}" for h in doc.columns if i.ratings[h]
        )
        parts.append(
            f'<div class="item" id="{e(i.id)}"><h3>{e(i.id)}</h3><p>{e(i.claim)}</p>'
            + (f"<blockquote>{e(i.quote)}</blockquote>" if i.quote else "")
            + f'<p class="muted">{e(tables.item_facts(i))}</p><p>{ratings}</p>'
            + (f'<p class="muted">{e(i.notes)}</p>' if i.notes else "")
            + "</div>"
        )

    parts.append("<h2>Heuer's inconsistency view beside the Bayesian one</h2>")
    parts.append(_plain(tables.heuer(doc), ["", "num", "num", "num", "num"]))
    if doc.bibliography:
        parts.append(
            "<h2>Bibliography</h2><ul>"
            + "".join(f"<li>{e(bib_line(entry))}</li>" for entry in doc.bibliography)
            + "</ul>"
        )
    parts.append(
        "<h2>Provenance</h2><ul>"
        + "".join(f"<li>{e(k)}: <code>{e(v)}</code></li>" for k, v in doc.provenance.items())
        + "</ul>"
    )
    if doc.warnings:
        parts.append(
            "<h2>Warnings</h2><ul>" + "".join(f"<li>{e(w)}</li>" for w in doc.warnings) + "</ul>"
        )
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(doc.title)}</title><style>{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )
