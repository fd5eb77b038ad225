"""The Gauss rules for Beta priors, checked against scipy and against Beta moments."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

from ach.engine.quadrature import beta_gauss, logsumexp, nodes_for_degree


@pytest.mark.parametrize(
    ("alpha", "beta"), [(1, 1), (18, 2), (8, 2), (6, 4), (2, 8), (0.5, 0.5), (0.7, 3.1), (40, 0.6)]
)
@pytest.mark.parametrize("n", [1, 2, 5, 17, 64, 128])
def test_nodes_and_weights_match_scipy_gauss_jacobi(alpha: float, beta: float, n: int) -> None:
    x, w = special.roots_jacobi(n, beta - 1.0, alpha - 1.0)
    nodes, log_w = beta_gauss(alpha, beta, n)
    assert nodes == pytest.approx((x + 1) / 2, abs=1e-12)
    assert np.exp(log_w) == pytest.approx(w / w.sum(), abs=1e-11)


@pytest.mark.parametrize(("alpha", "beta"), [(18, 2), (1, 1), (2.5, 7)])
def test_the_rule_integrates_polynomials_of_its_degree_exactly(alpha: float, beta: float) -> None:
    degree = 21
    nodes, log_w = beta_gauss(alpha, beta, nodes_for_degree(degree - 1))
    for d in range(degree + 1):
        # E[r^d] under Beta(alpha, beta) = B(alpha + d, beta) / B(alpha, beta)
        exact = math.exp(special.betaln(alpha + d, beta) - special.betaln(alpha, beta))
        assert float(np.exp(log_w) @ nodes**d) == pytest.approx(exact, rel=1e-11)


def test_node_counts_grow_with_degree_and_stop_at_64() -> None:
    assert [nodes_for_degree(d) for d in (0, 1, 2, 3, 10, 126, 10_000)] == [1, 2, 2, 3, 6, 64, 64]


def test_logsumexp_is_stable_and_keeps_minus_infinity() -> None:
    x = np.array([[1000.0, -np.inf], [1000.0, -np.inf]])
    assert logsumexp(x, axis=0) == pytest.approx([1000 + math.log(2), -np.inf])
