"""A fast reader for the plain block YAML that case files are written in; PyYAML does the rest.

PyYAML builds a node object, resolves a tag and calls a constructor in Python for every
scalar: on a case of 10,000 items that was 6.8 of its 8.4 seconds. Case files use a small
part of YAML: block mappings and sequences, plain, quoted and literal scalars, comments.
:func:`read_plain_yaml` reads that part line by line and gives up (returns ``None``) on
anything else or anything doubtful: flow collections, anchors, aliases, tags, directives,
document markers, tabs, escapes, folded scalars, a key given twice, a line it cannot place.
The caller then lets PyYAML read the file as before, so every refusal and every error
message (with its line) stays PyYAML's; this module only ever accepts files that PyYAML
reads to the same data. Plain scalars are typed by the very resolver and constructors of the
PyYAML path (``ach.yamlio``), so ``1919`` is a number and ``no`` a word in both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import cache
from typing import Any

#: Characters a case file may hold on this path: no tab, carriage return, NEL, line or
#: paragraph separator, byte-order mark or control character (PyYAML decides about those).
_OUTSIDE = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
#: A plain key on its own (no quotes, no ``:`` or ``#`` inside, at most 1,000 characters),
#: then ``:`` and a space or the end of the line.
_KEY_TEXT = r"(\w(?:[^:#,\[\]{}]*[^\s:#,\[\]{}])?)"
_KEY = re.compile(
    _KEY_TEXT
    + r":(?: +|$)"
    + r"|'((?:[^']|'')*)':(?: +|$)"  # a single-quoted key, as dumpers write '1919':
    + r'|"([^"\\]*)":(?: +|$)'
)
#: PyYAML (libyaml) refuses a key longer than 1,024 characters; a margin for the ``: ``.
_LONGEST_KEY = 1000
#: ``key: value`` with a plain value that holds no ``:`` or ``#`` and starts with no indicator.
_PAIR = re.compile(_KEY_TEXT + r": +([^\s,\[\]{}#&*!|>'\"%@`?:-][^:#]*)$")
#: An entry of a one-line flow sequence this reader takes: plain, no ``:``, ``#`` or brackets.
_FLOW_WORD = re.compile(r"[^\s,\[\]{}#&*!|>'\"%@`?:-][^,\[\]{}#:]*$")
#: First characters that make a scalar something other than plain text (``-``, ``?`` and
#: ``:`` only when a space or nothing follows, checked apart).
_INDICATORS = frozenset(",[]{}#&*!|>'\"%@`")


class GiveUp(Exception):
    """The text uses YAML this reader leaves to PyYAML."""


def read_plain_yaml(
    text: str, typed: Callable[[str], Any], special: Collection[str]
) -> tuple[bool, Any]:
    """``(True, data)`` when ``text`` is plain block YAML, else ``(False, None)``.

    ``typed`` turns a plain scalar's text into its value (the PyYAML path's resolver and
    constructors); it raises :class:`GiveUp` for anything it does not construct. A scalar
    whose first character is not in ``special`` is text, and ``typed`` is not asked.
    """
    if _OUTSIDE.search(text):
        return False, None
    try:
        return True, _Reader(text.split("\n"), typed, special).document()
    except GiveUp:
        return False, None
    except RecursionError:  # absurdly deep nesting: PyYAML says what it says
        return False, None


class _Reader:
    def __init__(
        self, lines: list[str], typed: Callable[[str], Any], special: Collection[str]
    ) -> None:
        self.lines = lines
        self.n = len(lines)
        self.typed = typed
        self.special = special

    def next_content(self, i: int) -> int:
        """The index of the first line from ``i`` that is neither blank nor a comment."""
        lines, n = self.lines, self.n
        while i < n:
            stripped = lines[i].lstrip(" ")
            if stripped and stripped[0] != "#":
                return i
            i += 1
        return n

    def document(self) -> Any:
        i = self.next_content(0)
        if i == self.n:
            return None
        line = self.lines[i]
        indent = len(line) - len(line.lstrip(" "))
        value, i = self.collection(i, indent, line[indent:], False)
        if self.next_content(i) != self.n:
            raise GiveUp
        return value

    def collection(self, i: int, indent: int, content: str, indentless: bool) -> tuple[Any, int]:
        """The block mapping or sequence whose first entry, ``content``, is at column ``indent``
        of line ``i``."""
        if _is_entry(content):
            return self.sequence(i, indent, content, indentless)
        if _KEY.match(content):
            return self.mapping(i, indent, content)
        raise GiveUp

    def mapping(self, i: int, indent: int, content: str) -> tuple[dict[Any, Any], int]:
        lines, n, typed, special = self.lines, self.n, self.typed, self.special
        out: dict[Any, Any] = {}
        deeper = " " * (indent + 1)
        simple = _simple_pair(indent)
        pair = _PAIR.match(content)
        while True:
            if (
                pair is not None
                and pair.end(1) - pair.start(1) <= _LONGEST_KEY
                and not (i + 1 < n and lines[i + 1].startswith(deeper))
            ):
                # the common case: a one-line plain scalar, no ``:`` or ``#`` in it
                key = pair[1]
                if key[0] in special:
                    key = typed(key)
                if key in out:
                    raise GiveUp  # PyYAML names the duplicate key and its line
                value = pair[2]
                if value[-1] == " ":
                    value = value.rstrip(" ")
                out[key] = typed(value) if value[0] in special else value
                i += 1
                if i == n:
                    return out, i
                pair = simple.match(lines[i])
                if pair is not None:
                    continue  # the next entry is as simple, at this indentation
            else:
                if pair is not None:  # simple, but a longer value follows: from its key on
                    content = pair.string[pair.start(1) :]
                match = _KEY.match(content)
                if match is None or match.end() > _LONGEST_KEY:
                    raise GiveUp
                if match[1] is not None:
                    key = typed(match[1])
                elif match[2] is not None:
                    key = match[2].replace("''", "'")
                else:
                    key = match[3]
                if key in out:
                    raise GiveUp
                out[key], i = self.value(content[match.end() :], i, indent, True)
                if i == n:
                    return out, i
            line = lines[i]
            content = line.lstrip(" ")
            if not content or content[0] == "#":
                i = self.next_content(i)
                if i == n:
                    return out, i
                line = lines[i]
                content = line.lstrip(" ")
            at = len(line) - len(content)
            if at < indent:
                return out, i
            if at > indent:
                raise GiveUp
            pair = _PAIR.match(content)

    def sequence(
        self, i: int, indent: int, content: str, indentless: bool
    ) -> tuple[list[Any], int]:
        lines, n = self.lines, self.n
        out: list[Any] = []
        while True:
            rest = content[1:].lstrip(" ")
            if rest and rest[0] != "#":
                column = indent + len(content) - len(rest)
                if _is_entry(rest):
                    raise GiveUp  # a sequence inside an entry's line
                if _KEY.match(rest):
                    item, i = self.mapping(i, column, rest)
                else:
                    item, i = self.value(rest, i, indent, False)
            else:
                item, i = self.value("", i, indent, False)
            out.append(item)
            i = self.next_content(i)
            if i == n:
                return out, i
            line = lines[i]
            content = line.lstrip(" ")
            at = len(line) - len(content)
            if at < indent:
                return out, i
            if at > indent:
                raise GiveUp
            if not _is_entry(content):
                if indentless:
                    return out, i  # the next key of the mapping this sequence belongs to
                raise GiveUp

    def value(self, text: str, i: int, indent: int, in_mapping: bool) -> tuple[Any, int]:
        """The value that starts with ``text`` on line ``i`` (after ``key:`` or ``-``), in a
        collection at column ``indent``; returns it and the index of the line after it."""
        if not text or text[0] == "#":
            j = self.next_content(i + 1)
            if j < self.n:
                line = self.lines[j]
                content = line.lstrip(" ")
                at = len(line) - len(content)
                if at > indent:
                    return self.collection(j, at, content, False)
                if at == indent and in_mapping and _is_entry(content):
                    return self.sequence(j, at, content, True)
            return None, i + 1
        first = text[0]
        if first == "'":
            return self.quoted(text, "'", i, indent)
        if first == '"':
            return self.quoted(text, '"', i, indent)
        if first in "|>":
            return self.block(text, i, indent)
        if first == "[":
            return self.flow_list(text), i + 1
        if first == "{":
            return self.flow_map(text), i + 1
        if first in _INDICATORS or (first in "-?:" and (len(text) == 1 or text[1] == " ")):
            raise GiveUp
        return self.plain(text, i, indent)

    def quoted(self, text: str, quote: str, i: int, indent: int) -> tuple[str, int]:
        """A quoted scalar: double-quoted on one line without escapes, or single-quoted over
        any number of lines (as dumpers write long text with ``: `` in it)."""
        end = _closing(text, quote, 1)
        if end >= 0:
            inner = text[1:end]
            if quote == '"' and "\\" in inner:
                raise GiveUp
            _after_quote(text[end + 1 :])
            return (inner.replace("''", "'") if quote == "'" else inner), i + 1
        if quote == '"':
            raise GiveUp
        # YAML folds the lines: each loses its surrounding spaces, a single line break
        # becomes a space, and n empty lines become n line breaks
        parts = [text[1:].rstrip(" ").replace("''", "'")]
        lines, n = self.lines, self.n
        breaks = 0
        for j in range(i + 1, n):
            line = lines[j]
            content = line.lstrip(" ")
            if not content:
                breaks += 1
                continue
            if len(line) - len(content) <= indent:
                raise GiveUp  # PyYAML's rules for such lines are its own
            parts.append("\n" * breaks if breaks else " ")
            breaks = 0
            end = _closing(content, "'", 0)
            if end >= 0:
                _after_quote(content[end + 1 :])
                parts.append(content[:end].replace("''", "'"))
                return "".join(parts), j + 1
            parts.append(content.rstrip(" ").replace("''", "'"))
        raise GiveUp

    def flow_list(self, text: str) -> list[Any]:
        """A one-line flow sequence of plain words, as in ``aliases: [Budu, Secretary Budu]``."""
        end = text.find("]")
        if end < 0:
            raise GiveUp
        _after_quote(text[end + 1 :])
        inner = text[1:end]
        if not inner.strip(" "):
            return []
        out = []
        for part in inner.split(","):
            word = part.strip(" ")
            if not _FLOW_WORD.match(word):
                raise GiveUp
            out.append(self.typed(word))
        return out

    def flow_map(self, text: str) -> dict[Any, Any]:
        """A one-line flow mapping of plain words, as in ``ratings: {h1: C, h2: N}``."""
        end = text.find("}")
        if end < 0:
            raise GiveUp
        _after_quote(text[end + 1 :])
        inner = text[1:end]
        out: dict[Any, Any] = {}
        if not inner.strip(" "):
            return out
        for part in inner.split(","):
            pair = part.split(": ")
            if len(pair) != 2:
                raise GiveUp
            key, value = pair[0].strip(" "), pair[1].strip(" ")
            if not (_FLOW_WORD.match(key) and _FLOW_WORD.match(value)):
                raise GiveUp
            typed_key = self.typed(key)
            if typed_key in out:
                raise GiveUp
            out[typed_key] = self.typed(value)
        return out

    def plain(self, text: str, i: int, indent: int) -> tuple[Any, int]:
        """A plain scalar: the rest of line ``i`` and any more-indented lines that continue it."""
        lines, n = self.lines, self.n
        first, commented = _plain_part(text)
        parts = [first]
        j = i + 1
        last = i
        breaks = 0
        while j < n:
            line = lines[j]
            content = line.lstrip(" ")
            if not content:
                breaks += 1
                j += 1
                continue
            if len(line) - len(content) <= indent:
                break
            if commented or content[0] in _INDICATORS or content[0] in "-?:":
                raise GiveUp  # a comment or an indicator inside the scalar
            part, commented = _plain_part(content)
            parts.append("\n" * breaks if breaks else " ")
            parts.append(part)
            breaks = 0
            last = j
            j += 1
        return self.typed("".join(parts)), last + 1

    def block(self, text: str, i: int, indent: int) -> tuple[str, int]:
        """A literal or folded block scalar (``|``, ``>``, with ``-`` or ``+``) without an
        indentation indicator; folded only where no line is indented further."""
        header = text.split(" #", 1)[0].rstrip(" ")
        if header[1:] not in ("", "-", "+"):
            raise GiveUp
        lines, n = self.lines, self.n
        j = i + 1
        leading = 0
        while j < n and not lines[j]:
            leading += 1
            j += 1
        if j == n:
            raise GiveUp
        line = lines[j]
        content = line.lstrip(" ")
        width = len(line) - len(content)
        if not content or width <= indent:
            raise GiveUp  # spaces before the text, or an empty block: PyYAML's rules decide
        pad = " " * width
        body = [""] * leading
        while j < n:
            line = lines[j]
            if line.startswith(pad):
                if line[width:].strip(" ") == "" and line[width:]:
                    raise GiveUp  # a line of spaces only
                body.append(line[width:])
            elif line.strip(" "):
                if len(line) - len(line.lstrip(" ")) > indent:
                    raise GiveUp  # less indented than the block yet more than its parent
                break
            elif line:
                raise GiveUp  # a short line of spaces
            else:
                body.append("")
            j += 1
        trailing = 0
        while body and body[-1] == "":
            body.pop()
            trailing += 1
        breaks = trailing if j == n else trailing + 1  # the split's last "" follows a break
        kept = "\n".join(body) if header[0] == "|" else _folded(body)
        if header[1:] == "-":
            return kept, j
        if header[1:] == "":
            return kept + ("\n" if breaks else ""), j
        return kept + "\n" * breaks, j


@cache
def _simple_pair(indent: int) -> re.Pattern[str]:
    """:data:`_PAIR` for a whole line indented by exactly ``indent`` spaces."""
    return re.compile(" " * indent + _PAIR.pattern)


def _is_entry(content: str) -> bool:
    """Whether a line's content starts a sequence entry (``-`` then a space or nothing)."""
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


