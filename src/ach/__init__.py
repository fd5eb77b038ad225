"""ach: Analysis of Competing Hypotheses with Bayesian inference.

Rival hypotheses are scored against evidence from sources of uncertain reliability; the
result is a posterior ranking with honest intervals and the reasons behind it::

    import ach
    case = ach.load_case("havza-negotiator")
    result = ach.rank(case)
    print(result.leader.label, result.leader.posterior)

Names are imported on first use (PEP 562), so that ``ach --help`` does not pay for numpy,
pydantic and YAML before it needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ach.analysis.ranking import rank
    from ach.case import Case, load_case
    from ach.engine import RankResult
    from ach.errors import AchError, CaseError, CaseNotFound, Problem, RefusedOperation

_WHERE = {
    "Case": "ach.case",
    "load_case": "ach.case",
    "RankResult": "ach.engine",
    "rank": "ach.analysis.ranking",
    "AchError": "ach.errors",
    "CaseError": "ach.errors",
    "CaseNotFound": "ach.errors",
    "Problem": "ach.errors",
    "RefusedOperation": "ach.errors",
}

__all__ = [
    "AchError",
    "Case",
    "CaseError",
    "CaseNotFound",
    "Problem",
    "RankResult",
    "RefusedOperation",
    "load_case",
    "rank",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'ach' has no attribute {name!r}")
