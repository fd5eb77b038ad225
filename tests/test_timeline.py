"""`ach timeline`: the case ranked as of every distinct source year."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

import ach
from ach.analysis.timeline import timeline
from ach.cli import app
from ach.reports.timeline import build_growth, leader_history, render_timeline

from tests.conftest import CaseMaker, item, source
from tests.years_cases import closed_form, write_literature

runner = CliRunner()

E1, E2, E3 = (0.8, [0.8, 0.2]), (0.9 * 0.5, [0.1, 0.9]), (0.5, [0.3, 0.6])
E4, E5 = (0.6, [0.9, 0.3]), (0.7, [0.4, 0.5])


@pytest.fixture
def literature(make_case: CaseMaker) -> Path:
    return write_literature(make_case)


@pytest.fixture
def graded(make_case: CaseMaker) -> Path:
    """Uncertain reliabilities, so that intervals and draws are part of what must agree."""
    return make_case(
        case_id="letters",
        hypotheses=[{"id": "a", "label": "Alpha"}, {"id": "b", "label": "Beta"}],
        sources=[
            source("memoir-1950", "C", year=1950),
            source("memoir-1967", "B", year=1967),
            source("letter-1919", "B", year=1919, derived_from=["memoir-1967"]),
            source("book-2005", "B", year=2005),
            source("report", "D"),
        ],
        evidence=[
            item("E1", "memoir-1950", {"a": "C", "b": "I"}),
            item("E2", "letter-1919", {"a": "II", "b": "CC"}),
            item("E3", "memoir-1967", {"a": "I", "b": "C"}),
            item("E4", "book-2005", {"a": "CC", "b": "I"}),
            item("E5", "report", {"a": "I", "b": "N"}),
        ],
    )


def invoke_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_json_is_the_contract_years_ascending_with_the_items_that_count(
    literature: Path,
) -> None:
    data = invoke_json("timeline", str(literature))
    assert list(data) == ["case", "timeline"]
    assert data["case"] == literature.name
    assert [list(p) for p in data["timeline"]] == [["year", "items", "hypotheses"]] * 4
    assert [p["year"] for p in data["timeline"]] == [1919, 1950, 1967, 2005]
    # the undated report counts from the start; the 1919 letter only with the 1967 memoir;
    # E6 restates E4 and adds no weight, so it is not counted
    assert [p["items"] for p in data["timeline"]] == [1, 2, 4, 5]


def test_each_year_is_the_closed_form_posterior_of_the_items_known_by_then(
    literature: Path,
) -> None:
    data = invoke_json("timeline", str(literature))
    expected = [
        closed_form([E5]),
        closed_form([E1, E5]),
        closed_form([E1, E2, E3, E5]),
        closed_form([E1, E2, E3, E4, E5]),
    ]
    for point, (a, b) in zip(data["timeline"], expected, strict=True):
        got = {h["id"]: h["posterior"] for h in point["hypotheses"]}
        assert got == pytest.approx({"a": a, "b": b}, abs=1e-12)


def test_the_last_point_is_ach_rank_and_every_point_is_rank_as_of_that_year(
    graded: Path,
) -> None:
    data = invoke_json("timeline", str(graded))
    ranked = invoke_json("rank", str(graded))
    assert data["timeline"][-1]["hypotheses"] == ranked["hypotheses"]
    for point in data["timeline"]:
        as_of = invoke_json("rank", str(graded), "--as-of", str(point["year"]))
        assert point["hypotheses"] == as_of["hypotheses"]


def test_sources_enter_in_the_year_their_items_first_count(literature: Path) -> None:
    tl = timeline(ach.load_case(literature))
    assert [p.entered for p in tl.points] == [
        (),
        ("memoir-1950",),
        ("memoir-1967", "letter-1919"),
        ("book-2005",),
    ]
    assert tl.undated == ("report",)
    assert tl.warnings == (
        "1 of 5 sources has no year and counts as available at every date (report)",
    )


def test_the_sentence_says_when_the_present_leader_first_led(literature: Path) -> None:
    # by hand: Beta leads on the report alone (0.485 against 0.415), Alpha once the 1950
    # memoir counts, Beta again with the 1967 memoir and letter, Alpha with the 2005 book
    tl = timeline(ach.load_case(literature))
    assert [p.leader for p in tl.points] == ["b", "a", "b", "a"]
    assert leader_history(tl) == (
        "Alpha, the present leader, first led in 1950, with 2 items counted; others led "
        "after that, and it has led again since 2005."
    )


def test_a_leader_that_never_lost_the_lead_has_led_ever_since(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", 0.9, year=1950), source("t", 0.9, year=1980)],
        evidence=[item("E1", "s", {"h1": 0.9, "h2": 0.1}), item("E2", "t", {"h1": 0.6, "h2": 0.4})],
    )
    assert leader_history(timeline(ach.load_case(folder))) == (
        "Hypothesis one, the present leader, first led in 1950, with 1 item counted, and has "
        "led at every source year since."
    )


def test_the_big_moves_are_the_years_whose_sources_changed_the_answer(literature: Path) -> None:
    tl = timeline(ach.load_case(literature))
    shifts = [p.shift for p in tl.points]
    # total variation between consecutive posteriors; 1919 adds nothing to the undated report
    posteriors = [closed_form([E5])]
    posteriors += [closed_form([E1, E5]), closed_form([E1, E2, E3, E5])]
    posteriors += [closed_form([E1, E2, E3, E4, E5])]
    expected = [0.0] + [abs(b[0] - a[0]) for a, b in pairwise(posteriors)]
    assert shifts == pytest.approx(expected, abs=1e-12)
    section = build_growth(tl)
    assert section is not None
    assert [m.year for m in section.marks] == [1950, 1967, 2005]
    assert section.marks[1].sources == ("memoir-1967", "letter-1919")


def test_the_terminal_table_keeps_every_id_whole_at_80_columns(literature: Path) -> None:
    console = Console(width=80, color_system=None, record=True)
    console.print(render_timeline(timeline(ach.load_case(literature))))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "  1967: memoir-1967, letter-1919" in text
    cells = [line.split("│") for line in text.splitlines() if line.startswith("│")]
    rows = [r for r in cells if r[1].strip().isdigit()]
    assert [r[1].strip() for r in rows] == ["1919", "1950", "1967", "2005"]
    assert [r[3].strip() for r in rows] == ["b", "a", "b", "a"]


def test_a_case_without_years_has_an_empty_timeline_and_says_why(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    result = runner.invoke(app, ["timeline", str(folder), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"case": folder.name, "timeline": []}
    assert "warning: no source has a year, so there is no timeline to show" in result.stderr
    plain = runner.invoke(app, ["timeline", str(folder)])
    assert "No source gives a year" in plain.stdout


def test_a_bad_case_is_one_line_and_exit_1(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B", year="soon")])
    result = runner.invoke(app, ["timeline", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "sources.yaml: s.year: 'soon' is not a year (an integer, such as 1967) (line 5)"
    ]


def test_on_the_havza_case_the_items_follow_the_derivation_chains_and_end_at_rank() -> None:
    import yaml

    folder = ach.load_case("havza-negotiator").root
    sources = {s["id"]: s for s in yaml.safe_load((folder / "sources.yaml").read_text())}
    if not any("year" in s for s in sources.values()):
        pytest.skip("the bundled case's sources carry no years")

    def first_year(sid: str) -> int | None:  # walked here from the YAML, not by ach
        years = [sources[sid].get("year")]
        years += [first_year(parent) for parent in sources[sid].get("derived_from", [])]
        known = [y for y in years if y is not None]
        return max(known) if known else None

    items = []
    for path in sorted((folder / "evidence").rglob("*.yaml")):
        loaded = yaml.safe_load(path.read_text())
        items += loaded if isinstance(loaded, list) else [loaded]
    counted = [first_year(e["source"]) for e in items if not e.get("repeats")]
    data = invoke_json("timeline", "havza-negotiator")
    years = sorted({s["year"] for s in sources.values() if "year" in s})
    assert [p["year"] for p in data["timeline"]] == years
    assert [p["items"] for p in data["timeline"]] == [
        sum(1 for y in counted if y is None or y <= year) for year in years
    ]
    assert (
        data["timeline"][-1]["hypotheses"] == invoke_json("rank", "havza-negotiator")["hypotheses"]
    )
