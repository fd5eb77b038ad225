"""The items that carry the leader, for ``ach rank``: leave-one-out in numpy, nothing more.

Kept apart from :mod:`ach.analysis.sensitivity` (and its result models) because it runs on
every ranking, where start-up time counts. Only the exact engine can attribute (leaving an
item out is one group's quadrature); under another engine the drivers are still measured
against the leader and runner-up *that engine* named, and the result says which engine
attributed them.
"""

from __future__ import annotations

import numpy as np

from ach.analysis.evaluator import Evaluator
from ach.case.model import Case
from ach.engine.result import Driver
from ach.engine.spec import build_spec


def drivers(
    case: Case,
    leader: str,
    runner_up: str | None,
    n: int = 3,
    analyst: str | None = None,
) -> tuple[Driver, ...]:
    """The n items whose removal costs ``leader`` most log-odds against ``runner_up``
    (numpy only: it runs on every ranking, so it builds no per-item objects); ``analyst`` as
    for :func:`~ach.engine.spec.build_spec`."""
    spec = build_spec(case, analyst)
    if not spec.item_ids or runner_up is None:
        return ()
    lead = spec.hypothesis_ids.index(leader)
    runner = spec.hypothesis_ids.index(runner_up)
    ev = Evaluator(spec)
    base = ev.log_prior + ev.total
    loo = ev.leave_one_out()
    with np.errstate(invalid="ignore"):
        influence = (base[lead] - base[runner]) - (loo[:, lead] - loo[:, runner])
    influence = np.nan_to_num(influence, nan=0.0, posinf=1e6, neginf=-1e6)
    order = [int(i) for i in np.argsort(-influence, kind="stable")[:n] if influence[i] > 0.01]
    return tuple(
        Driver(
            id=spec.item_ids[i],
            source=case.item_by_id[spec.item_ids[i]].source,
            claim=case.item_by_id[spec.item_ids[i]].claim,
            influence=float(influence[i]),
        )
        for i in order
    )
