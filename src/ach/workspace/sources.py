"""``ach sources add``: a new source appended to ``sources.yaml``, comments and order kept."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from ach.atomic import case_lock, write_atomic
from ach.case.loader import SOURCES_FILE, load_case
from ach.errors import RefusedOperation, echo
from ach.workspace.guard import editable_case
from ach.workspace.trial import load_with


def build_source(
    *,
    id: str,
    kind: str,
    reliability: str,
    citation: str | None = None,
    bib: str | None = None,
    derived_from: list[str] | None = None,
    year: int | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    """A source as it will be written; ``reliability`` is a grade, a number or ``a,b`` (Beta)."""
    source: dict[str, Any] = {"id": id}
    if citation is not None:
        source["citation"] = citation
    if bib is not None:
        source["bib"] = bib
    source["kind"] = kind
    source["reliability"] = _reliability(reliability)
    if derived_from:
        source["derived_from"] = list(derived_from)
    if year is not None:
        source["year"] = year
    if notes is not None:
        source["notes"] = notes
    return source


def _reliability(text: str) -> Any:
    if "," in text:
        a, _, b = text.partition(",")
        try:
            return {"alpha": _number(float(a)), "beta": _number(float(b))}
        except ValueError:
            raise RefusedOperation(
                f"--reliability {echo(text)}: expected a grade A-F, a number, or ALPHA,BETA"
            ) from None
    try:
        return float(text)
    except ValueError:
        return text


def _number(value: float) -> int | float:
    """2.0 written as 2: the Beta parameters as the user typed them."""
    return int(value) if value.is_integer() else value


def add_source(case_ref: str | os.PathLike[str], source: dict[str, Any]) -> Path:
    """Append ``source`` to the case's ``sources.yaml``, leaving every existing byte as it was.

    The new entry is written in the file's own indentation (guessed by ruamel.yaml) and added
    at the end; the result must parse to the old entries plus the new one. Where that cannot
    hold (a flow-style ``[...]`` list, say), the file is re-emitted by a ruamel.yaml round trip,
    which keeps comments, order, quoting and indentation but may re-wrap long lines.
    """
    root = editable_case(case_ref)  # never a bundled case
    path = root / SOURCES_FILE
    with case_lock(root):
        case = load_case(root)
        if source["id"] in case.source_by_id:
            raise RefusedOperation(
                f"{SOURCES_FILE}: id: {echo(source['id'])} is already a source; nothing was written"
            )
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        data = (_appended(text, source) or _round_trip(text, source)).encode("utf-8")
        load_with(root, {SOURCES_FILE: data})
        write_atomic(path, data)
    return path


def _yaml(indent: int | None, offset: int | None) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip mode
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long citation over lines
    yaml.indent(mapping=indent or 2, sequence=(indent or 2) + (offset or 0), offset=offset or 0)
    return yaml


def _dump(yaml: Any, document: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()


def _appended(text: str, source: dict[str, Any]) -> str | None:
    """``text`` with ``source`` appended as one more block-sequence entry, or None."""
    import yaml as pyyaml
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        document, indent, offset = load_yaml_guess_indent(text)
    except YAMLError:
        return None
    if not isinstance(document, CommentedSeq) or not document or document.fa.flow_style():
        return None
    new = text + ("" if text.endswith("\n") else "\n") + _dump(_yaml(indent, offset), [source])
    try:
        before, after = pyyaml.safe_load(text), pyyaml.safe_load(new)
    except pyyaml.YAMLError:
        return None
    return new if after == [*before, source] else None


def _round_trip(text: str, source: dict[str, Any]) -> str:
    """The whole file re-emitted by ruamel.yaml with ``source`` added (comments kept)."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.util import load_yaml_guess_indent

    document, indent, offset = load_yaml_guess_indent(text) if text.strip() else (None, 2, 0)
    if document is None:
        document = CommentedSeq()
    document.append(source)
    if hasattr(document, "fa"):
        document.fa.set_block_style()
    return str(_dump(_yaml(indent, offset), document))
