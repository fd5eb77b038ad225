"""The exact engine against answers derived by hand (Bayes' rule, Beta moments, quadrature)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

import ach

from tests.conftest import CaseMaker, item, source


def posteriors(folder, **kwargs) -> dict[str, float]:
    result = ach.rank(ach.load_case(folder), **kwargs)
    return {h.id: h.posterior for h in result.hypotheses}


def test_base_rate_problem_with_a_fully_reliable_test(make_case: CaseMaker) -> None:
    # P(disease) = 1%, P(positive | disease) = 0.8, P(positive | healthy) = 0.1
    folder = make_case(
        hypotheses=[
            {"id": "sick", "label": "Sick", "prior": 0.01},
            {"id": "well", "label": "Well"},
        ],
        sources=[source("lab", 1.0)],
        evidence=[item("E1", "lab", {"sick": 0.8, "well": 0.1})],
    )
    result = ach.rank(folder)
    expected = 0.01 * 0.8 / (0.01 * 0.8 + 0.99 * 0.1)
    assert result.hypothesis("sick").posterior == pytest.approx(expected, abs=1e-12)
    assert result.hypothesis("sick").interval == pytest.approx((expected, expected), abs=1e-12)


def test_two_independent_witnesses_of_fixed_reliability(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("w1", 0.7), source("w2", 0.4)],
        evidence=[
            item("E1", "w1", {"h1": "CC", "h2": "I"}),
            item("E2", "w2", {"h1": "II", "h2": "C"}),
        ],
    )
    # codes weigh CC 4, C 2, N 1, I 0.5, II 0.25; noise is the mean weight of the item
    e1 = {"h1": 0.7 * 4 + 0.3 * 2.25, "h2": 0.7 * 0.5 + 0.3 * 2.25}
    e2 = {"h1": 0.4 * 0.25 + 0.6 * 1.125, "h2": 0.4 * 2 + 0.6 * 1.125}
    joint = {h: 0.5 * e1[h] * e2[h] for h in e1}
    got = posteriors(folder)
    for h in joint:
        assert got[h] == pytest.approx(joint[h] / sum(joint.values()), abs=1e-12)


def test_one_sources_reports_share_one_beta_reliability(make_case: CaseMaker) -> None:
    a, b = 2.0, 3.0
    folder = make_case(
        sources=[source("s", {"alpha": a, "beta": b})],
        evidence=[item("E1", "s", {"h1": 0.9, "h2": 0.2}), item("E2", "s", {"h1": 0.6, "h2": 0.1})],
    )
    m1, m2 = a / (a + b), a * (a + 1) / ((a + b) * (a + b + 1))  # E[r], E[r^2]

    def marginal(l1: float, l2: float, n1: float, n2: float) -> float:
        # E[(n1 + r (l1 - n1)) (n2 + r (l2 - n2))] under Beta(a, b)
        d1, d2 = l1 - n1, l2 - n2
        return n1 * n2 + (n1 * d2 + n2 * d1) * m1 + d1 * d2 * m2

    n1, n2 = (0.9 + 0.2) / 2, (0.6 + 0.1) / 2
    z1, z2 = marginal(0.9, 0.6, n1, n2), marginal(0.2, 0.1, n1, n2)
    assert posteriors(folder)["h1"] == pytest.approx(z1 / (z1 + z2), abs=1e-12)


def test_reports_of_two_sources_are_not_pooled_into_one_reliability(make_case: CaseMaker) -> None:
    a, b = 2.0, 3.0
    folder = make_case(
        sources=[source("s", {"alpha": a, "beta": b}), source("t", {"alpha": a, "beta": b})],
        evidence=[item("E1", "s", {"h1": 0.9, "h2": 0.2}), item("E2", "t", {"h1": 0.6, "h2": 0.1})],
    )
    m = a / (a + b)
    n1, n2 = 0.55, 0.35
    z1 = (n1 + m * (0.9 - n1)) * (n2 + m * (0.6 - n2))
    z2 = (n1 + m * (0.2 - n1)) * (n2 + m * (0.1 - n2))
    assert posteriors(folder)["h1"] == pytest.approx(z1 / (z1 + z2), abs=1e-12)


def test_a_relayed_report_marked_repeats_adds_nothing(make_case: CaseMaker) -> None:
    sources = [source("eye", "B"), source("paper", "C", derived_from=["eye"])]
    first = item("E1", "eye", {"h1": "CC", "h2": "I"})
    relay = item("E2", "paper", {"h1": "CC", "h2": "I"}, repeats="E1")
    alone = posteriors(make_case(sources=sources, evidence=[first]))
    both = posteriors(make_case(sources=sources, evidence=[first, relay]))
    assert both == pytest.approx(alone, abs=1e-15)
    # and without the mark it would have counted
    unmarked = {**relay}
    del unmarked["repeats"]
    assert (
        posteriors(make_case(sources=sources, evidence=[first, unmarked]))["h1"]
        > alone["h1"] + 0.01
    )


def test_a_derived_source_multiplies_the_reliabilities_of_its_chain(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[
            source("orig", 0.8),
            source("mid", 0.5, derived_from=["orig"]),
            source("late", 0.9, derived_from=["mid", "orig"]),
        ],
        evidence=[item("E1", "late", {"h1": 0.9, "h2": 0.3})],
    )
    r = 0.9 * 0.5 * 0.8  # orig counted once although reached twice
    z1, z2 = r * 0.9 + (1 - r) * 0.6, r * 0.3 + (1 - r) * 0.6
    assert posteriors(folder)["h1"] == pytest.approx(z1 / (z1 + z2), abs=1e-12)


def test_a_zero_likelihood_from_a_fully_reliable_source_rules_a_hypothesis_out(
    make_case: CaseMaker,
) -> None:
    folder = make_case(
        hypotheses=[
            {"id": "a", "label": "A"},
            {"id": "b", "label": "B"},
            {"id": "c", "label": "C"},
        ],
        sources=[source("record", 1.0)],
        evidence=[item("E1", "record", {"a": 0.5, "b": 0.0, "c": 0.25})],
    )
    got = posteriors(folder)
    assert got["b"] == 0.0
    assert got["a"] == pytest.approx(2 / 3, abs=1e-12)


def test_thousands_of_items_do_not_underflow_and_match_adaptive_quadrature(
    make_case: CaseMaker,
) -> None:
    rng = np.random.default_rng(7)
    n = 3000
    l1 = rng.uniform(0.2, 0.9, n)
    l2 = rng.uniform(0.1, 0.8, n)
    folder = make_case(
        sources=[source("s", "C")],
        evidence=[
            {
                "id": f"E{i}",
                "claim": "c",
                "source": "s",
                "ratings": {"h1": float(l1[i]), "h2": float(l2[i])},
            }
            for i in range(n)
        ],
    )
    noise = (l1 + l2) / 2

    def loglik(r: float, lik: np.ndarray) -> float:
        return float(np.log(noise + r * (lik - noise)).sum())

    # scale out the peak before integrating, in each hypothesis separately
    grid = np.linspace(0.001, 0.999, 999)
    peaks = [max(loglik(r, lik) for r in grid) for lik in (l1, l2)]
    z = [
        integrate.quad(
            lambda r, lik=lik, p=p: stats.beta.pdf(r, 6, 4) * math.exp(loglik(r, lik) - p),
            0,
            1,
            points=[0.5, 0.9],
            limit=200,
            epsabs=1e-14,
            epsrel=1e-12,
        )[0]
        for lik, p in zip((l1, l2), peaks, strict=True)
    ]
    log_odds = math.log(z[0]) + peaks[0] - math.log(z[1]) - peaks[1]
    got = posteriors(folder)
    assert math.isfinite(got["h1"]) and math.isfinite(got["h2"])
    assert math.log(got["h1"]) - math.log(got["h2"]) == pytest.approx(log_odds, abs=1e-6)
    (capped,) = ach.rank(folder, explain=False).warnings
    assert capped.startswith("sources s have more than 126 items on their chains")


def test_interval_is_the_spread_of_p_h_given_r_under_the_posterior_of_r(
    make_case: CaseMaker,
) -> None:
    folder = make_case(
        sources=[source("s", "F")],  # uniform prior on r
        evidence=[item("E1", "s", {"h1": 0.9, "h2": 0.1})],
    )
    # posterior density of r: proportional to sum_h 0.5 P(E1 | h, r) = 0.5 (constant); so r
    # stays uniform and P(h1 | e, r) = (0.5 + 0.4 r) / 1 is linear: its 5% and 95% quantiles
    # are at r = 0.05 and r = 0.95.
    result = ach.rank(folder, draws=20000, seed=3)
    lo, hi = result.hypothesis("h1").interval
    assert lo == pytest.approx(0.5 + 0.4 * 0.05, abs=0.01)
    assert hi == pytest.approx(0.5 + 0.4 * 0.95, abs=0.01)
    assert result.hypothesis("h1").posterior == pytest.approx(0.5 + 0.4 * 0.5, abs=1e-12)


def test_same_case_and_seed_give_the_same_numbers(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "D")], evidence=[item("E1", "s", {"h1": "C"})])
    first, second = ach.rank(folder, seed=11), ach.rank(folder, seed=11)
    assert first.to_json() == second.to_json()


def test_works_reported_through_one_fixed_link_are_separate_integrals(
    make_case: CaseMaker,
) -> None:
    """Two works known only through a paper (fixed at 0.8): each work's reliability is its own
    Beta, the link a constant factor. With one item each, the integral over r is linear in r,
    so P(e | h) = noise + 0.8 E[r] (L - noise), with E[r] the Beta mean."""
    folder = make_case(
        sources=[
            source("paper", 0.8),
            source("a", {"alpha": 2, "beta": 3}, derived_from=["paper"]),
            source("b", {"alpha": 6, "beta": 2}, derived_from=["paper"]),
        ],
        evidence=[
            item("E1", "a", {"h1": 0.9, "h2": 0.1}),
            item("E2", "b", {"h1": 0.2, "h2": 0.6}),
        ],
    )
    case = ach.load_case(folder)
    assert sorted(case.groups) == [("a",), ("b",), ("paper",)]

    def like(mean: float, lik: tuple[float, float]) -> np.ndarray:
        noise = sum(lik) / 2
        return noise + 0.8 * mean * (np.array(lik) - noise)

    joint = like(2 / 5, (0.9, 0.1)) * like(6 / 8, (0.2, 0.6))
    expected = joint / joint.sum()
    got = posteriors(folder)
    assert [got["h1"], got["h2"]] == pytest.approx(expected.tolist(), abs=1e-12)
