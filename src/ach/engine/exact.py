"""The exact backend: hypotheses summed out, each reliability group integrated by Gauss rules.

The posterior P(h | e) is exact up to floating point (see :mod:`ach.engine.quadrature` for why
the node counts make the integrals exact). The 90% interval of P(h | e, r) comes from i.i.d.
draws: h from its exact posterior, then each group's reliabilities from their conditional
posterior given h, over a discretised prior (a many-node Gauss rule, nodes weighted by their
prior mass, for one or two free sources; prior samples for more); all in log space, so
thousands of items do not underflow.

References
----------
Heuer, R. J. (1999). *Psychology of Intelligence Analysis*, ch. 8 (the ACH matrix this
weighs). Robert, C. P. and Casella, G. (2004). *Monte Carlo Statistical Methods*, 2nd ed.,
sec. 2.3 (sampling a discrete distribution by its inverse CDF).
"""

from __future__ import annotations

import math

import numpy as np

from ach.engine.fit import Fit
from ach.engine.quadrature import MAX_NODES, beta_gauss, exact_nodes, logsumexp, nodes_for_degree
from ach.engine.spec import FloatArray, IntArray, ModelSpec
from ach.likelihood import fixed_part, log_mix, prior_mean

#: Largest tensor-product grid for one group; past it the rule is coarsened (with a warning).
MAX_GRID = 100_000
#: Nodes per reliability for the draws: 128 for one free source, 48 per axis for two; groups
#: of three or more draw from DRAW_SAMPLES prior samples instead (a tensor grid would be coarse).
DRAW_GRID = {1: 128, 2: 48}
DRAW_SAMPLES = 8192
#: A group whose Gauss grid passes this many points gets a warning from ``ach validate``.
SLOW_GRID = 20_000
#: Work per chunk of items (grid points x items x hypotheses), to bound memory.
CHUNK = 2_000_000


def item_loglik(
    spec: ModelSpec, items: IntArray, free: list[int], points: FloatArray
) -> FloatArray:
    """log P(item | h, r) of each item at each row of ``points``: an (m, n, H) array.

    ``points`` holds reliabilities of the ``free`` sources; fixed reliabilities on an item's
    chain enter as constants (:func:`ach.likelihood.fixed_part`).
    """
    chains = spec.chains[items]
    const = fixed_part(chains, spec.fixed)
    r = np.broadcast_to(const, (points.shape[0], const.shape[0])).copy()
    for j, s in enumerate(free):
        r *= np.where(chains[:, s][None, :], points[:, j : j + 1], 1.0)
    return log_mix(
        r[:, :, None], spec.likelihood[items][None, :, :], spec.noise[items][None, :, None]
    )


