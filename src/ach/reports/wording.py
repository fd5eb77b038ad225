"""How the reports word the things every medium shows: a source's prior, a rating, a list.

One wording each, so the terminal, Markdown, HTML and PDF never describe the same prior in
three ways. (What the analysis says in sentences, ties and grade flips included, is worded in
:mod:`ach.analysis.rationale`, which the reports reuse.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ach.evidence.models import Source


def prior_text(alpha: float | None, beta: float | None, mean: float) -> str:
    """A source's reliability prior: ``Beta(4, 6), mean 0.40`` or ``fixed at 0.90``."""
    if alpha is None or beta is None:
        return f"fixed at {mean:.2f}"
    return f"Beta({alpha:g}, {beta:g}), mean {mean:.2f}"


def prior_of(source: Source) -> str:
    """:func:`prior_text` for a source as written in a case (a grade, a Beta prior or a number)."""
    beta = source.beta()
    if beta is None:
        assert isinstance(source.reliability, float | int)  # neither a grade nor a Beta prior
        return prior_text(None, None, float(source.reliability))
    return prior_text(beta[0], beta[1], beta[0] / (beta[0] + beta[1]))


def rating_text(value: str | float | None) -> str:
    """A rating as shown in a matrix: the code, or the probability without trailing zeros."""
    if value is None:
        return ""
    return value if isinstance(value, str) else f"{value:g}"


def interval_text(interval: tuple[float, float]) -> str:
    """A 90% interval as ``0.37–0.62``."""
    return f"{interval[0]:.2f}–{interval[1]:.2f}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 item``, ``3 items``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
