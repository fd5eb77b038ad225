"""Changing a YAML file the user wrote, keeping every byte that the change does not concern.

Removing one entry of a list cuts exactly that entry's lines (and the comment lines written
right above it) out of the text; the result must parse to the old list without the entry, or
the file is re-emitted by a ruamel.yaml round trip instead (comments, order and quoting kept,
long lines possibly re-wrapped). Changing fields of an item is always such a round trip.
"""

from __future__ import annotations

import re
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
    text: str, edits: Mapping[int | None, Mapping[str, Any]], order: tuple[str, ...]
) -> str:
    """``text`` with, for each entry of ``edits``, the fields set on that mapping (entry ``at``
    of a list, or None for the whole document); None removes a field. New fields go where
    ``order`` puts them.

    In a file of one item, only the lines of the changed fields are rewritten (a mapping such
    as ``ratings`` key by key, its comments kept), so the diff shows the change and nothing
    else. Otherwise, or when that would not read back as intended, the file is re-emitted by
    one ruamel.yaml round trip for all its edits (comments kept, long lines possibly
    re-wrapped).
    """
    if set(edits) == {None}:
        changes = edits[None]
        expected = _applied(pyyaml.safe_load(text), None, changes)
        spliced = _spliced(text, changes, order)
        try:
            if spliced is not None and pyyaml.safe_load(spliced) == expected:
                return spliced
        except pyyaml.YAMLError:
            pass
    document, indent, offset = load_round_trip(text)
    for at, changes in edits.items():
        _update(document if at is None else document[at], changes, order)
    return dump_round_trip(document, indent, offset)


def _applied(data: Any, at: int | None, changes: Mapping[str, Any]) -> Any:
    target = data if at is None else data[at]
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = dict(value) if isinstance(value, Mapping) else _plain(value)
    return data


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, str) else value


def _update(target: Any, changes: Mapping[str, Any], order: tuple[str, ...]) -> None:
    """Set ``changes`` on a ruamel.yaml mapping; a mapping value key by key (comments kept)."""
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(target.get(key), Mapping):
            inner = target[key]
            for name in [k for k in inner if k not in value]:
                del inner[name]
            for name, v in value.items():
                if name not in inner or inner[name] != v:
                    inner[name] = v
        elif key in target:
            target[key] = value
        else:
            position = sum(1 for k in target if k in order and order.index(k) < _rank(key, order))
            target.insert(position, key, value)


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(\s|$)")


def _blocks(lines: list[str]) -> dict[str, tuple[int, int]] | None:
    """The line span of each top-level field: its key line, then the indented lines (and the
    blank lines inside them) that continue it. None when a key is seen twice."""
    spans: dict[str, tuple[int, int]] = {}
    i = 0
    while i < len(lines):
        found = _TOP_KEY.match(lines[i])
        if not found:
            i += 1
            continue
        end = i + 1
        while end < len(lines):
            if lines[end].startswith((" ", "\t")):
                end += 1
            elif not lines[end].strip():
                after = next((j for j in range(end, len(lines)) if lines[j].strip()), len(lines))
                if after < len(lines) and lines[after].startswith((" ", "\t")):
                    end = after
                else:
                    break
            else:
                break
        if found.group(1) in spans:
            return None
        spans[found.group(1)] = (i, end)
        i = end
    return spans


def _spliced(text: str, changes: Mapping[str, Any], order: tuple[str, ...]) -> str | None:
    """The one-item file with only the changed fields' lines replaced, or None."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    spans = _blocks(lines)
    if spans is None:
        return None
    replaced: dict[int, tuple[int, str]] = {}  # start line -> (end line, new text)
    for key, value in changes.items():
        if key in spans:
            start, end = spans[key]
            if value is None:
                new = ""
            elif isinstance(value, Mapping):
                new = _mapping_block("".join(lines[start:end]), key, value)
            else:
                new = _field(key, value)
            replaced[start] = (end, new)
        elif value is not None:
            later = (
                [spans[k] for k in order[order.index(key) + 1 :] if k in spans]
                if key in order
                else []
            )
            at = (
                min(s for s, _ in later)
                if later
                else max((e for _, e in spans.values()), default=len(lines))
            )
            end_, new = replaced.get(at, (at, ""))
            replaced[at] = (
                end_,
                _field(key, dict(value) if isinstance(value, Mapping) else value) + new,
            )
    out: list[str] = []
    i = 0
    while i < len(lines) or i in replaced:
        if i in replaced:
            end, new = replaced[i]
            out.append(new)
            if end == i:  # an insertion: the line here is kept
                if i < len(lines):
                    out.append(lines[i])
                i += 1
                continue
            i = end
            continue
        out.append(lines[i])
        i += 1
    return "".join(out)


def _mapping_block(block: str, key: str, value: Mapping[str, Any]) -> str:
    """The ``key:`` block with its mapping updated entry by entry, comments kept."""
    document, indent, offset = load_round_trip(block)
    _update(document, {key: value}, ())
    return dump_round_trip(document, indent, offset)


class BlockDumper(pyyaml.SafeDumper):  # type: ignore[misc]
    """PyYAML's safe dumper writing multi-line text as a ``|`` block, as the case's items do."""


def _str(dumper: pyyaml.SafeDumper, value: str) -> pyyaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


BlockDumper.add_representer(str, _str)


def _field(key: str, value: Any) -> str:
    """One top-level field as ``evidence add`` writes it (width 100, UTF-8 kept)."""
    value = str(value) if isinstance(value, str) else value  # ruamel's string subclasses
    return str(
        pyyaml.dump(
            {key: value}, Dumper=BlockDumper, allow_unicode=True, sort_keys=False, width=100
        )
    )


def _rank(key: str, order: tuple[str, ...]) -> int:
    return order.index(key) if key in order else len(order)
