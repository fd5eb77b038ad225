"""The ranking in the terminal: a rich table, the sources' reliabilities and one plain sentence.

Pure renderers: they build rich renderables from a :class:`RankResult` and never print.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ach.engine.result import HypothesisResult, RankResult

BAR_WIDTH = 12


def render_rank(result: RankResult) -> RenderableType:
    """Ranking table, one sentence on what leads and how firmly, sources, then warnings."""
    extra: list[RenderableType] = [drivers_table(result), Text("")] if result.drivers else []
    parts: list[RenderableType] = [
        Text(result.question, style="bold"),
        ranking_table(result),
        Text(leader_sentence(result)),
        Text(""),
        *extra,
        sources_table(result),
    ]
    if result.diagnostics and result.diagnostics.get("max_r_hat") is not None:
        d = result.diagnostics
        parts.append(
            Text(
                f"Sampler: {d['sampler']}, {d['chains']} chains x {d['draws_per_chain']} draws; "
                f"largest R-hat {d['max_r_hat']:.3f}, smallest ESS {d['min_ess']:.0f}, "
                f"{d['divergences']} divergences"
            )
        )
    for warning in result.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    return Group(*parts)


def ranking_table(result: RankResult) -> Table:
    as_of = result.provenance.settings.get("as_of")
    table = Table(
        title=f"{result.case}: {result.title}"
        + (f" (as of {as_of})" if as_of is not None else "")
        + reading_note(result),
        title_justify="left",
        caption="interval: 90% credible interval of P(h | evidence, r) over the sources' "
        "reliabilities r; incons.: Heuer's inconsistency score (I = 1, II = 2)",
        caption_justify="left",
    )
    table.add_column("#", justify="right")
    table.add_column("hypothesis", ratio=1)
    table.add_column("posterior", justify="right", no_wrap=True)
    table.add_column("interval", justify="center", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("prior", justify="right", no_wrap=True)
    table.add_column("incons.", justify="right", no_wrap=True)
    for rank, hyp in enumerate(result.hypotheses, start=1):
        label = hyp.label + (" (catch-all)" if hyp.catch_all else "")
        table.add_row(
            str(rank),
            label,
            f"{hyp.posterior:.3f}",
            f"{hyp.interval[0]:.2f}–{hyp.interval[1]:.2f}",
            bar(hyp),
            f"{hyp.prior:.2f}",
            score_text(hyp.inconsistency),
        )
    return table


def reading_note(result: RankResult) -> str:
    """Whose ratings the ranking reads, when not the items' own (``--analyst``, ``--pool``)."""
    settings = result.provenance.settings
    if "pool" in settings:
        return f" (pool of {', '.join(settings['pool'])}; incons. is their mean)"
    return f" ({settings['analyst']}'s ratings)" if "analyst" in settings else ""


def score_text(value: int | float) -> str:
    """An inconsistency score: whole under one reading, a mean (one decimal) under the pool."""
    return str(value) if isinstance(value, int) else f"{value:.1f}"


def bar(hyp: HypothesisResult, width: int = BAR_WIDTH) -> Text:
    """The posterior as a solid bar, the rest of its interval shaded."""
    solid = round(hyp.posterior * width)
    upto = max(solid, round(hyp.interval[1] * width))
    return (
        Text("█" * solid, style="green")
        + Text("░" * (upto - solid), style="green")
        + Text("·" * (width - upto), style="dim")
    )


def leader_sentence(result: RankResult) -> str:
    """What leads and how firmly, in one plain sentence."""
    lead = result.leader
    lo, hi = lead.interval
    text = (
        f"{lead.label} leads with posterior probability {lead.posterior:.2f} "
        f"(90% interval {lo:.2f}–{hi:.2f} over the sources' uncertain reliability)"
    )
    if len(result.hypotheses) > 1:
        second = result.hypotheses[1]
        text += f"; next is {second.label} at {second.posterior:.2f}"
    if lead.p_first >= 0.95:
        firmness = "firmly: it ranks first under almost every plausible reliability of the sources"
    elif lead.p_first >= 0.75:
        firmness = (
            f"fairly firmly: it ranks first in {lead.p_first:.0%} of the draws of the reliabilities"
        )
    else:
        firmness = f"only narrowly: it ranks first in just {lead.p_first:.0%} of the draws of the reliabilities"
    return f"{text}. It leads {firmness}."


def drivers_table(result: RankResult) -> Table:
    """The items that most carry the leader, with their sources."""
    table = Table(
        title=f"What carries it: the items whose removal costs {result.leader.label} most",
        title_justify="left",
        caption="log-odds: how much the leader's log-odds against the runner-up fall without the item",
        caption_justify="left",
    )
    table.add_column("item", no_wrap=True)
    table.add_column("source", no_wrap=True)
    table.add_column("claim", ratio=1)
    table.add_column("log-odds", justify="right", no_wrap=True)
    for d in result.drivers:
        table.add_row(d.id, d.source, d.claim, f"{d.influence:+.2f}")
    return table


def sources_table(result: RankResult) -> Table:
    """Each source's grade, the prior it stands for, and what the evidence made of it."""
    table = Table(
        title="Sources: reliability prior (from the Admiralty grade) and posterior",
        title_justify="left",
    )
    table.add_column("source", ratio=1)
    table.add_column("kind", no_wrap=True)
    table.add_column("grade", no_wrap=True)
    table.add_column("prior", no_wrap=True)
    table.add_column("post. mean", justify="right", no_wrap=True)
    table.add_column("interval", justify="center", no_wrap=True)
    table.add_column("items", justify="right", no_wrap=True)
    for src in result.sources:
        prior = (
            f"Beta({src.prior_alpha:g}, {src.prior_beta:g}) ~{src.prior_mean:.2f}"
            if src.prior_alpha is not None and src.prior_beta is not None
            else f"fixed {src.prior_mean:.2f}"
        )
        name = src.id + (f" ← {', '.join(src.derived_from)}" if src.derived_from else "")
        table.add_row(
            name,
            src.kind,
            src.grade,
            prior,
            f"{src.posterior_mean:.2f}",
            f"{src.interval[0]:.2f}–{src.interval[1]:.2f}",
            str(src.items),
        )
    return table
