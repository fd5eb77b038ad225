"""Heuer's inconsistency score, the classic ACH ranking, shown beside the Bayesian one.

Heuer ranks hypotheses by how much evidence is inconsistent with them (not by how much fits,
since evidence consistent with several hypotheses proves little). Unweighted, as the output
contract fixes it: each item rated I counts 1, each rated II counts 2; probability ratings
and items that only restate another (``repeats``) count nothing.

References
----------
Heuer, R. J. (1999). *Psychology of Intelligence Analysis*, ch. 8, step 5.
"""

from __future__ import annotations

from collections import Counter

from ach.case.analysts import POOL
from ach.case.model import Case

INCONSISTENCY = {"I": 1, "II": 2}


def inconsistency(case: Case, analyst: str | None = None) -> dict[str, int | float]:
    """The unweighted inconsistency score of every hypothesis, as ``analyst`` rates the items
    (see :func:`ach.engine.spec.build_spec`); under the pool, the mean of every analyst's."""
    if analyst == POOL:
        scores = [_score(case.as_analyst(a)) for a in case.analyst_names]
        return {h.id: sum(s[h.id] for s in scores) / len(scores) for h in case.hypotheses}
    return dict(_score(case.as_analyst(analyst) if analyst else case))


def _score(case: Case) -> dict[str, int]:
    # counted per hypothesis over the codes of the counted items (a Counter per column rather
    # than a dictionary update per rating: half a million ratings at 10,000 items x 50)
    counted = [case.ratings[item.id] for item in case.items if item.repeats is None]
    score = {}
    for h in case.hypotheses:
        codes = Counter(r.get(h.id) for r in counted)
        score[h.id] = sum(weight * codes[code] for code, weight in INCONSISTENCY.items())
    return score
