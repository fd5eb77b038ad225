"""Reading case files: YAML with the C safe loader, anchors refused, locations kept.

Plain block YAML (nearly every case file) is first read by ``ach.yamlfast``, about ten times
faster; a file it leaves is read here by PyYAML, which decides every refusal and error.
PyYAML itself is imported only then, or when an error needs a line, or for a timestamp with a
time of day: ``ach rank`` on a well-formed case does not pay for it.

Anchors and aliases are refused before anything is built: a few lines of aliases can expand
to millions of nodes (the "billion laughs" file) and must not hang the engine. YAML 1.1's
``yes``/``no``/``on``/``off`` booleans are read as strings, so a hypothesis called ``no`` stays
a hypothesis. Every value keeps the line it came from, so errors can point at it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ach.errors import Problem
from ach.yamlfast import GiveUp, read_plain_yaml

if TYPE_CHECKING:
    import yaml

Path_ = tuple[str | int, ...]

# YAML 1.2's core schema for booleans and numbers: YAML 1.1 would read `no` as false, `010`
# as 8, `1_0` as 10, `0x1f` as 31 and `12:30` as 750 — ids and locators must stay as written.
# PyYAML's loader below and the fast path's typing both use these very patterns.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9]+[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
#: PyYAML's null and date-only timestamp (YAML 1.1), and the start of any other timestamp.
_NULL = frozenset(("~", "null", "Null", "NULL"))
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_TIMESTAMP_START = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[Tt \t]")
#: First characters of the plain scalars that are not simply text.
_SPECIAL_STARTS = frozenset("~nN<=tTfF-+.0123456789")


@cache
def _loader_class() -> Any:
    """PyYAML's C safe loader with YAML 1.2 booleans and numbers (only true/false), a fast
    path for plain strings, and duplicate keys recorded (PyYAML silently keeps the last
    value). Built on first use, so that PyYAML is imported only when needed."""
    import yaml

    class Loader(yaml.CSafeLoader):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.duplicates: list[tuple[yaml.Node, str]] = []

        def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
            # Most scalars in a case are plain words; only a few first characters can start
            # a number, date, null or boolean, so skip the regular expressions for the rest.
            if (
                kind is yaml.ScalarNode
                and implicit[0]
                and value
                and value[0] not in _SPECIAL_STARTS
            ):
                return "tag:yaml.org,2002:str"
            return str(super().resolve(kind, value, implicit))

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
            if len(mapping) != len(node.value):
                seen: set[str] = set()
                for key_node, _ in node.value:
                    if key_node.value in seen:
                        self.duplicates.append((key_node, key_node.value))
                    seen.add(key_node.value)
            return mapping

    replaced = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
    Loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag not in replaced]
        for key, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
    Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
    Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
    return Loader


def _typed(text: str) -> Any:
    """A plain scalar's value exactly as the PyYAML path reads it (the tests compare the two
    on generated files); memoised, as case files repeat the same few codes and numbers."""
    if text[0] not in _SPECIAL_STARTS:
        return text
    found = _TYPED.get(text, _TYPED)
    if found is _TYPED:
        found = _type_special(text)
        if len(_TYPED) < 10_000:
            _TYPED[text] = found
    return found


def _type_special(text: str) -> Any:
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        lowered = text.lower()
        if lowered.endswith(".inf"):
            return -math.inf if lowered[0] == "-" else math.inf
        if lowered.endswith(".nan"):
            return math.nan
        return float(text)
    if text in _NULL:
        return None
    date = _DATE.match(text)
    if date:
        try:
            return dt.date(int(date[1]), int(date[2]), int(date[3]))
        except ValueError:
            raise GiveUp from None  # PyYAML's own failure, whatever it is
    if text in ("<<", "=") or _TIMESTAMP_START.match(text):
        return _type_with_pyyaml(text)  # merge keys, values, date-times: PyYAML decides
    return text


def _type_with_pyyaml(text: str) -> Any:
    import yaml

    typer = _loader_class()("")
    tag = typer.resolve(yaml.ScalarNode, text, (True, False))
    construct = typer.yaml_constructors.get(tag)
    if construct is None or tag in ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"):
        raise GiveUp
    try:
        return construct(typer, yaml.ScalarNode(tag, text))
    except ValueError:
        raise GiveUp from None  # a date-time that does not exist: PyYAML's path reports it


_TYPED: dict[str, Any] = {}


@dataclass
class YamlDoc:
    """A parsed YAML file: its data, and its node tree for finding the line of any field.

    A file read by the fast path keeps its text instead; the node tree is composed from it
    the first time a line is asked for (only when something is wrong).
    """

    data: Any
    node: yaml.Node | None = None
    text: str | None = None

    def line(self, path: Path_) -> int | None:
        """The line (1-based) of the deepest part of ``path`` found in the file.

        Walked on demand: lines are only needed when something is wrong.
        """
        import yaml

        if self.node is None and self.text is not None:
            loader = _loader_class()(self.text)
            try:
                self.node = loader.get_single_node()
            finally:
                loader.dispose()
            self.text = None
        node = self.node
        if node is None:
            return None
        line: int = node.start_mark.line + 1
        for part in path:
            if isinstance(node, yaml.MappingNode):
                found = [(k, v) for k, v in node.value if k.value == str(part)]
                if not found:
                    break
                key_node, node = found[-1]
                line = key_node.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line


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
    fast, data = read_plain_yaml(text, _typed, _SPECIAL_STARTS)
    if fast:
        return YamlDoc(data, text=text), []
    return parse_with_pyyaml(text, name)


def parse_with_pyyaml(text: str, name: str) -> tuple[YamlDoc | None, list[Problem]]:
    """:func:`parse_yaml` without the fast path: PyYAML reads every file this way that the
    fast path leaves, and decides every refusal."""
    import yaml

    loader_class = _loader_class()
    try:
        if "&" in text or "*" in text:  # only then can there be an anchor or alias
            for event in yaml.parse(text, Loader=loader_class):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    line = event.start_mark.line + 1
                    message = "YAML anchors and aliases are not allowed in case files"
                    return None, [Problem(name, "", message, line)]
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            try:
                data = loader.construct_document(node) if node is not None else None
            except ValueError as exc:  # a date that does not exist: 1919-13-45
                return None, [_bad_date(node, name, exc)]
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = (exc.problem or exc.context or "invalid YAML").strip()
        return None, [Problem(name, "", f"invalid YAML: {what}", line)]
    except yaml.YAMLError as exc:
        return None, [Problem(name, "", f"invalid YAML: {str(exc).splitlines()[0]}")]
    problems = [
        Problem(name, key, "key given twice", key_node.start_mark.line + 1)
        for key_node, key in loader.duplicates
    ]
    return (None if problems else YamlDoc(data, node)), problems


def _bad_date(root: yaml.Node, name: str, exc: ValueError) -> Problem:
    """PyYAML raises a bare ValueError for an impossible date; name it and its line."""
    import yaml

    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                _loader_class()("").construct_yaml_timestamp(node)
            except ValueError as why:
                message = f"invalid YAML: {node.value} is not a date ({why})"
                return Problem(name, "", message, node.start_mark.line + 1)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in reversed(node.value) for v in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return Problem(name, "", f"invalid YAML: {exc}")


def load_yaml_file(path: Path, name: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse one case file; ``name`` is how errors refer to it."""
    text, problems = read_text(path, name)
    if text is None:
        return None, problems
    return parse_yaml(text, name)
