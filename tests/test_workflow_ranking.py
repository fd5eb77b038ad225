"""``evidence add`` reports what this item did: before and after, and nothing else.

A source fixed at reliability 1 makes each item speak exactly as rated, so the posterior is
the prior times the code weights (CC 4, I 0.5), normalised: numbers checked by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

import ach
import ach.workspace.evidence as workspace_evidence
from ach.workspace import add_evidence, build_item

from tests.conftest import CaseMaker, item, source


@pytest.fixture
def case(make_case: CaseMaker) -> Path:
    return make_case(
        sources=[source("s", 1.0)],
        evidence=[item("E01", "s", {"h1": "CC", "h2": "I"})],  # h1: 4 / 4.5 = 8/9
    )


def test_an_add_landing_just_after_the_lock_is_released_is_not_shown_as_this_ones(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = workspace_evidence.case_lock

    @contextmanager
    def lock_then_another_add(root: Path) -> Iterator[None]:
        with held(root):
            yield
        # another process's add, the moment this one lets go of the lock
        other = item("E03", "s", {"h1": "CC", "h2": "I"})
        (root / "evidence" / "E03.yaml").write_text(yaml.safe_dump(other), encoding="utf-8")

    monkeypatch.setattr(workspace_evidence, "case_lock", lock_then_another_add)
    new = build_item(id="E02", claim="c", source="s", ratings=["h1=I", "h2=CC"])
    added = add_evidence(case, new)
    # before: 8/9; after E02 alone: 4 * 0.5 / (4 * 0.5 + 0.5 * 4) = 1/2 (with E03 it would
    # be back at 8/9, as if E02 had done nothing)
    assert added.before.hypothesis("h1").posterior == pytest.approx(8 / 9, abs=1e-12)
    assert added.after.hypothesis("h1").posterior == pytest.approx(1 / 2, abs=1e-12)
    assert sorted(e.id for e in ach.load_case(case).items) == ["E01", "E02", "E03"]
