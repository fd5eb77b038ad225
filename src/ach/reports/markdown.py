"""The rationale report as Markdown: a pure function of a :class:`ReportDocument`."""

from __future__ import annotations

import re

from ach.reports.document import ReportDocument, bib_line

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_LEADING = re.compile(r"^(\d*)([#>+.)-])")


def md(text: object) -> str:
    """User text, escaped so that Markdown shows it literally (and on one line)."""
    flat = _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    # a line starting like a heading, quote, list item or numbered item
    return _LEADING.sub(r"\1\\\2", flat)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def render_markdown(doc: ReportDocument) -> str:
    """The whole report, section by section, as a Markdown string."""
    labels = doc.column_labels
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

    lines += ["## Ranking", ""]
    lines += _table(
        ["#", "hypothesis", "posterior", "90% interval", "prior", "P(first)", "inconsistency"],
        [
            [
                str(r.rank),
                md(r.label) + (" (catch-all)" if r.catch_all else ""),
                f"{r.posterior:.3f}",
                f"{r.interval[0]:.2f}–{r.interval[1]:.2f}",
                f"{r.prior:.2f}",
                f"{r.p_first:.0%}",
                str(r.inconsistency),
            ]
            for r in doc.ranking
        ],
    )
    lines += [
        "The interval is the 90% credible interval of P(h | evidence, r) over the posterior "
        "uncertainty of the sources' reliabilities r.",
        "",
    ]

    lines += ["## Rationale", ""]
    for paragraph in doc.rationale:
        lines += [md(paragraph), ""]

    lines += ["## Evidence against hypotheses", ""]
    lines += _table(
        ["item", "source", *(md(labels[h]) for h in doc.columns)],
        [
            [
                md(i.id) + (f" (repeats {md(i.repeats)})" if i.repeats else ""),
                md(i.source),
                *(md(i.ratings[h]) for h in doc.columns),
            ]
            for i in doc.items
        ],
    )

    lines += [
        "## Sensitivity",
        "",
        f"Influence: how much the leader's ({md(labels[doc.leader])}) log-odds against the "
        f"runner-up ({md(labels[doc.runner_up])}) drop when the item is left out.",
        "",
    ]
    by_id = {i.id: i for i in doc.items}
    lines += _table(
        ["item", "source", "influence", "diagnosticity", ""],
        [
            [
                md(i),
                md(by_id[i].source),
                f"{by_id[i].influence:+.3f}",
                f"{by_id[i].diagnosticity:.3f}",
                "non-diagnostic" if by_id[i].non_diagnostic else "",
            ]
            for i in doc.influence_order
        ],
    )
    lines += _table(
        ["source", "grade", "items", "influence"],
        [
            [md(s.id), md(s.grade), str(s.items), f"{s.influence:+.3f}"]
            for s in sorted(doc.sources, key=lambda s: -abs(s.influence))
        ],
    )
    if doc.flips:
        lines += ["What single change would hand the lead to another hypothesis:", ""]
        lines += [
            f"- {md(f.kind)} of {md(f.target)}: {md(f.change)} ({f.steps} step(s)): "
            f"{md(labels[f.new_leader])} would lead with {f.new_posterior:.2f}"
            for f in doc.flips
        ]
        lines += [""]
    else:
        lines += [
            "No single change of one grade or one rating hands the lead to another hypothesis.",
            "",
        ]
    lines += [
        "Robustness to the reliability priors (every graded source one grade up or down):",
        "",
    ]
    scenarios = list(doc.robustness)
    lines += _table(
        ["hypothesis", *scenarios],
        [[md(labels[h]), *(f"{doc.robustness[s][h]:.3f}" for s in scenarios)] for h in doc.columns],
    )

    lines += ["## Sources", ""]
    lines += _table(
        [
            "source",
            "kind",
            "grade",
            "reliability prior",
            "posterior mean (90%)",
            "derived from",
            "citation",
        ],
        [
            [
                md(s.id),
                md(s.kind),
                md(s.grade),
                md(s.prior),
                f"{s.posterior_mean:.2f} ({s.interval[0]:.2f}–{s.interval[1]:.2f})",
                md(", ".join(s.derived_from)) or "—",
                md(s.citation),
            ]
            for s in doc.sources
        ],
    )
    lines += [
        "Admiralty grades as reliability priors: "
        + "; ".join(f"{k} {md(v)}" for k, v in doc.grades.items())
        + ".",
        "",
    ]

    lines += ["## Evidence items", ""]
    for i in doc.items:
        lines += [f"### {md(i.id)}", "", md(i.claim), ""]
        if i.quote:
            lines += [f"> {md(i.quote)}", ""]
        facts = [f"source: {md(i.source)}", f"locator: {md(i.locator or '—')}"]
        facts += [f"date: {md(i.date)}"] if i.date else []
        facts += [f"credibility: {md(i.credibility)}"] if i.credibility else []
        facts += [f"repeats: {md(i.repeats)}"] if i.repeats else []
        lines += [
            "; ".join(facts),
            "",
            "ratings: " + ", ".join(f"{md(labels[h])} {md(i.ratings[h])}" for h in doc.columns),
            "",
        ]
        if i.notes:
            lines += [md(i.notes), ""]

    lines += ["## Heuer's inconsistency view beside the Bayesian one", ""]
    lines += _table(
        ["hypothesis", "inconsistency (I = 1, II = 2)", "Heuer rank", "posterior", "Bayesian rank"],
        [
            [
                md(r.label),
                str(r.inconsistency),
                str(r.heuer_rank),
                f"{r.posterior:.3f}",
                str(r.rank),
            ]
            for r in sorted(doc.ranking, key=lambda r: r.heuer_rank)
        ],
    )

    if doc.bibliography:
        lines += ["## Bibliography", ""]
        lines += [f"- {md(bib_line(entry))}" for entry in doc.bibliography] + [""]

    lines += ["## Provenance", ""]
    lines += [f"- {md(k)}: {md(v)}" for k, v in doc.provenance.items()] + [""]
    if doc.warnings:
        lines += ["## Warnings", ""] + [f"- {md(w)}" for w in doc.warnings] + [""]
    return "\n".join(lines)
