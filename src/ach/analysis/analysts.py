"""Several analysts side by side: each one's ranking, the pool, how far they agree, and the
items whose disagreement matters.

- *Rankings*: the case ranked by each analyst's reading (``case`` first) and by the pool, all
  on the exact engine, the same numbers ``ach rank --analyst`` and ``--pool`` give.
- *Agreement*: Krippendorff's alpha for ordinal data over the matrix. A unit is one cell (an
  item and a hypothesis); each analyst's code there is their value. An analyst who did not
  list an item has no value for its cells (leaving the item to the case is not a reading of
  it); the analyst ``case`` rates every item. Cells rated by probabilities are not on the
  ordinal code scale and are left out.
- *Contested items*: the items whose reading moves the answer, measured where it counts. Start
  from the pool; for one item at a time give that item each analyst's reading in turn (every
  other item stays pooled) and take the log-odds of the pool's leader against its runner-up.
  The spread of those log-odds over the analysts (largest minus smallest) is how far the
  disagreement about this item moves the leader; an item where some analyst's reading hands
  the lead to another hypothesis *flips* the leader. Flipping items come first, then by
  spread: two analysts who write I and CC for a hypothesis that no one expects to lead may
  matter less than a C against an N for the leader, and this measure, unlike a distance
  between codes, says so.

References
----------
Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
Communication, University of Pennsylvania (ordinal metric, sec. D). Stone, M. (1961). The
opinion pool. *Ann. Math. Statist.* 32, 1339-1342. Genest, C. and Zidek, J. V. (1986).
Combining probability distributions: a critique and an annotated bibliography. *Statist.
Sci.* 1, 114-148.
"""

from __future__ import annotations

import numpy as np

from ach.analysis.evaluator import Evaluator
from ach.analysis.flips import _replaced  # one group's log-evidence under many replacements
from ach.case.analysts import CASE_ANALYST, POOL
from ach.case.model import Case
from ach.data import Data as _Data
from ach.data import Shown
from ach.engine.order import overtakes, standing
from ach.engine.quadrature import logsumexp
from ach.engine.rank import rank
from ach.engine.result import HypothesisResult
from ach.engine.spec import FloatArray, build_spec
from ach.hypotheses.models import CODES

#: Contested items whose readings move the leader's log-odds by less than this are not listed.
MIN_SPREAD = 0.01


class Ranking(_Data):
    """One reading's ranking: ``hypotheses`` in the order :func:`ach.engine.order.standing`
    gives, as ``ach rank`` lists them."""

    analyst: str | None  # None for the pool
    leader: str
    tied: tuple[str, ...]
    hypotheses: tuple[HypothesisResult, ...]


class Agreement(_Data):
    """Krippendorff's ordinal alpha over the matrix; None when it is undefined (``why``)."""

    alpha: float | None
    #: cells (item x hypothesis) that at least two analysts rated with codes
    units: int
    analysts: int
    why: str | None = None


class ContestedItem(_Data):
    id: str
    source: str
    claim: str
    #: each analyst's ratings of the item (``case`` first), hypothesis id -> code or number
    readings: dict[str, dict[str, str | float]]
    #: log-odds of the pool's leader against its runner-up with this item read by each analyst
    log_odds: dict[str, float]
    spread: float
    #: analysts whose reading of this item alone hands the lead to another hypothesis -> it
    flips: dict[str, str]


class AnalystsReport(Shown, _Data):
    case: str
    analysts: tuple[str, ...]
    rankings: tuple[Ranking, ...]
    pool: Ranking
    agreement: Agreement
    #: the pool's leader and runner-up: the log-odds of ``contested`` are taken between them
    leader: str
    runner_up: str | None
    contested: tuple[ContestedItem, ...]


def compare_analysts(case: Case, *, seed: int = 0, top: int | None = None) -> AnalystsReport:
    """Every analyst's ranking, the pool, their agreement and the most contested items
    (at most ``top`` of them; all that move the log-odds by MIN_SPREAD or more by default)."""
    names = case.analyst_names
    rankings = tuple(_ranking(case, a, seed) for a in names)
    pool = _ranking(case, POOL, seed)
    contested, lead, runner = contested_items(case)
    return AnalystsReport(
        case=case.id,
        analysts=names,
        rankings=rankings,
        pool=pool,
        agreement=agreement(case),
        leader=case.hypotheses[lead].id,
        runner_up=None if runner is None else case.hypotheses[runner].id,
        contested=tuple(contested[:top] if top is not None else contested),
    )


def _ranking(case: Case, analyst: str, seed: int) -> Ranking:
    result = rank(case, analyst=analyst, seed=seed)
    return Ranking(
        analyst=None if analyst == POOL else analyst,
        leader=result.leader.id,
        tied=result.tied,
        hypotheses=result.hypotheses,
    )


