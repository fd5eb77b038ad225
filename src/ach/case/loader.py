"""Finding and loading case folders.

Every problem in a case is collected before anything is raised, so that one run of
``ach validate`` lists them all, one line each, naming the file and the field.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ach.case.analysts import read_ratings
from ach.case.checks import cross_check, with_analysts
from ach.case.leads import LEADS_FILE, check_leads
from ach.case.model import Case
from ach.case.problems import entry_label as _label
from ach.case.problems import validate_model
from ach.errors import CaseError, CaseNotFound, Problem, echo
from ach.evidence.leads import Lead
from ach.evidence.models import EvidenceItem, Source
from ach.fields import ID_PATTERN
from ach.hypotheses.models import CaseFile
from ach.yamlio import YamlDoc, load_yaml_file, read_text

CASE_FILE = "case.yaml"
SOURCES_FILE = "sources.yaml"
EVIDENCE_DIR = "evidence"
BIB_FILE = "references.bib"


def bundled_cases_dir() -> Path:
    """The folder of cases shipped inside the package."""
    return Path(str(resources.files("ach") / "cases"))


def search_path(cwd: Path | None = None) -> list[Path]:
    """Where case ids are looked up, in order: ``./cases``, then the bundled cases."""
    return [(cwd or Path.cwd()) / "cases", bundled_cases_dir()]


def find_case(ref: str | os.PathLike[str], cwd: Path | None = None) -> Path:
    """The folder a CASE argument names: a path to a case folder, or a case id on the search path."""
    path = Path(ref)
    if path.is_dir():
        return path
    text = str(ref)
    if ID_PATTERN.match(text):
        for folder in search_path(cwd):
            if (folder / text).is_dir():
                return folder / text
    if path.exists():
        raise CaseNotFound(f"{text}: not a case folder (expected a folder with {CASE_FILE})")
    known = ", ".join(sorted({c.name for c in list_cases(cwd)})) or "none"
    raise CaseNotFound(
        f"{echo(text)}: no such case folder or case id (looked in ./cases and the bundled "
        f"cases; known ids: {known})"
    )


def list_cases(cwd: Path | None = None) -> list[Path]:
    """Case folders on the search path (folders holding a ``case.yaml``), local first."""
    found = []
    for folder in search_path(cwd):
        if folder.is_dir():
            found.extend(sorted(p for p in folder.iterdir() if (p / CASE_FILE).is_file()))
    return found


def load_case(ref: str | os.PathLike[str]) -> Case:
    """Load and cross-check a case; raise :class:`CaseError` listing every problem found."""
    root = find_case(ref)
    problems: list[Problem] = []
    digest = _Digest()

    meta_doc = _read(root, CASE_FILE, problems, digest)
    meta = None
    if meta_doc is not None:
        meta, found = validate_model(CaseFile, meta_doc.data, meta_doc, CASE_FILE)
        problems += found

    sources_doc = _read(root, SOURCES_FILE, problems, digest)
    sources = _load_list(Source, sources_doc, SOURCES_FILE, problems)

    items: list[EvidenceItem] = []
    item_files: dict[str, str] = {}
    # ids of entries that failed validation still exist: references to them are not errors
    declared = _declared_ids(sources_doc.data if sources_doc is not None else None)
    item_lines: dict[str, tuple[YamlDoc, tuple[str | int, ...]]] = {}
    for name in _evidence_files(root):
        doc = _read(root, name, problems, digest)
        if doc is None:
            continue
        data = doc.data
        if data is None:
            problems.append(Problem(name, "", "file is empty (expected an evidence item)"))
            continue
        entries = list(enumerate(data)) if isinstance(data, list) else [(None, data)]
        declared |= _declared_ids([entry for _, entry in entries])
        for index, entry in entries:
            at: tuple[str | int, ...] = () if index is None else (index,)
            label = "" if index is None else _label(entry, index)
            item, found = validate_model(EvidenceItem, entry, doc, name, at, label)
            problems += found
            if item is not None:
                if item.id in item_files:
                    problems.append(
                        Problem(
                            name,
                            _join(label, "id"),
                            f"{echo(item.id)} is already used in {item_files[item.id]}",
                            doc.line((*at, "id")),
                        )
                    )
                    continue
                items.append(item)
                item_files[item.id] = name
                item_lines[item.id] = (doc, at)

    bib: dict[str, dict[str, str]] = {}
    if (root / BIB_FILE).is_file():
        bib = _read_bib(root, problems, digest)

    leads: tuple[Lead, ...] = ()
    if (root / LEADS_FILE).is_file():
        leads_doc = _read(root, LEADS_FILE, problems, digest)
        if leads_doc is not None:
            known = None if sources is None else {s.id for s in sources} | declared
            leads, found = check_leads(leads_doc, meta, known)
            problems += found
    readings, reading_files = read_ratings(root, meta, items, declared, problems, digest)

    if meta is None or sources is None:
        raise CaseError(problems)
    case, found, warnings = cross_check(
        root=root,
        meta=meta,
        meta_doc=meta_doc,
        sources=sources,
        sources_doc=sources_doc,
        items=items,
        item_files=item_files,
        item_lines=item_lines,
        bib=bib,
        has_bib=(root / BIB_FILE).is_file(),
        digest=digest.hexdigest(),
        declared=declared,
        incomplete=bool(problems),
    )
    problems += found
    if problems or case is None:
        raise CaseError(problems)
    if leads:
        case = replace(case, leads=leads)
    if readings:
        case = with_analysts(case, readings, reading_files)
    return replace(
        case,
        files=MappingProxyType(digest.files),
        warnings=tuple(sorted(warnings, key=lambda p: (p.file, p.field))),
    )


class _Digest:
    """The case's content hash, keeping the bytes it hashed: a case can then be written out
    again exactly as loaded (``ach rank --save``, ``Case.with_evidence``), with the same digest."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.files: dict[str, bytes] = {}

    def add(self, name: str, data: bytes) -> None:
        self._hash.update(name.encode() + b"\0" + data + b"\0")
        self.files[name] = data

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _read(root: Path, name: str, problems: list[Problem], digest: _Digest) -> YamlDoc | None:
    path = root / name
    if path.is_file():
        digest.add(name, path.read_bytes())
    doc, found = load_yaml_file(path, name)
    problems += found
    return doc


