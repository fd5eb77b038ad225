"""Who leads: the one place that orders hypotheses, names the leader and the runner-up, and
says which hypotheses are tied.

Every output asks this module (``ach rank``, its JSON, the drivers, sensitivity, the
rationale, the reports, ``evidence add``'s before and after), so two outputs can never name
different leaders. The rule:

- hypotheses are ordered by posterior, highest first;
- posteriors within :data:`TIE` of each other are *tied*, and nothing wider is: two ways of
  computing the same number differ by rounding (1e-15 or so), while any difference an analyst
  could care about is many orders larger;
- among tied hypotheses the case's own order (as written in ``case.yaml``) decides who is
  listed first; that one is "the leader" for every output, which names the others as tied
  with it rather than behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: Posteriors closer than this (absolute) are tied.
TIE = 1e-9


@dataclass(frozen=True)
class Standing:
    """The order of hypotheses (indices into the case's list) and who leads."""

    order: tuple[int, ...]
    #: indices tied with the leader (the leader itself not included)
    tied: tuple[int, ...]

    @property
    def leader(self) -> int:
        return self.order[0]

    @property
    def runner_up(self) -> int | None:
        """The hypothesis listed second (possibly tied with the leader); None for one."""
        return self.order[1] if len(self.order) > 1 else None


def standing(posterior: Sequence[float] | npt.NDArray[np.float64]) -> Standing:
    """The standing of hypotheses with these posteriors (in the case's order).

    Hypotheses are taken highest first; each run of posteriors within :data:`TIE` of the
    run's highest forms a tie, listed in case order.
    """
    p = np.asarray(posterior, dtype=float)
    if p.ndim != 1 or p.size == 0:
        raise ValueError("standing() needs a non-empty vector of posteriors")
    by_value = [int(i) for i in np.argsort(-p, kind="stable")]
    order: list[int] = []
    while by_value:
        head = p[by_value[0]]
        run = [i for i in by_value if head - p[i] <= TIE]
        order.extend(sorted(run))
        by_value = [i for i in by_value if i not in run]
    top = p[order[0]]
    tied = tuple(i for i in order[1:] if top - p[i] <= TIE)
    return Standing(order=tuple(order), tied=tied)


def leaders(posteriors: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """The leader of each row of posteriors (rows x hypotheses), by :func:`standing`'s rule:
    the first hypothesis in case order within :data:`TIE` of the row's highest."""
    p = np.asarray(posteriors, dtype=float)
    at_top = p >= p.max(axis=1, keepdims=True) - TIE
    return np.asarray(np.argmax(at_top, axis=1), dtype=np.int64)


def first_shares(draws: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each hypothesis's share of draws (rows of P(h | e, r)) in which it ranks first, a
    draw's first place shared equally among the hypotheses tied at its top."""
    p = np.asarray(draws, dtype=float)
    at_top = (p >= p.max(axis=1, keepdims=True) - TIE).astype(float)
    return np.asarray((at_top / at_top.sum(axis=1, keepdims=True)).mean(axis=0))


def overtakes(posteriors: npt.NDArray[np.float64], leader: int) -> npt.NDArray[np.int64]:
    """For each row, the hypothesis that now leads *ahead of* ``leader`` (by more than
    :data:`TIE`), or -1 where ``leader`` still leads or is tied at the top: a tie is no flip."""
    p = np.asarray(posteriors, dtype=float)
    new = leaders(p)
    ahead = p[np.arange(len(p)), new] > p[:, leader] + TIE
    return np.where(ahead, new, -1).astype(np.int64)