def _folded(body: list[str]) -> str:
    """The lines of a folded block scalar: a line break between two lines becomes a space,
    n empty lines between them n line breaks."""
    parts: list[str] = []
    breaks = 0
    for line in body:
        if not line:
            breaks += 1
            continue
        if line[0] == " ":
            raise GiveUp  # more-indented lines keep their breaks: PyYAML's rules
        parts.append("\n" * breaks if breaks or not parts else " ")
        parts.append(line)
        breaks = 0
    return "".join(parts)


def _closing(text: str, quote: str, start: int) -> int:
    """Where the quote that closes a scalar is in ``text`` (from ``start``), or -1; in
    single quotes ``''`` is a quote inside the text."""
    end = start - 1
    while True:
        end = text.find(quote, end + 1)
        if end < 0 or quote == '"' or text[end + 1 : end + 2] != "'":
            return end
        end += 1


def _after_quote(rest: str) -> None:
    """What may follow a closing quote on its line: nothing, or spaces and a comment."""
    if rest and (rest[0] != " " or rest.lstrip(" ")[:1] not in ("", "#")):
        raise GiveUp


def _plain_part(text: str) -> tuple[str, bool]:
    """One line of a plain scalar up to a comment, without trailing spaces, and whether a
    comment ended it; gives up where PyYAML would see a mapping inside it."""
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut]
    text = text.rstrip(" ")
    if not text or ": " in text or text[-1] == ":":
        raise GiveUp
    return text, cut >= 0
