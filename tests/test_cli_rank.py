"""`ach rank`, `ach validate` and `ach cases` as a user meets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ach.cli import app

from tests.conftest import CaseMaker, item, source

runner = CliRunner()


@pytest.fixture
def good_case(make_case: CaseMaker) -> Path:
    return make_case(
        hypotheses=[{"id": "a", "label": "Alpha"}, {"id": "b", "label": "Beta"}],
        sources=[source("s", 1.0)],
        evidence=[item("E1", "s", {"a": 0.9, "b": 0.3})],
    )


def test_rank_json_is_the_output_contract_and_nothing_else(good_case: Path) -> None:
    result = runner.invoke(app, ["rank", str(good_case), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["case"] == "c0" or data["case"] == good_case.name
    hyps = data["hypotheses"]
    assert [h["id"] for h in hyps] == ["a", "b"]
    assert hyps[0]["posterior"] == pytest.approx(0.75, abs=1e-12)  # 0.9 / (0.9 + 0.3)
    assert hyps[0]["interval"] == pytest.approx([0.75, 0.75], abs=1e-12)
    assert {"id", "label", "posterior", "interval", "inconsistency"} <= set(hyps[0])
    assert hyps[0]["posterior"] >= hyps[1]["posterior"]


def test_rank_table_names_the_leader_in_a_plain_sentence(good_case: Path) -> None:
    result = runner.invoke(app, ["rank", str(good_case)], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "Alpha leads with posterior probability 0.75" in result.stdout
    assert "Admiralty" in result.stdout  # the grade mapping is shown


def test_inconsistency_counts_i_once_and_ii_twice_and_skips_repeats(make_case: CaseMaker) -> None:
    folder = make_case(
        hypotheses=[
            {"id": "a", "label": "A"},
            {"id": "b", "label": "B"},
            {"id": "c", "label": "C"},
        ],
        sources=[source("s", "B")],
        evidence=[
            item("E1", "s", {"a": "I", "b": "II", "c": "CC"}),
            item("E2", "s", {"a": "II", "b": "C"}),
            item("E3", "s", {"a": "II", "b": "II"}, repeats="E2"),
            item("E4", "s", {"a": 0.1, "b": 0.9, "c": 0.5}),
        ],
    )
    data = json.loads(runner.invoke(app, ["rank", str(folder), "--json"]).stdout)
    assert {h["id"]: h["inconsistency"] for h in data["hypotheses"]} == {"a": 3, "b": 2, "c": 0}


def test_a_bad_case_gets_one_line_per_problem_and_exit_1(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", "B")], evidence=[item("E07", "s", {"h1": "X"}, colour=1)]
    )
    result = runner.invoke(app, ["rank", str(folder)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "evidence/E07.yaml: ratings.h1: 'X' is not one of CC, C, N, I, II (line 5)",
        "evidence/E07.yaml: colour: unknown key (allowed: id, claim, source, ratings, quote, "
        "locator, date, credibility, noise, repeats, notes) (line 8)",
    ]


def test_an_unknown_case_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["rank", "no-such-case"])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("'no-such-case': no such case folder or case id")


def test_usage_errors_keep_exit_code_2(good_case: Path) -> None:
    assert runner.invoke(app, ["rank", str(good_case), "--draws", "0"]).exit_code == 2
    assert runner.invoke(app, ["rank"]).exit_code == 2


def test_an_unknown_engine_is_a_usage_error(good_case: Path) -> None:
    result = runner.invoke(app, ["rank", str(good_case), "--engine", "magic"])
    assert result.exit_code == 2
    assert "'magic' is not one of" in " ".join(result.stderr.split())


def test_validate_lists_warnings_and_a_summary_without_failing(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", "B"), source("unused", "C")],
        evidence=[{"id": "E1", "claim": "c", "source": "s", "ratings": {"h1": "C"}}],
    )
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0
    assert (
        "warning: evidence/E1.yaml: E1.quote: no quote: a reader cannot check the claim"
        in result.stdout
    )
    assert "warning: sources.yaml: unused: no evidence item cites this source" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith(f"{folder.name}: valid (2 hypotheses")


def test_validate_fails_with_the_same_lines_as_rank(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "Q")])
    rank = runner.invoke(app, ["rank", str(folder)])
    validate = runner.invoke(app, ["validate", str(folder)])
    assert validate.exit_code == rank.exit_code == 1
    assert validate.stderr == rank.stderr


def test_cases_lists_local_cases(make_case: CaseMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_case(case_id="my-case")
    (folder.parent / "cases").mkdir()
    folder.rename(folder.parent / "cases" / "my-case")
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["cases"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "my-case" in result.stdout and "local" in result.stdout


COMMANDS = [
    [],
    ["rank"],
    ["validate"],
    ["cases"],
    ["sensitivity"],
    ["report"],
    ["leads"],
    ["init"],
    ["evidence"],
    ["evidence", "add"],
    ["evidence", "list"],
    ["evidence", "show"],
    ["evidence", "remove"],
    ["sources"],
    ["sources", "add"],
    ["sources", "list"],
    ["sources", "remove"],
    ["sources", "import"],
    ["schema"],
    ["timeline"],
    ["analysts"],
    ["ratings"],
    ["ratings", "set"],
    ["compare"],
    ["log"],
    ["matrix"],
    ["matrix", "export"],
    ["matrix", "import"],
]


def test_the_help_test_covers_every_command() -> None:
    import typer.main

    group = typer.main.get_command(app)
    listed = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        listed.add((name,))
        for sub in getattr(command, "commands", {}):
            listed.add((name, sub))
    assert listed == {tuple(c) for c in COMMANDS if c}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    lines = [line.strip() for line in result.stdout.splitlines()]
    description = lines[lines.index("") + 1] if "" in lines else ""
    assert len(description) > 20  # a sentence saying what the command does


def test_the_library_refuses_pymc_options_for_the_exact_engine(good_case: Path) -> None:
    import ach

    with pytest.raises(
        ach.AchError, match="sampler: options of the pymc engine, not of the exact one"
    ):
        ach.rank(good_case, sampler="nuts")


@pytest.mark.parametrize(
    ("grade", "beta"),
    # the documented Admiralty mapping (docs/engine.md): B is Beta(8, 2), F is Beta(1, 1)
    [("B", "Beta(8, 2), mean 0.80"), ("F", "Beta(1, 1), mean 0.50")],
)
def test_rank_shows_each_grade_with_the_beta_prior_it_stands_for(
    make_case: CaseMaker, grade: str, beta: str
) -> None:
    folder = make_case(
        hypotheses=[{"id": "a", "label": "Alpha"}, {"id": "b", "label": "Beta"}],
        sources=[source("graded", grade)],
        evidence=[item("E1", "graded", {"a": "CC", "b": "I"})],
    )
    result = runner.invoke(app, ["rank", str(folder)], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if line.startswith("│ graded "))
    assert f" {grade} " in row and beta in row
