"""The report as plain data: everything a Markdown, HTML or PDF report shows, and nothing else.

Renderers are pure functions of a :class:`ReportDocument`; the PDF template receives it as
JSON. Numbers are formatted here, once, so that every format shows the same figures.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from ach.analysis.analysts import AnalystsReport, compare_analysts
from ach.analysis.flips import Flip
from ach.analysis.leads import LeadsResult, evaluate_leads
from ach.analysis.rationale import SCALE_NAME, build_rationale
from ach.analysis.sensitivity import Sensitivity
from ach.analysis.timeline import timeline
from ach.case.model import Case
from ach.engine.result import RankResult
from ach.evidence.admiralty import CREDIBILITY, GRADES
from ach.reports.matrix import EvidenceMatrix, evidence_matrix
from ach.reports.timeline import GrowthSection, build_growth
from ach.reports.wording import prior_text, rating_text

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
    #: the prior's equal-tailed 90% interval (None for a fixed reliability)
    prior_interval: tuple[float, float] | None
    posterior_mean: float
    interval: tuple[float, float]
    derived_from: tuple[str, ...]
    year: int | None = None
    citation: str
    notes: str | None
    items: int
    influence: float


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
    matrix: EvidenceMatrix
    influence_order: tuple[str, ...]
    sources: tuple[SourceEntry, ...]
    flips: tuple[Flip, ...]
    robustness: dict[str, dict[str, float]]
    leader: str
    #: the hypotheses tied with the leader (empty when none), as ach.engine.order decided
    tied: tuple[str, ...] = ()
    runner_up: str
    grades: dict[str, str]
    bibliography: tuple[dict[str, str], ...]
    #: the BibTeX of the cited entries, as the PDF typesets them ("" when there is none)
    bibtex: str
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
            ratings={h: rating_text(case.ratings[e.id].get(h)) for h in columns},
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
    quantiles = _prior_intervals(result)
    sources = tuple(
        SourceEntry(
            id=s.id,
            kind=s.kind,
            grade=s.grade_label(),
            prior=prior_text(
                results[s.id].prior_alpha, results[s.id].prior_beta, results[s.id].prior_mean
            ),
            prior_alpha=results[s.id].prior_alpha,
            prior_beta=results[s.id].prior_beta,
            prior_interval=quantiles.get(s.id),
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
    flips = tuple(f for f in (sensitivity.grade_flip, sensitivity.rating_flip) if f is not None)
    prov = result.provenance
    bibliography = _bibliography(case)
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
        matrix=evidence_matrix(case, columns),
        influence_order=tuple(i.id for i in sensitivity.items),
        sources=sources,
        flips=flips,
        robustness={
            "base": sensitivity.posterior,
            "one grade up": sensitivity.robustness.up,
            "one grade down": sensitivity.robustness.down,
        },
        leader=sensitivity.leader,
        tied=sensitivity.tied,
        runner_up=sensitivity.runner_up,
        grades={g.code: f"{g.meaning}: Beta({g.alpha:g}, {g.beta:g})" for g in GRADES.values()},
        bibliography=bibliography,
        bibtex=_bibtex(case, bibliography),
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


def _prior_intervals(result: RankResult) -> dict[str, tuple[float, float]]:
    """Each Beta prior's equal-tailed 90% interval: its 5% and 95% quantiles (the regularised
    incomplete beta function inverted), computed here once so the charts only draw them."""
    from scipy.special import betaincinv

    graded = [s for s in result.sources if s.prior_alpha is not None and s.prior_beta is not None]
    if not graded:
        return {}
    a = [s.prior_alpha for s in graded]
    b = [s.prior_beta for s in graded]
    lo, hi = betaincinv(a, b, 0.05), betaincinv(a, b, 0.95)
    return {s.id: (float(lo[k]), float(hi[k])) for k, s in enumerate(graded)}


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


#: BibTeX fields that declare an entry's language (biblatex ``langid``, BibTeX ``language``)
LANGUAGE_FIELDS = ("langid", "language")
#: fields CSL title-cases when it takes an entry for English
TITLE_FIELDS = ("title", "booktitle", "journaltitle", "journal", "series")


def _bibtex(case: Case, bibliography: tuple[dict[str, str], ...]) -> str:
    """The BibTeX the PDF typesets: the entries the report lists, each title's casing safe.

    Typst's Chicago author-date style (CSL) title-cases every title it takes for English, and
    it takes an entry without ``langid`` for English: "Türk-Sovyet İlişkileri ve Bolşevikler"
    would come out with "Ve". An entry that declares its language is left to the style (CSL
    title-cases English only); the titles of an entry that does not are wrapped in one more
    pair of braces, which BibTeX and CSL read as "print as written".

    The entry types (book, article) are not kept by the loaded case, so the entries are taken
    from the case's ``references.bib`` here, once, when the document is built: the PDF
    renderer then needs nothing but the document.

    References: The Chicago Manual of Style, 17th ed., ch. 11 (titles in languages other
    than English keep that language's capitalisation); Citation Style Language 1.0.2
    specification, "Text-case" (title case is applied to items whose language is English or
    unset).
    """
    keys = {entry["key"] for entry in bibliography if "citation" not in entry}
    if not keys or not case.bib:
        return ""
    import bibtexparser
    from bibtexparser.model import Field

    text = (case.root / "references.bib").read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    entries: list[Any] = [e for e in library.entries if e.key in keys]
    for entry in entries:
        names = {f.key.lower(): f.key for f in entry.fields}
        if any(field in names for field in LANGUAGE_FIELDS):
            continue
        for field in TITLE_FIELDS:
            if field in names:
                value = str(entry[names[field]])
                entry.set_field(Field(names[field], "{" + value + "}"))
    return str(bibtexparser.write_string(bibtexparser.Library(entries)))  # type: ignore[attr-defined]


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
