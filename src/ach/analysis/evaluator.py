"""Re-evaluating the exact posterior after one change, recomputing only what the change touches.

Sensitivity analysis reruns the model hundreds of times (each item left out, each grade
moved, each rating moved). The posterior is the prior times one integral per reliability
group, and a change to one item or one source touches one group only, so each rerun costs
one group's quadrature.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ach.engine.exact import group_log_evidence, leave_one_out
from ach.engine.quadrature import logsumexp
from ach.engine.spec import FloatArray, IntArray, ModelSpec


@dataclass
class Evaluator:
    """The per-group log-evidence of a spec, and the posterior after local changes."""

    spec: ModelSpec

    def __post_init__(self) -> None:
        spec = self.spec
        with np.errstate(divide="ignore"):
            self.log_prior: FloatArray = np.log(spec.prior)
        self.items = [np.flatnonzero(spec.item_group == g) for g in range(len(spec.groups))]
        self.free = [[s for s in members if spec.free[s]] for members in spec.groups]
        self.base: FloatArray = np.zeros((len(spec.groups), spec.prior.shape[0]))
        for g in range(len(spec.groups)):
            self.base[g] = group_log_evidence(spec, self.items[g], self.free[g])
        self.total: FloatArray = self.base.sum(axis=0)

    def posterior(self, log_post: FloatArray | None = None) -> FloatArray:
        """Normalised posterior from a log-posterior (the unchanged one by default)."""
        lp = self.log_prior + self.total if log_post is None else log_post
        return np.asarray(np.exp(lp - logsumexp(lp)))

    def others(self, groups: object) -> FloatArray:
        """Log-prior plus the log-evidence of every group but ``groups`` (summed afresh rather
        than subtracted, since a group that rules a hypothesis out holds -inf)."""
        keep = np.ones(len(self.spec.groups), dtype=bool)
        keep[list(groups)] = False  # type: ignore[call-overload]
        return np.asarray(self.log_prior + self.base[keep].sum(axis=0))

    def without_items(self, drop: IntArray) -> FloatArray:
        """Log-posterior with some items left out (all in one group, or spread over several)."""
        touched = [int(g) for g in np.unique(self.spec.item_group[drop])]
        lp = self.others(touched)
        for g in touched:
            keep = np.setdiff1d(self.items[g], drop)
            lp = lp + group_log_evidence(self.spec, keep, self.free[g])
        return lp

    def leave_one_out(self) -> FloatArray:
        """Log-posterior with each counted item left out in turn: an (N, H) array."""
        spec = self.spec
        out = np.empty((len(spec.item_ids), spec.prior.shape[0]))
        for g, items in enumerate(self.items):
            if len(items):
                out[items] = self.others([g]) + leave_one_out(spec, items, self.free[g])
        return out

    def with_spec(self, changed: ModelSpec, groups: list[int]) -> FloatArray:
        """Log-posterior under a changed spec that differs only within ``groups``."""
        lp = self.others(groups)
        for g in groups:
            free = [s for s in changed.groups[g] if changed.free[s]]
            lp = lp + group_log_evidence(changed, self.items[g], free)
        return lp

    def source_prior(self, source: int, alpha: float, beta: float) -> FloatArray:
        """Log-posterior with one source's reliability prior replaced by Beta(alpha, beta)."""
        spec = self.spec
        changed = replace(
            spec,
            alpha=_set(spec.alpha, source, alpha),
            beta=_set(spec.beta, source, beta),
            fixed=_set(spec.fixed, source, np.nan),
        )
        return self.with_spec(changed, [self.group_of_source(source)])

    def group_of_source(self, source: int) -> int:
        return next(g for g, members in enumerate(self.spec.groups) if source in members)


def _set(values: FloatArray, index: int, value: float) -> FloatArray:
    out = values.copy()
    out[index] = value
    return out
