"""What would change the leader: the smallest single change of a grade or of a rating.

A rating change replaces one item's likelihood row (and, where the noise is the row's mean,
its noise). The Gauss rule that integrates a group exactly integrates the group with one
item's row replaced just as exactly (the integrand's degree in each reliability is
unchanged), so every candidate change of a group is evaluated on the group's one grid: the
group's log-likelihood at each node minus the old item's term plus the new one. That makes
a candidate cost O(nodes x hypotheses) instead of a fresh quadrature over all the group's
items, and the search over every (item, hypothesis, code) is a few array operations.

A grade change changes the Beta prior, hence the grid, so each is one group's quadrature
(:meth:`~ach.analysis.evaluator.Evaluator.source_prior`).

References
----------
Heuer, R. J. (1999). *Psychology of Intelligence Analysis*, ch. 8, step 6 (how sensitive the
conclusion is to a few critical items). Golub, G. H. & Welsch, J. H. (1969). Calculation of
Gauss quadrature rules. *Mathematics of Computation* 23, 221-230 (an n-node rule is exact for
polynomials of degree 2n - 1).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from pydantic import BaseModel, ConfigDict

from ach.analysis.evaluator import Evaluator
from ach.case.model import Case
from ach.engine.exact import CHUNK, _gauss_grid, item_loglik
from ach.engine.quadrature import logsumexp
from ach.engine.spec import FloatArray, ModelSpec
from ach.evidence.admiralty import GRADES
from ach.hypotheses.models import CODES

#: The grades on a scale of reliability; F ("cannot be judged") is not on it.
SCALE = ("A", "B", "C", "D", "E")


class Flip(BaseModel):
    """One change that hands the lead to another hypothesis."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str  # "grade" or "rating"
    target: str
    change: str
    steps: int
    new_leader: str
    new_posterior: float


def grade_flip(case: Case, spec: ModelSpec, ev: Evaluator, lead: int) -> Flip | None:
    """The smallest one-source grade change (steps on A-E; to or from F counts one) that
    hands the lead to another hypothesis; ties go to the change giving the new leader most."""
    best: Flip | None = None
    for j, src in enumerate(case.sources):
        if not (isinstance(src.reliability, str) and src.reliability in SCALE):
            continue
        here = SCALE.index(src.reliability)
        for grade in (*SCALE, "F"):
            if grade == src.reliability:
                continue
            steps = abs(SCALE.index(grade) - here) if grade in SCALE else 1
            g = GRADES[grade]
            post = ev.posterior(ev.source_prior(j, g.alpha, g.beta))
            best = _better(
                best, post, lead, spec, "grade", src.id, f"{src.reliability} -> {grade}", steps
            )
    return best


def rating_flip(case: Case, spec: ModelSpec, ev: Evaluator, lead: int) -> Flip | None:
    """The smallest one-rating change (steps on CC..II) that hands the lead to another
    hypothesis; ties go to the change giving the new leader most.

    Only changes that can help another hypothesis are tried: lowering a rating of the leader,
    raising one of another hypothesis (a rating's effect on P(h) is monotone). Numeric ratings
    are not varied.
    """
    weights = case.meta.weights()
    best: tuple[tuple[int, float], Flip] | None = None
    for g in range(len(spec.groups)):
        changes = _candidates(case, spec, ev, g, lead, weights)
        if not changes:
            continue
        rows = np.array([c[3] for c in changes])
        noise = np.array([c[4] for c in changes])
        item_of = np.array([c[0] for c in changes])
        log_post = _others(ev, g)[None, :] + _replaced(ev, g, item_of, rows, noise)
        post = np.exp(log_post - logsumexp(log_post, axis=1, keepdims=True))
        winner = np.argmax(post, axis=1)
        for k in np.flatnonzero(winner != lead):
            i, h, code, _, _, here = changes[k]
            key = (abs(CODES.index(code) - here), -float(post[k, winner[k]]))
            if best is None or key < best[0]:  # the first of equals stays
                flip = Flip(
                    kind="rating",
                    target=spec.item_ids[i],
                    change=f"{spec.hypothesis_ids[h]}: {CODES[here]} -> {code}",
                    steps=key[0],
                    new_leader=spec.hypothesis_ids[int(winner[k])],
                    new_posterior=-key[1],
                )
                best = (key, flip)
    return best[1] if best else None


