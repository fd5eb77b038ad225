"""The item likelihood (``ach.likelihood``): the one place that says what an item's rating is worth.

For hypothesis h and item e from a source whose derivation chain has reliabilities r_s,

    P(e | h) = r_e * L(e, h) + (1 - r_e) * noise(e),   r_e = prod of r_s over the chain

(the contract's formula). Every consumer asks this module: the spec (the weight of a code and
the default noise), the exact engine and its sensitivity analyses (the log-likelihood at
grid points), the PyMC model (:func:`mix` is written with arithmetic operators only, so the
same function builds the PyTensor graph), ``validate`` (an item that can favour no
hypothesis) and the reports. It imports numpy only, so the case layer can use it while
loading, before any engine exists.

Names used throughout: ``like`` is L(e, .) (a row per item), ``noise`` is noise(e), ``r`` is
the item's reliability r_e (the product along its chain).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Two likelihood weights closer than this (relative) are the same weight.
SAME = 1e-12


def weight(rating: str | float, scale: Mapping[str, float]) -> float:
    """L(e, h) of one rating: a consistency code's weight from the case's ``scale``, or the
    probability given."""
    return float(scale[rating]) if isinstance(rating, str) else float(rating)


def row(
    ratings: Mapping[str, str | float], hypotheses: Sequence[str], scale: Mapping[str, float]
) -> FloatArray:
    """L(e, .) of one item, in the order of ``hypotheses`` (ratings already resolved, so
    every hypothesis has one)."""
    return np.array([weight(ratings[h], scale) for h in hypotheses], dtype=float)


def rows(
    ratings: Sequence[Mapping[str, str | float]],
    hypotheses: Sequence[str],
    scale: Mapping[str, float],
) -> FloatArray:
    """L(e, .) of many items at once (items x hypotheses): :func:`row` for each, without a
    Python call per rating (50 hypotheses x 10,000 items are half a million ratings)."""
    flat = [
        scale[v] if isinstance(v, str) else v
        for each in ratings
        for v in map(each.__getitem__, hypotheses)
    ]
    return np.asarray(flat, dtype=float).reshape(len(ratings), len(hypotheses))


def default_noise(like: FloatArray) -> FloatArray:
    """noise(e) where the item gives none: the mean of L(e, .) over the hypotheses, so that an
    item rated alike for every hypothesis changes nothing, not even its source's credit.
    ``like`` is one row, or rows (items x hypotheses)."""
    return np.asarray(np.mean(like, axis=-1), dtype=float)


def mix[T](r: T, like: Any, noise: Any) -> T:
    """P(e | h, r) = r L + (1 - r) noise, written as noise + r (L - noise).

    Arithmetic only, so it serves numpy arrays and PyTensor tensors alike (the PyMC model
    builds its graph with this very function); shapes broadcast.
    """
    return noise + r * (like - noise)  # type: ignore[no-any-return]


def log_mix(r: Any, like: Any, noise: Any) -> FloatArray:
    """log P(e | h, r) in numpy; a zero likelihood gives -inf (a ruled-out hypothesis)."""
    with np.errstate(divide="ignore"):
        return np.asarray(np.log(mix(r, like, noise)), dtype=float)


def prior_mean(fixed: FloatArray, alpha: FloatArray, beta: FloatArray) -> FloatArray:
    """Each source's reliability a priori: its fixed value, or its Beta prior's mean."""
    with np.errstate(invalid="ignore"):
        return np.asarray(np.where(np.isnan(fixed), alpha / (alpha + beta), fixed), dtype=float)


def chain_product(chains: BoolArray, values: FloatArray) -> FloatArray:
    """r_e of each item (a row of ``chains``, items x sources) from one value per source:
    the product over the sources on the item's chain, each counted once."""
    return np.asarray(np.prod(np.where(chains, values[None, :], 1.0), axis=1), dtype=float)


def fixed_part(chains: BoolArray, fixed: FloatArray) -> FloatArray:
    """The product of the *fixed* reliabilities on each item's chain (free ones count 1): the
    constant factor of r_e that no integral needs to see."""
    return chain_product(chains, np.where(np.isnan(fixed), 1.0, fixed))


def non_diagnostic(like: FloatArray, r_max: FloatArray | float = 1.0) -> BoolArray:
    """Items that favour no hypothesis whatever the reliability: L(e, .) the same for every
    hypothesis, or a chain whose reliability is fixed at 0. The one meaning of
    "non-diagnostic" in ach (``validate``, sensitivity and the reports all ask here).
    ``like`` is one row or rows; ``r_max`` the largest reliability the chain can take."""
    like = np.atleast_2d(like)
    top = np.max(np.abs(like), axis=-1)
    flat = np.ptp(like, axis=-1) <= SAME * np.where(top > 0, top, 1.0)
    out = flat | (np.asarray(r_max) == 0)
    return np.asarray(out, dtype=bool)
