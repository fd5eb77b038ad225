"""The ACH matrix as a table: one row per item, one column per hypothesis, in and out of ach.

Analysts keep the classic matrix in spreadsheets. :func:`matrix_rows` gives the case as that
table (every cell text, so CSV and XLSX carry the same thing); :func:`import_matrix` reads such
a table back: a row whose id is new becomes an item file, a row whose id exists updates the
fields that differ (compared as the loader reads them, so a spreadsheet that only re-spells
nothing changes nothing), everything checked on a temporary copy of the case before a byte is
written. A bad cell is refused naming its row (as the spreadsheet numbers it) and column.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ach.atomic import case_lock, create_new, write_atomic
from ach.case.loader import load_case
from ach.case.model import Case
from ach.case.problems import validate_model
from ach.errors import CaseError, Problem, RefusedOperation, echo
from ach.evidence.models import EvidenceItem
from ach.workspace.evidence import FIELD_ORDER, dump_item
from ach.workspace.guard import editable_case
from ach.workspace.trial import load_with
from ach.workspace.yamledit import with_fields
from ach.yamlio import YamlDoc, load_yaml_file

#: Columns before the hypotheses' and after them (the issue's order: what an analyst scans
#: first, then the matrix, then the provenance).
LEADING = ("id", "claim", "source")
TRAILING = ("quote", "locator", "date", "credibility", "repeats", "notes")
REQUIRED = LEADING


def columns(case: Case) -> list[str]:
    return [*LEADING, *(h.id for h in case.hypotheses), *TRAILING]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def matrix_rows(case: Case) -> list[list[str]]:
    """The header, then one row per item in the case's order; every cell as text.

    Ratings are each item's own, by hypothesis id (aliases resolved, left-out codes ``N``).
    """
    rows = [columns(case)]
    for e in case.items:
        ratings = case.ratings[e.id]
        rows.append(
            [
                e.id,
                e.claim,
                e.source,
                *(_text(ratings.get(h.id)) for h in case.hypotheses),
                *(_text(getattr(e, name)) for name in TRAILING),
            ]
        )
    return rows


@dataclass(frozen=True)
class MatrixImport:
    """What an import did: the items added and updated (with the columns that changed)."""

    added: tuple[str, ...] = ()
    updated: dict[str, tuple[str, ...]] = field(default_factory=dict)
    files: tuple[str, ...] = ()


@dataclass
class _Row:
    number: int  # as the spreadsheet numbers it: the header is row 1
    values: dict[str, Any]


def import_matrix(
    case_ref: str | os.PathLike[str], table: list[list[str]], name: str
) -> MatrixImport:
    """Add and update the items of ``table`` (header first) in the case; ``name`` is how
    refusals refer to the table (its file name)."""
    root = editable_case(case_ref)
    with case_lock(root):
        case = load_case(root)
        header = _header(case, table, name)
        rows = _rows(case, header, table, name)
        changes: dict[str, bytes] = {}
        edits: dict[str, dict[int | None, dict[str, Any]]] = {}  # file -> entry -> fields
        added: list[str] = []
        updated: dict[str, tuple[str, ...]] = {}
        where: dict[str, _Row] = {}  # file -> the row that wrote it, to locate its problems
        positions: dict[str, dict[str, int]] = {}
        for row in rows:
            item_id = row.values["id"]
            if item_id not in case.item_by_id:
                file = f"evidence/{item_id}.yaml"
                if (root / file).exists():
                    raise RefusedOperation(
                        f"{name}: row {row.number}, column id: {file} exists but holds no item "
                        f"{item_id}; nothing was written"
                    )
                changes[file] = dump_item(_new_item(row.values))
                added.append(item_id)
                where[file] = row
                continue
            diff, changed = _changed(case, row.values, set(header))
            if not diff:
                continue
            file = case.item_files[item_id]
            if file not in positions:
                positions[file] = _positions(root, file)
            edits.setdefault(file, {})[positions[file].get(item_id)] = diff
            updated[item_id] = changed
            where[file] = row
        for file, entries in edits.items():
            raw = (root / file).read_bytes()
            bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
            text = with_fields(raw[len(bom) :].decode("utf-8"), entries, FIELD_ORDER)
            changes[file] = bom + text.encode("utf-8")
        if changes:
            try:
                load_with(root, changes)
            except CaseError as exc:
                raise CaseError([_located(p, where, name) for p in exc.problems]) from None
            for file, data in changes.items():
                if file in edits:
                    write_atomic(root / file, data)
                else:
                    (root / file).parent.mkdir(exist_ok=True)
                    create_new(root / file, data)
    return MatrixImport(tuple(added), updated, tuple(changes))


def _header(case: Case, table: list[list[str]], name: str) -> list[str]:
    if not table:
        raise RefusedOperation(f"{name}: empty (expected a header row: {', '.join(columns(case))})")
    header = [cell.strip() for cell in table[0]]
    known = set(columns(case))
    for index, column in enumerate(header):
        letter = _letter(index)
        if column not in known:
            raise RefusedOperation(
                f"{name}: row 1, column {letter}: {echo(column)} is not a field or a hypothesis "
                f"id of {case.id} (columns: {', '.join(columns(case))}); nothing was written"
            )
        if column in header[:index]:
            raise RefusedOperation(
                f"{name}: row 1, column {letter}: {echo(column)} is given twice; nothing was written"
            )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RefusedOperation(
            f"{name}: row 1: missing column(s) {', '.join(missing)}; nothing was written"
        )
    return header


def _letter(index: int) -> str:
    """A column as spreadsheets name it (A, B, ..., Z, AA, ...)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _rows(case: Case, header: list[str], table: list[list[str]], name: str) -> list[_Row]:
    hyp_ids = {h.id for h in case.hypotheses}
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line at the end of a sheet
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise RefusedOperation(
                f"{name}: row {number}, column {_letter(len(header))}: a cell beyond the last "
                "column; nothing was written"
            )
        cells = [*cells, *[""] * (len(header) - len(cells))]
        values: dict[str, Any] = {"ratings": {}}
        for column, cell in zip(header, cells, strict=False):
            text = (
                cell.strip()
                if column in hyp_ids or column in ("id", "source", "credibility", "date", "repeats")
                else cell
            )
            if column in hyp_ids:
                if text:
                    values["ratings"][column] = _rating(text)
            else:
                values[column] = _cell(column, text)
        data = {k: v for k, v in values.items() if v not in (None, "")}
        _, problems = validate_model(EvidenceItem, {"ratings": {}, **data}, YamlDoc(data), name)
        if problems:
            raise CaseError([_cell_problem(p, number) for p in problems])
        item_id = values["id"]
        if item_id in seen:
            raise RefusedOperation(
                f"{name}: row {number}, column id: {echo(item_id)} is already the id of row "
                f"{seen[item_id]}; nothing was written"
            )
        seen[item_id] = number
        rows.append(_Row(number, values))
    return rows


