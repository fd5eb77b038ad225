"""Cases with dated sources, shared by the tests of `--as-of` and of the timeline.

With fixed reliabilities the model has a closed form:
P(h | e) is proportional to prior(h) * prod over items of (r L(e, h) + (1 - r) noise(e)),
with r the product of the reliabilities on the item's chain and noise the mean of L(e, .).
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CaseMaker, item, source


def closed_form(items: list[tuple[float, list[float]]]) -> list[float]:
    """Posterior over two or more equally likely hypotheses from (r, likelihoods) pairs."""
    n = len(items[0][1]) if items else 2
    weights = [1.0] * n
    for r, likelihood in items:
        noise = sum(likelihood) / len(likelihood)
        weights = [
            w * (r * lk + (1 - r) * noise) for w, lk in zip(weights, likelihood, strict=True)
        ]
    total = sum(weights)
    return [w / total for w in weights]


def write_literature(make_case: CaseMaker) -> Path:
    """A record that grew: a 1919 letter known only through a 1967 memoir, a 1950 memoir,
    a 2005 book, and an undated report. Reliabilities are fixed, so the answer is closed form."""
    return make_case(
        hypotheses=[{"id": "a", "label": "Alpha"}, {"id": "b", "label": "Beta"}],
        sources=[
            source("memoir-1950", 0.8, year=1950),
            source("memoir-1967", 0.5, year=1967),
            source("letter-1919", 0.9, year=1919, derived_from=["memoir-1967"]),
            source("book-2005", 0.6, year=2005),
            source("report", 0.7),
        ],
        evidence=[
            item("E1", "memoir-1950", {"a": 0.8, "b": 0.2}),
            item("E2", "letter-1919", {"a": 0.1, "b": 0.9}),
            item("E3", "memoir-1967", {"a": 0.3, "b": 0.6}),
            item("E4", "book-2005", {"a": 0.9, "b": 0.3}),
            item("E5", "report", {"a": 0.4, "b": 0.5}),
            item("E6", "book-2005", {"a": 0.9, "b": 0.3}, repeats="E4"),
        ],
    )
