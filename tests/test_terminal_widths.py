"""Every command reads at 80 columns and in a pipe: no line wider than the console, every id whole.

CliRunner is a pipe (no colour); ``COLUMNS`` sets the width rich lays out for, as a terminal
or ``COLUMNS=80 ach ... | cat`` would. The ids each output must show are taken from the case
and from the JSON outputs, not from the rendering under test, so a cut id ("meshvelis…") or
one folded across two lines fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

import ach
from ach.cli import app

runner = CliRunner()
CASE = "havza-negotiator"
WIDTHS = (80, 160)


def run(args: list[str], width: int) -> str:
    result = runner.invoke(app, args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_fits(text: str, width: int) -> None:
    widest = max((cell_len(line) for line in text.splitlines()), default=0)
    assert widest <= width, f"a line of {widest} cells at width {width}"


def assert_whole(text: str, ids: list[str]) -> None:
    missing = [i for i in ids if i not in text]
    assert not missing, f"not shown whole: {missing}"
    assert "…" not in text  # rich's mark of a cut cell


@pytest.fixture(scope="module")
def havza() -> ach.Case:
    return ach.load_case(CASE)


@pytest.mark.parametrize("width", WIDTHS)
def test_rank_shows_every_source_and_driver_whole(havza: ach.Case, width: int) -> None:
    text = run(["rank", CASE], width)
    assert_fits(text, width)
    drivers = [d["id"] for d in json.loads(run(["rank", CASE, "--json"], width))["drivers"]]
    assert drivers  # the Havza case has items that carry its leader
    assert_whole(text, [s.id for s in havza.sources] + drivers)
    # the derivations stay readable too: every parent named whole
    assert_whole(text, [p for s in havza.sources for p in s.derived_from])


@pytest.mark.parametrize("width", WIDTHS)
def test_sources_list_shows_every_source_whole(havza: ach.Case, width: int) -> None:
    text = run(["sources", "list", CASE], width)
    assert_fits(text, width)
    assert_whole(text, [s.id for s in havza.sources])


@pytest.mark.parametrize("width", WIDTHS)
def test_evidence_list_shows_every_item_source_and_hypothesis_whole(
    havza: ach.Case, width: int
) -> None:
    text = run(["evidence", "list", CASE], width)
    assert_fits(text, width)
    assert_whole(
        text,
        [e.id for e in havza.items]
        + sorted({e.source for e in havza.items})
        + [h.id for h in havza.hypotheses],
    )


def test_evidence_list_at_80_columns_numbers_the_hypotheses_with_a_legend(
    havza: ach.Case,
) -> None:
    # a rating column per hypothesis, headed by ids of up to 8 letters: no room for the claims
    text = run(["evidence", "list", CASE], 80)
    legend = ", ".join(f"{k} {h.id}" for k, h in enumerate(havza.hypotheses, start=1))
    assert "hypotheses: " + legend in " ".join(text.split())
    row = next(line for line in text.splitlines() if line.startswith("│ E19"))
    # the ratings under the numbers are E19's, in the case's order of hypotheses
    expected = [str(havza.ratings["E19"][h.id]) for h in havza.hypotheses]
    assert [c.strip() for c in row.strip("│").split("│")][-len(expected) :] == expected


@pytest.mark.parametrize("width", WIDTHS)
def test_evidence_show_keeps_the_ids_whole(havza: ach.Case, width: int) -> None:
    text = run(["evidence", "show", CASE, "E19"], width)
    assert_fits(text, width)
    assert_whole(text, ["E19", "yerasimos-2000", *(h.id for h in havza.hypotheses)])


@pytest.mark.parametrize("width", WIDTHS)
def test_sensitivity_shows_the_listed_items_and_sources_whole(width: int) -> None:
    text = run(["sensitivity", CASE], width)
    assert_fits(text, width)
    data = json.loads(run(["sensitivity", CASE, "--json"], width))
    assert_whole(text, [i["id"] for i in data["items"][:10]])
    assert_whole(text, [i["source"] for i in data["items"][:10]])
    assert_whole(text, [s["id"] for s in data["sources"][:10]])


@pytest.mark.parametrize("width", WIDTHS)
def test_validate_lists_each_warning_within_the_width(havza: ach.Case, width: int) -> None:
    text = run(["validate", CASE], width)
    assert_fits(text, width)
    assert_whole(text, [w.file for w in havza.warnings])
    assert text.count("warning: ") == len(havza.warnings)


@pytest.mark.parametrize("width", WIDTHS)
def test_cases_shows_the_case_id_and_its_whole_folder(havza: ach.Case, width: int) -> None:
    text = run(["cases", "--paths"], width)
    assert_fits(text, width)
    assert CASE in text
    # a folder wider than its column is folded, never cut: every character is there
    folded = "".join(
        line.split("│")[5].strip() for line in text.splitlines() if line.count("│") == 6
    )
    assert str(havza.root) in folded or str(havza.root) in text


@pytest.mark.parametrize("width", WIDTHS)
def test_evidence_add_shows_before_and_after_within_the_width(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["init", "mine", "--from", CASE]).exit_code == 0
    text = run(
        [
            "evidence",
            "add",
            "mine",
            "--id",
            "E41",
            "--source",
            "yerasimos-2000",
            "--claim",
            "A new claim.",
            "--rate",
            "suphi=C",
        ],
        width,
    )
    assert_fits(text, width)
    assert "E41.yaml" in text
    for h in ach.load_case(tmp_path / "mine").hypotheses:
        assert h.label.split()[0] in text


@pytest.mark.parametrize("width", WIDTHS)
def test_leads_show_every_lead_and_outcome_whole(width: int) -> None:
    text = run(["leads", CASE], width)
    assert_fits(text, width)
    data = json.loads(run(["leads", CASE, "--json"], width))
    assert_whole(text, [lead["id"] for lead in data["leads"]])
    assert_whole(text, [o["id"] for lead in data["leads"] for o in lead["outcomes"]])


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_and_analysts_keep_to_the_width(havza: ach.Case, width: int) -> None:
    for command in (["timeline", CASE], ["analysts", CASE]):
        text = run(command, width)
        assert_fits(text, width)
        assert_whole(text, [h.id for h in havza.hypotheses])
