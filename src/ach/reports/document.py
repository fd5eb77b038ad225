"""The report as plain data: everything a Markdown, HTML or PDF report shows, and nothing else.

Renderers are pure functions of a :class:`ReportDocument`; the PDF template receives it as
JSON. Numbers are formatted here, once, so that every format shows the same figures.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ach.analysis.analysts import AnalystsReport, compare_analysts
from ach.analysis.leads import LeadsResult, evaluate_leads
from ach.analysis.rationale import SCALE_NAME, build_rationale
from ach.analysis.sensitivity import Sensitivity
from ach.analysis.timeline import timeline
from ach.case.model import Case
from ach.engine.result import RankResult
from ach.evidence.admiralty import CREDIBILITY, GRADES
from ach.reports.timeline import GrowthSection, build_growth

#: Contested items a report lists (the most contested; ``ach analysts`` lists them all).
CONTESTED_SHOWN = 10


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RankingRow(_Data):
    rank: int
    id: str
    label: str
    posterior: float
    interval: tuple[float, float]
    prior: float
    p_first: float
    inconsistency: int
    heuer_rank: int
    catch_all: bool
    description: str | None


class ItemEntry(_Data):
    id: str
    claim: str
    quote: str | None
    locator: str | None
    source: str
    date: str | None
    credibility: str | None
    ratings: dict[str, str]
    notes: str | None
    repeats: str | None
    influence: float
    diagnosticity: float
    non_diagnostic: bool


class SourceEntry(_Data):
    id: str
    kind: str
    grade: str
    prior: str
    prior_alpha: float | None
    prior_beta: float | None
    posterior_mean: float
    interval: tuple[float, float]
    derived_from: tuple[str, ...]
    year: int | None = None
    citation: str
    notes: str | None
    items: int
    influence: float


class FlipEntry(_Data):
    kind: str
    target: str
    change: str
    before: str
    after: str
    steps: int | None
    new_leader: str
    new_posterior: float


class ReportDocument(_Data):
    case: str
    title: str
    question: str
    description: str | None
    answer: str
    estimative_scale: str
    rationale: tuple[str, ...]
    ranking: tuple[RankingRow, ...]
    #: hypothesis ids in ranking order, and their labels: the columns of the matrix
    columns: tuple[str, ...]
    column_labels: dict[str, str]
    items: tuple[ItemEntry, ...]
    influence_order: tuple[str, ...]
    sources: tuple[SourceEntry, ...]
    flips: tuple[FlipEntry, ...]
    robustness: dict[str, dict[str, float]]
    leader: str
    runner_up: str
    grades: dict[str, str]
    bibliography: tuple[dict[str, str], ...]
    provenance: dict[str, str]
    warnings: tuple[str, ...]
    #: "How the answer grew": the timeline by source year (None when no source has a year)
    growth: GrowthSection | None = None
    #: "What to look for next": the case's leads scored (None when it has no leads.yaml)
    leads: LeadsResult | None = None
    #: "Where analysts disagree", when the case has ratings/ (see ach.analysis.analysts)
    analysts: AnalystsReport | None = None


def build_document(case: Case, result: RankResult, sensitivity: Sensitivity) -> ReportDocument:
    """Gather a report's content from a case, its ranking and its sensitivity analysis."""
    rationale = build_rationale(case, result, sensitivity)
    heuer_order = sorted(result.hypotheses, key=lambda h: (h.inconsistency, -h.posterior))
    heuer_rank = {h.id: i + 1 for i, h in enumerate(heuer_order)}
    descriptions = {h.id: h.description for h in case.hypotheses}
    ranking = tuple(
        RankingRow(
            rank=i + 1,
            id=h.id,
            label=h.label,
            posterior=h.posterior,
            interval=h.interval,
            prior=h.prior,
            p_first=h.p_first,
            inconsistency=h.inconsistency,
            heuer_rank=heuer_rank[h.id],
            catch_all=h.catch_all,
            description=descriptions[h.id],
        )
        for i, h in enumerate(result.hypotheses)
    )
    columns = tuple(h.id for h in result.hypotheses)
    influence = {i.id: i for i in sensitivity.items}
    items = tuple(
        ItemEntry(
            id=e.id,
            claim=e.claim,
            quote=e.quote,
            locator=e.locator,
            source=e.source,
            date=e.date,
            credibility=f"{e.credibility} ({CREDIBILITY[e.credibility]})"
            if e.credibility
            else None,
            ratings={h: _rating(case.ratings[e.id].get(h)) for h in columns},
            notes=e.notes,
            repeats=e.repeats,
            influence=influence[e.id].influence,
            diagnosticity=influence[e.id].diagnosticity,
            non_diagnostic=influence[e.id].non_diagnostic,
        )
        for e in case.items
    )
    source_influence = {s.id: s.influence for s in sensitivity.sources}
    results = {s.id: s for s in result.sources}
    sources = tuple(
        SourceEntry(
            id=s.id,
            kind=s.kind,
            grade=s.grade_label(),
            prior=_prior_text(results[s.id]),
            prior_alpha=results[s.id].prior_alpha,
            prior_beta=results[s.id].prior_beta,
            posterior_mean=results[s.id].posterior_mean,
            interval=results[s.id].interval,
            derived_from=s.derived_from,
            year=s.year,
            citation=_citation(case, s.citation, s.bib),
            notes=s.notes,
            items=results[s.id].items,
            influence=source_influence[s.id],
        )
        for s in case.sources
    )
    flips = tuple(
        FlipEntry(**f.model_dump())
        for f in (sensitivity.grade_flip, sensitivity.rating_flip)
        if f is not None
    )
    prov = result.provenance
    return ReportDocument(
        case=case.id,
        title=case.meta.title,
        question=case.meta.question,
        description=case.meta.description,
        answer=rationale.answer,
        estimative_scale=SCALE_NAME,
        rationale=rationale.paragraphs,
        ranking=ranking,
        columns=columns,
        column_labels={h.id: h.label for h in result.hypotheses},
        items=items,
        influence_order=tuple(i.id for i in sensitivity.items),
        sources=sources,
        flips=flips,
        robustness={
            "base": sensitivity.posterior,
            "one grade up": sensitivity.robustness.up,
            "one grade down": sensitivity.robustness.down,
        },
        leader=sensitivity.leader,
        runner_up=sensitivity.runner_up,
        grades={g.code: f"{g.meaning}: Beta({g.alpha:g}, {g.beta:g})" for g in GRADES.values()},
        bibliography=_bibliography(case),
        provenance={
            "case digest (SHA-256)": prov.case_digest,
            "engine": prov.engine,
            "seed": str(prov.seed),
            "draws": str(prov.draws),
            **{f"version of {k}": v for k, v in prov.versions.items()},
        },
        warnings=result.warnings,
        growth=build_growth(timeline(case, seed=result.provenance.seed)),
        leads=evaluate_leads(case) if case.leads else None,
        analysts=compare_analysts(case, seed=prov.seed, top=CONTESTED_SHOWN)
        if case.analysts
        else None,
    )


