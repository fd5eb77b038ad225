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
    from ach.analysis.analysts import AnalystsReport
    from ach.analysis.analysts import compare_analysts as analysts
    from ach.analysis.compare import Comparison, SavedRun, compare, compare_since
    from ach.analysis.history import History, history
    from ach.analysis.leads import LeadsResult
    from ach.analysis.leads import evaluate_leads as leads
    from ach.analysis.ranking import rank
    from ach.analysis.sensitivity import Sensitivity
    from ach.analysis.sensitivity import analyse as sensitivity
    from ach.analysis.timeline import Timeline, timeline
    from ach.case import Case, load_case
    from ach.engine import RankResult
    from ach.errors import AchError, CaseError, CaseNotFound, Problem, RefusedOperation

#: public name -> (module, name there)
_WHERE = {
    "Case": ("ach.case", "Case"),
    "load_case": ("ach.case", "load_case"),
    "RankResult": ("ach.engine", "RankResult"),
    "rank": ("ach.analysis.ranking", "rank"),
    "sensitivity": ("ach.analysis.sensitivity", "analyse"),
    "Sensitivity": ("ach.analysis.sensitivity", "Sensitivity"),
    "compare": ("ach.analysis.compare", "compare"),
    "compare_since": ("ach.analysis.compare", "compare_since"),
    "Comparison": ("ach.analysis.compare", "Comparison"),
    "SavedRun": ("ach.analysis.compare", "SavedRun"),
    "history": ("ach.analysis.history", "history"),
    "History": ("ach.analysis.history", "History"),
    "timeline": ("ach.analysis.timeline", "timeline"),
    "Timeline": ("ach.analysis.timeline", "Timeline"),
    "leads": ("ach.analysis.leads", "evaluate_leads"),
    "LeadsResult": ("ach.analysis.leads", "LeadsResult"),
    "analysts": ("ach.analysis.analysts", "compare_analysts"),
    "AnalystsReport": ("ach.analysis.analysts", "AnalystsReport"),
    "AchError": ("ach.errors", "AchError"),
    "CaseError": ("ach.errors", "CaseError"),
    "CaseNotFound": ("ach.errors", "CaseNotFound"),
    "Problem": ("ach.errors", "Problem"),
    "RefusedOperation": ("ach.errors", "RefusedOperation"),
}

__all__ = [
    "AchError",
    "AnalystsReport",
    "Case",
    "CaseError",
    "CaseNotFound",
    "Comparison",
    "History",
    "LeadsResult",
    "Problem",
    "RankResult",
    "RefusedOperation",
    "SavedRun",
    "Sensitivity",
    "Timeline",
    "analysts",
    "compare",
    "compare_since",
    "history",
    "leads",
    "load_case",
    "rank",
    "sensitivity",
    "timeline",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        module, attr = _WHERE[name]
        return getattr(import_module(module), attr)
    raise AttributeError(f"module 'ach' has no attribute {name!r}")
