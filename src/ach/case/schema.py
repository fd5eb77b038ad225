"""JSON Schemas (2020-12) of the case files, for editors: completion and checking as you type.

Generated from the same pydantic models the loader validates with, then sharpened where a
model checks a value in code that JSON Schema can say declaratively (the id patterns, the
grades, the codes), each taken from the one place that defines it. The schemas can only
describe one file at a time: cross-checks (a rating naming a hypothesis, a source that
exists) remain ``ach validate``'s.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from ach.evidence.admiralty import GRADES
from ach.evidence.leads import Lead
from ach.evidence.models import EvidenceItem, Source
from ach.fields import EVIDENCE_ID_PATTERN, ID_PATTERN
from ach.hypotheses.models import CODES, CaseFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: Where, inside a case folder, files that ach writes expect the schemas (see :func:`modeline`).
SCHEMA_DIR = "schemas"
#: The file of each kind, relative to the case folder (evidence: every file under evidence/).
FILES = {
    "case": "case.yaml",
    "sources": "sources.yaml",
    "evidence": "evidence/*.yaml",
    "leads": "leads.yaml",
    "ratings": "ratings/*.yaml",
}
#: Models whose ids follow the evidence id rule (capitals allowed) rather than the id rule.
_EVIDENCE_IDS = ("EvidenceItem", "Lead", "Outcome")

_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


def schemas() -> dict[str, dict[str, Any]]:
    """One JSON Schema per kind of case file, keyed by kind."""
    item = EvidenceItem.model_json_schema()
    defs = item.pop("$defs", {})
    evidence = {
        "$defs": {**defs, "EvidenceItem": item},
        "oneOf": [
            {"$ref": "#/$defs/EvidenceItem"},
            {"type": "array", "items": {"$ref": "#/$defs/EvidenceItem"}},
        ],
    }
    found = {
        "case": CaseFile.model_json_schema(),
        "sources": TypeAdapter(list[Source]).json_schema(),
        "evidence": evidence,
        "leads": TypeAdapter(list[Lead]).json_schema(),
        "ratings": _ratings(),
    }
    return {kind: _finish(kind, schema) for kind, schema in found.items()}


def _ratings() -> dict[str, Any]:
    """``ratings/<analyst>.yaml``: item id -> hypothesis -> rating, as in an item's ratings."""
    ratings: dict[str, Any] = {"type": "object", "additionalProperties": {}}
    _sharpen(None, "ratings", ratings)
    return {
        "type": "object",
        "propertyNames": _id(EVIDENCE_ID_PATTERN.pattern),
        "additionalProperties": ratings,
    }


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def modeline(kind: str, name: str) -> str:
    """The first line of a file ach writes at ``name`` (relative to the case folder): tells
    yaml-language-server (VS Code, Neovim, Helix...) which schema checks it."""
    up = "../" * name.count("/")
    return f"# yaml-language-server: $schema={up}{SCHEMA_DIR}/{schema_file(kind)}\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write each kind's schema to ``folder/<kind>.schema.json`` (atomically)."""
    from ach.atomic import write_atomic
    from ach.case.loader import bundled_cases_dir
    from ach.errors import RefusedOperation

    if folder.resolve().is_relative_to(bundled_cases_dir().resolve()):
        raise RefusedOperation(f"{folder}: inside a case bundled with ach; nothing was written")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RefusedOperation(f"{folder}: cannot create the folder ({exc.strerror})") from None
    written = []
    for kind, schema in schemas().items():
        path = folder / schema_file(kind)
        write_atomic(path, (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode())
        written.append(path)
    return written


def _finish(kind: str, schema: dict[str, Any]) -> dict[str, Any]:
    defs = schema.get("$defs", {})
    for name, definition in [(None, schema), *defs.items()]:
        props = definition.get("properties", {})
        model = name or definition.get("title")
        for field, spec in props.items():
            _sharpen(model, field, spec)
        if model == "Source":  # the model's own rule: `citation` or `bib`, or both
            definition["anyOf"] = [{"required": ["citation"]}, {"required": ["bib"]}]
    head = {
        "$schema": DIALECT,
        "$id": schema_file(kind),
        "title": f"ach {kind} file ({FILES[kind]})",
    }
    return {**head, **{k: v for k, v in schema.items() if k != "title"}}


def _id(pattern: str) -> dict[str, Any]:
    return {"type": "string", "pattern": pattern}


def _sharpen(model: str | None, field: str, spec: dict[str, Any]) -> None:
    """Replace generic ``string`` schemas by what the validators accept."""
    ident = _id(ID_PATTERN.pattern)
    evidence_id = _id(EVIDENCE_ID_PATTERN.pattern)
    grade = {"type": "string", "enum": list(GRADES)}
    code = {"type": "string", "enum": list(CODES)}
    probability = {"type": "number", "minimum": 0, "maximum": 1}
    if field == "id":
        spec.update(evidence_id if model in _EVIDENCE_IDS else ident)
    elif field == "source" and model in ("EvidenceItem", "Lead"):
        spec.update(ident)
    elif field == "repeats":
        spec["anyOf"] = [evidence_id, {"type": "null"}]
    elif field == "derived_from":
        spec["items"] = ident
    elif field == "reliability":
        spec["anyOf"] = [grade, probability, {"$ref": "#/$defs/BetaPrior"}]
    elif field == "ratings":
        spec["additionalProperties"] = {"anyOf": [code, probability]}
    elif field == "date":
        spec["anyOf"] = [
            {"type": "string", "pattern": _DATE},
            {"type": "integer", "minimum": 1, "maximum": 9999},
            {"type": "null"},
        ]
