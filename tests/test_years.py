"""Source years and `ach rank --as-of`: what could be known when.

Numbers are checked against the closed form of the model with fixed reliabilities (see
:func:`tests.years_cases.closed_form`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import ach
from ach.cli import app

from tests.conftest import CaseMaker, item, source
from tests.years_cases import closed_form, write_literature

runner = CliRunner()


def rank_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["rank", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def posteriors(data: dict[str, Any]) -> dict[str, float]:
    return {h["id"]: h["posterior"] for h in data["hypotheses"]}


@pytest.fixture
def literature(make_case: CaseMaker) -> Path:
    return write_literature(make_case)


def test_as_of_equals_the_case_with_the_later_items_deleted_from_disk(
    literature: Path, tmp_path: Path
) -> None:
    trimmed = tmp_path / "trimmed" / literature.name
    shutil.copytree(literature, trimmed)
    for later in ("E2", "E3", "E4", "E6"):  # the letter comes through the 1967 memoir
        (trimmed / "evidence" / f"{later}.yaml").unlink()

    cut = rank_json(str(literature), "--as-of", "1960")
    on_disk = rank_json(str(trimmed))

    assert cut["hypotheses"] == on_disk["hypotheses"]
    assert cut["sources"] == on_disk["sources"]
    expected = closed_form([(0.8, [0.8, 0.2]), (0.7, [0.4, 0.5])])
    assert posteriors(cut) == pytest.approx({"a": expected[0], "b": expected[1]}, abs=1e-12)


def test_a_derived_source_is_known_only_from_its_origins_later_year(literature: Path) -> None:
    # as of 1919 the letter was written, but it is known only through the 1967 memoir
    early = posteriors(rank_json(str(literature), "--as-of", "1966"))
    assert early["a"] == pytest.approx(closed_form([(0.8, [0.8, 0.2]), (0.7, [0.4, 0.5])])[0])
    # in 1967 both arrive; the letter's r is its own times the memoir's (0.9 * 0.5)
    late = posteriors(rank_json(str(literature), "--as-of", "1967"))
    expected = closed_form(
        [(0.8, [0.8, 0.2]), (0.45, [0.1, 0.9]), (0.5, [0.3, 0.6]), (0.7, [0.4, 0.5])]
    )
    assert late["a"] == pytest.approx(expected[0], abs=1e-12)


def test_an_undated_source_is_kept_at_every_date_and_the_result_says_how_many(
    literature: Path,
) -> None:
    result = ach.rank(ach.load_case(literature), as_of=1900)
    # nothing dated by 1900: only the undated report counts
    expected = closed_form([(0.7, [0.4, 0.5])])
    assert result.hypothesis("a").posterior == pytest.approx(expected[0], abs=1e-12)
    assert result.warnings == (
        "as of 1900: 1 of 5 sources has no year and counts as available at every date (report)",
    )
    assert result.provenance.settings["as_of"] == 1900


def test_as_of_after_every_source_is_the_whole_case(literature: Path) -> None:
    whole = rank_json(str(literature))
    cut = rank_json(str(literature), "--as-of", "2030")
    assert cut["hypotheses"] == whole["hypotheses"]
    assert whole["provenance"]["settings"] == {}
    assert cut["provenance"]["settings"] == {"as_of": 2030}


def test_an_as_of_before_every_item_is_the_prior_and_says_so(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", 0.9, year=1990)],
        evidence=[item("E1", "s", {"h1": 0.9, "h2": 0.1})],
    )
    result = runner.invoke(app, ["rank", str(folder), "--as-of", "1980", "--json"])
    assert result.exit_code == 0
    assert posteriors(json.loads(result.stdout)) == {"h1": 0.5, "h2": 0.5}
    assert result.stderr.splitlines()[-1] == (
        "warning: as of 1980: no item counts yet, so the ranking is the prior"
    )


def test_the_terminal_ranking_names_the_year(literature: Path) -> None:
    result = runner.invoke(app, ["rank", str(literature), "--as-of", "1960"])
    assert result.exit_code == 0
    assert f"{literature.name}: A demonstration case (as of 1960)" in result.stdout


@pytest.mark.parametrize(
    ("written", "shown"),
    [("1967a", "'1967a'"), (1967.5, "1967.5"), ("1967", "'1967'"), (True, "true")],
)
def test_a_year_that_is_not_an_integer_is_one_line_naming_the_file_and_field(
    make_case: CaseMaker, written: object, shown: str
) -> None:
    folder = make_case(
        sources=[source("s", "B", year=written)],
        evidence=[item("E1", "s", {"h1": "C", "h2": "I"})],
    )
    for command in ("validate", "rank"):
        result = runner.invoke(app, [command, str(folder)])
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"sources.yaml: s.year: {shown} is not a year (an integer, such as 1967) (line 5)"
        ]


def test_a_letter_dated_before_the_memoir_it_comes_through_earns_no_warning(
    make_case: CaseMaker,
) -> None:
    folder = make_case(
        sources=[
            source("memoir", "B", year=1967),
            source("letter", "B", year=1919, derived_from=["memoir"]),
        ],
        evidence=[
            item("E1", "letter", {"h1": "C", "h2": "I"}),
            item("E2", "memoir", {"h1": "I", "h2": "C"}),
        ],
    )
    assert ach.load_case(folder).warnings == ()
    assert ach.load_case(folder).source_by_id["letter"].year == 1919


def test_sources_add_writes_the_year_and_sources_list_shows_it(
    make_case: CaseMaker,
) -> None:
    folder = make_case(
        sources=[source("s", "B", year=1950)], evidence=[item("E1", "s", {"h1": "C", "h2": "I"})]
    )
    added = runner.invoke(
        app,
        [
            *("sources", "add", str(folder), "--id", "book", "--kind", "scholarship"),
            *("--reliability", "C", "--citation", "A book", "--year", "2005"),
        ],
    )
    assert added.exit_code == 0, added.stderr
    assert ach.load_case(folder).source_by_id["book"].year == 2005
    assert "  year: 2005\n" in (folder / "sources.yaml").read_text(encoding="utf-8")
    listed = runner.invoke(app, ["sources", "list", str(folder)], env={"COLUMNS": "120"})
    rows = {line.split("│")[1].strip(): line for line in listed.stdout.splitlines() if "│" in line}
    assert rows["book"].split("│")[7].strip() == "2005"
    assert rows["s"].split("│")[7].strip() == "1950"


@pytest.mark.slow
def test_as_of_with_the_pymc_engine_leaves_out_the_same_items(make_case: CaseMaker) -> None:
    folder = make_case(
        hypotheses=[{"id": "a", "label": "Alpha"}, {"id": "b", "label": "Beta"}],
        sources=[
            source("memoir", "B", year=1967),
            source("letter", "C", year=1919, derived_from=["memoir"]),
            source("early", "C", year=1930),
            source("report", "D"),
        ],
        evidence=[
            item("E1", "early", {"a": "CC", "b": "I"}),
            item("E2", "letter", {"a": "II", "b": "CC"}),
            item("E3", "memoir", {"a": "I", "b": "C"}),
            item("E4", "report", {"a": "C", "b": "N"}),
        ],
    )
    exact = rank_json(str(folder), "--as-of", "1950")
    sampled = rank_json(str(folder), "--as-of", "1950", "--engine", "pymc")
    assert posteriors(sampled) == pytest.approx(posteriors(exact), abs=0.02)
    assert posteriors(exact) != pytest.approx(posteriors(rank_json(str(folder))), abs=0.05)
    assert sampled["provenance"]["settings"]["as_of"] == 1950
    assert sampled["warnings"][-1].startswith("as of 1950: 1 of 4 sources has no year")


def test_the_reports_list_each_sources_year(literature: Path) -> None:
    from ach.analysis import analyse
    from ach.reports.document import build_document
    from ach.reports.markdown import render_markdown

    case = ach.load_case(literature)
    text = render_markdown(build_document(case, ach.rank(case), analyse(case)))
    assert "| memoir-1950 | other | 1950 | 0.8 |" in text
    assert "| report | other | — | 0.7 |" in text


def test_the_json_schema_of_sources_gives_year_as_an_integer() -> None:
    from ach.case.schema import schemas

    source_schema = schemas()["sources"]["$defs"]["Source"]["properties"]["year"]
    assert {"type": "integer"} in source_schema["anyOf"]
    assert {"type": "null"} in source_schema["anyOf"]


def test_as_of_reads_an_analysts_ratings_of_the_items_that_count(literature: Path) -> None:
    ratings = literature / "ratings"
    ratings.mkdir()
    (ratings / "ann.yaml").write_text(
        "E1: {a: 0.2, b: 0.8}\nE4: {a: 0.1, b: 0.9}\n", encoding="utf-8"
    )
    cut = posteriors(rank_json(str(literature), "--as-of", "1960", "--analyst", "ann"))
    # E4 (2005) is left out with its rating; ann's reading of E1 replaces the item's own
    a, b = closed_form([(0.8, [0.2, 0.8]), (0.7, [0.4, 0.5])])
    assert cut == pytest.approx({"a": a, "b": b}, abs=1e-12)
