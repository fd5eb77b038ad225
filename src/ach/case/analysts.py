"""Several analysts: ``ratings/<analyst>.yaml``, each analyst's own reading of the items.

A file maps item ids to ratings, written as in an item's ``ratings`` (codes or numbers, a
hypothesis by its id or an alias, left-out hypotheses ``N``). Items an analyst did not list
keep the item's own ratings, which are the ratings of the analyst ``case`` (a reserved name).
Every file is checked whenever the case is loaded, by every command, so a malformed ratings
file stops ``ach rank`` exactly as a malformed evidence file does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from pydantic import TypeAdapter, ValidationError

from ach.case.ratings import IMPOSSIBLE, complete, hypothesis_lookup, missing_message, resolve_keys
from ach.errors import AchError, Problem, echo
from ach.evidence.models import EvidenceItem, Rating, _key_text
from ach.fields import ID_PATTERN
from ach.hypotheses.models import CaseFile
from ach.yamlio import YamlDoc, load_yaml_file

RATINGS_DIR: Final = "ratings"
#: The analyst whose ratings are those written in the items' own files.
CASE_ANALYST: Final = "case"
#: Selects the linear pool of every analyst (never a valid analyst name: not an id).
POOL: Final = "(pool)"

#: analyst -> item id -> hypothesis id -> rating (hypotheses resolved, left-out codes N)
Readings = dict[str, dict[str, dict[str, str | float]]]

_RATING: TypeAdapter[str | float] = TypeAdapter(Rating)


class UnknownAnalyst(AchError):
    """``--analyst NAME`` names no ratings file of the case."""


def ratings_files(root: Path) -> list[str]:
    """The ``ratings/*.yaml`` and ``*.yml`` files of a case, as case-relative names (hidden
    files, such as editor back-ups, are skipped; other files and sub-folders are not ratings)."""
    folder = root / RATINGS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        f"{RATINGS_DIR}/{p.name}"
        for p in folder.iterdir()
        if p.is_file() and p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )


def analyst_name(file: str) -> str:
    """The analyst a ratings file belongs to: its name without the folder and suffix."""
    return Path(file).stem


def read_ratings(
    root: Path,
    meta: CaseFile | None,
    items: list[EvidenceItem],
    declared: set[str],
    problems: list[Problem],
    digest: Any,
) -> tuple[Readings, dict[str, str]]:
    """Every analyst's resolved ratings and the file each came from; problems are appended.

    ``declared`` holds the ids of items whose entries failed validation: they exist, so a
    rating of one is not reported again. Without a valid ``case.yaml`` the files are only
    parsed (their hypotheses cannot be resolved).
    """
    readings: Readings = {}
    files: dict[str, str] = {}
    for name in ratings_files(root):
        path = root / name
        digest.add(name, path.read_bytes())
        analyst = analyst_name(name)
        if not ID_PATTERN.match(analyst):
            problems.append(
                Problem(
                    name,
                    "",
                    f"{echo(analyst)} is not a valid analyst name (the file name is the "
                    "analyst's id: lower-case letters, digits and '-')",
                )
            )
            continue
        if analyst == CASE_ANALYST:
            problems.append(
                Problem(
                    name,
                    "",
                    f"{echo(CASE_ANALYST)} is reserved for the ratings written in the items' "
                    "own files; name the file after the analyst",
                )
            )
            continue
        if analyst in files:
            problems.append(
                Problem(name, "", f"analyst {echo(analyst)} already has {files[analyst]}")
            )
            continue
        doc, found = load_yaml_file(path, name)
        problems += found
        if doc is None or meta is None:
            continue
        resolved = _resolve(doc, name, meta, {e.id: e for e in items}, declared, problems)
        if resolved is not None:
            readings[analyst] = resolved
            files[analyst] = name
    return readings, files


def _resolve(
    doc: YamlDoc,
    file: str,
    meta: CaseFile,
    items: dict[str, EvidenceItem],
    declared: set[str],
    problems: list[Problem],
) -> dict[str, dict[str, str | float]] | None:
    """One file's ratings, resolved to hypothesis ids; None when anything in it is wrong."""
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else echo(doc.data)
        problems.append(
            Problem(file, "", f"expected a mapping of item id to ratings, found {kind}", 1)
        )
        return None
    hyp_ids = [h.id for h in meta.hypotheses]
    lookup = hypothesis_lookup(meta)
    before = len(problems)
    out: dict[str, dict[str, str | float]] = {}
    for raw_key, entry in doc.data.items():
        key = str(_key_text(raw_key))

        def line(raw_key: object = raw_key) -> int | None:  # walked only for a problem
            return doc.line((raw_key,))  # type: ignore[arg-type]

        if key not in items:
            if key not in declared:
                problems.append(Problem(file, key, f"{echo(key)} is not an evidence id", line()))
            continue
        if not isinstance(entry, dict):
            kind = "a list" if isinstance(entry, list) else echo(entry)
            problems.append(
                Problem(
                    file, key, f"expected a mapping of hypothesis to rating, found {kind}", line()
                )
            )
            continue
        named = {str(_key_text(h)): (h, v) for h, v in entry.items()}
        count = len(problems)
        keyed = resolve_keys(
            named,
            lookup,
            hyp_ids,
            file=file,
            field=key,
            line=lambda hyp, raw_key=raw_key, named=named: doc.line((raw_key, named[hyp][0])),  # type: ignore[misc]
            problems=problems,
        )
        ratings: dict[str, str | float] = {}
        for target, (raw_hyp, value) in keyed.items():
            try:
                ratings[target] = _RATING.validate_python(value)
            except ValidationError as exc:
                where = f"{key}.{_key_text(raw_hyp)}"
                problems.append(
                    Problem(file, where, exc.errors()[0]["msg"], doc.line((raw_key, raw_hyp)))
                )
        ok = len(problems) == count
        if ok:
            out[key] = _complete(file, key, line, ratings, hyp_ids, items[key], problems)
    return out if len(problems) == before else None


def _complete(
    file: str,
    key: str,
    line: Callable[[], int | None],
    ratings: dict[str, str | float],
    hyp_ids: list[str],
    item: EvidenceItem,
    problems: list[Problem],
) -> dict[str, str | float]:
    """One item's ratings by the item rules: codes fill in ``N``; numbers cover every
    hypothesis, are not all zero, and need a ``noise`` that is a probability."""
    kinds = {isinstance(v, str) for v in ratings.values()}
    if len(kinds) > 1:
        problems.append(
            Problem(
                file, key, "mixes consistency codes and probabilities; use one or the other", line()
            )
        )
        return {}
    numeric = kinds == {False}
    completed, missing = complete(ratings, hyp_ids, numeric)
    if not numeric:
        return completed
    if missing:
        problems.append(Problem(file, key, missing_message(missing), line()))
    elif all(v == 0 for v in ratings.values()):
        problems.append(Problem(file, key, IMPOSSIBLE, line()))
    if item.noise is not None and item.noise > 1:
        problems.append(
            Problem(
                file,
                key,
                f"the item's noise {item.noise:g} is not a probability in [0, 1], so its "
                "ratings must be codes",
                line(),
            )
        )
    return completed