def _load_list(
    model: type[Source], doc: YamlDoc | None, name: str, problems: list[Problem]
) -> list[Source] | None:
    if doc is None:
        return None
    if doc.data is None:
        return []
    if not isinstance(doc.data, list):
        problems.append(Problem(name, "", "expected a list of sources", doc.line(())))
        return None
    out = []
    for index, entry in enumerate(doc.data):
        obj, found = validate_model(model, entry, doc, name, (index,), _label(entry, index))
        problems += found
        if obj is not None:
            out.append(obj)
    return out


def _declared_ids(entries: object) -> set[str]:
    if not isinstance(entries, list):
        return set()
    return {e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _join(label: str, field: str) -> str:
    return f"{label}.{field}" if label else field


def _evidence_files(root: Path) -> list[str]:
    """Every ``.yaml``/``.yml`` file under ``evidence/``, sub-folders included (a large case
    may be organised by source or by archive); hidden files and folders (editor back-ups,
    drafts) are skipped."""
    folder = root / EVIDENCE_DIR
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            found.append(f"{EVIDENCE_DIR}/{relative.as_posix()}")
    return sorted(found)


def parse_bibtex(text: str) -> Any:
    """A bibtexparser library of ``text``, with bibtexparser's own logging of each failed block
    silenced: callers report ``library.failed_blocks`` themselves, one line each."""
    import bibtexparser

    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    finally:
        logger.setLevel(level)


def _read_bib(root: Path, problems: list[Problem], digest: _Digest) -> dict[str, dict[str, str]]:
    """Entries of ``references.bib`` by key (fields as plain strings)."""
    path = root / BIB_FILE
    digest.add(BIB_FILE, path.read_bytes())
    text, found = read_text(path, BIB_FILE)
    problems += found
    if text is None:
        return {}
    library = parse_bibtex(text)
    for block in library.failed_blocks:
        line = getattr(block, "start_line", None)
        why = str(getattr(block, "error", "") or "not valid BibTeX").strip().splitlines()
        problems.append(
            Problem(
                BIB_FILE,
                "",
                f"cannot parse entry: {why[-1].strip() if why else 'not valid BibTeX'}",
                line + 1 if isinstance(line, int) else None,
            )
        )
    return {
        entry.key: {f.key.lower(): str(f.value) for f in entry.fields} for entry in library.entries
    }
