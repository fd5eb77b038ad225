"""The report's tables and lists as plain strings, shared by the Markdown, HTML and PDF renderers.

Numbers are formatted here once, so every format shows the same figures; each renderer only
escapes the strings for its own markup.
"""

from __future__ import annotations

from ach.analysis.rationale import and_list, flip_sentence
from ach.reports.document import ItemEntry, ReportDocument

Table = tuple[list[str], list[list[str]]]

INTERVAL_NOTE = (
    "The interval is the 90% credible interval of P(h | evidence, r) over the posterior "
    "uncertainty of the sources' reliabilities r, not a confidence in the answer."
)
NO_FLIP = "No single change of one source's grade or one item's rating hands the lead to another hypothesis."
ROBUSTNESS_NOTE = "Robustness to the reliability priors: every graded source one grade up or down."


def signed(x: float, digits: int = 3) -> str:
    """A log-odds change with its sign, and a plain 0 where it rounds to zero (no "-0.000")."""
    rounded = round(x, digits)
    return f"{0.0:.{digits}f}" if rounded == 0 else f"{rounded:+.{digits}f}"


def ranking_note(doc: ReportDocument) -> str:
    """The note under the ranking: ties named as ties, then what the interval is."""
    if not doc.tied:
        return INTERVAL_NOTE
    labels = doc.column_labels
    group = and_list([labels[h] for h in (doc.leader, *doc.tied)])
    p = next(r.posterior for r in doc.ranking if r.id == doc.leader)
    return (
        f"{group} are tied at {p:.2f}: the evidence does not choose between them, and the "
        f"table lists them in the case's order. {INTERVAL_NOTE}"
    )


def ranking(doc: ReportDocument) -> Table:
    header = ["#", "hypothesis", "posterior", "90% interval", "prior", "P(first)", "inconsistency"]
    rows = [
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
    return header, rows


def matrix(doc: ReportDocument) -> Table:
    """The evidence matrix: item (with what it restates), source, one column per hypothesis."""
    m = doc.matrix
    return ["item", "source", *m.labels], [[r.label, r.source, *r.ratings] for r in m.rows]


def influence_note(doc: ReportDocument) -> str:
    labels = doc.column_labels
    return (
        f"Influence: how much the log-odds of {labels[doc.leader]} against {labels[doc.runner_up]} "
        "fall when the item is left out (positive: it supports the leader)."
    )


def influence(doc: ReportDocument) -> Table:
    by_id = {i.id: i for i in doc.items}
    rows = []
    for item_id in doc.influence_order:
        i = by_id[item_id]
        note = (
            f"repeats {i.repeats}" if i.repeats else ("non-diagnostic" if i.non_diagnostic else "")
        )
        rows.append([i.id, i.source, signed(i.influence), f"{i.diagnosticity:.3f}", note])
    return ["item", "source", "influence", "diagnosticity", ""], rows


def source_influence(doc: ReportDocument) -> Table:
    rows = [
        [s.id, s.grade, str(s.items), signed(s.influence)]
        for s in sorted(doc.sources, key=lambda s: -abs(s.influence))
    ]
    return ["source (and what derives from it) left out", "grade", "items", "influence"], rows


def flips(doc: ReportDocument) -> list[str]:
    """Each smallest change that hands over the lead, worded as the rationale words it."""
    labels = doc.column_labels
    return [flip_sentence(f, labels) for f in doc.flips] or [NO_FLIP]


def robustness(doc: ReportDocument) -> Table:
    scenarios = list(doc.robustness)
    rows = [
        [doc.column_labels[h], *(f"{doc.robustness[s][h]:.3f}" for s in scenarios)]
        for h in doc.columns
    ]
    return ["hypothesis", *scenarios], rows


def sources(doc: ReportDocument) -> Table:
    header = [
        *("source", "kind", "year", "grade"),
        *("reliability prior", "posterior (90%)", "derived from"),
    ]
    rows = [
        [
            s.id,
            s.kind,
            "—" if s.year is None else str(s.year),
            s.grade,
            s.prior,
            f"{s.posterior_mean:.2f} ({s.interval[0]:.2f}–{s.interval[1]:.2f})",
            ", ".join(s.derived_from) or "—",
        ]
        for s in doc.sources
    ]
    return header, rows


def grades(doc: ReportDocument) -> str:
    return (
        "Admiralty grades as reliability priors: "
        + "; ".join(f"{k} {v}" for k, v in doc.grades.items())
        + "."
    )


def heuer(doc: ReportDocument) -> Table:
    header = [
        "hypothesis",
        "inconsistency (I = 1, II = 2)",
        "Heuer rank",
        "posterior",
        "Bayesian rank",
    ]
    rows = [
        [r.label, str(r.inconsistency), str(r.heuer_rank), f"{r.posterior:.3f}", str(r.rank)]
        for r in sorted(doc.ranking, key=lambda r: r.heuer_rank)
    ]
    return header, rows


def item_facts(item: ItemEntry) -> str:
    facts = [f"source: {item.source}", f"locator: {item.locator or '—'}"]
    facts += [f"date: {item.date}"] if item.date else []
    facts += [f"credibility: {item.credibility}"] if item.credibility else []
    facts += [f"repeats {item.repeats} (adds no weight)"] if item.repeats else []
    facts += [f"influence {signed(item.influence)}, diagnosticity {item.diagnosticity:.3f}"]
    return "; ".join(facts)


def item_ratings(doc: ReportDocument, item: ItemEntry) -> str:
    return "ratings: " + ", ".join(f"{doc.column_labels[h]} {item.ratings[h]}" for h in doc.columns)
