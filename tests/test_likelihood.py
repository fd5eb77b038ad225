"""The item likelihood is written once (ach.likelihood); the PyMC model's graph is built from the
same function, and agrees with the exact engine's numpy evaluation at random reliabilities."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ach
from ach.engine import build_spec
from ach.engine.exact import item_loglik
from ach.engine.quadrature import logsumexp
from ach.likelihood import chain_product, default_noise, fixed_part, mix, non_diagnostic, row

from tests.conftest import CaseMaker, item, source


def test_the_mixture_is_the_contracts_formula() -> None:
    # r L + (1 - r) noise with r = 0.3, L = 4, noise = 1.5: 1.2 + 1.05
    assert mix(0.3, 4.0, 1.5) == pytest.approx(2.25, abs=1e-15)


def test_codes_are_read_through_the_scale_and_the_default_noise_is_their_mean() -> None:
    scale = {"CC": 4.0, "C": 2.0, "N": 1.0, "I": 0.5, "II": 0.25}
    like = row({"a": "CC", "b": "II", "c": 0.5}, ["a", "b", "c"], scale)
    assert like.tolist() == [4.0, 0.25, 0.5]
    assert float(default_noise(like)) == pytest.approx(4.75 / 3, abs=1e-15)


def test_the_chain_multiplies_each_source_once_and_fixed_parts_leave_free_ones_out() -> None:
    chains = np.array([[True, True, False], [False, False, True]])
    assert chain_product(chains, np.array([0.5, 0.8, 0.9])).tolist() == pytest.approx([0.4, 0.9])
    fixed = np.array([0.5, np.nan, np.nan])
    assert fixed_part(chains, fixed).tolist() == [0.5, 1.0]


def test_non_diagnostic_means_alike_for_every_hypothesis_or_reliability_zero() -> None:
    assert non_diagnostic(np.array([[2.0, 2.0], [2.0, 0.5]])).tolist() == [True, False]
    assert non_diagnostic(np.array([[2.0, 0.5]]), r_max=np.array([0.0])).tolist() == [True]


def test_the_pytensor_graph_equals_the_numpy_likelihood_at_random_reliabilities(
    make_case: CaseMaker,
) -> None:
    from ach.engine.pymc_model import build_model

    folder = make_case(
        hypotheses=[
            {"id": "h1", "label": "1"},
            {"id": "h2", "label": "2"},
            {"id": "h3", "label": "3"},
        ],
        sources=[
            source("a", "B"),
            source("b", {"alpha": 2, "beta": 5}, derived_from=["a"]),
            source("c", 0.7),
            source("d", "E", derived_from=["c"]),
        ],
        evidence=[
            item("E1", "a", {"h1": "CC", "h2": "I"}),
            item("E2", "b", {"h1": 0.2, "h2": 0.9, "h3": 0.4}, noise=0.3),
            item("E3", "c", {"h3": "II"}),
            item("E4", "d", {"h1": "C", "h3": "CC"}),
        ],
    )
    spec = build_spec(ach.load_case(folder))
    model = build_model(spec)
    density = model.compile_logp(vars=model.potentials, jacobian=False)
    free = [int(j) for j in np.flatnonzero(spec.free)]
    items = np.arange(len(spec.item_ids))
    rng = np.random.default_rng(7)
    for _ in range(5):
        r = rng.uniform(0.01, 0.99, size=len(free))
        graph = float(density({"reliability_logodds__": np.log(r / (1 - r))}))
        numpy = item_loglik(spec, items, free, r[None, :])[0].sum(axis=0)
        assert graph == pytest.approx(float(logsumexp(np.log(spec.prior) + numpy)), abs=1e-10)
    assert math.isfinite(graph)
