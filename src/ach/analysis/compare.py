"""Comparing two versions of a case: the rankings, what changed, and what each change did.

A *run* (:class:`SavedRun`, what ``ach rank --save`` writes) is the ranking's JSON plus what a
comparison needs later: each item's and each source's contribution, the case digest, and the
case's files themselves, so that a comparison of two saved runs can recompute.

The *effect* of a change is measured on the leader's log-odds against the runner-up of the
new ranking, on the exact posterior (whatever engine made the rankings). It is found by
recomputing: the change is undone in the new case, alone, and the effect is the log-odds with
the change minus the log-odds without it (a positive effect moved the ranking towards the
leader). When the change cannot be undone alone (a new source whose new items cite it), it is
applied alone to the old case instead; when neither case loads, the effect is unknown (None).
The effects need not add up to the total movement: changes interact, through the shared
reliability of a source and through normalisation.

References
----------
Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*, ch. 1 (one-at-a-time
changes, and why their effects do not sum when the factors interact).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from ach.analysis.changes import ChangeKind, ChangeVerb, Edit, diff
from ach.case.model import Case
from ach.data import Data as _Data
from ach.data import Shown
from ach.engine.rank import rank
from ach.engine.result import RankResult
from ach.errors import AchError, RefusedOperation

#: Draws for the rankings a comparison recomputes: the posterior is exact at any number.
EFFECT_DRAWS = 1
#: Log-odds are clipped here: a ruled-out hypothesis has infinite log-odds and JSON wants numbers.
LOG_ODDS_LIMIT = 1e6


class Contribution(_Data):
    """How much one item or source carries the leader against the runner-up (log-odds with
    it minus without it; see :mod:`ach.analysis.sensitivity`)."""

    id: str
    influence: float
    source: str | None = None


class Contributions(_Data):
    leader: str
    runner_up: str
    items: tuple[Contribution, ...]
    sources: tuple[Contribution, ...]


class SavedRun(RankResult):
    """``ach rank --save``: the JSON of ``--json``, plus contributions, digest and files."""

    case_digest: str
    contributions: Contributions
    #: the case's files as they were ranked, by path in the case folder (UTF-8 text)
    files: dict[str, str]

    def result(self) -> RankResult:
        """The ranking alone, as ``ach rank --json`` gives it."""
        return RankResult.model_validate(
            self.model_dump(exclude={"case_digest", "contributions", "files"})
        )

    def load(self, where: str | None = None) -> Case:
        """The case as it was ranked, rebuilt from the saved files with every check (``where``
        names the saved file in a refusal)."""
        from ach.workspace.trial import load_files

        files = {name: text.encode("utf-8") for name, text in self.files.items()}
        case = load_files(files, folder=self.case)
        if case.digest != self.case_digest:
            # the numbers saved beside the files would not be those of these files
            raise RefusedOperation(
                f"{where or f'saved run of {self.case}'}: files: do not match case_digest "
                f"{self.case_digest[:12]} (changed after saving?)"
            )
        return case


class Change(_Data):
    """One change and its effect on the leader's log-odds against the runner-up."""

    kind: ChangeKind
    id: str
    change: str
    #: log-odds with the change minus without it; None when it cannot be isolated
    effect: float | None
    verb: ChangeVerb
    fields: tuple[str, ...] = ()
    #: whether the model reads anything the change touches (a notes-only edit does not)
    weighs: bool = True
    #: how the effect was found: undone in the new case, or applied to the old one
    how: Literal["undone in the new case", "applied to the old case", "unknown"] = (
        "undone in the new case"
    )
    note: str | None = None


class Comparison(Shown, _Data):
    """Two rankings of a case and the changes between them, largest effect first."""

    before: RankResult
    after: RankResult
    changes: tuple[Change, ...]
    case: str
    #: the pair every effect is measured on: the new ranking's leader and runner-up
    leader: str
    runner_up: str
    #: None when the old version lacks the leader or the runner-up (a hypothesis added since)
    log_odds_before: float | None
    log_odds_after: float

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def save_run(case: Case, result: RankResult) -> SavedRun:
    """A ranking made savable: contributions of every item and source, and the case's files."""
    from ach.analysis.sensitivity import analyse

    sens = analyse(case)
    return SavedRun(
        **result.model_dump(),
        case_digest=case.digest,
        contributions=Contributions(
            leader=sens.leader,
            runner_up=sens.runner_up,
            items=tuple(
                Contribution(id=i.id, source=i.source, influence=i.influence) for i in sens.items
            ),
            sources=tuple(Contribution(id=s.id, influence=s.influence) for s in sens.sources),
        ),
        files={name: data.decode("utf-8") for name, data in sorted(case.files.items())},
    )


def write_run(path: str | os.PathLike[str], case: Case, result: RankResult) -> SavedRun:
    """Save a ranking of ``case`` for later comparison: written whole or not at all."""
    from ach.atomic import write_atomic

    run = save_run(case, result)
    write_atomic(Path(path), (run.to_json() + "\n").encode("utf-8"))
    return run


