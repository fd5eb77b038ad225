"""How the answer grew, in every medium: the terminal table of ``ach timeline``, and the
report section "How the answer grew" (its data, table, sparklines and chart).

Pure functions of a :class:`~ach.analysis.timeline.Timeline` or of the section built from
it; matplotlib is imported only inside :func:`growth_chart`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from rich.console import Group, RenderableType
from rich.text import Text

from ach.analysis.timeline import Timeline
from ach.reports.terminal.layout import Col, Fitted, Hanging, Layout

TITLE = "How the answer grew"
#: the largest moves of the answer marked on the chart, and the smallest worth marking
MARKS, MIN_SHIFT = 3, 0.05
SPARKS = "▁▂▃▄▅▆▇█"
RULE = (
    "An item counts from the year its source was written, or from the latest year of a "
    "source it derives from; sources without a year count at every date."
)


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GrowthMark(_Data):
    """A year in which the answer moved most, and the sources that entered then."""

    year: int
    shift: float
    sources: tuple[str, ...]


class GrowthSection(_Data):
    """The report's "How the answer grew": posteriors by source year, the big moves, and
    when the present leader first led. Hypotheses in the present ranking's order."""

    years: tuple[int, ...]
    items: tuple[int, ...]
    leaders: tuple[str, ...]
    series: dict[str, tuple[float, ...]]
    labels: dict[str, str]
    entered: tuple[tuple[str, ...], ...]
    marks: tuple[GrowthMark, ...]
    sentence: str
    undated: tuple[str, ...]


def leader_history(tl: Timeline) -> str:
    """One sentence on when the present leader first led, and whether it has led since."""
    if not tl.points:
        return "No source gives a year, so the answer cannot be followed through time."
    present = tl.points[-1]
    label = next(h.label for h in present.hypotheses if h.id == tl.leader)
    first, since = tl.first_led(), tl.leading_since()
    at = next(p for p in tl.points if p.year == first)
    text = (
        f"{label}, the present leader, first led in {first}, with {at.items} "
        f"item{'s' if at.items != 1 else ''} counted"
    )
    if since == first:
        later = "has led at every source year since" if first != present.year else "leads now"
        return f"{text}, and {later}."
    return f"{text}; others led after that, and it has led again since {since}."


def render_timeline(tl: Timeline) -> RenderableType:
    """``ach timeline``: one row per source year (posterior of each hypothesis, the leader,
    the items that count), then the sources entering each year, one line per year so that
    every id stays whole, then the sentence on the leader and the warnings."""
    parts: list[RenderableType] = []
    if tl.points:
        order = [h.id for h in tl.points[-1].hypotheses]
        rows = tl.points
        year = Col("year", [str(p.year) for p in rows], "num")
        items = Col("items", [str(p.items) for p in rows], "num")
        leader = Col("leader", [p.leader for p in rows], "id")
        posts = [{h.id: h.posterior for h in p.hypotheses} for p in rows]

        def columns(headers: list[str]) -> list[Col]:
            return [
                Col(head, [f"{post[h]:.3f}" for post in posts], "num")
                for head, h in zip(headers, order, strict=True)
            ]

        legend = "hypotheses: " + ", ".join(f"{k} {h}" for k, h in enumerate(order, start=1))
        note = "items: the items that count by that year (restatements add no weight)"
        table = Fitted(
            [
                [year, items, leader, *columns(order)],
                Layout(
                    [year, items, leader, *columns([str(k) for k in range(1, len(order) + 1)])],
                    caption=f"{note}; {legend}",
                ),
            ],
            title=f"{tl.case}: posterior as of each source year",
            caption=note,
        )
        parts += [table, Text("Sources entering each year:")]
        parts += [Hanging(f"  {p.year}:", ", ".join(p.entered) or "—") for p in tl.points]
        parts.append(Text(RULE))
    parts.append(Text(leader_history(tl)))
    parts += [Text(f"warning: {w}", style="yellow") for w in tl.warnings]
    return Group(*parts)


