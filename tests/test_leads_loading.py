"""Loading ``leads.yaml``: every problem one line naming the file, the lead and the field, and
a malformed file refused by every command that loads the case, not only ``ach leads``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import ach
from ach.cli import app
from ach.errors import CaseError

from tests.conftest import CaseMaker, item, source


def lead(lid: str, src: str, *outcomes: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": lid,
        "question": f"what does {lid} say?",
        "source": src,
        **extra,
        "outcomes": list(outcomes),
    }


def outcome(oid: str, ratings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": oid, "label": f"it says {oid}", "ratings": ratings, **extra}


def with_leads(make_case: CaseMaker, leads: object) -> Path:
    folder = make_case(
        hypotheses=[
            {"id": "h1", "label": "One", "aliases": ["First"]},
            {"id": "h2", "label": "Two"},
        ],
        sources=[source("s", "B"), source("t", 0.9)],
        evidence=[item("E1", "s", {"h1": "C", "h2": "I"})],
    )
    (folder / "leads.yaml").write_text(yaml.safe_dump(leads, sort_keys=False), encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(CaseError) as caught:
        ach.load_case(folder)
    return [str(p) for p in caught.value.problems]


def test_a_valid_file_loads_with_aliases_resolved_and_codes_filled_in(
    make_case: CaseMaker,
) -> None:
    folder = with_leads(
        make_case,
        [
            lead("page", "s", outcome("yes", {"First": "CC"}), outcome("no", {}), cost=2),
            lead(
                "file",
                "t",
                outcome("a", {"h1": 0.25, "h2": 1}),
                outcome("b", {"h1": 0.75, "h2": 0}),
            ),
        ],
    )
    case = ach.load_case(folder)
    assert [(lead.id, lead.cost) for lead in case.leads] == [("page", 2.0), ("file", None)]
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert "1 evidence items, 2 leads; " in result.stdout
    assert [o.ratings for o in case.leads[0].outcomes] == [
        {"h1": "CC", "h2": "N"},
        {"h1": "N", "h2": "N"},
    ]
    assert case.leads[1].outcomes[0].ratings == {"h1": 0.25, "h2": 1.0}


def test_a_case_without_leads_has_none(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    assert ach.load_case(folder).leads == ()


def test_an_empty_file_means_no_leads(make_case: CaseMaker) -> None:
    folder = with_leads(make_case, None)
    assert ach.load_case(folder).leads == ()


def test_a_lead_on_an_unknown_source(make_case: CaseMaker) -> None:
    folder = with_leads(make_case, [lead("page", "ghost", outcome("a", {}), outcome("b", {}))])
    assert problems_of(folder) == [
        "leads.yaml: page.source: 'ghost' is not a source id in sources.yaml (line 3)"
    ]


def test_an_outcome_rating_an_unknown_hypothesis(make_case: CaseMaker) -> None:
    folder = with_leads(make_case, [lead("page", "s", outcome("a", {"h3": "C"}), outcome("b", {}))])
    assert problems_of(folder) == [
        "leads.yaml: page.outcomes.a.ratings.h3: 'h3' is not a hypothesis id or alias "
        "(ids: h1, h2) (line 8)"
    ]


def test_numeric_rows_must_add_up_to_one_for_each_hypothesis(make_case: CaseMaker) -> None:
    folder = with_leads(
        make_case,
        [
            lead(
                "page",
                "s",
                outcome("a", {"h1": 0.5, "h2": 0.3}),
                outcome("b", {"h1": 0.5, "h2": 0.6}),
            )
        ],
    )
    assert problems_of(folder) == [
        "leads.yaml: page.outcomes: for hypothesis 'h2' the outcomes' probabilities add up to "
        "0.9, not 1 (outcomes are exclusive and exhaustive) (line 4)"
    ]


def test_rows_within_the_tolerance_pass(make_case: CaseMaker) -> None:
    folder = with_leads(
        make_case,
        [
            lead(
                "page",
                "s",
                outcome("a", {"h1": 0.1, "h2": 0.2}),
                outcome("b", {"h1": 0.2, "h2": 0.8 + 5e-10}),
                outcome("c", {"h1": 0.7, "h2": 0.0}),
            )
        ],
    )
    assert len(ach.load_case(folder).leads[0].outcomes) == 3


def test_numeric_outcomes_must_rate_every_hypothesis(make_case: CaseMaker) -> None:
    folder = with_leads(
        make_case,
        [lead("page", "s", outcome("a", {"h1": 1.0}), outcome("b", {"h1": 0.0, "h2": 1.0}))],
    )
    assert problems_of(folder) == [
        "leads.yaml: page.outcomes.a.ratings: probability ratings must cover every "
        "hypothesis; missing h2 (line 7)"
    ]


def test_codes_mixed_with_numbers_in_one_lead(make_case: CaseMaker) -> None:
    folder = with_leads(
        make_case,
        [lead("page", "s", outcome("a", {"h1": "C"}), outcome("b", {"h1": 0.5, "h2": 0.5}))],
    )
    assert problems_of(folder) == [
        "leads.yaml: page.outcomes: outcomes mix consistency codes and probabilities; "
        "one lead uses one or the other (line 4)"
    ]


def test_fewer_than_two_outcomes(make_case: CaseMaker) -> None:
    folder = with_leads(make_case, [lead("page", "s", outcome("a", {"h1": "C"}))])
    assert problems_of(folder) == [
        "leads.yaml: page.outcomes: a lead needs at least two outcomes (exclusive and "
        "exhaustive), found 1 (line 4)"
    ]


def test_duplicate_lead_ids_and_outcome_ids(make_case: CaseMaker) -> None:
    folder = with_leads(
        make_case,
        [
            lead("page", "s", outcome("a", {}), outcome("a", {"h1": "C"})),
            lead("page", "t", outcome("a", {}), outcome("b", {})),
        ],
    )
    assert problems_of(folder) == [
        "leads.yaml: page.outcomes.a.id: outcome id given twice in this lead (line 8)",
        "leads.yaml: page.id: lead id given twice (line 12)",
    ]


@pytest.mark.parametrize("cost", [0, -1.5])
def test_a_cost_that_is_not_positive(make_case: CaseMaker, cost: float) -> None:
    folder = with_leads(
        make_case, [lead("page", "s", outcome("a", {}), outcome("b", {}), cost=cost)]
    )
    assert problems_of(folder) == [
        f"leads.yaml: page.cost: {cost}: input should be greater than 0 (line 4)"
    ]


def test_unknown_keys_are_refused_in_leads_and_outcomes(make_case: CaseMaker) -> None:
    folder = with_leads(
        make_case,
        [lead("page", "s", outcome("a", {}, noise=0.5), outcome("b", {}), weight=2)],
    )
    lines = problems_of(folder)
    assert [line.split(": ")[1] for line in lines] == ["page.weight", "page.outcomes.0.noise"]
    assert all("unknown key" in line for line in lines)


def test_a_mapping_instead_of_a_list(make_case: CaseMaker) -> None:
    folder = with_leads(make_case, {"page": {}})
    assert problems_of(folder) == ["leads.yaml: expected a list of leads (line 1)"]


@pytest.mark.parametrize("command", [["rank"], ["validate"], ["sensitivity"]])
def test_every_command_that_loads_the_case_refuses_a_malformed_leads_file(
    make_case: CaseMaker, command: list[str]
) -> None:
    folder = with_leads(make_case, [lead("page", "ghost", outcome("a", {}), outcome("b", {}))])
    result = CliRunner().invoke(app, [*command, str(folder)])
    assert result.exit_code == 1
    assert "leads.yaml: page.source: 'ghost' is not a source id" in result.output
    assert "Traceback" not in result.output
