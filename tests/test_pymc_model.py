"""The PyMC model's structure and log-density, checked against hand calculations (no sampling)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import ach
from ach.engine import build_spec
from ach.engine.spec import ModelSpec

from tests.conftest import CaseMaker, item, source


def spec_of(folder: Path) -> ModelSpec:
    return build_spec(ach.load_case(folder))


def logodds(r: float) -> float:
    return math.log(r / (1 - r))


def derived_through_a_fixed_source(make_case: CaseMaker) -> Path:
    """``copy`` (Beta(2, 2)) derives from ``orig`` (fixed at 0.5); ``orig`` speaks too.

    At r_copy = 0.6 the copy's item has r = 0.5 x 0.6 = 0.3 and noise 0.6, so P(E1 | h) is
    0.6 + 0.3 x 0.3 = 0.69 for h1 and 0.6 - 0.3 x 0.3 = 0.51 for h2; orig's item (r = 0.5,
    noise 0.4) gives 0.4 - 0.5 x 0.2 = 0.3 for h1 and 0.4 + 0.5 x 0.2 = 0.5 for h2.
    """
    return make_case(
        sources=[
            source("orig", 0.5),
            source("copy", {"alpha": 2, "beta": 2}, derived_from=["orig"]),
        ],
        evidence=[
            item("E1", "copy", {"h1": 0.9, "h2": 0.3}),
            item("E2", "orig", {"h1": 0.2, "h2": 0.6}),
        ],
    )


def test_a_fixed_reliability_on_a_derivation_chain_scales_the_free_one(
    make_case: CaseMaker,
) -> None:
    from ach.engine.pymc_model import build_model

    model = build_model(spec_of(derived_through_a_fixed_source(make_case)))
    assert [rv.name for rv in model.free_RVs] == ["reliability"]
    assert list(model.coords["source"]) == ["copy"]
    potential = model.compile_logp(vars=model.potentials, jacobian=False)
    value = potential({"reliability_logodds__": np.array([logodds(0.6)])})
    assert float(value) == pytest.approx(math.log(0.5 * 0.69 * 0.3 + 0.5 * 0.51 * 0.5), abs=1e-12)


def test_the_conditional_posterior_at_given_reliabilities_is_bayes_rule(
    make_case: CaseMaker,
) -> None:
    from ach.engine.pymc_model import conditional_posterior

    spec = spec_of(derived_through_a_fixed_source(make_case))
    h1, h2 = 0.69 * 0.3, 0.51 * 0.5
    got = conditional_posterior(spec, np.array([[0.6]]))
    assert got[0] == pytest.approx([h1 / (h1 + h2), h2 / (h1 + h2)], abs=1e-12)


def two_free_sources_in_one_chain(make_case: CaseMaker) -> Path:
    """``b`` derives from ``a``, both uncertain: b's item has r = r_a x r_b."""
    return make_case(
        sources=[
            source("a", {"alpha": 2, "beta": 3}),
            source("b", {"alpha": 4, "beta": 1}, derived_from=["a"]),
        ],
        evidence=[
            item("E1", "a", {"h1": 0.8, "h2": 0.1}),
            item("E2", "b", {"h1": 0.2, "h2": 0.7}),
        ],
    )


def by_hand(r_a: float, r_b: float) -> list[float]:
    """P(h | e, r) for :func:`two_free_sources_in_one_chain` (noise 0.45 for both items)."""
    r2 = r_a * r_b
    joint = [
        (0.45 + r_a * 0.35) * (0.45 - r2 * 0.25),
        (0.45 - r_a * 0.35) * (0.45 + r2 * 0.25),
    ]
    return [j / sum(joint) for j in joint]


def test_the_log_density_multiplies_the_reliabilities_along_a_chain(make_case: CaseMaker) -> None:
    from ach.engine.pymc_model import build_model

    model = build_model(spec_of(two_free_sources_in_one_chain(make_case)))
    assert list(model.coords["source"]) == ["a", "b"]
    alpha, beta = model["reliability"].owner.inputs[-2:]
    assert alpha.eval() == pytest.approx([2.0, 4.0]) and beta.eval() == pytest.approx([3.0, 1.0])
    potential = model.compile_logp(vars=model.potentials, jacobian=False)
    point = {"reliability_logodds__": np.array([logodds(0.3), logodds(0.9)])}
    expected = 0.5 * (0.45 + 0.3 * 0.35) * (0.45 - 0.27 * 0.25) + 0.5 * (0.45 - 0.3 * 0.35) * (
        0.45 + 0.27 * 0.25
    )
    assert float(potential(point)) == pytest.approx(math.log(expected), abs=1e-12)


def test_the_conditional_posterior_is_the_same_in_chunks_of_one_draw(
    make_case: CaseMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ach.engine import pymc_model

    monkeypatch.setattr(pymc_model, "CHUNK", 1)  # one draw per chunk
    spec = spec_of(two_free_sources_in_one_chain(make_case))
    draws = np.array([[0.3, 0.9], [0.95, 0.05], [0.5, 0.5]])
    got = pymc_model.conditional_posterior(spec, draws)
    for row, (r_a, r_b) in zip(got, draws, strict=True):
        assert row == pytest.approx(by_hand(r_a, r_b), abs=1e-12)


def test_a_free_source_without_items_keeps_its_prior_and_leaves_the_evidence_alone(
    make_case: CaseMaker,
) -> None:
    from ach.engine.pymc_model import build_model

    folder = make_case(
        sources=[source("silent", "F"), source("known", 0.8)],
        evidence=[item("E1", "known", {"h1": 0.9, "h2": 0.4})],
    )
    model = build_model(spec_of(folder))
    assert list(model.coords["source"]) == ["silent"]
    potential = model.compile_logp(vars=model.potentials, jacobian=False)
    # noise 0.65, r 0.8: 0.5 (0.65 + 0.8 x 0.25) + 0.5 (0.65 - 0.8 x 0.25) = 0.65, whatever r_silent
    for r in (0.1, 0.7):
        value = potential({"reliability_logodds__": np.array([logodds(r)])})
        assert float(value) == pytest.approx(math.log(0.65), abs=1e-12)


def test_a_ruled_out_hypothesis_gets_zero_not_nan(make_case: CaseMaker) -> None:
    from ach.engine.pymc_model import conditional_posterior

    folder = make_case(
        sources=[source("a", 1.0), source("b", "C")],
        evidence=[item("E1", "a", {"h1": 0.0, "h2": 0.5}), item("E2", "b", {"h1": "C"})],
    )
    got = conditional_posterior(spec_of(folder), np.array([[0.4], [1.0]]))
    assert got[:, 0] == pytest.approx([0.0, 0.0], abs=0) and got[:, 1] == pytest.approx([1, 1])


def test_unknown_options_of_the_pymc_engine_are_refused_by_name(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("a", "C")], evidence=[item("E1", "a", {"h1": "C"})])
    with pytest.raises(ach.AchError) as caught:
        ach.rank(folder, engine="pymc", chain=4, progres=False)
    assert str(caught.value) == (
        "unknown option(s) for the pymc engine: chain, progres "
        "(valid: chains, progress, sampler, tune)"
    )