def read_run(path: str | os.PathLike[str]) -> SavedRun:
    """A run saved by ``ach rank --save``; refused in one line when it is not one."""
    from pydantic import ValidationError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RefusedOperation(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        return SavedRun.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise RefusedOperation(
            f"{path}: {where}: {first['msg'].lower()} (save a run with `ach rank CASE --save FILE.json`)"
        ) from None


Version = Case | SavedRun | str | os.PathLike[str]


def compare(old: Version, new: Version, *, seed: int = 0) -> Comparison:
    """Compare two versions of a case: each a :class:`Case`, a :class:`SavedRun`, a saved
    run's path (``.json``) or a case folder or id (ranked now, with ``seed``)."""
    old_case, before = _version(old, seed)
    new_case, after = _version(new, seed)
    if old_case.id != new_case.id:
        raise RefusedOperation(
            f"these are two different cases ({old_case.id} and {new_case.id}), not two versions of one"
        )
    leader, runner = _pair(after)

    def log_odds(case: Case) -> float:
        ids = {h.id for h in case.hypotheses}
        missing = [h for h in (leader, runner) if h not in ids]
        if missing:
            raise RefusedOperation(f"{missing[0]} is not a hypothesis of that version")
        ranked = rank(case, seed=seed, draws=EFFECT_DRAWS)
        return _log_odds(ranked.hypothesis(leader).posterior, ranked.hypothesis(runner).posterior)

    base_new = log_odds(new_case)
    try:
        base_old: float | None = log_odds(old_case)
    except RefusedOperation:
        base_old = None  # the old version lacks the leader or the runner-up
    changes = [
        _measure(e, _Versions(old_case, new_case, (leader, runner)), base_old, base_new, log_odds)
        for e in diff(old_case, new_case)
    ]
    changes.sort(key=lambda c: (c.effect is None, -abs(c.effect or 0.0), c.kind, c.id))
    return Comparison(
        before=before,
        after=after,
        changes=tuple(changes),
        case=new_case.id,
        leader=leader,
        runner_up=runner,
        log_odds_before=base_old,
        log_odds_after=base_new,
    )


class _Versions:
    """The two cases, with their items and sources as written (parsed once, not per change)."""

    def __init__(self, old: Case, new: Case, pair: tuple[str, str]) -> None:
        from ach.workspace.variants import entries

        self.old, self.new = old, new
        self.pair = " or ".join(h for h in pair if h not in {x.id for x in old.hypotheses})
        self._written = {
            (id(case), kind): entries(case, kind)
            for case in (old, new)
            for kind in ("item", "source")
        }

    def written(self, case: Case, kind: str) -> dict[str, Any]:
        return self._written[(id(case), kind)]


def _measure(
    edit: Edit,
    versions: _Versions,
    base_old: float | None,
    base_new: float,
    log_odds: Callable[[Case], float],
) -> Change:
    """One change's effect: undone alone in the new case, else applied alone to the old."""
    from ach.workspace.trial import load_files
    from ach.workspace.variants import replaced

    old, new = versions.old, versions.new
    common = {
        "kind": edit.kind,
        "id": edit.id,
        "change": edit.describe(),
        "verb": edit.change,
        "fields": edit.fields,
        "weighs": edit.weighs,
    }
    attempts: list[tuple[Case, Case, bool]] = [(new, old, True), (old, new, False)]
    problems: list[str] = []
    for target, other, undo in attempts:
        if not undo and base_old is None:
            problems.append(f"the old version has no {versions.pair}")
            continue
        try:
            if edit.kind == "case":
                files = {**target.files, "case.yaml": other.files["case.yaml"]}
            else:
                entry = versions.written(other, edit.kind).get(edit.id)
                files = replaced(target, edit.kind, edit.id, entry)
            variant = load_files(files, folder=target.root.name or target.id, root=target.root)
            moved = log_odds(variant)
        except AchError as exc:
            problems.append(str(exc).splitlines()[0])
            continue
        effect = base_new - moved if undo else moved - (base_old or 0.0)
        how = "undone in the new case" if undo else "applied to the old case"
        return Change(**common, effect=_clip(effect), how=how)
    return Change(**common, effect=None, how="unknown", note=f"cannot be isolated: {problems[0]}")


def _version(version: Version, seed: int) -> tuple[Case, RankResult]:
    if isinstance(version, SavedRun):
        return version.load(), version.result()
    if isinstance(version, Case):
        return version, rank(version, seed=seed)
    if str(version).endswith(".json"):
        run = read_run(version)
        return run.load(str(version)), run.result()
    from ach.case.loader import load_case

    case = load_case(version)
    return case, rank(case, seed=seed)


def _pair(result: RankResult) -> tuple[str, str]:
    """The new ranking's leader and runner-up, as :mod:`ach.engine.order` named them (with
    one hypothesis there is nothing to measure against: the leader is its own runner-up)."""
    runner = result.runner_up
    return result.leader.id, (runner or result.leader).id


def _log_odds(p: float, q: float) -> float:
    if p <= 0.0 and q <= 0.0:
        return 0.0
    if q <= 0.0:
        return LOG_ODDS_LIMIT
    if p <= 0.0:
        return -LOG_ODDS_LIMIT
    return _clip(math.log(p) - math.log(q))


def _clip(x: float) -> float:
    return max(-LOG_ODDS_LIMIT, min(LOG_ODDS_LIMIT, x))


def compare_since(case_ref: str | os.PathLike[str], rev: str, *, seed: int = 0) -> Comparison:
    """Compare the case as it was at git revision ``rev`` with the case as it is now.

    The old version is read from git's objects (never from or into the working tree) and
    loaded with every check; "now" is the folder as it is, uncommitted edits included.
    """
    from ach.case.loader import find_case, load_case
    from ach.errors import CaseError
    from ach.workspace import git
    from ach.workspace.trial import load_files

    root = find_case(case_ref)
    repo, inside = git.locate(root)
    sha = git.resolve(repo, rev)
    files = git.files_at(repo, sha, inside)
    if not files:
        raise RefusedOperation(f"{case_ref}: the case did not exist at {rev} ({sha[:7]})")
    try:
        old = load_files(files, folder=root.resolve().name, root=root)
    except CaseError as exc:
        raise RefusedOperation("\n".join(f"at {rev}: {p}" for p in exc.problems)) from None
    return compare(old, load_case(root), seed=seed)
