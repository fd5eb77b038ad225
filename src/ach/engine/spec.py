"""The model as plain data: what both backends (quadrature and PyMC) compute from.

For hypothesis h and item e from a source whose derivation chain has reliabilities r_s,

    P(e | h) = r_e * L(e, h) + (1 - r_e) * noise(e),   r_e = prod of r_s over the chain

Items marked ``repeats`` are left out of the weight here (and kept in ``repeated``, so reports
still show them). Sources connected by ``derived_from`` form one *group*: their reliabilities
appear together in the same items, so each group is one (low-dimensional) integral.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ach.case.model import Case

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ModelSpec:
    """Everything the model needs, as arrays. Shapes: H hypotheses, N counted items, S sources."""

    hypothesis_ids: tuple[str, ...]
    prior: FloatArray  # (H,)
    item_ids: tuple[str, ...]  # counted items, in case order
    likelihood: FloatArray  # (N, H): L(e, h), code weights or probabilities
    noise: FloatArray  # (N,)
    item_source: IntArray  # (N,): index of the item's own source
    chains: BoolArray  # (N, S): sources whose reliabilities multiply into r_e
    source_ids: tuple[str, ...]
    fixed: FloatArray  # (S,): fixed reliability, NaN where it has a Beta prior
    alpha: FloatArray  # (S,): Beta prior, NaN where fixed
    beta: FloatArray  # (S,)
    groups: tuple[tuple[int, ...], ...]  # source indices of each derivation group
    item_group: IntArray  # (N,): the group of each item
    repeated: tuple[str, ...]  # items left out because they restate another

    @property
    def free(self) -> BoolArray:
        """Sources whose reliability is uncertain (has a Beta prior)."""
        return np.isnan(self.fixed)


def build_spec(case: Case) -> ModelSpec:
    """The model spec of a loaded case."""
    hyp_ids = tuple(h.id for h in case.hypotheses)
    weights = case.meta.weights()
    source_ids = tuple(s.id for s in case.sources)
    s_index = {sid: i for i, sid in enumerate(source_ids)}

    counted = [e for e in case.items if e.repeats is None]
    n, h, s = len(counted), len(hyp_ids), len(source_ids)
    likelihood = np.empty((n, h))
    noise = np.empty(n)
    chains = np.zeros((n, s), dtype=bool)
    item_source = np.empty(n, dtype=np.int64)
    for i, item in enumerate(counted):
        ratings = case.ratings[item.id]
        likelihood[i] = [
            weights[v] if isinstance(v, str) else v for v in (ratings[k] for k in hyp_ids)
        ]
        noise[i] = item.noise if item.noise is not None else likelihood[i].mean()
        item_source[i] = s_index[item.source]
        for sid in case.chain(item.source):
            chains[i, s_index[sid]] = True

    fixed = np.full(s, np.nan)
    alpha = np.full(s, np.nan)
    beta = np.full(s, np.nan)
    for j, src in enumerate(case.sources):
        prior = src.beta()
        if prior is None:
            fixed[j] = float(src.reliability)  # type: ignore[arg-type]
        else:
            alpha[j], beta[j] = prior

    groups = tuple(tuple(s_index[sid] for sid in members) for members in case.groups)
    group_of = {j: g for g, members in enumerate(groups) for j in members}
    item_group = np.array([group_of[int(j)] for j in item_source], dtype=np.int64)
    return ModelSpec(
        hypothesis_ids=hyp_ids,
        prior=np.asarray(case.priors, dtype=float),
        item_ids=tuple(e.id for e in counted),
        likelihood=likelihood,
        noise=noise,
        item_source=item_source,
        chains=chains,
        source_ids=source_ids,
        fixed=fixed,
        alpha=alpha,
        beta=beta,
        groups=groups,
        item_group=item_group,
        repeated=tuple(e.id for e in case.items if e.repeats is not None),
    )
