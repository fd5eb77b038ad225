"""Turning pydantic's validation errors into located, one-line problems."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ach.errors import Problem, echo
from ach.yamlio import Path_, YamlDoc


def validate_model[M: BaseModel](
    model: type[M], data: Any, doc: YamlDoc, file: str, at: Path_ = (), label: str = ""
) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (found at ``at`` in ``doc``) as ``model``; problems name the field.

    ``label`` prefixes field names, so that an item inside a list reads ``E07.ratings.x``.
    """
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else echo(data)
        where = label or ""
        return None, [
            Problem(file, where, f"expected a mapping of fields, found {kind}", doc.line(at))
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        located = []
        for err in exc.errors():
            path, branch = _data_path(data, err["loc"], err["type"])
            if branch and err["type"].endswith(("_type", "_parsing")) and len(exc.errors()) > 1:
                continue  # "not a string" from one branch of a union whose other branch matched
            path += tuple(err.get("ctx", {}).get("field", ()))
            located.append((path, err))
        if not located:  # never refuse an entry without saying why
            located = [(_data_path(data, e["loc"], e["type"])[0], e) for e in exc.errors()]
        problems = []
        for path, err in located:
            if err["type"] == "too_short" and any(
                other[: len(path)] == path and other != path for other, _ in located
            ):
                continue  # a list "too short" only because one of its entries was invalid
            field = ".".join(str(p) for p in ((label,) if label else ()) + path)
            problems.append(Problem(file, field, _message(err, model, path), doc.line(at + path)))
        return None, problems


def _data_path(
    data: Any, loc: tuple[int | str, ...], kind: str
) -> tuple[tuple[str | int, ...], bool]:
    """The part of pydantic's ``loc`` that names places in the data, and whether it passed
    through a union branch name (a part that is not in the data).

    A missing or unknown key is named even though the data lacks (or should lack) it.
    """
    path: list[str | int] = []
    node = data
    branch = False
    for index, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list | tuple) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif index == len(loc) - 1 and kind in ("missing", "extra_forbidden"):
            pass
        else:
            branch = True
            continue
        path.append(part)
    return tuple(path), branch


def _message(err: Any, model: type[BaseModel], path: tuple[str | int, ...]) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required field missing"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, path)
        return "unknown key" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        choices = expected.replace("'", "").replace(" or ", ", ")
        return f"{echo(err['input'])} is not one of {choices}"
    if kind in ("too_short",) and isinstance(err.get("input"), list | tuple | dict | str):
        return str(err["msg"]).replace("List", "list").replace("Tuple", "list")
    if err.get("ctx", {}).get("error") is None and kind.endswith(("_type", "_parsing")):
        return f"{echo(err['input'])}: {err['msg'].lower()}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{echo(err['input'])}: {err['msg'].lower()}"
    return str(err["msg"])


def _allowed_keys(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The keys the model accepts where an unknown one was found (top level, or a nested model)."""
    current: Any = model
    for part in path[:-1]:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def entry_label(entry: object, index: int) -> str:
    """How a list entry is named in error lines: its id when it has a usable one."""
    if isinstance(entry, dict):
        ident = entry.get("id")
        if isinstance(ident, str) and ident and len(ident) <= 40 and "\n" not in ident:
            return ident
    return f"[{index}]"
