"""The model as plain data: what both backends (quadrature and PyMC) compute from.

The likelihood P(e | h, r) itself is :mod:`ach.likelihood`'s; the spec holds its inputs
(L, noise, which sources' reliabilities multiply into each item's r). Items marked
``repeats`` are left out of the weight here (and kept in ``repeated``, so reports still show
them). Sources connected by ``derived_from`` form one *group*: their reliabilities
appear together in the same items, so each group is one (low-dimensional) integral.

Several analysts (``ratings/``) change only L and noise: one analyst's reading gives their
rows, and the pool of every analyst a (``case`` included, equal weight) averages them, since

    mean_a [r L_a(e, h) + (1 - r) noise_a(e)] = r mean_a L_a(e, h) + (1 - r) mean_a noise_a(e)

for every r: the pool is the same model with each item's L and noise averaged, so every
engine and analysis computes it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ach.case.analysts import CASE_ANALYST, POOL
from ach.case.model import Case
from ach.evidence.models import EvidenceItem
from ach.likelihood import BoolArray, FloatArray, default_noise, rows

__all__ = ["BoolArray", "FloatArray", "IntArray", "ModelSpec", "build_spec"]

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
    #: whose ratings L and noise come from: None (the items' own), an analyst, or POOL
    analyst: str | None = None

    @property
    def free(self) -> BoolArray:
        """Sources whose reliability is uncertain (has a Beta prior)."""
        return np.isnan(self.fixed)


def build_spec(case: Case, analyst: str | None = None) -> ModelSpec:
    """The model spec of a loaded case, read by ``analyst``: None for the items' own ratings
    (the analyst ``case``), an analyst's name, or :data:`~ach.case.analysts.POOL` for the
    linear pool of every analyst. Raises ``UnknownAnalyst`` for an unknown name."""
    analyst = None if analyst == CASE_ANALYST else analyst
    hyp_ids = tuple(h.id for h in case.hypotheses)
    source_ids = tuple(s.id for s in case.sources)
    s_index = {sid: i for i, sid in enumerate(source_ids)}

    counted = [e for e in case.items if e.repeats is None]
    n, h, s = len(counted), len(hyp_ids), len(source_ids)
    noise = np.empty(n)
    chains = np.zeros((n, s), dtype=bool)
    item_source = np.empty(n, dtype=np.int64)
    readers = case.analyst_names if analyst == POOL else (analyst,)
    weights = case.meta.weights()
    per_reader = [
        _likelihood_rows(case.ratings_of(a) if a else case.ratings, counted, hyp_ids, weights)
        for a in readers
    ]
    likelihood = np.mean(per_reader, axis=0).reshape(n, h)
    # the mean over analysts of each one's default noise (the mean of their L(e, .))
    pooled_noise = np.mean([default_noise(rows) for rows in per_reader], axis=0).reshape(n)
    for i, item in enumerate(counted):
        noise[i] = item.noise if item.noise is not None else pooled_noise[i]
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
        analyst=analyst,
    )


def _likelihood_rows(
    ratings: dict[str, dict[str, str | float]],
    items: list[EvidenceItem],
    hyp_ids: tuple[str, ...],
    weights: dict[str, float],
) -> FloatArray:
    """L(e, h) of each item under one reading: code weights, or the probabilities given."""
    return rows([ratings[e.id] for e in items], hyp_ids, weights)
