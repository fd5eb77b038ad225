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
from ach.engine.exact import CHUNK, gauss_grid, item_loglik
from ach.engine.order import overtakes
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
    change: str  # "B -> C", or for a rating "suphi: CC -> C"
    #: the grade or code before and after the change
    before: str
    after: str
    #: steps on the A-E or CC..II ladder; None for a move to or from F ("cannot be judged"),
    #: which is not a rung of the A-E ladder
    steps: int | None
    new_leader: str
    new_posterior: float


def grade_flip(case: Case, spec: ModelSpec, ev: Evaluator, lead: int) -> Flip | None:
    """The smallest one-source grade change (steps on the A-E ladder) that hands the lead to
    another hypothesis; ties go to the change giving the new leader most. Regrading to F
    ("cannot be judged") is off the ladder: it is reported only when no move on it flips."""
    best: Flip | None = None
    for j, src in enumerate(case.sources):
        if not (isinstance(src.reliability, str) and src.reliability in SCALE):
            continue
        here = SCALE.index(src.reliability)
        for grade in (*SCALE, "F"):
            if grade == src.reliability:
                continue
            steps = abs(SCALE.index(grade) - here) if grade in SCALE else None
            g = GRADES[grade]
            post = ev.posterior(ev.source_prior(j, g.alpha, g.beta))
            best = _better(best, post, lead, spec, "grade", src.id, src.reliability, grade, steps)
    return best


def rating_flip(case: Case, spec: ModelSpec, ev: Evaluator, lead: int) -> Flip | None:
    """The smallest one-rating change (steps on CC..II) that hands the lead to another
    hypothesis; ties go to the change giving the new leader most.

    Only changes that can help another hypothesis are tried: lowering a rating of the leader,
    raising one of another hypothesis (a rating's effect on P(h) is monotone). Numeric ratings
    are not varied. Changes that cannot flip by :func:`_may_flip`'s bound are not evaluated.
    """
    weights = np.array([case.meta.weights()[c] for c in CODES])
    code_of = _codes(case, spec)
    noise_given = np.array([case.item_by_id[i].noise is not None for i in spec.item_ids])
    base = ev.log_prior + ev.total
    best: tuple[tuple[int, float], Flip] | None = None
    for g in range(len(spec.groups)):
        item_of, hyp_of, code, rows, noise = _candidates(
            spec, ev.items[g], code_of, noise_given, weights, lead
        )
        keep = _may_flip(spec, base, lead, item_of, rows, noise)
        if not keep.any():
            continue
        item_of, hyp_of, code, rows, noise = (a[keep] for a in (item_of, hyp_of, code, rows, noise))
        log_post = ev.others([g])[None, :] + _replaced(ev, g, item_of, rows, noise)
        post = np.exp(log_post - logsumexp(log_post, axis=1, keepdims=True))
        winner = overtakes(post, lead)
        for k in np.flatnonzero(winner >= 0):
            i, h, here = int(item_of[k]), int(hyp_of[k]), int(code_of[item_of[k], hyp_of[k]])
            key = (abs(int(code[k]) - here), -float(post[k, winner[k]]))
            if best is None or key < best[0]:  # the first of equals stays
                flip = Flip(
                    kind="rating",
                    target=spec.item_ids[i],
                    change=f"{spec.hypothesis_ids[h]}: {CODES[here]} -> {CODES[int(code[k])]}",
                    before=CODES[here],
                    after=CODES[int(code[k])],
                    steps=key[0],
                    new_leader=spec.hypothesis_ids[int(winner[k])],
                    new_posterior=-key[1],
                )
                best = (key, flip)
    return best[1] if best else None


def _codes(case: Case, spec: ModelSpec) -> np.ndarray:
    """Each counted item's code index per hypothesis (N, H); -1 for numeric ratings."""
    out = np.full(spec.likelihood.shape, -1, dtype=int)
    index = {c: k for k, c in enumerate(CODES)}
    for i, item_id in enumerate(spec.item_ids):
        if not case.item_by_id[item_id].numeric:
            ratings = case.ratings[item_id]
            out[i] = [index[str(ratings[h])] for h in spec.hypothesis_ids]
    return out


def _candidates(
    spec: ModelSpec,
    items: np.ndarray,
    code_of: np.ndarray,
    noise_given: np.ndarray,
    weights: FloatArray,
    lead: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, FloatArray, FloatArray]:
    """Every rating change among ``items`` that could help a hypothesis other than the leader
    (in item, hypothesis, code order): item index, hypothesis index, new code index, new
    likelihood row, new noise."""
    items = items[code_of[items, 0] >= 0]
    n_h, n_c = spec.likelihood.shape[1], len(CODES)
    cur = code_of[items][:, :, None]  # (n, H, 1)
    codes = np.arange(n_c)[None, None, :]
    is_lead = (np.arange(n_h) == lead)[None, :, None]
    allowed = np.where(is_lead, codes > cur, codes < cur)  # (n, H, C)
    at, hyp_of, code = np.nonzero(allowed)
    item_of = items[at]
    rows = spec.likelihood[item_of].copy()
    rows[np.arange(len(item_of)), hyp_of] = weights[code]
    # noise given by the item stays; otherwise it is the mean of the (new) row
    noise = np.where(noise_given[item_of], spec.noise[item_of], rows.mean(axis=1))
    return item_of, hyp_of, code, rows, noise


def _may_flip(
    spec: ModelSpec,
    base: FloatArray,
    lead: int,
    item_of: np.ndarray,
    rows: FloatArray,
    noise: FloatArray,
) -> np.ndarray:
    """Whether each change could possibly hand over the lead (a cheap, conservative bound).

    P(e | k, r) = r L_k + (1 - r) n is a mixture of L_k and n, so replacing L and n by L' and
    n' multiplies it, for every r, by a factor between L'_k / L_k and n' / n; the group's
    integral over r, hence P(k | evidence), moves by a factor within the same bounds. A change
    whose best case for every other hypothesis against the worst case for the leader leaves
    the leader ahead cannot flip it.
    """
    old = spec.likelihood[item_of]
    with np.errstate(divide="ignore", invalid="ignore"):
        lr = np.log(rows / old)  # (c, H): 0 except at the changed hypothesis
        ln = np.log(noise / spec.noise[item_of])[:, None]
    lr = np.where(np.isnan(lr), 0.0, lr)  # 0 / 0: unchanged
    ln = np.where(np.isnan(ln), 0.0, ln)
    upper = np.maximum(lr, ln)
    lower = np.minimum(lr, ln)
    others = np.delete(base[None, :] + upper, lead, axis=1).max(axis=1)
    return np.asarray(others >= base[lead] + lower[:, lead])


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
        points, log_w = gauss_grid(spec, items, free)[:2]
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
    before: str,
    after: str,
    steps: int | None,
) -> Flip | None:
    """``best``, or the change just tried if it flips the leader in fewer steps (or as few,
    giving the new leader more); a change off the ladder (no steps) comes after every rung."""
    winner = int(overtakes(post[None, :], lead)[0])
    if winner < 0:
        return best
    flip = Flip(
        kind=kind,
        target=target,
        change=f"{before} -> {after}",
        before=before,
        after=after,
        steps=steps,
        new_leader=spec.hypothesis_ids[winner],
        new_posterior=float(post[winner]),
    )
    if best is None or _key(flip) < _key(best):
        return flip
    return best


def _key(flip: Flip) -> tuple[int, float]:
    return (len(SCALE) if flip.steps is None else flip.steps, -flip.new_posterior)
