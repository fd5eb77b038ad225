"""The issue's "done when": a newcomer copies the Havza case, adds an item they found, sees
the ranking move, and changes nothing by accident (the bundled case keeps every byte)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.cli import app

from tests.conftest import snapshot

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def test_copy_havza_add_an_item_and_see_the_ranking_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bundled = ach.load_case("havza-negotiator")
    untouched = snapshot(bundled.root)
    before = {h.id: h.posterior for h in ach.rank(bundled).hypotheses}

    assert (
        runner.invoke(app, ["init", "cases/my-havza", "--from", "havza-negotiator"]).exit_code == 0
    )
    # by id, from ./cases, as the README tells a newcomer to do
    claim = "Шалва Элиава (შალვა ელიავა) came to Havza, says a letter found in Samsun; İğdır"
    a_source = bundled.items[0].source
    result = runner.invoke(
        app,
        [
            "evidence", "add", "my-havza", "--id", "E41", "--source", a_source,
            "--claim", claim, "--quote", "«Элиава приехал»", "--locator", "f. 3",
            "--rate", "eliava=CC", "--rate", "budyonny=II", "--rate", "Budu=I",
        ],
        env=WIDE,
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    copy = ach.load_case("my-havza")
    after = {h.id: h.posterior for h in ach.rank(copy).hypotheses}
    # a CC for eliava against I and II for two rivals can only raise eliava's share
    assert after["eliava"] > before["eliava"]
    assert after["budyonny"] < before["budyonny"]
    # the table shows exactly those numbers, rounded, for every hypothesis
    for h in copy.hypotheses:
        row = next(line for line in result.stdout.splitlines() if f" {h.label} " in line)
        assert f"{before[h.id]:.3f}" in row and f"{after[h.id]:.3f}" in row
    assert copy.item_by_id["E41"].claim == claim
    written = (Path("cases/my-havza/evidence/E41.yaml")).read_text(encoding="utf-8")
    assert claim in written and "\\u" not in written  # readable, not escaped

    # the bundled case: refused by id where no ./cases copy shadows it, and never changed
    os.rename("cases", "elsewhere")
    refused = runner.invoke(
        app,
        ["evidence", "add", "havza-negotiator", "--id", "E42", "--source", a_source,
         "--claim", "c", "--rate", "eliava=C"],
    )  # fmt: skip
    assert refused.exit_code == 1 and "read-only" in refused.stderr
    assert snapshot(bundled.root) == untouched
