"""`ach rank --save` and `ach compare`: what changed between two versions of a case, and the
effect of each change on the leader's log-odds against the runner-up.

The cases use sources of fixed reliability 1 (or 0.5), so that every log-odds has a closed
form: with r = 1 an item rated C for h1 and N for h2 multiplies the odds of h1 by 2/1; with
r = 0.5 its likelihood is 0.5 * L + 0.5 * mean(L), i.e. 1.75 against 1.25.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import ach
from ach.cli import app

from tests.conftest import CaseMaker, item, source

runner = CliRunner()

LOG2, LOG4 = math.log(2.0), math.log(4.0)
#: with reliability 0.5: (0.5 * 2 + 0.5 * 1.5) / (0.5 * 1 + 0.5 * 1.5)
HALF_RELIABLE_C = math.log(1.75 / 1.25)


def old_case(make_case: CaseMaker) -> Path:
    return make_case(
        sources=[source("s", 1.0), source("t", 1.0)],
        evidence=[
            item("E1", "s", {"h1": "C"}),
            item("E3", "s", {"h1": "C"}),
            item("E4", "t", {"h1": "C"}),
        ],
    )


def edit(folder: Path) -> None:
    """The new version: E2 added (CC for h1), E3 re-rated C -> N, E1's notes only, source t
    down to reliability 0.5."""
    (folder / "evidence" / "E2.yaml").write_text(
        yaml.safe_dump(item("E2", "s", {"h1": "CC"})), encoding="utf-8"
    )
    e3 = yaml.safe_load((folder / "evidence" / "E3.yaml").read_text())
    e3["ratings"] = {"h1": "N"}
    (folder / "evidence" / "E3.yaml").write_text(yaml.safe_dump(e3), encoding="utf-8")
    e1 = yaml.safe_load((folder / "evidence" / "E1.yaml").read_text())
    e1["notes"] = "a note, and a new quote"
    e1["quote"] = "another quote"
    (folder / "evidence" / "E1.yaml").write_text(yaml.safe_dump(e1), encoding="utf-8")
    sources = yaml.safe_load((folder / "sources.yaml").read_text())
    sources[1]["reliability"] = 0.5
    (folder / "sources.yaml").write_text(yaml.safe_dump(sources), encoding="utf-8")


def effects(changes: list[dict[str, object]]) -> dict[str, object]:
    return {str(c["id"]): c["effect"] for c in changes}


def check_known_changes(out: dict[str, object]) -> None:
    changes = out["changes"]
    assert isinstance(changes, list)
    found = effects(changes)
    assert set(found) == {"E1", "E2", "E3", "t"}
    # each change undone alone; independent items with r = 1 add their log-likelihood ratios
    assert found["E2"] == pytest.approx(LOG4, abs=1e-9)
    assert found["E3"] == pytest.approx(-LOG2, abs=1e-9)
    assert found["t"] == pytest.approx(HALF_RELIABLE_C - LOG2, abs=1e-9)
    assert found["E1"] == 0.0  # notes and quote do not enter the model
    assert [c["id"] for c in changes] == ["E2", "E3", "t", "E1"]  # largest effect first
    by_id = {c["id"]: c for c in changes}
    assert by_id["E1"]["change"] == "edited: quote, notes"
    assert by_id["E1"]["weighs"] is False
    assert by_id["E3"]["change"] == "edited: ratings"
    assert by_id["E2"]["kind"] == "item" and by_id["E2"]["change"] == "added"
    assert by_id["t"]["kind"] == "source" and by_id["t"]["change"] == "edited: reliability"
    before, after = out["before"], out["after"]
    assert isinstance(before, dict) and isinstance(after, dict)
    # before: odds 2 * 2 * 2 = 8; after: 2 * 4 * 1 * 1.4 = 11.2
    assert before["hypotheses"][0]["posterior"] == pytest.approx(8 / 9, abs=1e-12)
    assert after["hypotheses"][0]["posterior"] == pytest.approx(11.2 / 12.2, abs=1e-12)


def test_compare_of_two_saved_runs_attributes_each_change(
    make_case: CaseMaker, tmp_path: Path
) -> None:
    folder = old_case(make_case)
    old_json, new_json = tmp_path / "old.json", tmp_path / "new.json"
    assert runner.invoke(app, ["rank", str(folder), "--save", str(old_json)]).exit_code == 0
    edit(folder)
    assert runner.invoke(app, ["rank", str(folder), "--save", str(new_json)]).exit_code == 0
    done = runner.invoke(app, ["compare", str(old_json), str(new_json), "--json"])
    assert done.exit_code == 0, done.output
    check_known_changes(json.loads(done.stdout))


def test_saved_run_is_the_json_output_plus_contributions_and_digest(
    make_case: CaseMaker, tmp_path: Path
) -> None:
    folder = old_case(make_case)
    saved = tmp_path / "run.json"
    plain = runner.invoke(app, ["rank", str(folder), "--json"])
    assert runner.invoke(app, ["rank", str(folder), "--save", str(saved)]).exit_code == 0
    run, printed = json.loads(saved.read_text()), json.loads(plain.stdout)
    assert {k: run[k] for k in printed} == printed
    assert run["case_digest"] == ach.load_case(folder).digest
    items = {c["id"]: c["influence"] for c in run["contributions"]["items"]}
    # leader h1 against h2: each item rated C with r = 1 carries log 2
    assert items == pytest.approx({"E1": LOG2, "E3": LOG2, "E4": LOG2}, abs=1e-9)
    sources = {c["id"]: c["influence"] for c in run["contributions"]["sources"]}
    assert sources == pytest.approx({"s": 2 * LOG2, "t": LOG2}, abs=1e-9)


def test_save_refused_on_a_bad_case_writes_nothing(make_case: CaseMaker, tmp_path: Path) -> None:
    folder = make_case(sources=[source("s", 1.0)], evidence=[item("E1", "nobody", {"h1": "C"})])
    saved = tmp_path / "run.json"
    done = runner.invoke(app, ["rank", str(folder), "--save", str(saved)])
    assert done.exit_code == 1
    assert not saved.exists()


def test_library_compare_of_cases_matches(make_case: CaseMaker) -> None:
    folder = old_case(make_case)
    before = ach.load_case(folder)
    edit(folder)
    result = ach.compare(before, ach.load_case(folder))
    check_known_changes(json.loads(result.to_json()))
    assert (result.leader, result.runner_up) == ("h1", "h2")
    assert result.log_odds_after - result.log_odds_before == pytest.approx(
        math.log(11.2 / 8), abs=1e-9
    )
    # independent sources of fixed reliability: here, and only in such cases, the effects add up
    total = sum(c.effect or 0.0 for c in result.changes)
    assert total == pytest.approx(math.log(11.2 / 8), abs=1e-9)


def test_an_item_added_in_memory_is_measured(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", 1.0)],
        evidence=[item("E1", "s", {"h1": "C"}), item("E0", "s", {"h1": "C"})],
    )
    before = ach.load_case(folder)
    after = before.with_evidence(id="E2", claim="c", source="s", ratings={"h1": "I"})
    (change,) = ach.compare(before, after).changes
    assert (change.id, change.change) == ("E2", "added")
    assert change.effect == pytest.approx(-LOG2, abs=1e-9)  # 0.5 against 1


def test_a_new_source_is_measured_on_the_old_case_and_its_item_on_the_new(
    make_case: CaseMaker,
) -> None:
    folder = make_case(sources=[source("s", 1.0)], evidence=[item("E1", "s", {"h1": "C"})])
    before = ach.load_case(folder)
    sources = yaml.safe_load((folder / "sources.yaml").read_text())
    (folder / "sources.yaml").write_text(yaml.safe_dump([*sources, source("u", 1.0)]))
    (folder / "evidence" / "E5.yaml").write_text(yaml.safe_dump(item("E5", "u", {"h1": "CC"})))
    result = ach.compare(before, ach.load_case(folder))
    by_id = {c.id: c for c in result.changes}
    # u cannot be taken out of the new case while E5 cites it: it is added alone to the old
    # case instead, where a source without items changes nothing
    assert by_id["u"].how == "applied to the old case"
    assert by_id["u"].effect == 0.0
    assert by_id["E5"].how == "undone in the new case"
    assert by_id["E5"].effect == pytest.approx(LOG4, abs=1e-9)


def test_compare_refuses_a_plain_json_output(make_case: CaseMaker, tmp_path: Path) -> None:
    folder = old_case(make_case)
    plain = tmp_path / "plain.json"
    plain.write_text(runner.invoke(app, ["rank", str(folder), "--json"]).stdout)
    done = runner.invoke(app, ["compare", str(plain), str(plain)])
    assert done.exit_code == 1
    assert done.stderr.strip() == (
        f"{plain}: case_digest: field required (save a run with `ach rank CASE --save FILE.json`)"
    )


def test_compare_needs_two_runs_or_since(tmp_path: Path) -> None:
    done = runner.invoke(app, ["compare", str(tmp_path / "a.json")])
    assert done.exit_code == 2


def test_terminal_comparison_fits_80_columns(make_case: CaseMaker) -> None:
    from rich.console import Console

    from ach.reports.compare import render_comparison

    folder = old_case(make_case)
    before = ach.load_case(folder)
    edit(folder)
    console = Console(width=80, color_system=None, record=True)
    console.print(render_comparison(ach.compare(before, ach.load_case(folder))))
    text = console.export_text()
    assert all(len(line) <= 80 for line in text.splitlines())
    for ident in ("E1", "E2", "E3", "t"):
        assert f" {ident} " in text
    assert "+1.386" in text and "-0.693" in text and "+0.000" in text
    assert "the effects need not add up" in " ".join(text.split())


def test_a_new_hypothesis_that_leads_has_no_log_odds_before(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", 1.0)], evidence=[item("E1", "s", {"h1": "C"})])
    before = ach.load_case(folder)
    meta = yaml.safe_load((folder / "case.yaml").read_text())
    meta["hypotheses"].append({"id": "h3", "label": "Hypothesis three"})
    (folder / "case.yaml").write_text(yaml.safe_dump(meta))
    (folder / "evidence" / "E2.yaml").write_text(yaml.safe_dump(item("E2", "s", {"h3": "CC"})))
    result = ach.compare(before, ach.load_case(folder))
    assert (result.leader, result.runner_up) == ("h3", "h1")  # odds 4 : 2 : 1
    assert result.log_odds_before is None
    by_id = {c.id: c for c in result.changes}
    # E1 now reads N for h3, as every item that does not rate a new hypothesis: not an edit
    assert set(by_id) == {"demo", "E2"}
    assert by_id["E2"].effect == pytest.approx(LOG4, abs=1e-9)  # log(4/2) - log(1/2)
    assert by_id["demo"].kind == "case" and by_id["demo"].change == "edited: hypotheses"
    assert by_id["demo"].effect is None and by_id["demo"].note is not None


def test_a_saved_run_whose_files_were_changed_is_refused(
    make_case: CaseMaker, tmp_path: Path
) -> None:
    folder = old_case(make_case)
    saved = tmp_path / "run.json"
    assert runner.invoke(app, ["rank", str(folder), "--save", str(saved)]).exit_code == 0
    run = json.loads(saved.read_text())
    run["files"]["evidence/E1.yaml"] = run["files"]["evidence/E1.yaml"].replace("h1: C", "h1: I")
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(run))
    done = runner.invoke(app, ["compare", str(saved), str(tampered)])
    assert done.exit_code == 1
    digest = run["case_digest"][:12]
    assert done.stderr.strip() == (
        f"{tampered}: files: do not match case_digest {digest} (changed after saving?)"
    )


def test_save_is_refused_with_a_reading_or_a_year(make_case: CaseMaker, tmp_path: Path) -> None:
    folder = old_case(make_case)
    saved = tmp_path / "run.json"
    for extra in (["--as-of", "2000"], ["--pool"]):
        done = runner.invoke(app, ["rank", str(folder), "--save", str(saved), *extra])
        assert done.exit_code == 2
        assert "not with --analyst, --pool or --as-of" in " ".join(done.output.split())
    assert not saved.exists()
