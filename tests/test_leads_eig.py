"""``ach leads``'s numbers against closed forms worked out by hand, and against the engine run
on the case with the outcome written to disk as one more evidence item."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import ach
from ach.analysis.leads import evaluate_leads, outcome_likelihoods
from ach.engine import build_spec
from ach.engine.exact import fit_exact
from ach.reports.leads import today

from tests.conftest import CaseMaker, item, source


def H(*p: float) -> float:
    """Entropy in bits, written out."""
    return -sum(x * math.log2(x) for x in p if x > 0)


def write_leads(folder: Path, leads: list[dict[str, Any]]) -> Path:
    (folder / "leads.yaml").write_text(yaml.safe_dump(leads, sort_keys=False), encoding="utf-8")
    return folder


def lead(lid: str, src: str, *ratings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    outcomes = [
        {"id": f"o{k + 1}", "label": f"outcome {k + 1}", "ratings": r}
        for k, r in enumerate(ratings)
    ]
    return {
        "id": lid,
        "question": f"what does {lid} say?",
        "source": src,
        **extra,
        "outcomes": outcomes,
    }


def test_fully_reliable_source_two_numeric_outcomes_by_hand(make_case: CaseMaker) -> None:
    # r = 1: every item speaks exactly as rated. E1 (0.8 vs 0.2) makes the posterior
    # (0.8, 0.2). The lead's outcome o1 has P(o1 | h) = (0.9, 0.3), o2 the rest (0.1, 0.7):
    #   P(o1 | e) = 0.8 * 0.9 + 0.2 * 0.3 = 0.78, P(o2 | e) = 0.08 + 0.14 = 0.22
    #   P(h | e, o1) = (0.72, 0.06) / 0.78 = (12/13, 1/13)
    #   P(h | e, o2) = (0.08, 0.14) / 0.22 = (4/11, 7/11): h2 takes the lead
    folder = make_case(sources=[source("s", 1)], evidence=[item("E1", "s", {"h1": 0.8, "h2": 0.2})])
    write_leads(folder, [lead("page", "s", {"h1": 0.9, "h2": 0.3}, {"h1": 0.1, "h2": 0.7})])
    result = evaluate_leads(ach.load_case(folder))
    (page,) = result.leads
    o1, o2 = page.outcomes
    assert o1.probability == pytest.approx(0.78, abs=1e-12)
    assert o2.probability == pytest.approx(0.22, abs=1e-12)
    assert [(h.id, h.posterior) for h in o1.hypotheses] == [
        ("h1", pytest.approx(12 / 13, abs=1e-12)),
        ("h2", pytest.approx(1 / 13, abs=1e-12)),
    ]
    assert [(h.id, h.posterior) for h in o2.hypotheses] == [
        ("h2", pytest.approx(7 / 11, abs=1e-12)),
        ("h1", pytest.approx(4 / 11, abs=1e-12)),
    ]
    assert (o1.leader, o2.leader) == ("h1", "h2")
    assert page.p_flip == pytest.approx(0.22, abs=1e-12)
    expected = H(0.8, 0.2) - 0.78 * H(12 / 13, 1 / 13) - 0.22 * H(4 / 11, 7 / 11)
    assert page.eig == pytest.approx(expected, abs=1e-12)  # 0.7219 - 0.3051 - 0.2081 bits
    assert expected == pytest.approx(0.2087, abs=1e-4)


def test_half_reliable_fixed_source_mixes_in_the_noise(make_case: CaseMaker) -> None:
    # r = 0.5, uniform prior, no items: P(o1 | h) = 0.5 * (0.9, 0.3) + 0.5 * 0.6 = (0.75, 0.45)
    #   P(o1 | e) = 0.6, P(h | e, o1) = (0.375, 0.225) / 0.6 = (0.625, 0.375)
    #   P(o2 | h) = (0.25, 0.55), P(o2 | e) = 0.4, P(h | e, o2) = (0.3125, 0.6875)
    folder = make_case(sources=[source("s", 0.5)])
    write_leads(folder, [lead("page", "s", {"h1": 0.9, "h2": 0.3}, {"h1": 0.1, "h2": 0.7})])
    result = evaluate_leads(ach.load_case(folder))
    (page,) = result.leads
    assert (result.leader, result.tied) == ("h1", ("h2",))
    assert "Today Hypothesis one and Hypothesis two are tied at 0.50." in today(result)
    assert [o.probability for o in page.outcomes] == [
        pytest.approx(0.6, abs=1e-12),
        pytest.approx(0.4, abs=1e-12),
    ]
    expected = 1.0 - 0.6 * H(0.625, 0.375) - 0.4 * H(0.3125, 0.6875)
    assert page.eig == pytest.approx(expected, abs=1e-12)
    # today h1 and h2 are tied at 0.5 and the case's order names h1: o2 hands it to h2
    assert page.p_flip == pytest.approx(0.4, abs=1e-12)


def graded_case(make_case: CaseMaker) -> Path:
    """Three hypotheses, uncertain reliabilities, a derived source: every integral is real."""
    return make_case(
        hypotheses=[
            {"id": "h1", "label": "One", "aliases": ["First"]},
            {"id": "h2", "label": "Two"},
            {"id": "h3", "label": "Other", "catch_all": True},
        ],
        sources=[
            source("witness", "C"),
            source("historian", "B", derived_from=["witness"]),
            source("archive", {"alpha": 3, "beta": 2}),
        ],
        evidence=[
            item("E1", "witness", {"h1": "CC", "h2": "I"}),
            item("E2", "historian", {"h1": "C", "h3": "I"}),
            item("E3", "archive", {"h2": "C", "h1": "II"}),
            item("E4", "witness", {"h1": 0.7, "h2": 0.2, "h3": 0.4}),
        ],
    )


def test_outcomes_all_n_gain_nothing_and_flip_nothing(make_case: CaseMaker) -> None:
    folder = write_leads(graded_case(make_case), [lead("blank", "historian", {}, {}, {"h1": "N"})])
    (blank,) = evaluate_leads(ach.load_case(folder)).leads
    assert blank.eig == pytest.approx(0.0, abs=1e-12)
    assert blank.p_flip == 0.0
    for outcome in blank.outcomes:
        assert outcome.probability == pytest.approx(1 / 3, abs=1e-12)


@pytest.mark.parametrize("src", ["witness", "historian", "archive"])
def test_outcome_probabilities_add_up_to_one(make_case: CaseMaker, src: str) -> None:
    folder = write_leads(
        graded_case(make_case),
        [
            lead("coded", src, {"h1": "CC", "h2": "I"}, {"h2": "C"}, {"h3": "II", "First": "I"}),
            lead(
                "numeric", src, {"h1": 0.9, "h2": 0.0, "h3": 0.5}, {"h1": 0.1, "h2": 1, "h3": 0.5}
            ),
        ],
    )
    for scored in evaluate_leads(ach.load_case(folder)).leads:
        assert math.fsum(o.probability for o in scored.outcomes) == pytest.approx(1.0, abs=1e-12)
        for o in scored.outcomes:
            assert math.fsum(h.posterior for h in o.hypotheses) == pytest.approx(1.0, abs=1e-12)


def test_coded_outcomes_are_normalised_per_hypothesis_by_the_scale(make_case: CaseMaker) -> None:
    # default scale: CC 4, N 1, I 0.5. h1: CC against N -> 4/5, 1/5; h2: I against N ->
    # 0.5/1.5 = 1/3, 2/3. With scale CC: 3, h1 becomes 3/4, 1/4.
    folder = write_leads(
        make_case(sources=[source("s", 1)]),
        [lead("page", "s", {"h1": "CC", "h2": "I"}, {})],
    )
    case = ach.load_case(folder)
    np.testing.assert_allclose(
        outcome_likelihoods(case.leads[0], case), [[0.8, 1 / 3], [0.2, 2 / 3]], atol=1e-15
    )
    # r = 1, uniform prior: P(o1 | e) = (0.8 + 1/3) / 2
    (page,) = evaluate_leads(case).leads
    assert page.outcomes[0].probability == pytest.approx((0.8 + 1 / 3) / 2, abs=1e-12)

    rescaled = write_leads(
        make_case(sources=[source("s", 1)], scale={"CC": 3.0}),
        [lead("page", "s", {"h1": "CC", "h2": "I"}, {})],
    )
    case = ach.load_case(rescaled)
    np.testing.assert_allclose(
        outcome_likelihoods(case.leads[0], case), [[0.75, 1 / 3], [0.25, 2 / 3]], atol=1e-15
    )


def test_a_coded_lead_scores_as_the_numeric_lead_of_its_normalised_rows(
    make_case: CaseMaker,
) -> None:
    folder = write_leads(
        graded_case(make_case),
        [
            lead("coded", "historian", {"h1": "CC", "h2": "I"}, {"h2": "C"}),
            # by hand: h1 4/(4+1), 1/5; h2 0.5/(0.5+2), 2/2.5; h3 1/2, 1/2
            lead(
                "numeric",
                "historian",
                {"h1": 0.8, "h2": 0.2, "h3": 0.5},
                {"h1": 0.2, "h2": 0.8, "h3": 0.5},
            ),
        ],
    )
    coded, numeric = sorted(evaluate_leads(ach.load_case(folder)).leads, key=lambda r: r.id)
    assert coded.eig == pytest.approx(numeric.eig, abs=1e-12)
    for a, b in zip(coded.outcomes, numeric.outcomes, strict=True):
        assert a.probability == pytest.approx(b.probability, abs=1e-12)


@pytest.mark.parametrize("src", ["witness", "historian", "archive"])
def test_an_outcome_posterior_is_the_case_with_that_item_added_on_disk(
    make_case: CaseMaker, tmp_path: Path, src: str
) -> None:
    folder = graded_case(make_case)
    rows = [{"h1": 0.9, "h2": 0.05, "h3": 0.3}, {"h1": 0.1, "h2": 0.95, "h3": 0.7}]
    write_leads(folder, [lead("page", src, *rows)])
    (page,) = evaluate_leads(ach.load_case(folder)).leads
    before = fit_exact(build_spec(ach.load_case(folder)))
    for k, outcome in enumerate(page.outcomes):
        copy = tmp_path / f"with-{src}-{k}" / folder.name
        shutil.copytree(folder, copy)
        (copy / "leads.yaml").unlink()
        added = item(f"LEAD{k}", src, rows[k])
        (copy / "evidence" / "LEAD.yaml").write_text(yaml.safe_dump(added), encoding="utf-8")
        ranked = ach.rank(copy)
        assert {h.id: h.posterior for h in outcome.hypotheses} == {
            h.id: pytest.approx(h.posterior, abs=1e-9) for h in ranked.hypotheses
        }
        assert outcome.leader == ranked.hypotheses[0].id
        # P(o | e) = P(e, o) / P(e), the engine's marginal likelihoods with and without it
        after = fit_exact(build_spec(ach.load_case(copy)))
        assert outcome.probability == pytest.approx(
            math.exp(after.log_evidence - before.log_evidence), abs=1e-9
        )


def test_leads_are_sorted_by_eig_and_costs_divide_it(make_case: CaseMaker) -> None:
    folder = write_leads(
        graded_case(make_case),
        [
            lead("weak", "witness", {"h1": "C"}, {}, cost=0.5),
            lead(
                "strong",
                "archive",
                {"h1": 1.0, "h2": 0.0, "h3": 0.0},
                {"h1": 0.0, "h2": 1.0, "h3": 1.0},
                cost=4,
            ),
            lead("blank", "archive", {}, {}),
        ],
    )
    result = evaluate_leads(ach.load_case(folder))
    assert [r.id for r in result.leads] == ["strong", "weak", "blank"]
    assert [r.eig for r in result.leads] == sorted((r.eig for r in result.leads), reverse=True)
    strong = result.leads[0]
    assert strong.eig_per_cost == pytest.approx(strong.eig / 4)
    assert result.leads[2].eig_per_cost is None
    # a lead cannot tell more than the entropy of the hypothesis today
    assert all(0 <= r.eig <= result.entropy + 1e-12 for r in result.leads)


def test_an_outcome_the_case_makes_impossible_has_probability_zero(make_case: CaseMaker) -> None:
    # r = 1 and E1 rules h2 out; o1 can only happen under h2, so P(o1 | e) = 0 and it is shown
    # with today's posterior; o2 is certain and changes nothing: EIG 0, no flip.
    folder = make_case(sources=[source("s", 1)], evidence=[item("E1", "s", {"h1": 0.5, "h2": 0})])
    write_leads(folder, [lead("page", "s", {"h1": 0, "h2": 1}, {"h1": 1, "h2": 0})])
    (page,) = evaluate_leads(ach.load_case(folder)).leads
    assert [o.probability for o in page.outcomes] == [0.0, pytest.approx(1.0, abs=1e-12)]
    assert [(h.id, h.posterior) for h in page.outcomes[0].hypotheses] == [("h1", 1.0), ("h2", 0.0)]
    assert page.eig == pytest.approx(0.0, abs=1e-12) and page.p_flip == 0.0