Change = tuple[int, int, str, FloatArray, float, int]


def _candidates(
    case: Case, spec: ModelSpec, ev: Evaluator, g: int, lead: int, weights: dict[str, float]
) -> list[Change]:
    """Every rating change in group g that could help a hypothesis other than the leader:
    (item index, hypothesis index, new code, new likelihood row, new noise, old code index)."""
    out: list[Change] = []
    for i in ev.items[g]:
        item = case.item_by_id[spec.item_ids[i]]
        if item.numeric:
            continue
        for h, hyp_id in enumerate(spec.hypothesis_ids):
            here = CODES.index(str(case.ratings[item.id][hyp_id]))
            for code in CODES[here + 1 :] if h == lead else CODES[:here]:
                row = spec.likelihood[i].copy()
                row[h] = weights[code]
                noise = float(row.mean()) if item.noise is None else float(spec.noise[i])
                out.append((int(i), h, code, row, noise, here))
    return out


def _others(ev: Evaluator, g: int) -> FloatArray:
    """Log-prior plus every group's log-evidence but g's (summed, not subtracted: a group
    that rules a hypothesis out holds -inf)."""
    keep = np.arange(len(ev.spec.groups)) != g
    return np.asarray(ev.log_prior + ev.base[keep].sum(axis=0))


def _replaced(
    ev: Evaluator, g: int, item_of: np.ndarray, rows: FloatArray, noise: FloatArray
) -> FloatArray:
    """Group g's log-evidence with item ``item_of[c]``'s likelihood row and noise replaced by
    ``rows[c]``, ``noise[c]``, for every candidate c: a (C, H) array on the group's one grid.

    Log-likelihood sums are kept as a finite part and a count of zero factors, so that
    replacing the one item that rules a hypothesis out gives a finite value, not inf - inf.
    """
    spec, items, free = ev.spec, ev.items[g], ev.free[g]
    if free:
        points, log_w = _gauss_grid(spec, items, free)[:2]
    else:
        points, log_w = np.zeros((1, 0)), np.zeros(1)
    old = item_loglik(spec, items, free, points)  # (m, n, H)
    old_zero = np.isneginf(old)
    old_finite = np.where(old_zero, 0.0, old)
    finite, zeros = old_finite.sum(axis=1), old_zero.sum(axis=1)  # (m, H)
    position = {int(i): k for k, i in enumerate(items)}
    at = np.array([position[int(i)] for i in item_of])
    m, h = points.shape[0], spec.prior.shape[0]
    step = max(1, CHUNK // max(1, m * h))
    out = []
    for start in range(0, len(at), step):
        part = slice(start, start + step)
        # the candidates as items of their own: the old item's chain, the new row and noise
        new_spec = replace(
            spec, likelihood=rows[part], noise=noise[part], chains=spec.chains[item_of[part]]
        )
        new = item_loglik(new_spec, np.arange(len(rows[part])), free, points)  # (m, c, H)
        new_zero = np.isneginf(new)
        total = finite[:, None, :] - old_finite[:, at[part], :] + np.where(new_zero, 0.0, new)
        count = zeros[:, None, :] - old_zero[:, at[part], :] + new_zero
        total = np.where(count > 0, -np.inf, total)
        out.append(logsumexp(log_w[:, None, None] + total, axis=0))
    return np.concatenate(out, axis=0)


def _better(
    best: Flip | None,
    post: FloatArray,
    lead: int,
    spec: ModelSpec,
    kind: str,
    target: str,
    change: str,
    steps: int,
) -> Flip | None:
    """``best``, or the change just tried if it flips the leader in fewer steps (or as few,
    giving the new leader more)."""
    winner = int(np.argmax(post))
    if winner == lead:
        return best
    flip = Flip(
        kind=kind,
        target=target,
        change=change,
        steps=steps,
        new_leader=spec.hypothesis_ids[winner],
        new_posterior=float(post[winner]),
    )
    if best is None or (flip.steps, -flip.new_posterior) < (best.steps, -best.new_posterior):
        return flip
    return best
