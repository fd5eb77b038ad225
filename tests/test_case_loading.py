"""Loading cases: the contract's rules, and one clear line per problem naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

import ach
from ach.errors import CaseError

from tests.conftest import CaseMaker, item, source


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(CaseError) as caught:
        ach.load_case(folder)
    return [str(p) for p in caught.value.problems]


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_a_bad_code_is_named_with_file_field_and_choices(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E07", "s", {"h1": "X"})])
    assert problems_of(folder) == [
        "evidence/E07.yaml: ratings.h1: 'X' is not one of CC, C, N, I, II (line 5)"
    ]


def test_every_problem_is_reported_at_once(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", "Z"), {"id": "t", "kind": "memoir", "reliability": 0.5}],
        evidence=[item("E1", "s", {"h1": "CC"}, colour="red"), item("E2", "s", {"h1": 1.5})],
    )
    lines = problems_of(folder)
    assert len(lines) == 4
    assert any(
        line.startswith("sources.yaml: s.reliability: 'Z' is not a grade A-F") for line in lines
    )
    assert "sources.yaml: t.citation: a source needs `citation` or `bib` (line 5)" in lines
    assert any(
        line.startswith("evidence/E1.yaml: colour: unknown key (allowed: id, claim,")
        for line in lines
    )
    assert "evidence/E2.yaml: ratings.h1: 1.5 is not a probability in [0, 1] (line 5)" in lines


def test_unknown_keys_are_errors_in_every_file(make_case: CaseMaker) -> None:
    folder = make_case(
        hypotheses=[{"id": "a", "label": "A", "weight": 2}, {"id": "b", "label": "B"}],
        sources=[source("s", "B", trust="high")],
        evidence=[item("E1", "s", {"a": "C"})],
        colour="blue",
    )
    fields = sorted(line.split(": ")[1] for line in problems_of(folder))
    assert fields == ["colour", "hypotheses.0.weight", "s.trust"]


def test_references_must_resolve(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", "B", derived_from=["ghost"])],
        evidence=[item("E1", "nobody", {"h1": "C", "h3": "I"}, repeats="E9")],
    )
    assert sorted(problems_of(folder)) == [
        "evidence/E1.yaml: ratings.h3: 'h3' is not a hypothesis id or alias (ids: h1, h2) (line 6)",
        "evidence/E1.yaml: repeats: 'E9' is not an evidence id (line 9)",
        "evidence/E1.yaml: source: 'nobody' is not a source id in sources.yaml (line 3)",
        "sources.yaml: s.derived_from: 'ghost' is not a source id (line 5)",
    ]


def test_derived_from_cycles_and_repeats_cycles_are_refused(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("a", "B", derived_from=["b"]), source("b", "C", derived_from=["a"])],
        evidence=[
            item("E1", "a", {"h1": "C"}, repeats="E2"),
            item("E2", "b", {"h1": "C"}, repeats="E1"),
        ],
    )
    lines = problems_of(folder)
    assert sum("derived_from forms a cycle" in line for line in lines) == 2
    assert sum("repeats forms a cycle" in line for line in lines) == 2


def test_case_id_must_equal_the_folder_name(make_case: CaseMaker) -> None:
    folder = make_case(case_id="right")
    (folder.parent / "wrong").mkdir()
    for path in folder.rglob("*"):
        target = folder.parent / "wrong" / path.relative_to(folder)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(path.read_bytes())
    assert problems_of(folder.parent / "wrong") == [
        "case.yaml: id: 'right' must equal the folder name 'wrong' (line 1)"
    ]


@pytest.mark.parametrize(
    ("priors", "expected"),
    [
        ((None, None, None), (1 / 3, 1 / 3, 1 / 3)),
        ((0.5, None, None), (0.5, 0.25, 0.25)),
        ((0.2, 0.3, 0.5), (0.2, 0.3, 0.5)),
        ((0.6, 0.4, None), (0.6, 0.4, 0.0)),
    ],
)
def test_omitted_priors_share_what_is_left(make_case: CaseMaker, priors, expected) -> None:
    hyps = [
        {"id": f"h{i}", "label": f"H{i}"} | ({"prior": p} if p is not None else {})
        for i, p in enumerate(priors)
    ]
    case = ach.load_case(make_case(hypotheses=hyps))
    assert case.priors == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize(
    ("priors", "message"),
    [
        ((0.7, 0.5, None), "the given priors add up to 1.2, more than 1"),
        ((0.2, 0.3, 0.4), "every prior is given, so they must add up to 1, not 0.9"),
    ],
)
def test_priors_are_never_silently_renormalised(make_case: CaseMaker, priors, message) -> None:
    hyps = [
        {"id": f"h{i}", "label": f"H{i}"} | ({"prior": p} if p is not None else {})
        for i, p in enumerate(priors)
    ]
    assert problems_of(make_case(hypotheses=hyps)) == [
        f"case.yaml: hypotheses.prior: {message} (line 4)"
    ]


def test_a_prior_outside_the_unit_interval_is_an_error(make_case: CaseMaker) -> None:
    hyps = [{"id": "a", "label": "A", "prior": 1.5}, {"id": "b", "label": "B"}]
    assert problems_of(make_case(hypotheses=hyps)) == [
        "case.yaml: hypotheses.0.prior: 1.5 is outside [0, 1] (line 7)"
    ]


def test_ratings_may_use_aliases_but_aliases_are_unique(make_case: CaseMaker) -> None:
    hyps = [
        {"id": "eliava", "label": "Shalva Eliava", "aliases": ["Eliava", "Şalva"]},
        {"id": "mdivani", "label": "Budu Mdivani", "aliases": ["Mdivani"]},
    ]
    case = ach.load_case(
        make_case(
            hypotheses=hyps,
            sources=[source("s", "B")],
            evidence=[item("E1", "s", {"Şalva": "CC", "Mdivani": "I"})],
        )
    )
    assert case.ratings["E1"] == {"eliava": "CC", "mdivani": "I"}
    clash = [
        {"id": "a", "label": "A", "aliases": ["X"]},
        {"id": "b", "label": "B", "aliases": ["x"]},
    ]
    assert problems_of(make_case(hypotheses=clash)) == [
        "case.yaml: hypotheses.b.aliases[0]: 'x' is already an alias of hypothesis 'a' (line 11)"
    ]


def test_codes_and_numbers_do_not_mix_and_numbers_cover_every_hypothesis(
    make_case: CaseMaker,
) -> None:
    folder = make_case(
        sources=[source("s", "B")],
        evidence=[item("E1", "s", {"h1": "CC", "h2": 0.5}), item("E2", "s", {"h1": 0.5})],
    )
    assert sorted(problems_of(folder)) == [
        "evidence/E1.yaml: ratings: mixes consistency codes and probabilities; use one or the other (line 4)",
        "evidence/E2.yaml: ratings: probability ratings must cover every hypothesis; missing h2 (line 4)",
    ]


def test_an_item_impossible_under_every_hypothesis_is_an_error(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": 0, "h2": 0.0})])
    assert problems_of(folder) == [
        "evidence/E1.yaml: ratings: the item is impossible under every hypothesis (all ratings are 0) (line 4)"
    ]


def test_evidence_that_together_rules_out_everything_names_the_items(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", 1.0)],
        evidence=[item("E1", "s", {"h1": 0, "h2": 1}), item("E2", "s", {"h1": 1, "h2": 0})],
    )
    assert problems_of(folder) == [
        "evidence/E1.yaml, evidence/E2.yaml: ratings: together these items leave every hypothesis at probability zero: E1, E2"
    ]


def test_one_file_may_hold_a_list_of_items_and_ids_are_unique(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")])
    write(
        folder / "evidence",
        "batch.yml",
        "- id: E1\n  claim: a\n  source: s\n  ratings: {h1: C}\n"
        "- id: E1\n  claim: b\n  source: s\n  ratings: {h1: I}\n",
    )
    assert problems_of(folder) == [
        "evidence/batch.yml: E1.id: 'E1' is already used in evidence/batch.yml (line 5)"
    ]


def test_evidence_ids_never_hold_a_path_separator(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    write(folder / "evidence", "E1.yaml", "id: ../E1\nclaim: a\nsource: s\nratings: {h1: C}\n")
    (line,) = problems_of(folder)
    assert line.startswith("evidence/E1.yaml: id: '../E1' is not a valid evidence id")


def test_dates_are_yaml_dates_or_year_month_strings(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", "B")],
        evidence=[
            item("E1", "s", {"h1": "C"}, date="1919-09"),
            item("E2", "s", {"h1": "C"}, date=1919),
        ],
    )
    write(
        folder / "evidence",
        "E3.yaml",
        "id: E3\nclaim: a\nsource: s\nratings: {h1: C}\ndate: 1919-05-19\n",
    )
    case = ach.load_case(folder)
    assert [case.item_by_id[i].date for i in ("E1", "E2", "E3")] == [
        "1919-09",
        "1919",
        "1919-05-19",
    ]


def test_yaml_anchors_are_refused_before_they_can_expand(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")])
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    write(folder / "evidence", "bomb.yaml", bomb)
    assert problems_of(folder) == [
        "evidence/bomb.yaml: YAML anchors and aliases are not allowed in case files (line 1)"
    ]


def test_syntax_errors_non_utf8_and_duplicate_keys_are_reported(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")])
    write(folder / "evidence", "a.yaml", "id: E1\nclaim: [unclosed\n")
    (folder / "evidence" / "b.yaml").write_bytes(b"id: E2\nclaim: caf\xe9\n")
    write(
        folder / "evidence", "c.yaml", "id: E3\nclaim: a\nclaim: b\nsource: s\nratings: {h1: C}\n"
    )
    assert problems_of(folder) == [
        "evidence/a.yaml: invalid YAML: did not find expected ',' or ']' (line 3)",
        "evidence/b.yaml: is not UTF-8 text (byte 0xe9 at offset 17)",
        "evidence/c.yaml: claim: key given twice (line 3)",
    ]


def test_error_lines_never_echo_whole_inputs(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "Q" * 10_000})])
    (line,) = problems_of(folder)
    assert len(line) < 150


def test_yes_and_no_stay_strings(make_case: CaseMaker) -> None:
    hyps = [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}]
    folder = make_case(hypotheses=hyps, sources=[source("s", "B")])
    write(
        folder / "evidence", "E1.yaml", "id: E1\nclaim: a\nsource: s\nratings: {yes: CC, no: I}\n"
    )
    assert ach.load_case(folder).ratings["E1"] == {"yes": "CC", "no": "I"}


def test_a_case_is_found_by_id_in_the_local_cases_folder(
    make_case: CaseMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_case(case_id="local-one")
    (tmp_path / "cases").mkdir()
    folder.rename(tmp_path / "cases" / "local-one")
    monkeypatch.chdir(tmp_path)
    assert ach.load_case("local-one").root.resolve() == (tmp_path / "cases" / "local-one").resolve()
    with pytest.raises(ach.CaseNotFound, match="'nope': no such case folder or case id"):
        ach.load_case("nope")


def test_the_content_hash_changes_with_any_file(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    before = ach.load_case(folder).digest
    assert ach.load_case(folder).digest == before
    write(
        folder / "evidence", "E1.yaml", (folder / "evidence" / "E1.yaml").read_text() + "notes: x\n"
    )
    assert ach.load_case(folder).digest != before


def test_loaded_models_are_frozen(make_case: CaseMaker) -> None:
    case = ach.load_case(
        make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    )
    with pytest.raises(ValueError, match="frozen"):
        case.items[0].claim = "changed"  # type: ignore[misc]


def test_numeric_ids_are_read_as_text(make_case: CaseMaker) -> None:
    folder = make_case(
        hypotheses=[{"id": "1919", "label": "Nineteen"}, {"id": "b", "label": "B"}],
        sources=[source("s", "B")],
    )
    write(folder / "evidence", "one.yaml", "id: 1\nclaim: a\nsource: s\nratings: {1919: CC}\n")
    write(
        folder / "evidence",
        "two.yaml",
        "id: 2\nclaim: a\nsource: s\nratings: {1919: CC}\nrepeats: 1\n",
    )
    case = ach.load_case(folder)
    assert case.ratings["1"] == {"1919": "CC", "b": "N"}
    assert case.item_by_id["2"].repeats == "1"


def test_a_case_without_an_evidence_folder_ranks_by_its_priors(make_case: CaseMaker) -> None:
    folder = make_case(
        hypotheses=[{"id": "a", "label": "A", "prior": 0.7}, {"id": "b", "label": "B"}]
    )
    (folder / "evidence").rmdir()
    result = ach.rank(folder)
    assert result.hypothesis("a").posterior == pytest.approx(0.7, abs=1e-12)
    assert [str(w) for w in ach.load_case(folder).warnings] == [
        "evidence: the case has no evidence items: the ranking is the prior"
    ]


def test_an_invalid_source_is_reported_once_not_again_where_items_cite_it(
    make_case: CaseMaker,
) -> None:
    folder = make_case(sources=[source("s", {"alpha": 1})], evidence=[item("E1", "s", {"h1": "C"})])
    assert problems_of(folder) == [
        "sources.yaml: s.reliability.beta: required field missing (line 3)"
    ]


def test_a_broken_bibliography_is_a_located_problem(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    write(folder, "references.bib", "@book{x,\n  title = {unclosed\n")
    (line,) = problems_of(folder)
    assert line.startswith("references.bib: cannot parse entry: ")


def test_evidence_in_sub_folders_counts_and_hidden_files_do_not(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")])
    (folder / "evidence" / "by-source").mkdir()
    write(
        folder / "evidence" / "by-source",
        "E1.yml",
        "id: E1\nclaim: a\nsource: s\nratings: {h1: C}\n",
    )
    write(folder / "evidence", ".E2.yaml", "id: E2\nclaim: draft\n")
    (folder / "evidence" / ".drafts").mkdir()
    write(folder / "evidence" / ".drafts", "E3.yaml", "not: valid\n")
    case = ach.load_case(folder)
    assert list(case.item_by_id) == ["E1"]
    assert case.item_files["E1"] == "evidence/by-source/E1.yml"


def test_rating_keys_yaml_reads_as_null_or_booleans_still_name_hypotheses(
    make_case: CaseMaker,
) -> None:
    folder = make_case(
        hypotheses=[
            {"id": "null", "label": "Nobody"},
            {"id": "true", "label": "T"},
            {"id": "alt", "label": "Alt"},
        ],
        sources=[source("s", "B")],
    )
    write(
        folder / "evidence",
        "e.yaml",
        "id: E1\nclaim: a\nsource: s\nratings: {null: I, true: CC, alt: C}\n",
    )
    assert ach.load_case(folder).ratings["E1"] == {"null": "I", "true": "CC", "alt": "C"}


def test_an_entry_is_never_dropped_without_a_problem(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")])
    write(folder / "evidence", "e.yaml", "id: E1\nclaim: a\nsource: s\nratings: {[1, 2]: C}\n")
    assert len(problems_of(folder)) >= 1


def test_hypothesis_ids_are_unique(make_case: CaseMaker) -> None:
    hyps = [{"id": "a", "label": "A"}, {"id": "a", "label": "A2"}, {"id": "b", "label": "B"}]
    assert problems_of(make_case(hypotheses=hyps)) == [
        "case.yaml: hypotheses.a.id: hypothesis id given twice (line 7)"
    ]


def test_an_alias_that_is_another_hypothesis_id_is_blamed_on_the_alias(
    make_case: CaseMaker,
) -> None:
    hyps = [{"id": "a", "label": "A", "aliases": ["b"]}, {"id": "b", "label": "B"}]
    assert problems_of(make_case(hypotheses=hyps)) == [
        "case.yaml: hypotheses.a.aliases[0]: 'b' is the id of hypothesis 'b' (line 7)"
    ]


def test_a_source_fixed_at_zero_with_zero_noise_rules_everything_out(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", 0)], evidence=[item("E1", "s", {"h1": 0.9, "h2": 0.1}, noise=0)]
    )
    assert problems_of(folder) == [
        "evidence/E1.yaml: ratings: together these items leave every hypothesis at probability zero: E1"
    ]


def test_numbers_follow_yaml_1_2_so_ids_and_locators_stay_as_written(make_case: CaseMaker) -> None:
    hyps = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
    folder = make_case(hypotheses=hyps, sources=[source("s", "B")])
    write(
        folder / "evidence",
        "e.yaml",
        "id: 010\nclaim: a\nsource: s\nlocator: 12:30\nratings: {a: C}\n",
    )
    case = ach.load_case(folder)
    assert case.item_by_id["010"].locator == "12:30"


@pytest.mark.parametrize(
    ("field", "value"),
    [("prior", "true"), ("prior", "'0.3'"), ("catch_all", "'yes'"), ("catch_all", "1")],
)
def test_hypothesis_fields_are_not_coerced(make_case: CaseMaker, field: str, value: str) -> None:
    folder = make_case()
    write(
        folder,
        "case.yaml",
        f"id: {folder.name}\ntitle: t\nquestion: q\nhypotheses:\n"
        f"  - {{id: a, label: A, {field}: {value}}}\n  - {{id: b, label: B}}\n",
    )
    (line,) = problems_of(folder)
    assert line.startswith(f"case.yaml: hypotheses.0.{field}: ")


def test_every_bad_scale_entry_is_reported(make_case: CaseMaker) -> None:
    folder = make_case(scale={"CC": 0, "X": 2, "C": float("inf"), "N": "1"})
    fields = sorted(line.split(": ")[1] for line in problems_of(folder))
    assert fields == ["scale.C", "scale.CC", "scale.N", "scale.X"]


def test_credibility_and_noise_are_numbers_not_booleans(make_case: CaseMaker) -> None:
    folder = make_case(
        sources=[source("s", "B")],
        evidence=[item("E1", "s", {"h1": "C"}, credibility=True, noise="0.5")],
    )
    assert sorted(line.split(": ")[1] for line in problems_of(folder)) == ["credibility", "noise"]


def test_a_ruled_out_hypothesis_ranks_without_numeric_warnings(make_case: CaseMaker) -> None:
    from typer.testing import CliRunner

    from ach.cli import app

    folder = make_case(
        sources=[source("s", 1.0), source("t", "C")],
        evidence=[item("E1", "s", {"h1": 0.5, "h2": 0.0}), item("E2", "t", {"h1": "C"})],
    )
    result = CliRunner().invoke(app, ["rank", str(folder), "--json"])  # warnings are errors here
    assert result.exit_code == 0, result.output
    assert "RuntimeWarning" not in result.stderr
    # E1 rules h2 out; E2 cannot move log-odds that are already infinite
    assert [d["id"] for d in __import__("json").loads(result.stdout)["drivers"]] == ["E1"]
