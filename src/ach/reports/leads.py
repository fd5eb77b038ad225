"""Leads ranked by expected information gain: the terminal view and the report's strings.

Pure functions of a :class:`~ach.analysis.leads.LeadsResult`. Numbers and wording are made
here once; the Markdown, HTML and PDF reports only escape these strings for their markup.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from ach.analysis.leads import LeadResult, LeadsResult, OutcomeResult
from ach.analysis.rationale import and_list

Table = tuple[list[str], list[list[str]]]

#: How many leads the report spells out, outcome by outcome.
TOP = 3

LEADS_NOTE = (
    "Expected information gain (EIG, in bits) is how much a lead is expected to narrow the "
    "question: today's uncertainty about the hypotheses minus the uncertainty expected after "
    "reading it, averaged over what it might say. One bit is the uncertainty of an even "
    "choice between two hypotheses. P(flip) is the probability that what the lead says puts "
    "another hypothesis in the lead."
)


def fmt_cost(cost: float | None) -> str:
    return "—" if cost is None else f"{cost:g}"


def fmt_per_cost(lead: LeadResult) -> str:
    value = lead.eig_per_cost
    return "—" if value is None else f"{value:.3f}"


def leads_table(result: LeadsResult) -> Table:
    """One row per lead, highest EIG first."""
    header = ["#", "lead", "source", "EIG (bits)", "P(flip)", "cost", "EIG per cost"]
    rows = [
        [
            str(rank),
            lead.id,
            lead.source,
            f"{lead.eig:.3f}",
            f"{lead.p_flip:.2f}",
            fmt_cost(lead.cost),
            fmt_per_cost(lead),
        ]
        for rank, lead in enumerate(result.leads, start=1)
    ]
    return header, rows


def today(result: LeadsResult) -> str:
    top = result.hypotheses[0]
    if result.tied:
        names = and_list([result.labels[h] for h in (result.leader, *result.tied)])
        standing = f"Today {names} are tied at {top.posterior:.2f}."
    else:
        standing = f"Today's leader: {result.labels[result.leader]} at {top.posterior:.2f}."
    return (
        f"{standing} The "
        f"uncertainty about the hypotheses is {result.entropy:.2f} bits (1 bit is an even "
        "choice between two)."
    )


def turning_point(result: LeadsResult, lead: LeadResult) -> str:
    """For one lead, in a sentence: the outcome that would change the answer, and how likely it is."""
    flips = sorted((o for o in lead.outcomes if o.flips), key=lambda o: -o.probability)
    head = f"{lead.id}: {lead.question.rstrip()}"
    if not flips:
        likeliest = max(lead.outcomes, key=lambda o: o.probability)
        return (
            f"{head} No outcome would change the leader; the likeliest is “{likeliest.label}” "
            f"({likeliest.id}, probability {likeliest.probability:.2f}), which leaves "
            f"{result.labels[likeliest.leader]} at {_leader_posterior(likeliest):.2f}."
        )
    first = flips[0]
    text = (
        f"{head} If the answer is “{first.label}” ({first.id}, probability "
        f"{first.probability:.2f}), {result.labels[first.leader]} would lead at "
        f"{_leader_posterior(first):.2f}"
    )
    if len(flips) > 1:
        text += (
            f"; {len(flips)} of its outcomes would change the leader, together with "
            f"probability {lead.p_flip:.2f}"
        )
    return text + "."


def turning_points(result: LeadsResult, top: int = TOP) -> list[str]:
    """The report's sentences for the leads with the highest EIG."""
    return [turning_point(result, lead) for lead in result.leads[:top]]


def _leader_posterior(outcome: OutcomeResult) -> float:
    return outcome.hypotheses[0].posterior


def render_leads(result: LeadsResult) -> RenderableType:
    """The terminal view: today's standing, the leads by EIG, then each lead's outcomes.

    Ids sit in columns that wrap at spaces only, so every id stays whole at 80 columns.
    """
    if not result.leads:
        return Text(
            f"{result.case}: no leads (write leads.yaml in the case folder; see "
            "docs/case-format.md, Leads)."
        )
    table = RichTable(
        title=f"{result.case}: leads by expected information gain",
        title_justify="left",
        caption="EIG: expected narrowing of the question, in bits; P(flip): probability "
        "that the outcome changes the leader",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    header, rows = leads_table(result)
    # numbers first, then the lead's id, which may take the rest (its source is shown below)
    order = [0, 3, 4, 5, 6, 1]
    for k in order:
        numeric = header[k] != "lead"
        table.add_column(
            header[k],
            justify="right" if numeric else "left",
            no_wrap=numeric,
            overflow="fold",
            ratio=None if numeric else 1,
        )
    for row in rows:
        table.add_row(*(row[k] for k in order))
    parts: list[RenderableType] = [Text(result.question, style="bold"), Text(today(result)), table]
    for lead in result.leads:
        outcomes = RichTable.grid(padding=(0, 2))
        outcomes.add_column(justify="right", no_wrap=True)
        outcomes.add_column(ratio=1)
        for o in lead.outcomes:
            change = ", a new leader" if o.flips else ""
            outcomes.add_row(
                f"{o.probability:.2f}",
                f"{o.id}: {o.label} -> {result.labels[o.leader]} at "
                f"{_leader_posterior(o):.2f}{change}",
            )
        parts += [
            Text(""),
            Text(f"{lead.id} (source {lead.source}): {lead.question}", style="bold"),
            outcomes,
        ]
    return Group(*parts)