def contested_items(case: Case) -> tuple[list[ContestedItem], int, int | None]:
    """The items whose readings differ, most contested first, with the pool's leader and
    runner-up (indices into the case's hypotheses) their log-odds are taken between.

    Each reading of an item is one replacement of the item's L and noise in the pooled spec;
    the replacements within one reliability group are evaluated together on the group's one
    quadrature grid (as the rating flips are), so the cost is one group's integral per
    contested item and reading, not a whole ranking.
    """
    pool = build_spec(case, POOL)
    ev = Evaluator(pool)
    ranked = standing(ev.posterior())
    lead, runner = ranked.leader, ranked.runner_up
    other = lead if runner is None else runner
    names = case.analyst_names
    like = np.stack([build_spec(case, a).likelihood for a in names])  # (A, N, H)
    noise = np.stack([build_spec(case, a).noise for a in names])  # (A, N)
    differs = (like != like[:1]).any(axis=(0, 2)) | (noise != noise[:1]).any(axis=0)
    odds = np.zeros((len(names), len(pool.item_ids)))
    winner = np.full((len(names), len(pool.item_ids)), -1)
    for g, members in enumerate(ev.items):
        items = members[differs[members]]
        if not len(items):
            continue
        # every (analyst, item) pair of the group as one candidate replacement
        item_of = np.tile(items, len(names))
        reader = np.repeat(np.arange(len(names)), len(items))
        lp = ev.others([g])[None, :] + _replaced(
            ev, g, item_of, like[reader, item_of], noise[reader, item_of]
        )
        post = np.exp(lp - logsumexp(lp, axis=1, keepdims=True))
        odds[reader, item_of] = lp[:, lead] - lp[:, other]
        winner[reader, item_of] = overtakes(post, lead)
    readings = {a: case.ratings_of(a) for a in names}
    out = []
    for i in np.flatnonzero(differs):
        spread = float(odds[:, i].max() - odds[:, i].min())
        flips = {
            a: pool.hypothesis_ids[w] for a, w in zip(names, winner[:, i], strict=True) if w >= 0
        }
        if spread < MIN_SPREAD and not flips:
            continue
        item = case.item_by_id[pool.item_ids[i]]
        out.append(
            ContestedItem(
                id=item.id,
                source=item.source,
                claim=item.claim,
                readings={a: readings[a][item.id] for a in names},
                log_odds={a: _finite(float(odds[k, i])) for k, a in enumerate(names)},
                spread=_finite(spread),
                flips=flips,
            )
        )
    out.sort(key=lambda c: (not c.flips, -c.spread, c.id))
    return out, lead, runner


def agreement(case: Case) -> Agreement:
    """Krippendorff's alpha (ordinal) of the analysts' codes over the matrix's cells."""
    names = case.analyst_names
    hyp_ids = [h.id for h in case.hypotheses]
    rank_of = {code: len(CODES) - 1 - k for k, code in enumerate(CODES)}  # II 0 ... CC 4
    columns = []
    for item in case.items:
        for h in hyp_ids:
            column = []
            for a in names:
                own = case.ratings if a == CASE_ANALYST else case.analysts[a]
                value = own.get(item.id, {}).get(h)
                column.append(rank_of[value] if isinstance(value, str) else np.nan)
            if np.count_nonzero(~np.isnan(column)) >= 2:
                columns.append(column)
    if len(names) < 2:
        return Agreement(alpha=None, units=0, analysts=len(names), why="only one analyst")
    if not columns:
        return Agreement(
            alpha=None, units=0, analysts=len(names), why="no item is rated by two analysts"
        )
    alpha = ordinal_alpha(np.array(columns).T)
    return Agreement(
        alpha=alpha,
        units=len(columns),
        analysts=len(names),
        why=None if alpha is not None else "every rated cell has the same code",
    )


def ordinal_alpha(data: FloatArray) -> float | None:
    """Krippendorff's alpha for ordinal values (rows: coders, columns: units, NaN: missing);
    None when it is undefined (every pairable value the same: no disagreement to expect)."""
    import krippendorff

    values = data[~np.isnan(data)]
    if values.size == 0 or np.all(values == values[0]):
        return None
    domain = np.arange(int(values.min()), int(values.max()) + 1)
    return float(
        krippendorff.alpha(
            reliability_data=data, level_of_measurement="ordinal", value_domain=domain
        )
    )


def _finite(x: float) -> float:
    """Log-odds can be infinite (a ruled-out hypothesis); JSON wants numbers."""
    return float(np.clip(x, -1e6, 1e6))
