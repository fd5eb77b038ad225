"""The PyMC backend's diagnostics: what counts as poor, in plain words, and the draws it needs."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

import ach
from ach.engine import build_spec
from ach.engine.spec import ModelSpec

from tests.conftest import CaseMaker, item, source

NO_SAMPLE_STATS = SimpleNamespace(children={})

#: Rank-normalised split R-hat (Vehtari et al. 2021) of two chains whose values do not overlap.
#: Split in halves, they make 4 sub-chains; after rank normalisation the low two hold the
#: lower half of a standard normal and the high two the upper half, so each sub-chain's mean
#: is -+sqrt(2/pi) and its variance that of a half-normal, W = 1 - 2/pi. The variance of the
#: 4 means is B = (4/3)(2/pi), and R-hat = sqrt(1 + B / W) (up to (n-1)/n ~ 1).
SEPARATED_R_HAT = math.sqrt(1 + (4 / 3) * (2 / math.pi) / (1 - 2 / math.pi))  # 1.826


def one_free_source(make_case: CaseMaker) -> ModelSpec:
    folder = make_case(sources=[source("a", "C")], evidence=[item("E1", "a", {"h1": "CC"})])
    return build_spec(ach.load_case(folder))


def conditional_of(r: np.ndarray) -> np.ndarray:
    """Some P(h | e, r) per draw with the shape the diagnostics expect: (chain, draw, H)."""
    return np.stack([r, 1 - r], axis=-1)


def test_chains_centred_apart_are_poor_and_say_so(make_case: CaseMaker) -> None:
    from ach.engine.pymc_backend import _diagnostics

    rng = np.random.default_rng(0)
    # chain 0 around 0.2, chain 1 around 0.8: the two never overlap
    r = np.stack([rng.normal(0.2, 0.05, 1000), rng.normal(0.8, 0.05, 1000)])[:, :, None]
    diagnostics, warnings = _diagnostics(
        NO_SAMPLE_STATS, r, conditional_of(r[:, :, 0]), one_free_source(make_case), "nuts"
    )
    assert diagnostics["poor"] is True
    assert diagnostics["max_r_hat"] == pytest.approx(SEPARATED_R_HAT, abs=0.01)
    assert warnings[0].startswith("the chains disagree (largest R-hat ")
    assert "use --sampler smc" in warnings[0]


def test_independent_draws_of_one_distribution_are_not_poor(make_case: CaseMaker) -> None:
    from ach.engine.pymc_backend import _diagnostics

    r = np.random.default_rng(1).beta(4, 2, size=(2, 1000, 1))
    diagnostics, warnings = _diagnostics(
        NO_SAMPLE_STATS, r, conditional_of(r[:, :, 0]), one_free_source(make_case), "smc"
    )
    assert warnings == [] and diagnostics["poor"] is False
    assert diagnostics["max_r_hat"] < 1.01
    # i.i.d. draws: the effective sample size is about the number of draws, 2,000
    assert 1500 < diagnostics["min_ess"] < 2600


def test_one_chain_gets_a_split_r_hat(make_case: CaseMaker) -> None:
    from ach.engine.pymc_backend import _diagnostics

    # one chain whose second half drifted away from its first: split-R-hat catches it
    rng = np.random.default_rng(2)
    r = np.concatenate([rng.normal(0.3, 0.02, 500), rng.normal(0.7, 0.02, 500)])[None, :, None]
    diagnostics, warnings = _diagnostics(
        NO_SAMPLE_STATS, r, conditional_of(r[:, :, 0]), one_free_source(make_case), "smc"
    )
    assert diagnostics["max_r_hat"] == pytest.approx(SEPARATED_R_HAT, abs=0.01)
    assert "raise --draws" in warnings[0]


def test_too_few_draws_per_chain_are_refused_before_sampling(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("a", "C")], evidence=[item("E1", "a", {"h1": "C"})])
    with pytest.raises(ach.AchError) as caught:
        ach.rank(folder, engine="pymc", draws=19)
    assert str(caught.value) == (
        "the pymc engine needs at least 10 draws per chain (--draws 20 with 2 chains), not 19"
    )


def test_fixed_reliabilities_need_no_draws_at_all(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("a", 0.5)], evidence=[item("E1", "a", {"h1": 0.8, "h2": 0.2})]
    )
    # P(E1 | h) = 0.5 + 0.5 (L - 0.5): 0.65 and 0.35
    result = ach.rank(folder, engine="pymc", draws=1)
    assert result.hypothesis("h1").posterior == pytest.approx(0.65, abs=1e-12)


def test_draws_that_never_vary_are_poor_not_a_pass(make_case: CaseMaker) -> None:
    from ach.engine.pymc_backend import _diagnostics

    r = np.full((2, 50, 1), 0.6)  # a sampler that never moved
    diagnostics, warnings = _diagnostics(
        NO_SAMPLE_STATS, r, conditional_of(r[:, :, 0]), one_free_source(make_case), "smc"
    )
    assert diagnostics["max_r_hat"] is None and diagnostics["min_ess"] is None
    assert diagnostics["poor"] is True
    assert (
        warnings[0]
        == "R-hat could not be computed (too few draws, or draws that never vary); raise --draws"
    )