def _rating(text: str) -> str | float:
    try:
        return float(text)
    except ValueError:
        return text


def _cell(column: str, text: str) -> Any:
    if not text:
        return None
    if column == "credibility":
        try:
            return int(text)
        except ValueError:
            return text  # the model names it
    if column == "date":
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 else text
        except ValueError:
            return text
    return text


def _cell_problem(problem: Problem, number: int) -> Problem:
    column = problem.field.split(".")[-1] if problem.field.startswith("ratings.") else problem.field
    return Problem(problem.file, f"row {number}, column {column or 'id'}", problem.message)


def _located(problem: Problem, where: dict[str, _Row], name: str) -> Problem:
    """A problem of a file the import wrote, said of the row that wrote it."""
    row = where.get(problem.file)
    if row is None:
        return problem
    field_ = problem.field
    item_id = row.values["id"]
    if field_.startswith(f"{item_id}."):
        field_ = field_[len(item_id) + 1 :]
    column = field_.split(".")[-1] if field_.startswith("ratings.") else field_
    return Problem(name, f"row {row.number}, column {column or 'id'}", problem.message)


def _new_item(values: dict[str, Any]) -> dict[str, Any]:
    """A new item in the order ``evidence add`` writes, the empty cells left out."""
    item = {k: _plain(values.get(k)) for k in FIELD_ORDER if values.get(k) not in (None, "")}
    return item | {"ratings": values["ratings"]} if "ratings" not in item else item


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _same_text(old: str | None, new: str | None) -> bool:
    """Equal as text, a trailing newline aside (a YAML ``|`` block ends with one; a
    spreadsheet cell often loses it)."""
    return (old or "").rstrip("\n") == (new or "").rstrip("\n")


def _changed(
    case: Case, values: dict[str, Any], present: set[str]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The fields of ``values`` that differ from the item as loaded, with their new values
    (None: remove the field), and the columns that differ. Columns absent from the table are
    left alone."""
    e = case.item_by_id[values["id"]]
    diff: dict[str, Any] = {}
    changed: list[str] = []
    for name in ("claim", "source", "quote", "locator", "repeats", "notes"):
        if name in values and not _same_text(getattr(e, name), values[name]):
            diff[name] = _literal(values[name])
            changed.append(name)
    if "date" in values:
        new_date = _plain(values["date"])
        if e.date != (str(new_date) if new_date is not None else None):
            diff["date"] = new_date
            changed.append("date")
    if "credibility" in values and e.credibility != values["credibility"]:
        diff["credibility"] = values["credibility"]
        changed.append("credibility")
    given = values["ratings"]
    numeric = any(isinstance(v, float) for v in given.values())
    old = case.ratings[e.id]
    new = {
        h.id: given.get(h.id, None if numeric else "N") for h in case.hypotheses if h.id in present
    }
    moved = [h for h, v in new.items() if old.get(h) != v]
    if moved:
        diff["ratings"] = _ratings_map(case, e, new)
        changed.extend(moved)
    order = [*LEADING, *(h.id for h in case.hypotheses), *TRAILING]
    return diff, tuple(sorted(changed, key=order.index))


def _ratings_map(case: Case, e: EvidenceItem, new: dict[str, Any]) -> dict[str, Any]:
    """The item's ``ratings`` mapping with the new values, keeping the keys (aliases) it was
    written with; hypotheses it did not name are added by id unless ``N``."""
    owner = {h.id.casefold(): h.id for h in case.hypotheses}
    owner |= {a.casefold(): h.id for h in case.hypotheses for a in h.aliases}
    out: dict[str, Any] = {}
    covered = set()
    for key, value in e.ratings.items():
        hyp = owner.get(str(key).casefold())
        if hyp is None:
            continue
        covered.add(hyp)
        if hyp not in new:
            out[key] = value  # a column the table does not have
        elif new[hyp] is not None:
            out[key] = new[hyp]
    for hyp, value in new.items():
        if hyp not in covered and value is not None and value != "N":
            out[hyp] = value
    return out


def _literal(value: str | None) -> Any:
    """Multi-line text as a YAML ``|`` block, as the case's own items write notes."""
    if value is None or "\n" not in value:
        return value
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(value)


def _positions(root: Path, file: str) -> dict[str, int]:
    """Each item's position in a file holding a list (empty for a file of one item)."""
    doc, _ = load_yaml_file(root / file, file)
    data = doc.data if doc is not None else None
    if not isinstance(data, list):
        return {}
    return {str(entry.get("id")): i for i, entry in enumerate(data) if isinstance(entry, dict)}
