"""``ach sources add``: a new source appended to ``sources.yaml``, comments and order kept."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from ach.atomic import case_lock, write_atomic
from ach.case.loader import SOURCES_FILE, find_case, load_case
from ach.errors import RefusedOperation, echo
from ach.workspace.trial import load_with


def build_source(
    *,
    id: str,
    kind: str,
    reliability: str,
    citation: str | None = None,
    bib: str | None = None,
    derived_from: list[str] | None = None,
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
    if notes is not None:
        source["notes"] = notes
    return source


def _reliability(text: str) -> Any:
    if "," in text:
        a, _, b = text.partition(",")
        try:
            return {"alpha": float(a), "beta": float(b)}
        except ValueError:
            raise RefusedOperation(
                f"--reliability {echo(text)}: expected a grade A-F, a number, or ALPHA,BETA"
            ) from None
    try:
        return float(text)
    except ValueError:
        return text


def add_source(case_ref: str | os.PathLike[str], source: dict[str, Any]) -> Path:
    """Append ``source`` to the case's ``sources.yaml`` (round trip: comments and order kept)."""
    from ruamel.yaml import YAML

    root = find_case(case_ref)
    path = root / SOURCES_FILE
    with case_lock(root):
        case = load_case(root)
        if source["id"] in case.source_by_id:
            raise RefusedOperation(
                f"{SOURCES_FILE}: id: {echo(source['id'])} is already a source; nothing was written"
            )
        yaml = YAML()  # round-trip mode: comments, order and quoting survive
        yaml.allow_unicode = True
        yaml.width = 100
        yaml.indent(mapping=2, sequence=4, offset=2)
        document = yaml.load(path.read_text(encoding="utf-8")) if path.is_file() else None
        if document is None:
            from ruamel.yaml.comments import CommentedSeq

            document = CommentedSeq()
        document.append(source)
        buffer = io.StringIO()
        yaml.dump(document, buffer)
        data = buffer.getvalue().encode("utf-8")
        load_with(root, {SOURCES_FILE: data})
        write_atomic(path, data)
    return path
