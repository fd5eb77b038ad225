"""``ach.rank``: the ranking with its reasons, as ``ach rank --json`` prints it.

The engine (:func:`ach.engine.rank.rank`) computes the posterior; this adds what carries the
leader (:func:`~ach.analysis.drivers.drivers`), measured against the leader and runner-up the
engine named. Leaving an item out is exact only in the quadrature engine, so the drivers are
always attributed by it, and the result says so in ``drivers_engine`` (under ``--engine
pymc`` a reader sees that the attribution is the exact engine's, of the PyMC ranking).
"""

from __future__ import annotations

import os
from typing import Any

from ach.analysis.drivers import drivers
from ach.case.model import Case
from ach.engine.rank import DEFAULT_DRAWS, DEFAULT_SEED
from ach.engine.rank import rank as rank_posterior
from ach.engine.result import RankResult


def rank(
    case: Case | str | os.PathLike[str],
    *,
    engine: str = "exact",
    seed: int = DEFAULT_SEED,
    draws: int = DEFAULT_DRAWS,
    analyst: str | None = None,
    as_of: int | None = None,
    explain: bool = True,
    **options: Any,
) -> RankResult:
    """Rank a case's hypotheses by posterior probability, with the items that carry the leader.

    ``case`` is a loaded :class:`Case`, a case folder or a case id. ``engine`` is ``exact``
    (quadrature; the default) or ``pymc`` (``options`` go to it). ``analyst`` and ``as_of``
    choose whose ratings and which year, as for :func:`ach.engine.rank.rank`. ``explain=False`` skips the
    drivers (for callers that rank many variants of a case and read only posteriors). The
    same case and seed give the same numbers.
    """
    if not isinstance(case, Case):
        from ach.case.loader import load_case

        case = load_case(case)
    if as_of is not None:
        case = case.as_of(as_of)
    result = rank_posterior(case, engine=engine, seed=seed, draws=draws, analyst=analyst, **options)
    if not explain:
        return result
    runner = result.runner_up
    found = drivers(case, result.leader.id, runner.id if runner else None, analyst=analyst)
    return result.model_copy(update={"drivers": found, "drivers_engine": "exact"})
