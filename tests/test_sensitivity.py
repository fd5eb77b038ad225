"""Sensitivity analysis, checked against reruns of the model on cases changed on disk."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
import yaml

import ach
from ach.analysis import analyse
from ach.analysis.rationale import build_rationale, probability_word

from tests.conftest import CaseMaker, item, source


def log_odds(folder: Path, lead: str, runner: str) -> float:
    post = {h.id: h.posterior for h in ach.rank(folder, draws=10).hypotheses}
    return math.log(post[lead]) - math.log(post[runner])


def copy(folder: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name / folder.name
    shutil.copytree(folder, target)
    return target


@pytest.fixture
def three_way(make_case: CaseMaker) -> Path:
    return make_case(
        hypotheses=[
            {"id": "a", "label": "A"},
            {"id": "b", "label": "B"},
            {"id": "c", "label": "C"},
        ],
        sources=[source("s1", "B"), source("s2", "C"), source("s3", "D", derived_from=["s1"])],
        evidence=[
            item("E1", "s1", {"a": "CC", "b": "I", "c": "N"}),
            item("E2", "s2", {"a": "C", "b": "C", "c": "II"}),
            item("E3", "s3", {"a": "I", "b": "C", "c": "N"}),
            item("E4", "s2", {"a": "N", "b": "N", "c": "N"}),
            item("E5", "s1", {"a": "CC", "b": "I", "c": "N"}, repeats="E1"),
        ],
    )


def test_item_influence_is_the_log_odds_lost_when_the_item_is_left_out(
    three_way: Path, tmp_path: Path
) -> None:
    result = analyse(ach.load_case(three_way))
    full = log_odds(three_way, result.leader, result.runner_up)
    for influence in result.items:
        reduced = copy(three_way, tmp_path, f"without-{influence.id}")
        (reduced / "evidence" / f"{influence.id}.yaml").unlink()
        if influence.id == "E1":  # E5 restates E1: without E1 it has nothing to repeat
            (reduced / "evidence" / "E5.yaml").unlink()
        expected = full - log_odds(reduced, result.leader, result.runner_up)
        if influence.id == "E5":
            expected = 0.0
        assert influence.influence == pytest.approx(expected, abs=1e-9), influence.id


def test_source_influence_leaves_out_the_source_and_what_derives_from_it(
    three_way: Path, tmp_path: Path
) -> None:
    result = analyse(ach.load_case(three_way))
    s1 = next(s for s in result.sources if s.id == "s1")
    reduced = copy(three_way, tmp_path, "without-s1")
    for name in ("E1", "E3", "E5"):  # s1's items and those of s3, which derives from s1
        (reduced / "evidence" / f"{name}.yaml").unlink()
    full = log_odds(three_way, result.leader, result.runner_up)
    assert s1.influence == pytest.approx(
        full - log_odds(reduced, result.leader, result.runner_up), abs=1e-9
    )


def test_an_item_rated_alike_for_every_hypothesis_is_non_diagnostic(three_way: Path) -> None:
    by_id = {i.id: i for i in analyse(ach.load_case(three_way)).items}
    assert by_id["E4"].non_diagnostic and by_id["E4"].diagnosticity == 0.0
    assert by_id["E4"].influence == pytest.approx(0.0, abs=1e-12)
    assert (
        not by_id["E1"].non_diagnostic
        and by_id["E1"].favours == "a"
        and by_id["E1"].disfavours == "b"
    )
    # E1 at the prior mean reliability 0.8 of grade B: log of (n + 0.8 (4 - n)) / (n + 0.8 (0.5 - n)), n = 5.5 / 3
    n = 5.5 / 3
    assert by_id["E1"].diagnosticity == pytest.approx(
        math.log((n + 0.8 * (4 - n)) / (n + 0.8 * (0.5 - n))), abs=1e-12
    )


def test_the_flip_analysis_finds_the_one_change_that_hands_over_the_lead(
    make_case: CaseMaker,
) -> None:
    # h1 leads by a hair: E1 says C for h1; E2 rates both N. Raising E2 for h2 by one step
    # (N -> C) ties them on likelihood... with the prior tilted slightly to h2 it flips.
    folder = make_case(
        hypotheses=[{"id": "h1", "label": "One", "prior": 0.45}, {"id": "h2", "label": "Two"}],
        sources=[source("s", 1.0)],
        evidence=[item("E1", "s", {"h1": "C", "h2": "N"}), item("E2", "s", {"h1": "N", "h2": "N"})],
    )
    result = analyse(ach.load_case(folder))
    assert result.leader == "h1"  # 0.45 * 2 > 0.55 * 1
    assert result.grade_flip is None  # no graded source
    flip = result.rating_flip
    assert flip is not None and flip.steps == 1 and flip.new_leader == "h2"
    # one step either lowers E1 for h1 (C -> N: 0.45 vs 0.55) or raises a rating of h2
    # (E1 N -> C: 0.45 * 2 vs 0.55 * 2, or E2 N -> C likewise); the largest new posterior wins
    assert (flip.target, flip.change) in {
        ("E1", "h1: C -> N"),
        ("E1", "h2: N -> C"),
        ("E2", "h2: N -> C"),
    }
    assert flip.new_posterior == pytest.approx(0.55, abs=1e-12)


def test_a_grade_flip_is_the_smallest_grade_change(make_case: CaseMaker, tmp_path: Path) -> None:
    folder = make_case(
        sources=[source("strong", "C"), source("weak", "C")],
        evidence=[
            item("E1", "strong", {"h1": "CC", "h2": "II"}),
            item("E2", "weak", {"h1": "I", "h2": "C"}),
        ],
    )
    result = analyse(ach.load_case(folder))
    assert result.leader == "h1"
    flip = result.grade_flip
    assert flip is not None and flip.new_leader == "h2"
    # check it by regrading the source on disk
    changed = copy(folder, tmp_path, "regraded")
    sources = yaml.safe_load((changed / "sources.yaml").read_text())
    for s in sources:
        if s["id"] == flip.target:
            s["reliability"] = flip.change.split(" -> ")[1]
    (changed / "sources.yaml").write_text(yaml.safe_dump(sources))
    assert ach.rank(changed).leader.id == "h2"
    assert ach.rank(changed).leader.posterior == pytest.approx(flip.new_posterior, abs=1e-12)


def test_no_single_change_can_flip_an_overwhelming_case(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", 1.0)],
        evidence=[item(f"E{i}", "s", {"h1": 0.9, "h2": 0.1}) for i in range(5)],
    )
    result = analyse(ach.load_case(folder))
    assert result.grade_flip is None and result.rating_flip is None
    rationale = build_rationale(ach.load_case(folder), ach.rank(folder), result)
    assert any(p.startswith("No single change") for p in rationale.paragraphs)


def test_robustness_is_the_posterior_with_every_grade_moved_one_step(
    three_way: Path, tmp_path: Path
) -> None:
    result = analyse(ach.load_case(three_way))
    for name, shift in (
        ("up", {"B": "A", "C": "B", "D": "C"}),
        ("down", {"B": "C", "C": "D", "D": "E"}),
    ):
        changed = copy(three_way, tmp_path, name)
        sources = yaml.safe_load((changed / "sources.yaml").read_text())
        for s in sources:
            s["reliability"] = shift[s["reliability"]]
        (changed / "sources.yaml").write_text(yaml.safe_dump(sources))
        expected = {h.id: h.posterior for h in ach.rank(changed, draws=10).hypotheses}
        assert getattr(result.robustness, name) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("p", "word"),
    [
        (0.01, "almost no chance"),
        (0.3, "unlikely"),
        (0.5, "roughly even chance"),
        (0.7, "likely"),
        (0.9, "very likely"),
        (0.99, "almost certain"),
    ],
)
def test_probability_words_follow_icd_203(p: float, word: str) -> None:
    assert probability_word(p) == word


def test_log_odds_without_is_what_the_rerun_gives(three_way: Path, tmp_path: Path) -> None:
    result = analyse(ach.load_case(three_way))
    e2 = next(i for i in result.items if i.id == "E2")
    reduced = copy(three_way, tmp_path, "without-E2")
    (reduced / "evidence" / "E2.yaml").unlink()
    assert e2.log_odds_without == pytest.approx(
        log_odds(reduced, result.leader, result.runner_up), abs=1e-9
    )
    assert e2.posterior_without == pytest.approx(
        {h.id: h.posterior for h in ach.rank(reduced).hypotheses}, abs=1e-12
    )


def test_the_rationale_names_only_sources_the_result_leans_on(make_case: CaseMaker) -> None:
    # s2 derives from s1 and speaks only for h4: leaving it out moves the leader's log-odds
    # against the runner-up only a little (through what it says of s1's reliability), too
    # little (under 0.01) to name it among the sources the result leans on
    folder = make_case(
        hypotheses=[{"id": f"h{k}", "label": f"H{k}"} for k in (1, 2, 3, 4)],
        sources=[source("s1", "B"), source("s2", "C", derived_from=["s1"])],
        evidence=[
            item("E1", "s1", {"h1": "CC", "h2": "N", "h3": "II", "h4": "II"}),
            item("E2", "s2", {"h4": "C"}),
        ],
    )
    case = ach.load_case(folder)
    result = analyse(case)
    s1, s2 = (next(s for s in result.sources if s.id == k) for k in ("s1", "s2"))
    assert 0 < abs(s2.influence) < 0.01 < abs(s1.influence)
    leans = next(
        p for p in build_rationale(case, ach.rank(case), result).paragraphs if "leans on" in p
    )
    assert "s1 (grade B" in leans and "s2" not in leans
