"""Reading case files: YAML with the C safe loader, anchors refused, locations kept.

Anchors and aliases are refused before anything is built: a few lines of aliases can expand
to millions of nodes (the "billion laughs" file) and must not hang the engine. YAML 1.1's
``yes``/``no``/``on``/``off`` booleans are read as strings, so a hypothesis called ``no`` stays
a hypothesis. Every value keeps the line it came from, so errors can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ach.errors import Problem

Path_ = tuple[str | int, ...]


class _Loader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
    """The C safe loader with YAML 1.2 booleans (only true/false)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()  # type: ignore[attr-defined]
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass
class YamlDoc:
    """A parsed YAML file: its data and the line (1-based) of every mapping key and item."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """The line of the deepest known prefix of ``path``."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    """A file's text as UTF-8 (a BOM is allowed), or a problem saying why not."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, "", "file not found")]
    except OSError as exc:
        return None, [Problem(name, "", f"cannot be read ({exc.strerror})")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        return None, [Problem(name, "", f"is not UTF-8 text (byte 0x{bad} at offset {exc.start})")]


def parse_yaml(text: str, name: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one YAML document; syntax errors, anchors and extra documents become problems."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1
                return None, [
                    Problem(
                        name, "", "YAML anchors and aliases are not allowed in case files", line
                    )
                ]
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = (exc.problem or exc.context or "invalid YAML").strip()
        return None, [Problem(name, "", f"invalid YAML: {what}", line)]
    except yaml.YAMLError as exc:
        return None, [Problem(name, "", f"invalid YAML: {str(exc).splitlines()[0]}")]
    doc = YamlDoc(data)
    problems: list[Problem] = []
    if node is not None:
        _record_lines(node, (), doc.lines, name, problems)
    return (None if problems else doc), problems


def load_yaml_file(path: Path, name: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse one case file; ``name`` is how errors refer to it."""
    text, problems = read_text(path, name)
    if text is None:
        return None, problems
    return parse_yaml(text, name)


def _record_lines(
    node: yaml.Node, path: Path_, out: dict[Path_, int], name: str, problems: list[Problem]
) -> None:
    """Note where every key and item sits; a key given twice is a problem, since PyYAML
    would silently keep the last value (a rating written twice must not pass unnoticed)."""
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in seen:
                    field = ".".join(str(p) for p in (*path, key))
                    problems.append(Problem(name, field, "key given twice", line))
                seen.add(key)
                out[(*path, key)] = line
                _record_lines(value_node, (*path, key), out, name, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), out, name, problems)