def group_loglik(
    spec: ModelSpec, items: IntArray, free: list[int], points: FloatArray
) -> FloatArray:
    """log P(items | h, r) for each row of ``points``: an (m, H) array (items in chunks)."""
    m, h = points.shape[0], spec.prior.shape[0]
    out = np.zeros((m, h))
    step = max(1, CHUNK // max(1, m * h))
    for start in range(0, len(items), step):
        out += item_loglik(spec, items[start : start + step], free, points).sum(axis=1)
    return out


def leave_one_out(spec: ModelSpec, items: IntArray, free: list[int]) -> FloatArray:
    """The group's log-evidence with each of its items left out in turn: an (n, H) array.

    One Gauss grid serves all: the rule exact for the whole group is exact for any part.
    Sums of logs are kept as a finite part and a count of zero factors, so that leaving out
    the one item that rules a hypothesis out gives the right finite value, not inf - inf.
    """
    points, log_w = (
        (np.zeros((1, 0)), np.zeros(1)) if not free else gauss_grid(spec, items, free)[:2]
    )
    m, h = points.shape[0], spec.prior.shape[0]
    step = max(1, CHUNK // max(1, m * h))
    finite, zeros = np.zeros((m, h)), np.zeros((m, h))
    for start in range(0, len(items), step):
        each = item_loglik(spec, items[start : start + step], free, points)
        finite += np.where(np.isneginf(each), 0.0, each).sum(axis=1)
        zeros += np.isneginf(each).sum(axis=1)
    out = []
    for start in range(0, len(items), step):
        each = item_loglik(spec, items[start : start + step], free, points)  # (m, c, H)
        is_zero = np.isneginf(each)
        rest = finite[:, None, :] - np.where(is_zero, 0.0, each)
        rest = np.where(zeros[:, None, :] - is_zero > 0, -np.inf, rest)
        out.append(logsumexp(log_w[:, None, None] + rest, axis=0))
    return np.concatenate(out, axis=0)


def group_log_evidence(spec: ModelSpec, items: IntArray, free: list[int]) -> FloatArray:
    """log of the integral over a group's reliabilities of P(its items | h, r): shape (H,).

    The building block of the posterior, exposed so that sensitivity analyses can recompute
    only the group a change touches.
    """
    if len(items) == 0:
        return np.zeros(spec.prior.shape[0])
    if not free:
        return np.asarray(group_loglik(spec, items, [], np.zeros((1, 0)))[0], dtype=float)
    points, log_w, _ = gauss_grid(spec, items, free)
    return logsumexp(log_w[:, None] + group_loglik(spec, items, free, points), axis=0)


def fit_exact(spec: ModelSpec, draws: int = 4000, seed: int = 0) -> Fit:
    """Exact posterior over hypotheses, with draws of P(h | e, r) for its interval."""
    rng = np.random.default_rng(seed)
    n_h = spec.prior.shape[0]
    warnings: list[str] = []
    with np.errstate(divide="ignore"):
        log_prior = np.log(spec.prior)
    log_fixed = log_prior.copy()  # prior and the groups with nothing to integrate
    log_post = log_prior.copy()
    rel_mean = prior_mean(spec.fixed, spec.alpha, spec.beta)
    rel_draws = np.tile(rel_mean, (draws, 1))
    integrated: list[tuple[list[int], FloatArray, FloatArray, FloatArray, FloatArray]] = []
    for_draws: list[tuple[list[int], FloatArray, FloatArray, FloatArray]] = []

    for g, members in enumerate(spec.groups):
        items = np.flatnonzero(spec.item_group == g)
        free = [s for s in members if spec.free[s]]
        if len(items) == 0:
            if free:
                rel_draws[:, free] = _prior_draws(spec, free, draws, rng)
            continue
        if not free:
            ll_fixed = group_loglik(spec, items, [], np.zeros((1, 0)))[0]
            log_fixed += ll_fixed
            log_post += ll_fixed
            continue
        points, log_w, coarse = gauss_grid(spec, items, free)
        capped = [s for s in free if not exact_nodes(int(spec.chains[items, s].sum()))]
        if capped:
            warnings.append(
                f"sources {', '.join(spec.source_ids[s] for s in capped)} have more than "
                f"{2 * MAX_NODES - 2} items on their chains: their integral uses the "
                f"{MAX_NODES}-node cap, accurate (to about 1e-6 in log-odds) but not exact"
            )
        if coarse:
            warnings.append(
                f"sources {', '.join(spec.source_ids[s] for s in free)} share so many items "
                "that their integral was coarsened; the posterior is approximate"
            )
        ll = group_loglik(spec, items, free, points)
        log_z = logsumexp(log_w[:, None] + ll, axis=0)
        log_post += log_z
        integrated.append((free, points, log_w, ll, log_z))
        for_draws.append((free, *_draw_grid(spec, items, free, rng)))

    if not np.isfinite(log_post).any():
        from ach.errors import AchError

        raise AchError("the evidence leaves every hypothesis at probability zero")
    log_evidence = float(logsumexp(log_post))
    posterior = np.exp(log_post - log_evidence)

    # E[r_s | e] = sum_h P(h | e) E[r_s | h, e], the inner mean from the same Gauss rule
    for free, points, log_w, ll, log_z in integrated:
        with np.errstate(invalid="ignore"):
            w = np.nan_to_num(np.exp(log_w[:, None] + ll - log_z[None, :]))
        rel_mean[free] = (w @ posterior) @ points

    # draws: h from its posterior, then each group's cell from its conditional given h; the
    # log-likelihood of groups without free reliabilities is the same in every draw
    hyp_draws = rng.choice(n_h, size=draws, p=posterior)
    acc = np.tile(log_fixed, (draws, 1))
    for free, cells, log_w, ll in for_draws:
        chosen = _draw_cells(log_w[:, None] + ll, hyp_draws, rng)
        acc += ll[chosen]
        rel_draws[:, free] = cells[chosen]
    conditional = np.exp(acc - logsumexp(acc, axis=1, keepdims=True))
    return Fit(
        engine="exact",
        posterior=posterior,
        conditional_draws=conditional,
        reliability_mean=rel_mean,
        reliability_draws=rel_draws,
        log_evidence=log_evidence,
        warnings=warnings,
    )


def gauss_grid(
    spec: ModelSpec, items: IntArray, free: list[int]
) -> tuple[FloatArray, FloatArray, bool]:
    """Tensor-product Gauss rule over a group's free reliabilities: points (m, k), log-weights."""
    degrees = [int(spec.chains[items, s].sum()) for s in free]
    counts = [nodes_for_degree(d) for d in degrees]
    coarse = False
    while math.prod(counts) > MAX_GRID:
        coarse = True
        counts = [max(1, c * 3 // 4) for c in counts]
    rules = [beta_gauss(spec.alpha[s], spec.beta[s], c) for s, c in zip(free, counts, strict=True)]
    return (*_tensor(rules), coarse)


def _draw_grid(
    spec: ModelSpec, items: IntArray, free: list[int], rng: np.random.Generator
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Points over a group's free reliabilities for the draws: points, log prior mass, and the
    log-likelihood there. A many-node Gauss rule serves as the discretised prior for one or
    two reliabilities; for more, i.i.d. prior samples (sampling-importance-resampling)."""
    k = len(free)
    if k in DRAW_GRID:
        rules = [beta_gauss(spec.alpha[s], spec.beta[s], DRAW_GRID[k]) for s in free]
        cells, log_w = _tensor(rules)
    else:
        cells = np.stack(
            [rng.beta(spec.alpha[s], spec.beta[s], DRAW_SAMPLES) for s in free], axis=1
        )
        log_w = np.full(DRAW_SAMPLES, -math.log(DRAW_SAMPLES))
    return cells, log_w, group_loglik(spec, items, free, cells)


def grid_warnings(spec: ModelSpec) -> list[str]:
    """Groups whose joint integral is large enough to slow the exact engine."""
    out = []
    for g, members in enumerate(spec.groups):
        free = [s for s in members if spec.free[s]]
        items = np.flatnonzero(spec.item_group == g)
        size = math.prod(nodes_for_degree(int(spec.chains[items, s].sum())) for s in free)
        if size > SLOW_GRID:
            names = ", ".join(spec.source_ids[s] for s in free[:6]) + (
                ", ..." if len(free) > 6 else ""
            )
            out.append(
                f"{len(free)} sources with uncertain reliability are linked by derived_from ({names}): "
                f"the exact engine integrates them jointly on a grid of {size:,} points "
                f"(slow{', and coarsened past ' + format(MAX_GRID, ',') if size > MAX_GRID else ''}); "
                "fixing some of their reliabilities, or fewer links, would speed it up"
            )
    return out


def _tensor(rules: list[tuple[FloatArray, FloatArray]]) -> tuple[FloatArray, FloatArray]:
    """The product rule of one-dimensional rules (nodes, log-weights)."""
    nodes = np.meshgrid(*[r[0] for r in rules], indexing="ij")
    logs = np.meshgrid(*[r[1] for r in rules], indexing="ij")
    points = np.stack([n.ravel() for n in nodes], axis=1)
    log_w = np.sum([lw.ravel() for lw in logs], axis=0)
    return points, np.asarray(log_w, dtype=float)


def _draw_cells(ll: FloatArray, hyp_draws: IntArray, rng: np.random.Generator) -> IntArray:
    """For each draw, a cell drawn with probability proportional to exp(log_mass[cell, h_draw])."""
    chosen = np.empty(hyp_draws.shape[0], dtype=np.int64)
    u: FloatArray = np.asarray(rng.random(hyp_draws.shape[0]), dtype=float)
    for h in np.unique(hyp_draws):
        at = hyp_draws == h
        column = ll[:, h]
        cdf = np.cumsum(np.exp(column - column.max()))
        idx = np.searchsorted(cdf, u[at] * float(cdf[-1]), side="right")
        chosen[at] = np.minimum(idx, len(cdf) - 1)
    return chosen


def _prior_draws(
    spec: ModelSpec, free: list[int], draws: int, rng: np.random.Generator
) -> FloatArray:
    """Reliabilities no item informs: drawn from their Beta priors."""
    return np.stack([rng.beta(spec.alpha[s], spec.beta[s], size=draws) for s in free], axis=1)