def build_growth(tl: Timeline) -> GrowthSection | None:
    """The report section, or None when no source has a year (the section is left out)."""
    if not tl.points:
        return None
    present = tl.points[-1].hypotheses
    series = {
        h.id: tuple(next(x.posterior for x in p.hypotheses if x.id == h.id) for p in tl.points)
        for h in present
    }
    moves = sorted(tl.points, key=lambda p: (-p.shift, p.year))
    marks = sorted(
        (GrowthMark(year=p.year, shift=p.shift, sources=p.entered) for p in moves[:MARKS]
         if p.shift >= MIN_SHIFT),
        key=lambda m: m.year,
    )  # fmt: skip
    return GrowthSection(
        years=tuple(p.year for p in tl.points),
        items=tuple(p.items for p in tl.points),
        leaders=tuple(p.leader for p in tl.points),
        series=series,
        labels={h.id: h.label for h in present},
        entered=tuple(p.entered for p in tl.points),
        marks=tuple(marks),
        sentence=leader_history(tl),
        undated=tl.undated,
    )


def growth_table(section: GrowthSection) -> tuple[list[str], list[list[str]]]:
    """Year, items, leader and each hypothesis's posterior, as strings (the sources entering
    are listed apart, by :func:`entering_lines`: a column of them would squeeze the numbers)."""
    header = ["year", "items", "leader", *section.labels.values()]
    rows = [
        [
            str(year),
            str(section.items[k]),
            section.labels[section.leaders[k]],
            *(f"{values[k]:.3f}" for values in section.series.values()),
        ]
        for k, year in enumerate(section.years)
    ]
    return header, rows


def entering_lines(section: GrowthSection) -> list[str]:
    """The sources whose items first count in each year, one line per year that has any."""
    return [
        f"{year}: {', '.join(names)}"
        for year, names in zip(section.years, section.entered, strict=True)
        if names
    ]


def marks_lines(section: GrowthSection) -> list[str]:
    """The years in which the answer moved most, and what entered then."""
    return [
        f"{m.year}: the answer moved by {m.shift:.2f} (total variation) as "
        f"{', '.join(m.sources) or 'no new source'} entered"
        for m in section.marks
    ]


def sparklines(section: GrowthSection) -> list[str]:
    """Each hypothesis's posterior over the years as a line of block characters (0 to 1),
    for media without pictures (Markdown)."""
    width = max(len(label) for label in section.labels.values())
    out = []
    for hyp, values in section.series.items():
        spark = "".join(SPARKS[min(len(SPARKS) - 1, int(v * len(SPARKS)))] for v in values)
        out.append(f"{section.labels[hyp]:<{width}}  {spark}  {values[0]:.2f} → {values[-1]:.2f}")
    return out


def growth_chart(section: GrowthSection) -> str:
    """Each hypothesis's posterior against year as an SVG step chart (the answer as of a year
    holds until the next source year), the present leader in the report's green, and the
    years that moved the answer most marked with the sources that entered then."""
    from ach.reports.charts import GREEN, GREY, _pyplot, _short, _svg

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.3, 3.2))
    years = list(section.years)
    span = max(1, years[-1] - years[0])
    ends = [*years, years[-1] + max(1, round(span * 0.04))]  # the last step gets some width
    others = iter(["#4c72b0", "#dd8452", "#8172b3", "#c44e52", "#937860", "#da8bc3"] * 20)
    for k, (hyp, values) in enumerate(section.series.items()):
        leader = k == 0
        colour = GREEN if leader else next(others)
        ax.step(
            ends, [*values, values[-1]], where="post", color=colour, lw=2.2 if leader else 1.2,
            label=_short(section.labels[hyp], 34), zorder=3 if leader else 2,
        )  # fmt: skip
        ax.scatter(years, values, color=colour, s=10 if leader else 6, zorder=4)
    for mark in section.marks:
        ax.axvline(mark.year, color=GREY, ls=":", lw=0.8, zorder=1)
        names = ", ".join(_short(s, 22) for s in mark.sources[:2])
        names += f" +{len(mark.sources) - 2}" if len(mark.sources) > 2 else ""
        ax.annotate(
            names, (mark.year, 1.0), xytext=(2, -2), textcoords="offset points",
            rotation=90, va="top", ha="left", fontsize=6, color="#444444", zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.8},
        )  # fmt: skip
    ax.set_ylim(0, 1.02)
    ax.set_xlim(ends[0] - max(1, round(span * 0.02)), ends[-1])
    ax.set_xlabel("source year (as of)")
    ax.set_ylabel("posterior probability")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=min(3, len(section.series)),
        frameon=False, fontsize=7,
    )  # fmt: skip
    return _svg(fig)
