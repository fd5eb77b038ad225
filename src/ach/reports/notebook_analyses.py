"""The timeline, the leads and the analysts' report at the Python prompt and in Jupyter.

Pure functions of a result, as :mod:`ach.reports.notebook` (whose table helper they share):
a few readable lines for ``repr``, an HTML fragment for ``_repr_html_``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ach.reports.notebook import e, table

if TYPE_CHECKING:
    from ach.analysis.analysts import AnalystsReport
    from ach.analysis.leads import LeadsResult
    from ach.analysis.timeline import Timeline


# --- timeline ----------------------------------------------------------------------------


def timeline_text(tl: Timeline) -> str:
    lines = [f"<Timeline {tl.case}: {len(tl.points)} point(s), leader now {tl.leader}>"]
    for p in tl.points:
        lead = next(h for h in p.hypotheses if h.id == p.leader)
        entered = f"  +{', '.join(p.entered)}" if p.entered else ""
        lines.append(
            f"  {p.year}  {p.items:>4} items  {p.leader} {lead.posterior:.3f}  "
            f"moved {p.shift:.2f}{entered}"
        )
    return "\n".join(lines)


def timeline_html(tl: Timeline) -> str:
    """Years down, hypotheses across (in the present order), the leader of each year in bold."""
    ids = [h.id for h in tl.points[-1].hypotheses] if tl.points else []
    labels = {h.id: h.label for p in tl.points for h in p.hypotheses}
    rows = []
    for p in tl.points:
        post = {h.id: h.posterior for h in p.hypotheses}
        cells = [
            (f"<b>{post[h]:.3f}</b>" if h == p.leader else f"{post[h]:.3f}", True) for h in ids
        ]
        rows.append(
            [
                (str(p.year), True),
                (str(p.items), True),
                *cells,
                (f"{p.shift:.2f}", True),
                (e(", ".join(p.entered)), False),
            ]
        )
    return (
        f"<div><p><b>{e(tl.case)}</b>: the posterior as of every source year (the leader "
        "in bold)</p>"
        + table(
            ["year", "items", *(e(labels[h]) for h in ids), "moved", "sources entering"],
            rows,
            "moved: total variation distance from the year before (1 is a complete change of mind)",
        )
        + "".join(f'<p style="color:#9a6700">warning: {e(w)}</p>' for w in tl.warnings)
        + "</div>"
    )


# --- leads -------------------------------------------------------------------------------


def leads_text(res: LeadsResult) -> str:
    lines = [f"<LeadsResult {res.case}: {len(res.leads)} lead(s), leader {res.leader}>"]
    width = max((len(lead.id) for lead in res.leads), default=0)
    for lead in res.leads:
        cost = "" if lead.cost is None else f"  cost {lead.cost:g}"
        lines.append(
            f"  {lead.id:<{width}}  EIG {lead.eig:.3f} bits  P(flip) {lead.p_flip:.2f}{cost}"
        )
    return "\n".join(lines)


def leads_html(res: LeadsResult) -> str:
    rows = [
        [
            (e(lead.id), False),
            (e(lead.question), False),
            (e(lead.source), False),
            (f"{lead.eig:.3f}", True),
            (f"{lead.p_flip:.2f}", True),
            ("—" if lead.cost is None else f"{lead.cost:g}", True),
            (
                "<br>".join(
                    f"{e(o.label)}: {o.probability:.2f} → {e(res.labels.get(o.leader, o.leader))}"
                    for o in lead.outcomes
                ),
                False,
            ),
        ]
        for lead in res.leads
    ]
    return (
        f"<div><p><b>{e(res.case)}</b>: what to look for next (leader today: "
        f"<b>{e(res.labels.get(res.leader, res.leader))}</b>, entropy {res.entropy:.2f} bits)</p>"
        + table(
            ["lead", "question", "source", "EIG (bits)", "P(flip)", "cost", "outcomes → leader"],
            rows,
            "EIG: expected information gain about the hypotheses; P(flip): the chance that the "
            "outcome changes the leader",
        )
        + "</div>"
    )


# --- analysts ----------------------------------------------------------------------------


def analysts_text(rep: AnalystsReport) -> str:
    alpha = "undefined" if rep.agreement.alpha is None else f"{rep.agreement.alpha:.3f}"
    lines = [
        f"<AnalystsReport {rep.case}: {len(rep.analysts)} analyst(s), pool leader {rep.leader}, "
        f"Krippendorff's alpha {alpha}>"
    ]
    for r in (*rep.rankings, rep.pool):
        lead = r.hypotheses[0]
        lines.append(f"  {r.analyst or '(pool)':<16} {lead.id} {lead.posterior:.3f}")
    return "\n".join(lines)


def analysts_html(rep: AnalystsReport) -> str:
    ids = [h.id for h in rep.pool.hypotheses]
    labels = {h.id: h.label for h in rep.pool.hypotheses}
    rows = []
    for r in (*rep.rankings, rep.pool):
        post = {h.id: h.posterior for h in r.hypotheses}
        rows.append(
            [
                (e(r.analyst or "pool (all, equal weight)"), False),
                *(
                    (f"<b>{post[h]:.3f}</b>" if h == r.leader else f"{post[h]:.3f}", True)
                    for h in ids
                ),
            ]
        )
    contested = [
        [
            (e(c.id), False),
            (e(c.claim), False),
            (f"{c.spread:.3f}", True),
            (e(", ".join(f"{a} → {h}" for a, h in c.flips.items())), False),
        ]
        for c in rep.contested
    ]
    alpha = "undefined" if rep.agreement.alpha is None else f"{rep.agreement.alpha:.3f}"
    return (
        f"<div><p><b>{e(rep.case)}</b>: each analyst's ranking and the pool (Krippendorff's "
        f"ordinal alpha {alpha})</p>"
        + table(["reading", *(e(labels[h]) for h in ids)], rows)
        + table(["item", "claim", "spread", "flips"], contested)
        + "</div>"
    )
