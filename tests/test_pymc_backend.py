"""The PyMC backend: the same model as the exact engine, sampled; agreement within 0.02."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import ach
from ach.cli import app
from ach.engine import build_spec

from tests.conftest import CaseMaker, item, source

runner = CliRunner()


def conflicting_pair(make_case: CaseMaker) -> Path:
    """Two sources of equal standing, each insisting on a different hypothesis: exactly 0.50."""
    evidence = [item(f"A{i}", "a", {"h1": "CC", "h2": "II"}) for i in range(6)]
    evidence += [item(f"B{i}", "b", {"h1": "II", "h2": "CC"}) for i in range(6)]
    return make_case(sources=[source("a", "C"), source("b", "C")], evidence=evidence)


def test_the_model_has_one_beta_per_free_reliability_and_nothing_else(make_case: CaseMaker) -> None:
    from ach.engine.pymc_backend import build_model

    folder = make_case(
        sources=[
            source("a", "B"),
            source("b", 0.7),
            source("c", {"alpha": 3, "beta": 5}, derived_from=["a"]),
        ],
        evidence=[
            item("E1", "a", {"h1": "CC"}),
            item("E2", "b", {"h1": "I"}),
            item("E3", "c", {"h2": "C"}),
        ],
    )
    model = build_model(build_spec(ach.load_case(folder)))
    assert [rv.name for rv in model.free_RVs] == ["reliability"]
    assert list(model.coords["source"]) == ["a", "c"]
    alpha, beta = model["reliability"].owner.inputs[-2:]
    assert alpha.eval() == pytest.approx([8.0, 3.0]) and beta.eval() == pytest.approx([2.0, 5.0])
    assert [p.name for p in model.potentials] == ["evidence"]


def test_the_model_log_density_equals_the_exact_log_evidence_integrand(
    make_case: CaseMaker,
) -> None:
    from ach.engine.pymc_backend import build_model

    folder = make_case(
        sources=[source("a", {"alpha": 2, "beta": 2})],
        evidence=[item("E1", "a", {"h1": 0.9, "h2": 0.3})],
    )
    model = build_model(build_spec(ach.load_case(folder)))
    r = 0.6
    point = {"reliability_logodds__": np.array([np.log(r / (1 - r))])}
    potential = model.compile_logp(vars=model.potentials, jacobian=False)(point)
    # sum_h P(h) (n + r (L_h - n)) with n = 0.6
    expected = np.log(0.5 * (0.6 + r * 0.3) + 0.5 * (0.6 - r * 0.3))
    assert float(potential) == pytest.approx(expected, abs=1e-12)


def test_fixed_reliabilities_are_evaluated_without_a_sampler(
    make_case: CaseMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pymc

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("no sampler should run")

    monkeypatch.setattr(pymc, "sample_smc", refuse)
    monkeypatch.setattr(pymc, "sample", refuse)
    folder = make_case(
        sources=[source("a", 0.8), source("b", 1.0)],
        evidence=[item("E1", "a", {"h1": 0.9, "h2": 0.2}), item("E2", "b", {"h1": 0.5, "h2": 0.4})],
    )
    exact, sampled = ach.rank(folder), ach.rank(folder, engine="pymc")
    for h in exact.hypotheses:
        assert sampled.hypothesis(h.id).posterior == pytest.approx(h.posterior, abs=1e-12)
        lo, hi = sampled.hypothesis(h.id).interval
        assert lo == hi == pytest.approx(h.posterior, abs=1e-12)


def test_a_bad_sampler_is_a_usage_error(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("a", "C")], evidence=[item("E1", "a", {"h1": "C"})])
    result = runner.invoke(app, ["rank", str(folder), "--engine", "pymc", "--sampler", "magic"])
    assert result.exit_code == 2
    assert "'magic' is not one of" in " ".join(result.stderr.split())
    result = runner.invoke(app, ["rank", str(folder), "--sampler", "nuts"])
    assert result.exit_code == 2
    assert "applies to --engine pymc only, not to --engine exact" in " ".join(result.stderr.split())


def test_the_library_refuses_an_unknown_sampler(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("a", "C")], evidence=[item("E1", "a", {"h1": "C"})])
    with pytest.raises(ach.AchError, match="sampler 'magic' is not one of smc, nuts"):
        ach.rank(folder, engine="pymc", sampler="magic")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("shape", "sampler"),
    [
        ("small", "smc"),
        ("conflicting", "smc"),
        ("derived", "smc"),
        ("mixed", "smc"),
        ("small", "nuts"),
        ("mixed", "nuts"),
    ],
)
def test_pymc_agrees_with_the_exact_engine_within_0_02(
    make_case: CaseMaker, shape: str, sampler: str
) -> None:
    if shape == "small":
        folder = make_case(
            sources=[source("a", "B"), source("b", "D")],
            evidence=[
                item("E1", "a", {"h1": "CC", "h2": "I"}),
                item("E2", "b", {"h1": "I", "h2": "C"}),
                item("E3", "a", {"h1": "C"}),
            ],
        )
    elif shape == "conflicting":
        folder = conflicting_pair(make_case)
    elif shape == "mixed":
        # three hypotheses with a catch-all, a fixed reliability, one free source deriving
        # from it (its r is 0.9 x r_c) and numeric ratings with a zero
        folder = make_case(
            hypotheses=[
                {"id": "h1", "label": "One"},
                {"id": "h2", "label": "Two"},
                {"id": "other", "label": "Something else", "catch_all": True},
            ],
            sources=[
                source("a", 0.9),
                source("c", {"alpha": 3, "beta": 3}, derived_from=["a"]),
                source("e", "E"),
            ],
            evidence=[
                item("E1", "a", {"h1": 0.7, "h2": 0.2, "other": 0.0}),
                item("E2", "c", {"h1": "I", "h2": "CC"}),
                item("E3", "c", {"h1": "C", "other": "II"}),
                item("E4", "e", {"h2": "CC", "other": "C"}),
            ],
        )
    else:
        folder = make_case(
            sources=[
                source("orig", "C"),
                source("copy", "B", derived_from=["orig"]),
                source("z", "F"),
            ],
            evidence=[
                item("E1", "orig", {"h1": "CC", "h2": "II"}),
                item("E2", "copy", {"h1": "C", "h2": "I"}),
                item("E3", "z", {"h1": "I", "h2": "CC"}),
            ],
        )
    exact = ach.rank(folder)
    sampled = ach.rank(folder, engine="pymc", seed=5, sampler=sampler, progress=False)
    if shape == "conflicting":
        assert exact.leader.posterior == pytest.approx(0.5, abs=1e-12)  # by symmetry
    for h in exact.hypotheses:
        assert sampled.hypothesis(h.id).posterior == pytest.approx(h.posterior, abs=0.02)
        # two independent ways to the interval: quadrature-grid draws and sampler draws
        assert sampled.hypothesis(h.id).interval == pytest.approx(h.interval, abs=0.03)
    assert sampled.diagnostics is not None and not sampled.diagnostics["poor"]


@pytest.mark.slow
def test_json_on_stdout_is_the_whole_output_even_while_sampling(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("a", "C")], evidence=[item("E1", "a", {"h1": "CC", "h2": "I"})]
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ach",
            "rank",
            str(folder),
            "--engine",
            "pymc",
            "--json",
            "--draws",
            "400",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)  # the whole of standard output
    assert data["engine"] == "pymc"
    assert {"max_r_hat", "min_ess", "divergences", "poor"} <= set(data["diagnostics"])
    assert data["provenance"]["versions"]["pymc"].startswith("6.")


@pytest.mark.slow
def test_strict_exits_3_when_diagnostics_are_poor(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("a", "C")], evidence=[item("E1", "a", {"h1": "CC", "h2": "I"})]
    )
    # 30 draws cannot give the 200 effective draws two chains need
    args = ["rank", str(folder), "--engine", "pymc", "--draws", "30", "--json"]
    lenient, strict = runner.invoke(app, args), runner.invoke(app, [*args, "--strict"])
    assert lenient.exit_code == 0 and strict.exit_code == 3
    assert "few effective draws" in strict.stderr


@pytest.mark.slow
@pytest.mark.parametrize("sampler", ["smc", "nuts"])
def test_the_same_seed_gives_the_same_numbers(make_case: CaseMaker, sampler: str) -> None:
    folder = make_case(
        sources=[source("a", "C"), source("b", "D")],
        evidence=[item("E1", "a", {"h1": "CC", "h2": "I"}), item("E2", "b", {"h2": "C"})],
    )
    runs = [
        ach.rank(folder, engine="pymc", sampler=sampler, seed=seed, draws=200, progress=False)
        for seed in (7, 7, 8)
    ]
    first, again, other = (r.model_dump(exclude={"provenance"}) for r in runs)
    assert first == again
    assert first["hypotheses"] != other["hypotheses"]  # the seed is what fixed them
