"""What is in a case, in the terminal: its sources, its evidence, one item, the cases found.

Pure renderers of a loaded :class:`Case` (and, for one item, its measured influence); each
table offers a wide layout and narrower ones, so every id stays whole at 80 columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.text import Text

from ach.case.model import Case
from ach.reports.matrix import evidence_matrix
from ach.reports.palette import rich_style
from ach.reports.terminal.layout import Col, Fitted, Layout, source_cell
from ach.reports.wording import prior_of, rating_text


def rating_cell(code: str) -> Text:
    """A rating, coloured by the one colour map (plain in a pipe)."""
    return Text(code, style=rich_style(code))


def sources_list(case: Case) -> Fitted:
    """Each source with its kind, grade, the prior the grade stands for, and its items."""
    counts = {s.id: 0 for s in case.sources}
    for e in case.items:
        counts[e.source] += 1
    srcs = case.sources
    priors = [prior_of(s) for s in srcs]
    whole = [p.split(", mean")[0] + "," for p in priors]
    ident = Col("id", [s.id for s in srcs], "id")
    kind = Col("kind", [s.kind for s in srcs], "id")
    grade = Col("grade", [s.grade_label() for s in srcs], "id")
    prior = Col("prior", priors, whole=whole)
    parents = Col("derived from", [", ".join(s.derived_from) or "—" for s in srcs], "words")
    items = Col("items", [str(counts[s.id]) for s in srcs], "num")
    year = Col("year", ["—" if s.year is None else str(s.year) for s in srcs], "num")
    citation = Col("citation", [s.citation or f"[{s.bib}]" for s in srcs])
    stacked = Col(
        "source",
        [source_cell(s.id, s.kind, s.derived_from) for s in srcs],
        "words",
    )
    graded = Col(
        "grade, prior",
        [f"{s.grade_label()}\n{p}" for s, p in zip(srcs, priors, strict=True)],
        whole=whole,
    )
    return Fitted(
        [
            [ident, kind, grade, prior, parents, items, year, citation],
            [stacked, graded, items, year, citation],
            [stacked, graded, items, year],
        ],
        title=f"{case.id}: sources",
    )


def evidence_list(case: Case) -> Fitted:
    """The evidence matrix: each item's id, date, source, claim and ratings."""
    m = evidence_matrix(case)
    rows = m.rows
    ident = Col("id", [r.id for r in rows], "id")
    date = Col("date", [r.date or "" for r in rows], "id")
    source = Col("source", [f"{r.source} ({r.grade})" for r in rows], "id")
    claims = [r.claim + (f" (repeats {r.repeats})" if r.repeats else "") for r in rows]
    claim = Col("claim", claims)
    # narrow: the date under the id, the source under the claim, so the ratings keep columns
    id_date = Col("id, date", [f"{r.id}\n{r.date}" if r.date else r.id for r in rows], "id")
    claim_source = Col(
        "claim; source (grade)",
        [
            Text(c) + Text(f"\n{r.source} ({r.grade})", style="dim")
            for c, r in zip(claims, rows, strict=True)
        ],
        whole=[r.source for r in rows],
    )

    def ratings(headers: Sequence[str]) -> list[Col]:
        return [
            Col(header, [rating_cell(r.ratings[k]) for r in rows], "id")
            for k, header in enumerate(headers)
        ]

    named = ratings(m.columns)
    numbered = ratings([str(k) for k in range(1, len(m.columns) + 1)])
    legend = "hypotheses: " + ", ".join(f"{k} {h}" for k, h in enumerate(m.columns, start=1))

    return Fitted(
        [
            [ident, date, source, claim, *named],
            [id_date, claim_source, *named],
            Layout([id_date, claim_source, *numbered], caption=legend),
        ],
        title=f"{case.id}: evidence",
    )


