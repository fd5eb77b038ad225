"""Changing a YAML file the user wrote, keeping every byte that the change does not concern.

Removing one entry of a list cuts exactly that entry's lines (and the comment lines written
right above it) out of the text; the result must parse to the old list without the entry, or
the file is re-emitted by a ruamel.yaml round trip instead (comments, order and quoting kept,
long lines possibly re-wrapped). Changing fields of an item is always such a round trip.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml as pyyaml

from ach.workspace.sources import _dump, _yaml


def load_round_trip(text: str) -> tuple[Any, int | None, int | None]:
    """The document (ruamel.yaml's commented containers) and the file's indentation."""
    from ruamel.yaml.util import load_yaml_guess_indent

    document, indent, offset = load_yaml_guess_indent(text)
    return document, indent, offset


def dump_round_trip(document: Any, indent: int | None, offset: int | None) -> str:
    """``document`` written back in the indentation it was read with."""
    return str(_dump(_yaml(indent, offset), document))


def without_entry(text: str, index: int) -> str:
    """``text`` (a YAML list) without its entry ``index``; other lines kept byte for byte."""
    document, indent, offset = load_round_trip(text)
    before = pyyaml.safe_load(text)
    expected = [entry for i, entry in enumerate(before) if i != index]
    cut = _cut(text, document, index)
    if cut is not None:
        try:
            now = pyyaml.safe_load(cut)
        except pyyaml.YAMLError:
            now = False
        if now == expected or (now is None and not expected):  # an empty file is an empty list
            return cut
    del document[index]
    return dump_round_trip(document, indent, offset)


def _cut(text: str, document: Any, index: int) -> str | None:
    """The text with the lines of entry ``index`` removed, or None when the list is not one
    block-style entry per ``-`` line that could be cut cleanly."""
    if getattr(document, "fa", None) is None or document.fa.flow_style():
        return None
    lines = text.splitlines(keepends=True)
    starts = [document.lc.item(i)[0] for i in range(len(document))]
    if any(not lines[s].lstrip().startswith("-") for s in starts if s < len(lines)):
        return None

    def owned_start(line: int) -> int:
        """Comment lines directly above an entry belong to it."""
        while line > 0 and lines[line - 1].lstrip().startswith("#"):
            line -= 1
        return line

    first = owned_start(starts[index])
    if index + 1 < len(starts):
        end = owned_start(starts[index + 1])
    else:
        end = len(lines)
        while end > first and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
    if index == 0 and first < starts[0] and first == 0:
        first = starts[0]  # the file's heading comment is not the first entry's
    return "".join(lines[:first] + lines[end:])


def with_fields(
    text: str, at: int | None, changes: Mapping[str, Any], order: tuple[str, ...]
) -> str:
    """``text`` with the fields in ``changes`` set on the mapping (entry ``at`` of a list, or
    the whole document); None removes a field. New fields go where ``order`` puts them.
    A mapping value (ratings) is updated key by key, so comments on untouched keys stay."""
    document, indent, offset = load_round_trip(text)
    target = document if at is None else document[at]
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(target.get(key), Mapping):
            inner = target[key]
            for name in [k for k in inner if k not in value]:
                del inner[name]
            for name, v in value.items():
                if inner.get(name) != v or name not in inner:
                    inner[name] = v
        elif key in target:
            target[key] = value
        else:
            position = sum(1 for k in target if k in order and order.index(k) < _rank(key, order))
            target.insert(position, key, value)
    return dump_round_trip(document, indent, offset)


def _rank(key: str, order: tuple[str, ...]) -> int:
    return order.index(key) if key in order else len(order)
