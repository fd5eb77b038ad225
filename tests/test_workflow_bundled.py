"""Cases bundled with ach are read, ranked and copied, never written into.

A bundled case is found by its id from any folder without a local ``cases/<id>``; a write
there would land in the installed package (the project's source tree, in an editable
install). The tests point the bundled folder at a temporary one, so that a broken guard
cannot touch the real bundled case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.case import loader
from ach.cli import app

from tests.conftest import CaseMaker, item, snapshot, source

runner = CliRunner()


@pytest.fixture
def bundled(make_case: CaseMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A case ``shipped`` in a stand-in for the package's cases folder; cwd has no ./cases."""
    folder = make_case(
        case_id="shipped",
        sources=[source("s", "B")],
        evidence=[item("E1", "s", {"h1": "CC", "h2": "I"})],
    )
    monkeypatch.setattr(loader, "bundled_cases_dir", lambda: folder.parent)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return folder


ADD_ITEM = ["evidence", "add", "shipped", "--id", "E2", "--source", "s", "--claim", "c"]
ADD_SOURCE = ["sources", "add", "shipped", "--id", "t", "--kind", "memoir", "--reliability", "C"]


@pytest.mark.parametrize(
    "args",
    [
        [*ADD_ITEM, "--rate", "h1=C"],
        [*ADD_ITEM, "--rate", "h1=C", "--edit"],  # refused before any editor opens
        [*ADD_SOURCE, "--citation", "t"],
    ],
)
def test_a_bundled_case_is_not_written_into(bundled: Path, args: list[str]) -> None:
    before = snapshot(bundled)
    result = runner.invoke(app, args, env={"EDITOR": "false"})
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "shipped: shipped is bundled with ach and read-only here; copy it first with "
        "`ach init shipped-copy --from shipped` and edit the copy; nothing was written"
    ]
    assert snapshot(bundled) == before


def test_the_suggested_copy_takes_the_same_addition(bundled: Path) -> None:
    assert runner.invoke(app, ["init", "shipped-copy", "--from", "shipped"]).exit_code == 0
    copy = Path("shipped-copy")
    result = runner.invoke(app, [*ADD_ITEM[:2], str(copy), *ADD_ITEM[3:], "--rate", "h1=C"])
    assert result.exit_code == 0, result.output
    assert [e.id for e in ach.load_case(copy).items] == ["E1", "E2"]
    assert [e.id for e in ach.load_case(bundled).items] == ["E1"]


def test_a_local_case_of_the_same_id_is_written_as_before(bundled: Path) -> None:
    """./cases/<id> comes first on the search path, and it is the analyst's own."""
    assert runner.invoke(app, ["init", "cases/shipped", "--from", str(bundled)]).exit_code == 0
    result = runner.invoke(app, [*ADD_SOURCE, "--citation", "t"])
    assert result.exit_code == 0, result.output
    assert "t" in ach.load_case(Path("cases/shipped")).source_by_id
    assert "t" not in ach.load_case(bundled).source_by_id
