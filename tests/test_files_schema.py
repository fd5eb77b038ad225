"""``ach schema``: JSON Schemas that accept the bundled case and reject what the loader
rejects on its own (an unknown key, a grade or code that does not exist); the files ach
writes name them in a modeline that resolves."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

import ach
from ach.case.loader import bundled_cases_dir
from ach.cli import app
from ach.yamlio import load_yaml_file

from tests.conftest import CaseMaker, item, source

runner = CliRunner()
KINDS = {
    "case": "case.yaml",
    "sources": "sources.yaml",
    "evidence": "evidence/*.yaml",
    "leads": "leads.yaml",
    "ratings": "ratings/*.yaml",
}


def printed() -> dict[str, Any]:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    schemas: dict[str, Any] = json.loads(result.stdout)
    return schemas


def as_json(data: Any) -> Any:
    """What an editor's YAML server hands the schema: dates as text, as JSON would carry them."""
    return json.loads(
        json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v)
    )


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    """Every message, with those of the alternatives an ``anyOf``/``oneOf`` tried."""
    found: list[str] = []
    pending = list(jsonschema.Draft202012Validator(schema).iter_errors(as_json(data)))
    while pending:
        error = pending.pop()
        found.append(error.message)
        pending.extend(error.context or [])
    return found


def test_one_valid_2020_12_schema_per_kind() -> None:
    schemas = printed()
    assert sorted(schemas) == sorted(KINDS)
    for schema in schemas.values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_every_file_of_the_bundled_case_is_valid() -> None:
    schemas, root = printed(), bundled_cases_dir() / "havza-negotiator"
    checked = 0
    for kind, pattern in KINDS.items():
        for path in sorted(root.glob(pattern)):
            doc, problems = load_yaml_file(path, path.name)
            assert doc is not None and not problems
            assert errors(schemas[kind], doc.data) == [], path
            checked += 1
    optional = len(list(root.glob("leads.yaml"))) + len(list(root.glob("ratings/*.yaml")))
    assert checked == 2 + optional + len(list((root / "evidence").glob("*.yaml")))


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("evidence", {**item("E1", "s", {"h1": "C"}), "weight": 2}, "'weight' was unexpected"),
        ("evidence", item("E1", "s", {"h1": "X"}), "'X' is not one of"),
        ("evidence", [item("E1", "s", {"h1": 1.5})], "1.5 is greater than the maximum of 1"),
        ("sources", [{**source("s", "B"), "url": "x"}], "'url' was unexpected"),
        ("sources", [source("s", "G")], "'G' is not one of"),
        ("sources", [source("Bad Id", "B")], "does not match"),
        (
            "leads",
            [{"id": "L", "question": "q", "source": "s", "outcomes": [], "due": 1}],
            "'due' was unexpected",
        ),
        ("ratings", {"E07": {"eliava": "CX"}}, "'CX' is not one of"),
        ("ratings", {"../E07": {"eliava": "C"}}, "does not match"),
        (
            "case",
            {"id": "c", "title": "t", "question": "q", "hypotheses": [], "owner": "me"},
            "'owner' was unexpected",
        ),
    ],
)
def test_what_the_loader_refuses_in_one_file_the_schema_refuses(
    kind: str, data: Any, message: str
) -> None:
    found = errors(printed()[kind], data)
    assert any(message in e for e in found), found


def test_write_puts_the_printed_schemas_in_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--write", str(tmp_path / "schemas")])
    assert result.exit_code == 0, result.output
    for kind, schema in printed().items():
        assert json.loads((tmp_path / "schemas" / f"{kind}.schema.json").read_text()) == schema


def modeline_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    found = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert found, first
    return (path.parent / found.group(1)).resolve()


def test_files_ach_writes_carry_a_modeline_that_resolves(tmp_path: Path) -> None:
    case = tmp_path / "fresh"
    assert runner.invoke(app, ["init", str(case)]).exit_code == 0
    for name, kind in [
        ("case.yaml", "case"),
        ("sources.yaml", "sources"),
        ("evidence/E01.yaml", "evidence"),
    ]:
        assert modeline_target(case / name) == (case / "schemas" / f"{kind}.schema.json").resolve()
    added = runner.invoke(
        app,
        [
            "evidence",
            "add",
            str(case),
            "--id",
            "E03",
            "--source",
            "witness",
            "--claim",
            "c",
            "--rate",
            "first=C",
        ],
    )
    assert added.exit_code == 0, added.output
    target = modeline_target(case / "evidence" / "E03.yaml")
    assert json.loads(target.read_text()) == printed()["evidence"]
    assert ach.load_case(case).item_by_id["E03"].claim == "c"


def test_a_leads_file_as_the_contract_shows_it_is_valid() -> None:
    leads = [
        {
            "id": "yerasimos-page",
            "question": "What does Yerasimos's own page say?",
            "source": "yerasimos-2000",
            "cost": 1,
            "outcomes": [
                {
                    "id": "names-suphi",
                    "label": "He cites a document",
                    "ratings": {"suphi": "CC", "other": "I"},
                },
                {"id": "no-document", "label": "He gives no source", "ratings": {}},
            ],
        }
    ]
    assert errors(printed()["leads"], leads) == []


def test_a_ratings_file_as_the_contract_shows_it_is_valid() -> None:
    ratings = {"E07": {"eliava": "C", "mdivani": "N"}, "E12": {"budyonny": 0.3}}
    assert errors(printed()["ratings"], ratings) == []


def test_a_case_without_the_modeline_is_unchanged_by_the_schema(make_case: CaseMaker) -> None:
    folder = make_case(sources=[source("s", "B")], evidence=[item("E1", "s", {"h1": "C"})])
    doc, _ = load_yaml_file(folder / "evidence" / "E1.yaml", "E1.yaml")
    assert doc is not None and errors(printed()["evidence"], doc.data) == []
