"""The contract's model as a PyMC model, and P(h | e, r) at given reliabilities, from one layout.

Both the PyMC graph and the numpy post-processing read the spec through :class:`ChainLayout`:
items whose chain holds no uncertain reliability contribute a constant log-likelihood,
computed once; for the others, an item's reliability is the product of the fixed
reliabilities on its chain (a constant) and of the free ones, gathered by index. The gather
costs one entry per (item, free source on its chain) pair, where a dense item x source mask
would cost items x sources (5 million entries for 10,000 items and 500 sources) in every
evaluation of the log-density and of its gradient.

PyMC and PyTensor are imported inside :func:`build_model` only.

References
----------
Robert, C. P. and Casella, G. (2004). *Monte Carlo Statistical Methods*, 2nd ed., sec. 4.2
(Rao-Blackwellisation: averaging P(h | e, r) over draws of r rather than counting draws of h).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ach.engine.quadrature import logsumexp
from ach.engine.spec import FloatArray, IntArray, ModelSpec
from ach.likelihood import fixed_part, log_mix, mix

#: Work per chunk of draws (draws x items x hypotheses) in :func:`conditional_posterior`, so
#: that memory stays bounded (tens of MB) whatever the number of draws and items.
CHUNK = 2_000_000


@dataclass(frozen=True)
class ChainLayout:
    """Where the free reliabilities enter: K free sources, n items whose chain holds one."""

    free: IntArray  # (K,): spec indices of the free sources
    fixed_loglik: FloatArray  # (H,): log P(items with only fixed reliabilities | h)
    items: IntArray  # (n,): spec indices of the items whose chain holds a free source
    log_const: FloatArray  # (n,): log of the product of the fixed reliabilities on the chain
    index: IntArray  # (n, d): positions in ``free`` of the chain's free sources; K pads

    @classmethod
    def of(cls, spec: ModelSpec) -> ChainLayout:
        free = np.flatnonzero(spec.free)
        with np.errstate(divide="ignore"):
            log_const_all = np.log(fixed_part(spec.chains, spec.fixed))
        on_chain = spec.chains[:, free]  # (N, K)
        touched = np.flatnonzero(on_chain.any(axis=1))
        untouched = np.flatnonzero(~on_chain.any(axis=1))
        fixed_loglik = _loglik(spec, untouched, log_const_all[untouched][None, :])[0]
        depth = int(on_chain.sum(axis=1).max(initial=0))
        index = np.full((len(touched), depth), len(free), dtype=np.int64)
        for row, i in enumerate(touched):
            positions = np.flatnonzero(on_chain[i])
            index[row, : len(positions)] = positions
        return cls(free, fixed_loglik, touched, log_const_all[touched], index)


def build_model(spec: ModelSpec) -> Any:
    """The PyMC model of a spec: one Beta per free reliability, hypotheses summed out.

    The log-density is log sum_h P(h) prod_e (noise_e + r_e (L_eh - noise_e)), a single
    ``Potential("evidence")``; the free reliabilities (dimension ``source``) are the only
    random variables.
    """
    import pymc as pm
    import pytensor.tensor as pt

    layout = ChainLayout.of(spec)
    with np.errstate(divide="ignore"):
        log_prior = np.log(spec.prior)
    coords = {"source": [spec.source_ids[j] for j in layout.free]}
    with pm.Model(coords=coords) as model:
        log_joint = pt.as_tensor_variable(log_prior + layout.fixed_loglik)
        if len(layout.free):
            r = pm.Beta(
                "reliability",
                alpha=spec.alpha[layout.free],
                beta=spec.beta[layout.free],
                dims="source",
            )
            # a trailing 0 = log 1 is what the padding positions gather
            log_r = pt.concatenate([pt.log(r), pt.zeros(1)])
            r_item = pt.exp(layout.log_const + log_r[layout.index].sum(axis=1))
            like = mix(
                r_item[:, None], spec.likelihood[layout.items], spec.noise[layout.items][:, None]
            )
            log_joint = log_joint + pt.log(like).sum(axis=0)
        pm.Potential("evidence", pm.math.logsumexp(log_joint))
    return model


def conditional_posterior(spec: ModelSpec, r_free: FloatArray) -> FloatArray:
    """P(h | e, r) for each row of ``r_free`` (draws x free sources): a (draws, H) array.

    Exact given r (hypotheses are discrete), computed in numpy in chunks of draws.
    """
    layout = ChainLayout.of(spec)
    n_h = spec.prior.shape[0]
    with np.errstate(divide="ignore"):
        base = np.log(spec.prior) + layout.fixed_loglik
        log_r = np.log(np.concatenate([r_free, np.ones((r_free.shape[0], 1))], axis=1))
    out = np.empty((r_free.shape[0], n_h))
    step = max(1, CHUNK // max(1, len(layout.items) * n_h))
    for start in range(0, r_free.shape[0], step):
        chunk = log_r[start : start + step]
        log_r_item = layout.log_const[None, :] + chunk[:, layout.index].sum(axis=2)
        log_joint = base[None, :] + _loglik(spec, layout.items, log_r_item)
        out[start : start + step] = np.exp(log_joint - logsumexp(log_joint, axis=1, keepdims=True))
    return out


def _loglik(spec: ModelSpec, items: IntArray, log_r_item: FloatArray) -> FloatArray:
    """log P(items | h, r) summed over the items, for each row of item log-reliabilities."""
    each = log_mix(
        np.exp(log_r_item)[:, :, None],
        spec.likelihood[items][None, :, :],
        spec.noise[items][None, :, None],
    )
    return np.asarray(each.sum(axis=1), dtype=float)
