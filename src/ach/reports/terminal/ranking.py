"""``ach rank`` in the terminal: the ranking, one plain sentence, what carries it, the sources.

Pure renderers: they build rich renderables from a :class:`RankResult` and never print.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ach.analysis.rationale import after_tie, moved_by_evidence, standing_phrase, tie_group
from ach.engine.result import HypothesisResult, RankResult
from ach.reports.terminal.layout import Col, Fitted, derived_note, source_cell
from ach.reports.wording import interval_text, prior_text

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


def ranking_table(result: RankResult) -> Fitted:
    hyps = result.hypotheses
    as_of = result.provenance.settings.get("as_of")
    rank = Col("#", [str(k) for k in range(1, len(hyps) + 1)], "num")
    label = Col("hypothesis", [h.label + (" (catch-all)" if h.catch_all else "") for h in hyps])
    posterior = Col("posterior", [f"{h.posterior:.3f}" for h in hyps], "num")
    interval = Col("interval", [interval_text(h.interval) for h in hyps], "id")
    bars = Col("", [bar(h) for h in hyps], "id")
    prior = Col("prior", [f"{h.prior:.2f}" for h in hyps], "num")
    incons = Col("incons.", [score_text(h.inconsistency) for h in hyps], "num")
    return Fitted(
        [
            [rank, label, posterior, interval, bars, prior, incons],
            [rank, label, posterior, interval, prior, incons],
            [rank, label, posterior, interval],
        ],
        title=f"{result.case}: {result.title}"
        + (f" (as of {as_of})" if as_of is not None else "")
        + reading_note(result),
        caption="interval: 90% credible interval of P(h | evidence, r) over the sources' "
        "reliabilities r; incons.: Heuer's inconsistency score (I = 1, II = 2)",
    )


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
    """Who leads and how firmly, in plain sentences; a tie named as a tie, and no leader named
    where the evidence tells the hypotheses nothing."""
    lead = result.leader
    group = tie_group(result)
    behind = after_tie(result)
    prior_only = not moved_by_evidence(result)
    opening = "The evidence leaves every hypothesis at its prior. " if prior_only else ""
    if len(group) > 1:
        text = standing_phrase(result)
        text = text[0].upper() + text[1:]
        if behind is not None:
            text += f"; next is {behind.label} at {behind.posterior:.2f}"
        return f"{opening}{text}. Nothing here chooses between them."
    lo, hi = lead.interval
    if prior_only:
        text = f"{lead.label} leads on its prior alone, at {lead.posterior:.2f}"
    else:
        text = (
            f"{lead.label} leads with posterior probability {lead.posterior:.2f} "
            f"(90% interval {lo:.2f}–{hi:.2f} over the sources' uncertain reliability)"
        )
    runner = result.runner_up
    if runner is not None:
        text += f"; next is {runner.label} at {runner.posterior:.2f}"
    if prior_only:
        return f"{opening}{text}."
    return f"{opening}{text}. It leads {_firmness(lead.p_first)}."


def _firmness(p_first: float) -> str:
    """How often the leader is first across draws of the reliabilities, never "0%"."""
    if p_first >= 0.95:
        return "firmly: it ranks first under almost every plausible reliability of the sources"
    if p_first >= 0.75:
        return f"fairly firmly: it ranks first in {p_first:.0%} of the draws of the reliabilities"
    if p_first >= 0.005:
        return (
            f"only narrowly: it ranks first in just {p_first:.0%} of the draws of the reliabilities"
        )
    return (
        "only on average: it ranks first in almost none of the draws of the reliabilities, "
        "its lead coming from the average over them"
    )


def drivers_table(result: RankResult) -> Fitted:
    """The items that most carry the leader, with their sources."""
    ds = result.drivers
    item = Col("item", [d.id for d in ds], "id")
    source = Col("source", [d.source for d in ds], "id")
    claim = Col("claim", [d.claim for d in ds])
    odds = Col("log-odds", [f"{d.influence:+.2f}" for d in ds], "num")
    stacked = Col(
        "item, source", [f"{d.id}\n{d.source}" for d in ds], "id"
    )  # narrow: the source under its item
    runner = result.runner_up
    tied = bool(result.tied)
    if tied and runner is not None:
        title = f"What favours {result.leader.label} over {runner.label}, tied with it"
    else:
        title = f"What carries it: the items whose removal costs {result.leader.label} most"
    caption = "log-odds: how much the leader's log-odds against the runner-up fall without the item"
    if result.drivers_engine and result.drivers_engine != result.engine:
        caption += f" (attributed by the {result.drivers_engine} engine)"
    return Fitted(
        [[item, source, claim, odds], [stacked, claim, odds]], title=title, caption=caption
    )


def sources_table(result: RankResult) -> Fitted:
    """Each source's grade, the prior it stands for, and what the evidence made of it."""
    srcs = result.sources
    name = Col("source", [s.id + derived_note(s.derived_from) for s in srcs], "words")
    kind = Col("kind", [s.kind for s in srcs], "id")
    grade = Col("grade", [s.grade for s in srcs], "id")
    priors = [prior_text(s.prior_alpha, s.prior_beta, s.prior_mean) for s in srcs]
    prior = Col("prior", priors, whole=[p.split(", mean")[0] + "," for p in priors])
    mean = Col("post. mean", [f"{s.posterior_mean:.2f}" for s in srcs], "num")
    interval = Col("interval", [interval_text(s.interval) for s in srcs], "id")
    items = Col("items", [str(s.items) for s in srcs], "num")
    # narrow: the kind under the id, the posterior mean beside its interval
    stacked = Col(
        "source",
        [source_cell(s.id, s.kind, s.derived_from) for s in srcs],
        "words",
    )
    posterior = Col(
        "posterior (90%)",
        [f"{s.posterior_mean:.2f} ({interval_text(s.interval)})" for s in srcs],
        "id",
    )
    prior_mean = Col("prior", [f"{s.prior_mean:.2f}" for s in srcs], "num")  # its mean
    return Fitted(
        [
            [name, kind, grade, prior, mean, interval, items],
            [stacked, grade, prior, posterior, items],
            [stacked, grade, prior_mean, posterior, items],
            [stacked, grade, posterior, items],
        ],
        title="Sources: reliability prior (from the Admiralty grade) and posterior",
    )
