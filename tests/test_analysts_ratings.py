"""Several analysts: ``ratings/<analyst>.yaml`` loaded and checked, ``--analyst`` and ``--pool``.

The pooled numbers are computed by hand from the contract's formula: under the pool each
item's likelihood is the mean over analysts of r L_a(e, h) + (1 - r) noise_a(e).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.case.analysts import POOL
from ach.cli import app
from ach.engine import build_spec, rank
from ach.errors import CaseError

from tests.conftest import CaseMaker, item, source

RUNNER = CliRunner()
HYPS = [{"id": "anna", "label": "Anna", "aliases": ["Ann"]}, {"id": "boris", "label": "Boris"}]


def two_readings(make_case: CaseMaker, mary: str = "E1: {Ann: I, boris: C}\n") -> Path:
    """One item from a source of fixed reliability 0.8, read CC/I by the case and I/C by Mary,
    and a second item only the case rates (its reading is everyone's)."""
    folder = make_case(
        hypotheses=HYPS,
        sources=[source("clerk", 0.8), source("diary", 0.5)],
        evidence=[
            item("E1", "clerk", {"anna": "CC", "boris": "I"}),
            item("E2", "diary", {"anna": "N", "boris": "C"}),
        ],
    )
    write_ratings(folder, "mary", mary)
    return folder


def write_ratings(folder: Path, analyst: str, text: str) -> Path:
    (folder / "ratings").mkdir(exist_ok=True)
    path = folder / "ratings" / f"{analyst}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(CaseError) as caught:
        ach.load_case(folder)
    return [str(p) for p in caught.value.problems]


def posteriors(folder: Path, *args: str) -> dict[str, float]:
    done = RUNNER.invoke(app, ["rank", str(folder), "--json", *args])
    assert done.exit_code == 0, done.output
    return {h["id"]: h["posterior"] for h in json.loads(done.stdout)["hypotheses"]}


def test_the_pooled_likelihood_of_one_item_is_the_mean_of_the_two_readings(
    make_case: CaseMaker,
) -> None:
    # scale CC 4, C 2, N 1, I 0.5; case reads E1 as (4, 0.5), noise 2.25; Mary as (0.5, 2),
    # noise 1.25. P(E1 | h) at r = 0.8:
    #   anna:  (0.8*4 + 0.2*2.25 + 0.8*0.5 + 0.2*1.25) / 2 = (3.65 + 0.65) / 2 = 2.15
    #   boris: (0.8*0.5 + 0.2*2.25 + 0.8*2 + 0.2*1.25) / 2 = (0.85 + 1.85) / 2 = 1.35
    case = ach.load_case(two_readings(make_case))
    spec = build_spec(case, POOL)
    row = spec.item_ids.index("E1")
    r = 0.8
    p_e = r * spec.likelihood[row] + (1 - r) * spec.noise[row]
    assert p_e == pytest.approx([2.15, 1.35], abs=1e-12)
    # E2 is read alike by both: its pooled row is the case's own
    assert spec.likelihood[spec.item_ids.index("E2")] == pytest.approx([1.0, 2.0])


def test_the_pooled_posterior_matches_the_hand_computation(make_case: CaseMaker) -> None:
    # E2's source is fixed at 0.5: P(E2 | anna) = 0.5*1 + 0.5*1.5 = 1.25, boris 0.5*2 + 0.75
    # = 1.75. With E1 as above and uniform priors:
    #   P(anna | e) = 2.15*1.25 / (2.15*1.25 + 1.35*1.75) = 2.6875 / 5.05
    folder = two_readings(make_case)
    assert posteriors(folder, "--pool")["anna"] == pytest.approx(2.6875 / 5.05, abs=1e-12)
    # Mary alone: P(E1 | anna) = 0.4 + 0.25 = 0.65, boris 1.6 + 0.25 = 1.85
    assert posteriors(folder, "--analyst", "mary")["anna"] == pytest.approx(
        0.65 * 1.25 / (0.65 * 1.25 + 1.85 * 1.75), abs=1e-12
    )


def test_the_pymc_engine_ranks_by_the_same_reading(make_case: CaseMaker) -> None:
    # every reliability fixed: PyMC evaluates the model without sampling, so it must agree exactly
    folder = two_readings(make_case)
    for args in (("--pool",), ("--analyst", "mary")):
        assert posteriors(folder, *args, "--engine", "pymc") == pytest.approx(
            posteriors(folder, *args), abs=1e-12
        )


def test_analyst_case_equals_the_default(make_case: CaseMaker) -> None:
    folder = two_readings(make_case)
    plain = RUNNER.invoke(app, ["rank", str(folder), "--json"])
    as_case = RUNNER.invoke(app, ["rank", str(folder), "--json", "--analyst", "case"])
    assert plain.exit_code == as_case.exit_code == 0
    assert as_case.stdout == plain.stdout


def test_an_analyst_who_repeats_the_case_leaves_the_pool_unchanged(make_case: CaseMaker) -> None:
    folder = two_readings(make_case, mary="E1: {anna: CC, boris: I}\nE2: {boris: C}\n")
    pooled, plain = posteriors(folder, "--pool"), posteriors(folder)
    assert list(pooled) == list(plain)
    assert pooled == pytest.approx(plain, abs=1e-12)


def test_the_pool_inconsistency_is_the_mean_of_the_analysts_heuer_scores(
    make_case: CaseMaker,
) -> None:
    # case: anna 0, boris 1 (E1 I); Mary: anna 1 (E1 I), boris 0; a third analyst rates E2 II
    # for anna: anna 2, boris 1. Means: anna 1, boris 2/3.
    folder = two_readings(make_case)
    write_ratings(folder, "zoe", "E2: {anna: II, boris: C}\n")
    result = rank(ach.load_case(folder), analyst=POOL)
    assert result.hypothesis("anna").inconsistency == pytest.approx(1.0)
    assert result.hypothesis("boris").inconsistency == pytest.approx(2 / 3)
    assert result.provenance.settings["pool"] == ["case", "mary", "zoe"]


def test_an_unknown_analyst_is_one_line_naming_it_and_the_known_ones(
    make_case: CaseMaker,
) -> None:
    folder = two_readings(make_case)
    done = RUNNER.invoke(app, ["rank", str(folder), "--analyst", "bob"])
    assert done.exit_code == 1
    assert done.stderr == (
        f"analyst 'bob' is not known in {folder.name} (known analysts: case, mary; "
        "each is a file ratings/<name>.yaml)\n"
    )


def test_analyst_and_pool_together_are_a_usage_error(make_case: CaseMaker) -> None:
    done = RUNNER.invoke(app, ["rank", str(two_readings(make_case)), "--pool", "--analyst", "mary"])
    assert done.exit_code == 2


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("E9: {anna: C}\n", "ratings/mary.yaml: E9: 'E9' is not an evidence id (line 1)"),
        (
            "E1: {zed: C}\n",
            "ratings/mary.yaml: E1.zed: 'zed' is not a hypothesis id or alias "
            "(ids: anna, boris) (line 1)",
        ),
        (
            "E1:\n  anna: X\n",
            "ratings/mary.yaml: E1.anna: 'X' is not one of CC, C, N, I, II (line 2)",
        ),
        (
            "E1: {anna: C, boris: 0.5}\n",
            "ratings/mary.yaml: E1: mixes consistency codes and probabilities; "
            "use one or the other (line 1)",
        ),
        (
            "E1: {anna: 0.5}\n",
            "ratings/mary.yaml: E1: probability ratings must cover every hypothesis; "
            "missing boris (line 1)",
        ),
        (
            "E1: {anna: C, Ann: I}\n",
            "ratings/mary.yaml: E1.Ann: hypothesis 'anna' is rated twice (line 1)",
        ),
        (
            "- E1\n",
            "ratings/mary.yaml: expected a mapping of item id to ratings, found a list (line 1)",
        ),
    ],
)
def test_a_malformed_ratings_file_is_one_line_naming_file_and_key(
    make_case: CaseMaker, text: str, line: str
) -> None:
    assert problems_of(two_readings(make_case, mary=text)) == [line]