@dataclass(frozen=True)
class ItemInfluenceView:
    """What ``evidence show`` says of an item's weight (measured by ach.analysis)."""

    leader: str
    runner_up: str
    influence: float
    log_odds_without: float
    diagnosticity: float
    non_diagnostic: bool
    #: the leader is tied with the runner-up (ach.engine.order's rule)
    tied: bool = False


def evidence_item(case: Case, item_id: str, weight: ItemInfluenceView) -> Fitted:
    """Everything about one item: claim, quote, source, ratings and its influence."""
    e = case.item_by_id[item_id]
    src = case.source_by_id[e.source]
    ratings = case.ratings[e.id]
    width = max(len(h.id) for h in case.hypotheses)
    rating_lines = Text("\n").join(
        Text(f"{h.id:<{width}}  ") + rating_cell(rating_text(ratings.get(h.id)))
        for h in case.hypotheses
    )
    if e.repeats:
        influence = "none: it restates another item and adds no weight"
    else:
        with_it = weight.log_odds_without + weight.influence
        influence = (
            f"log-odds of {weight.leader} "
            + (
                f"against {weight.runner_up} (tied with it): "
                if weight.tied
                else f"(leader) against {weight.runner_up} (runner-up): "
            )
            + f"{with_it:+.3f} with this item, {weight.log_odds_without:+.3f} without it "
            f"(change {weight.influence:+.3f}; diagnosticity {weight.diagnosticity:.3f}"
            f"{', non-diagnostic' if weight.non_diagnostic else ''})"
        )
    rows: list[tuple[str, str | Text]] = [
        ("claim", e.claim),
        ("quote", e.quote or "—"),
        ("locator", e.locator or "—"),
        ("source", f"{src.id} ({src.kind}, grade {src.grade_label()}): {src.citation or src.bib}"),
        ("date", e.date or "—"),
        ("credibility", str(e.credibility or "—")),
        ("repeats", e.repeats or "—"),
        ("notes", e.notes or "—"),
        ("ratings", rating_lines),
        ("influence", influence),
    ]
    ids = [src.id, *(h.id for h in case.hypotheses), weight.leader, weight.runner_up]
    return Fitted(
        [
            [
                Col("", [k for k, _ in rows], "id", style="bold"),
                Col("", [v for _, v in rows], whole=ids),
            ]
        ],
        title=f"{e.id} ({case.item_files[e.id]})",
        show_header=False,
    )


@dataclass(frozen=True)
class CaseRow:
    """One case found by ``ach cases``."""

    id: str
    title: str
    where: str
    items: str
    folder: str


def cases_table(rows: Sequence[CaseRow], *, paths: bool) -> Fitted:
    """The cases in ./cases and those bundled, with their folders when asked."""
    ident = Col("id", [r.id for r in rows], "id")
    title = Col("title", [r.title for r in rows])
    where = Col("where", [r.where for r in rows], "id")
    items = Col("items", [r.items for r in rows], "num")
    columns = [ident, title, where, items]
    if paths:
        folder = Col("folder", [r.folder for r in rows], whole=[r.id for r in rows])
        layouts = [
            [*columns, folder],
            [ident, Col("title; folder", [f"{r.title}\n{r.folder}" for r in rows]), where, items],
        ]
    else:
        layouts = [columns]
    return Fitted(layouts, title="Cases (./cases first, then bundled)")


def validated(case: Case, problems: Sequence[str], summary_line: str | None) -> RenderableType:
    """``ach validate``: each warning, what they amount to, then the verdict."""
    from ach.reports.terminal.checks import listing

    parts: list[RenderableType] = [listing(problems)]
    if summary_line:
        parts.append(Text(summary_line))
    parts.append(
        Text(
            f"{case.id}: valid ({len(case.hypotheses)} hypotheses, {len(case.sources)} sources, "
            f"{len(case.items)} evidence items"
            + (f", {len(case.leads)} leads" if case.leads else "")
            + (f", {len(case.analysts)} other analyst(s)" if case.analysts else "")
            + f"; {len(problems)} warning(s))"
        )
    )
    return Group(*parts)
