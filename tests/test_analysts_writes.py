"""Writing analysts' ratings: ``ach ratings set`` and ``ach evidence add --analyst``, with the
guarantees of every write (checked first, atomic, locked; a refusal changes no byte)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import ach
from ach.cli import app

from tests.conftest import CaseMaker, item, snapshot, source
from tests.test_analysts_ratings import write_ratings

RUNNER = CliRunner()


@pytest.fixture
def case(make_case: CaseMaker) -> Path:
    return make_case(
        hypotheses=[
            {"id": "anna", "label": "Anna", "aliases": ["Ann"]},
            {"id": "boris", "label": "Boris"},
        ],
        sources=[source("s", 0.8)],
        evidence=[
            item("E1", "s", {"anna": "CC", "boris": "I"}),
            item("E2", "s", {"anna": "N", "boris": "C"}),
        ],
    )


def set_ratings(case: Path, *args: str) -> tuple[int, str, str]:
    done = RUNNER.invoke(app, ["ratings", "set", str(case), *args])
    return done.exit_code, done.stdout, done.stderr


def test_ratings_set_creates_the_analysts_file_and_the_case_reads_it(case: Path) -> None:
    code, out, _ = set_ratings(
        case, "E1", "--analyst", "mary", "--rate", "Ann=I", "--rate", "boris=C"
    )
    assert code == 0, out
    text = (case / "ratings" / "mary.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[1:] == ["E1: {Ann: I, boris: C}"]
    loaded = ach.load_case(case)
    assert loaded.ratings_of("mary")["E1"] == {"anna": "I", "boris": "C"}
    assert loaded.ratings_of("mary")["E2"] == loaded.ratings["E2"]
    assert "What the change did to mary's ranking" in out
    assert "The leader changed: Anna -> Boris." in " ".join(out.split())


def test_ratings_set_replaces_one_entry_and_keeps_the_rest_and_comments(case: Path) -> None:
    write_ratings(
        case, "mary", "# Mary's second reading\nE1: {anna: I}  # unsure\nE2: {boris: N}\n"
    )
    code, out, _ = set_ratings(case, "E2", "--analyst", "mary", "--rate", "boris=II")
    assert code == 0, out
    assert (case / "ratings" / "mary.yaml").read_text(encoding="utf-8") == (
        "# Mary's second reading\nE1: {anna: I}  # unsure\nE2: {boris: II}\n"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["E1", "--analyst", "mary", "--rate", "anna=X"],
            "ratings/mary.yaml: E1.anna: 'X' is not one of CC, C, N, I, II (line 2)",
        ),
        (
            ["E1", "--analyst", "mary", "--rate", "zed=C"],
            "ratings/mary.yaml: E1.zed: 'zed' is not a hypothesis id or alias (ids: anna, boris) (line 2)",
        ),
        (
            ["E1", "--analyst", "mary", "--rate", "anna=C", "--rate", "boris=0.5"],
            "ratings/mary.yaml: E1: mixes consistency codes and probabilities; use one or the other (line 2)",
        ),
        (
            ["E9", "--analyst", "mary", "--rate", "anna=C"],
            "ratings/mary.yaml: E9: 'E9' is not an evidence id (line 2)",
        ),
        (
            ["E1", "--analyst", "case", "--rate", "anna=C"],
            "--analyst case: the items' own ratings are written in their files under evidence/; "
            "name another analyst; nothing was written",
        ),
        (
            ["E1", "--analyst", "Mary", "--rate", "anna=C"],
            "--analyst 'Mary': not a valid analyst name (lower-case letters, digits and '-'; it "
            "names the file ratings/<name>.yaml); nothing was written",
        ),
    ],
)
def test_a_refused_ratings_set_is_one_line_and_changes_no_byte(
    case: Path, args: list[str], line: str
) -> None:
    before = snapshot(case)
    code, _, err = set_ratings(case, *args)
    assert code == 1
    assert err == line + "\n"
    assert snapshot(case) == before


def test_a_refused_change_to_an_existing_file_leaves_it_as_it_was(case: Path) -> None:
    write_ratings(case, "mary", "E1: {anna: I}  # keep me\n")
    before = snapshot(case)
    code, _, err = set_ratings(case, "E2", "--analyst", "mary", "--rate", "boris=1.5")
    assert code == 1
    assert err.startswith("ratings/mary.yaml: E2.boris: 1.5 is not a probability in [0, 1]")
    assert snapshot(case) == before


def test_a_bundled_case_is_never_written(tmp_path: Path) -> None:
    bundled = ach.load_case("havza-negotiator").root
    before = snapshot(bundled)
    done = RUNNER.invoke(
        app,
        ["ratings", "set", "havza-negotiator", "E07", "--analyst", "mary", "--rate", "eliava=C"],
    )
    assert done.exit_code == 1
    assert "is bundled with ach and read-only here" in done.stderr
    assert snapshot(bundled) == before


def add_item(case: Path, *extra: str) -> tuple[int, str, str]:
    args = ["evidence", "add", str(case), "--id", "E3", "--source", "s", "--claim", "new"]
    done = RUNNER.invoke(app, [*args, *extra])
    return done.exit_code, done.stdout, done.stderr


def test_evidence_add_with_an_analyst_puts_the_ratings_in_their_file(case: Path) -> None:
    code, out, _ = add_item(case, "--rate", "boris=CC", "--analyst", "zoe")
    assert code == 0, out
    loaded = ach.load_case(case)
    # the item's own ratings are every hypothesis N; Zoe's are what was given
    assert loaded.ratings["E3"] == {"anna": "N", "boris": "N"}
    assert loaded.ratings_of("zoe")["E3"] == {"anna": "N", "boris": "CC"}
    assert loaded.analyst_files == {"zoe": "ratings/zoe.yaml"}
    assert "What the item did to zoe's ranking" in out


def test_a_refused_add_with_an_analyst_writes_neither_file(case: Path) -> None:
    before = snapshot(case)
    code, _, err = add_item(case, "--rate", "boris=X", "--analyst", "zoe")
    assert code == 1
    assert err == "ratings/zoe.yaml: E3.boris: 'X' is not one of CC, C, N, I, II (line 2)\n"
    assert snapshot(case) == before


def test_evidence_add_analyst_with_edit_is_a_usage_error(case: Path) -> None:
    code, _, _ = add_item(case, "--rate", "boris=C", "--analyst", "zoe", "--edit")
    assert code == 2