def test_a_ratings_file_must_be_named_by_an_analyst_id(make_case: CaseMaker) -> None:
    folder = two_readings(make_case)
    write_ratings(folder, "Mary_B", "E1: {anna: C}\n")
    assert problems_of(folder) == [
        "ratings/Mary_B.yaml: 'Mary_B' is not a valid analyst name (the file name is the "
        "analyst's id: lower-case letters, digits and '-')"
    ]


def test_case_is_reserved_for_the_items_own_ratings(make_case: CaseMaker) -> None:
    folder = two_readings(make_case)
    write_ratings(folder, "case", "E1: {anna: C}\n")
    assert problems_of(folder) == [
        "ratings/case.yaml: 'case' is reserved for the ratings written in the items' own "
        "files; name the file after the analyst"
    ]


def test_a_malformed_ratings_file_stops_rank_even_without_analyst_options(
    make_case: CaseMaker,
) -> None:
    folder = two_readings(make_case, mary="E1: {anna: X}\n")
    done = RUNNER.invoke(app, ["rank", str(folder)])
    assert done.exit_code == 1
    assert done.stderr == "ratings/mary.yaml: E1.anna: 'X' is not one of CC, C, N, I, II (line 1)\n"
    assert "Traceback" not in done.output


def test_an_analyst_whose_ratings_rule_out_every_hypothesis_is_refused(
    make_case: CaseMaker,
) -> None:
    folder = make_case(
        hypotheses=HYPS,
        sources=[source("s", 1.0)],
        evidence=[
            item("E1", "s", {"anna": 0.5, "boris": 0.5}),
            item("E2", "s", {"anna": 1, "boris": 1}),
        ],
    )
    write_ratings(folder, "mary", "E1: {anna: 0, boris: 1}\nE2: {anna: 1, boris: 0}\n")
    assert problems_of(folder) == [
        "ratings/mary.yaml: ratings: together these items leave every hypothesis at "
        "probability zero: E1, E2"
    ]


