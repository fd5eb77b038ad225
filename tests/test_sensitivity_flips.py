"""The flip search, checked against every single rating change made on disk and re-ranked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import ach
from ach.analysis import analyse

from tests.conftest import CaseMaker, item, source

CODES = ("CC", "C", "N", "I", "II")


@pytest.fixture
def close_race(make_case: CaseMaker) -> Path:
    # t is known reliable and rules c out; s derives from t, so t's numeric item and s's
    # coded items share one reliability group that holds a zero for c.
    return make_case(
        hypotheses=[
            {"id": "a", "label": "A"},
            {"id": "b", "label": "B"},
            {"id": "c", "label": "C"},
        ],
        sources=[source("t", 1.0), source("s", "C", derived_from=["t"]), source("u", "B")],
        evidence=[
            item("E1", "t", {"a": 0.5, "b": 0.4, "c": 0.0}),
            item("E2", "s", {"a": "CC", "b": "C", "c": "I"}),
            item("E3", "s", {"a": "I", "b": "C", "c": "N"}),
            item("E4", "u", {"a": "C", "b": "N", "c": "CC"}),
            item("E5", "u", {"a": "N", "b": "I", "c": "N"}),
        ],
    )


def every_single_rating_change(folder: Path, tmp_path: Path) -> list[tuple[int, float, str]]:
    """(steps, new leader's posterior, 'item h: old -> new') of every one-code change that
    changes the leader, found by rewriting the item's file and ranking the changed case."""
    leader = ach.rank(folder, draws=10).leader
    flips = []
    for path in sorted((folder / "evidence").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if not isinstance(next(iter(data["ratings"].values())), str):
            continue
        for hyp, old in data["ratings"].items():
            for new in CODES:
                if new == old:
                    continue
                changed = tmp_path / f"{data['id']}-{hyp}-{new}" / folder.name
                shutil.copytree(folder, changed)
                edited = {**data, "ratings": {**data["ratings"], hyp: new}}
                (changed / "evidence" / path.name).write_text(yaml.safe_dump(edited))
                after = ach.rank(changed, draws=10)
                top = max(
                    (h for h in after.hypotheses if h.id != leader.id), key=lambda h: h.posterior
                )
                if top.posterior > after.hypothesis(leader.id).posterior + 1e-9:  # a tie is no flip
                    steps = abs(CODES.index(new) - CODES.index(old))
                    flips.append((steps, top.posterior, f"{data['id']} {hyp}: {old} -> {new}"))
    return flips


def test_the_rating_flip_is_the_smallest_of_all_single_changes_made_on_disk(
    close_race: Path, tmp_path: Path
) -> None:
    result = analyse(ach.load_case(close_race))
    assert result.posterior["c"] == 0.0  # ruled out by t, and the search survives the zero
    flips = every_single_rating_change(close_race, tmp_path)
    assert flips, "the fixture must be a case that one rating change can flip"
    fewest = min(steps for steps, _, _ in flips)
    most = max(p for steps, p, _ in flips if steps == fewest)
    found = result.rating_flip
    assert found is not None
    assert found.steps == fewest
    assert found.new_posterior == pytest.approx(most, abs=1e-9)
    winners = {name for steps, p, name in flips if steps == fewest and abs(p - most) < 1e-9}
    assert f"{found.target} {found.change}" in winners


def test_a_case_that_no_rating_change_flips_says_so(make_case: CaseMaker, tmp_path: Path) -> None:
    folder = make_case(
        sources=[source("s", "A")],
        evidence=[item(f"E{k}", "s", {"h1": "CC", "h2": "II"}) for k in range(3)],
    )
    assert every_single_rating_change(folder, tmp_path) == []
    assert analyse(ach.load_case(folder)).rating_flip is None


def test_a_change_that_only_ties_the_leader_is_no_flip(make_case: CaseMaker) -> None:
    # One fully reliable item, C for h1 and N for h2 (weights 2 and 1, equal priors). One step
    # (h1 C -> N, or h2 N -> C) only ties them at 0.5; two steps (h1 C -> I: 0.5 against 1,
    # or h2 N -> CC: 2 against 4) put h2 ahead at 2/3.
    folder = make_case(
        sources=[source("s", 1.0)], evidence=[item("E1", "s", {"h1": "C", "h2": "N"})]
    )
    flip = analyse(ach.load_case(folder)).rating_flip
    assert flip is not None
    assert (flip.steps, flip.new_leader) == (2, "h2")
    assert flip.new_posterior == pytest.approx(2 / 3, abs=1e-12)