def _rating(value: str | float | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else f"{value:g}"


def _prior_text(src: object) -> str:
    from ach.engine.result import SourceResult

    assert isinstance(src, SourceResult)
    if src.prior_alpha is None or src.prior_beta is None:
        return f"fixed at {src.prior_mean:.2f}"
    return f"Beta({src.prior_alpha:g}, {src.prior_beta:g}), mean {src.prior_mean:.2f}"


def _citation(case: Case, citation: str | None, bib: str | None) -> str:
    if citation:
        return citation
    entry = case.bib.get(bib or "", {})
    parts = [entry.get("author", ""), entry.get("year", ""), entry.get("title", "")]
    return ". ".join(p.strip("{} ") for p in parts if p) or (bib or "")


def _bibliography(case: Case) -> tuple[dict[str, str], ...]:
    """The references.bib entries the sources cite (all entries when none is cited by key)."""
    cited = {s.bib for s in case.sources if s.bib}
    keys = [k for k in case.bib if k in cited] or list(case.bib)
    if keys:
        return tuple(
            {"key": k, **{f: v.strip("{}") for f, v in case.bib[k].items()}} for k in sorted(keys)
        )
    return tuple({"key": s.id, "citation": s.citation or ""} for s in case.sources)


def bib_line(entry: dict[str, str]) -> str:
    """One bibliography entry as plain text: Author (year). Title. Publisher, place."""
    if "citation" in entry:
        return entry["citation"]
    head = " ".join(
        f for f in (entry.get("author", ""), f"({entry['year']})" if entry.get("year") else "") if f
    )
    where = ", ".join(
        f
        for f in (entry.get("publisher", "") or entry.get("journal", ""), entry.get("address", ""))
        if f
    )
    parts = [p.strip() for p in (head, entry.get("title", ""), where) if p.strip()]
    return " ".join(p if p[-1] in ".?!" else p + "." for p in parts)