def pooled_by_quadrature() -> float:
    """P(anna | e) under the pool, integrated by scipy over a Beta(8, 2) reliability (grade B).

    E1: the case reads (CC, I) = (4, 0.5), noise 2.25; Mary (I, C) = (0.5, 2), noise 1.25;
    pooled L = (2.25, 1.25), noise 1.75. E2: only the case, (C, N) = (2, 1), noise 1.5.
    """
    from scipy import integrate, stats

    def evidence(l1: float, l2: float) -> float:
        def integrand(r: float) -> float:
            like = (r * l1 + (1 - r) * 1.75) * (r * l2 + (1 - r) * 1.5)
            return float(stats.beta.pdf(r, 8, 2) * like)

        return float(integrate.quad(integrand, 0, 1)[0])

    anna, boris = evidence(2.25, 2.0), evidence(1.25, 1.0)
    return anna / (anna + boris)


def beta_case(make_case: CaseMaker) -> Path:
    folder = make_case(
        hypotheses=HYPS,
        sources=[source("clerk", "B")],
        evidence=[
            item("E1", "clerk", {"anna": "CC", "boris": "I"}),
            item("E2", "clerk", {"anna": "C", "boris": "N"}),
        ],
    )
    write_ratings(folder, "mary", "E1: {anna: I, boris: C}\n")
    return folder


def test_the_pool_with_an_uncertain_reliability_matches_quadrature(make_case: CaseMaker) -> None:
    pooled = rank(ach.load_case(beta_case(make_case)), analyst=POOL)
    assert pooled.hypothesis("anna").posterior == pytest.approx(pooled_by_quadrature(), abs=1e-9)


@pytest.mark.slow
def test_pymc_samples_the_pool_to_the_quadrature_answer(make_case: CaseMaker) -> None:
    pooled = rank(
        ach.load_case(beta_case(make_case)), analyst=POOL, engine="pymc", seed=1, progress=False
    )
    assert pooled.hypothesis("anna").posterior == pytest.approx(pooled_by_quadrature(), abs=0.02)
    assert pooled.provenance.settings["pool"] == ["case", "mary"]


def test_validate_counts_the_other_analysts(make_case: CaseMaker) -> None:
    done = RUNNER.invoke(app, ["validate", str(two_readings(make_case))], env={"COLUMNS": "200"})
    assert done.exit_code == 0
    assert "2 evidence items, 1 other analyst(s); " in done.stdout
