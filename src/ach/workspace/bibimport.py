"""``ach sources import``: the entries of a BibTeX export become sources of a case.

Each entry's text is appended to the case's ``references.bib`` exactly as it stood in the
export (bibtexparser finds the entries; their bytes are copied, never re-emitted, so Turkish,
Russian and Georgian text, braces and accents stay as the reference manager wrote them), and
a source citing it by key is appended to ``sources.yaml``. An entry the case already has (the
same key, DOI, or title and year) is skipped with the reason, so importing the same file twice
changes nothing. Grades are the analyst's to give: a new source is graded F ("cannot be
judged") unless ``--reliability`` says otherwise, with a note asking for a grade.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ach.atomic import case_lock, write_atomic
from ach.case.loader import BIB_FILE, SOURCES_FILE, load_case
from ach.errors import RefusedOperation
from ach.evidence.models import SourceKind
from ach.workspace.guard import editable_case
from ach.workspace.sources import _appended, _dump, _round_trip, _yaml, build_source
from ach.workspace.trial import load_with
from ach.yamlio import read_text

#: The kind a BibTeX (or biblatex) entry type suggests; anything else is ``other``.
KIND_BY_TYPE: dict[str, SourceKind] = {
    "letter": "letter",
    "unpublished": "archival",
    "manuscript": "archival",
    "periodical": "journalism",
    "newspaper": "journalism",
    **dict.fromkeys(
        (
            "article", "book", "mvbook", "inbook", "bookinbook", "booklet", "collection",
            "incollection", "proceedings", "inproceedings", "conference", "thesis",
            "phdthesis", "mastersthesis", "report", "techreport", "reference", "inreference",
        ),
        "scholarship",
    ),
}  # fmt: skip

#: Letters an id keeps after accents are dropped (NFKD) that NFKD does not decompose.
_LATIN = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe"})


@dataclass(frozen=True)
class Imported:
    """One entry of the file: the source it became, or why it was skipped."""

    key: str
    id: str | None = None  # None: skipped
    kind: str | None = None
    renamed: bool = False  # the id differs from the key
    bib_added: bool = True  # False: the entry was in references.bib already
    skipped: str | None = None


def source_id(key: str) -> str:
    """A BibTeX key as a source id: lower-case ASCII letters, digits and '-'."""
    text = unicodedata.normalize("NFKD", key.casefold().translate(_LATIN))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "source"


def _norm_doi(value: str | None) -> str | None:
    if not value:
        return None
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.I)
    return doi.casefold() or None


def _norm_title(fields: dict[str, str]) -> tuple[str, str] | None:
    """Title and year as compared: case, braces, punctuation and spacing ignored."""
    title = fields.get("title")
    year = fields.get("year") or (fields.get("date") or "")[:4]
    if not title or not year:
        return None
    words = re.sub(r"[\W_]+", " ", title.replace("{", "").replace("}", "").casefold()).split()
    return (" ".join(words), year.strip())


def _year(fields: dict[str, str]) -> int | None:
    text = (fields.get("year") or fields.get("date") or "").strip()
    found = re.match(r"^(\d{4})(?:$|-)", text)
    return int(found.group(1)) if found else None


def _parse(text: str, name: str) -> Any:
    from ach.case.loader import parse_bibtex

    library = parse_bibtex(text)  # failures are reported below, one line each
    for block in library.failed_blocks:
        line = getattr(block, "start_line", None)
        at = f" (line {line + 1})" if isinstance(line, int) else ""
        raise RefusedOperation(f"{name}: cannot parse an entry{at}; nothing was written")
    return library


def import_bib(
    case_ref: str | os.PathLike[str],
    bib_path: Path,
    *,
    reliability: str = "F",
    kind: str | None = None,
) -> list[Imported]:
    """Import every entry of ``bib_path`` into the case; returns what became of each."""
    root = editable_case(case_ref)
    text, problems = read_text(bib_path, bib_path.name)
    if text is None:
        raise RefusedOperation(str(problems[0]))
    entries = _parse(text, bib_path.name).entries
    with case_lock(root):
        case = load_case(root)
        cited = {s.bib: s.id for s in case.sources if s.bib}
        ids = {s.id for s in case.sources}
        keys = dict.fromkeys(case.bib)  # existing key -> itself; file keys added as they come
        dois = {d: k for k, f in case.bib.items() if (d := _norm_doi(f.get("doi")))}
        titles = {t: k for k, f in case.bib.items() if (t := _norm_title(f))}
        done: list[Imported] = []
        sources: list[dict[str, Any]] = []
        appended: list[str] = []
        for entry in entries:
            fields = {f.key.lower(): str(f.value) for f in entry.fields}
            key = entry.key
            doi, title = _norm_doi(fields.get("doi")), _norm_title(fields)
            same = (
                (key if key in keys else None)
                or (dois.get(doi) if doi else None)
                or (titles.get(title) if title else None)
            )
            if same is not None and same in cited:
                if same == key:
                    why = "the same key"
                elif doi and dois.get(doi) == same:
                    why = f"the same DOI as {same}"
                else:
                    why = f"the same title and year as {same}"
                done.append(Imported(key, skipped=f"{why}: already source {cited[same]}"))
                continue
            bib_key = same or key
            new_id = _unique(source_id(key), ids)
            entry_kind = kind or KIND_BY_TYPE.get(entry.entry_type.lower(), "other")
            sources.append(
                build_source(
                    id=new_id,
                    kind=entry_kind,
                    reliability=reliability,
                    bib=bib_key,
                    year=_year(fields),
                    notes=f"Imported from {bib_path.name}; "
                    + (
                        "grade it (A-E) and say why."
                        if reliability == "F"
                        else "say why this grade."
                    ),
                )
            )
            if same is None:
                appended.append(entry.raw)
            ids.add(new_id)
            cited[bib_key] = new_id
            keys[key] = None
            if doi:
                dois.setdefault(doi, bib_key)
            if title:
                titles.setdefault(title, bib_key)
            done.append(Imported(key, new_id, entry_kind, new_id != key, same is None))
        if sources:
            _write(root, sources, appended)
    return done


def _unique(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def _with_sources(text: str, sources: list[dict[str, Any]]) -> str:
    """``sources.yaml`` with ``sources`` appended as ``sources add`` appends one (every
    existing byte kept), in one pass: appending them one at a time re-reads the file each
    time (200 entries took 100 s that way)."""
    import yaml as pyyaml
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        document, indent, offset = load_yaml_guess_indent(text)
    except YAMLError:
        document = None
    if not isinstance(document, CommentedSeq) or not document or document.fa.flow_style():
        # an empty or flow-style list: the first source as `sources add` would write it
        text = _appended(text, sources[0]) or _round_trip(text, sources[0])
        return _with_sources(text, sources[1:]) if len(sources) > 1 else text
    new = text + ("" if text.endswith("\n") else "\n") + _dump(_yaml(indent, offset), sources)
    if pyyaml.safe_load(new) == [*pyyaml.safe_load(text), *sources]:
        return new
    for source in sources:  # what a plain append cannot say: one at a time, as `sources add`
        text = _appended(text, source) or _round_trip(text, source)
    return text


def _write(root: Path, sources: list[dict[str, Any]], entries: list[str]) -> None:
    """Append the sources and the entries' text, checked together on a copy first; the
    bibliography is written first, so an interruption leaves entries no source cites yet
    (the next import picks them up) rather than sources citing missing keys."""
    changes: dict[str, bytes] = {}
    if entries:
        bib = root / BIB_FILE
        old = bib.read_bytes() if bib.is_file() else b""
        sep = (
            b"" if not old or old.endswith(b"\n\n") else (b"\n" if old.endswith(b"\n") else b"\n\n")
        )
        changes[BIB_FILE] = old + sep + "\n\n".join(e.strip("\n") for e in entries).encode() + b"\n"
    path = root / SOURCES_FILE
    raw = path.read_bytes() if path.is_file() else b""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw[len(bom) :].decode("utf-8")
    changes[SOURCES_FILE] = bom + _with_sources(text, sources).encode("utf-8")
    load_with(root, changes)
    for name, data in changes.items():  # BIB_FILE first (insertion order)
        write_atomic(root / name, data)
