"""How the answer grew: the case ranked as of every distinct source year.

Each point is one exact fit of the case cut at that year (:meth:`ach.case.Case.as_of`), by
the same :func:`ach.engine.rank` as ``ach rank --as-of``, so the last point is the ranking of
the whole case. Who leads at each year is the ranking's own leader (decided in one place in
the engine), never re-derived here.
"""

from __future__ import annotations

from typing import Any

from ach.case.model import Case
from ach.case.years import counted_items, known_from, source_years, undated, undated_warning
from ach.data import Data as _Data
from ach.data import Shown
from ach.engine.rank import DEFAULT_DRAWS, DEFAULT_SEED, rank
from ach.engine.result import HypothesisResult


class TimelinePoint(_Data):
    """The ranking as it could have been made in ``year``."""

    year: int
    #: items that count by then (``repeats`` items add no weight and are not counted)
    items: int
    #: as in ``ach rank``: sorted by posterior, the leader first
    hypotheses: tuple[HypothesisResult, ...]
    #: sources whose items first count this year (the latest year on their chain is this one)
    entered: tuple[str, ...]
    leader: str
    #: how far the answer moved since the year before: half the summed absolute change of the
    #: posteriors (total variation distance; 1 is a complete change of mind)
    shift: float


class Timeline(Shown, _Data):
    """Every point of a case's timeline, years ascending, and what the analyst should know."""

    case: str
    points: tuple[TimelinePoint, ...]
    #: sources without a year: their items count at every point
    undated: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    def contract(self) -> dict[str, Any]:
        """The JSON of ``ach timeline --json``, exactly as the contract gives it."""
        return {
            "case": self.case,
            "timeline": [
                {
                    "year": p.year,
                    "items": p.items,
                    "hypotheses": [h.model_dump(mode="json") for h in p.hypotheses],
                }
                for p in self.points
            ],
        }

    @property
    def leader(self) -> str | None:
        """The present leader: the leader of the last point, which is the whole case."""
        return self.points[-1].leader if self.points else None

    def first_led(self) -> int | None:
        """The first year the present leader led."""
        return next((p.year for p in self.points if p.leader == self.leader), None)

    def leading_since(self) -> int | None:
        """The year from which the present leader has led at every point without a break."""
        since = None
        for p in self.points:
            since = (since or p.year) if p.leader == self.leader else None
        return since


def timeline(case: Case, *, seed: int = DEFAULT_SEED, draws: int = DEFAULT_DRAWS) -> Timeline:
    """The case ranked by the exact engine as of each distinct source year.

    The first point's ``shift`` is measured from the ranking before any dated source (the
    undated items alone, or the prior), so that it is the move of the sources that entered.
    """
    years = source_years(case)
    entry = {s.id: known_from(case, s.id) for s in case.sources}
    before = rank(case.as_of(years[0] - 1), seed=seed, draws=draws) if years else None
    previous = {h.id: h.posterior for h in before.hypotheses} if before else {}
    points = []
    for year in years:
        cut = case.as_of(year)
        result = rank(cut, seed=seed, draws=draws)
        now = {h.id: h.posterior for h in result.hypotheses}
        points.append(
            TimelinePoint(
                year=year,
                items=counted_items(cut),
                hypotheses=result.hypotheses,
                entered=tuple(s.id for s in case.sources if entry[s.id] == year),
                leader=result.leader.id,
                shift=0.5 * sum(abs(now[h] - previous[h]) for h in now),
            )
        )
        previous = now
    warnings = []
    missing = undated_warning(case)
    if missing:
        warnings.append(missing)
    if not years:
        warnings.append("no source has a year, so there is no timeline to show")
    return Timeline(
        case=case.id, points=tuple(points), undated=undated(case), warnings=tuple(warnings)
    )
