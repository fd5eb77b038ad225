"""The audit trail of a case kept in git: each commit that touched it, what it changed, and
the ranking's leader after it.

Every version is read from git's objects (:mod:`ach.workspace.git`) and loaded with every
check, so a commit that left the case broken says so instead of being skipped.
"""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict

from ach.analysis.changes import diff
from ach.case.model import Case
from ach.engine.rank import rank
from ach.errors import AchError

#: Draws per version: only the leader's posterior is shown, which is exact at any number.
HISTORY_DRAWS = 1
#: Ids named on one line of the log; the JSON lists them all.
SHOWN = 8


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LogEntry(_Data):
    commit: str
    date: str
    subject: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()
    #: the first version of the case in the history (everything in it is new)
    created: bool = False
    sources: int = 0
    items: int = 0
    #: the files of the case folder the commit changed
    files: tuple[str, ...] = ()
    #: the leader's id after the commit, None when the case did not load
    leader: str | None = None
    posterior: float | None = None
    problem: str | None = None

    def summary(self) -> str:
        """``+E41 +new-memoir ~E07 -E02`` (at most SHOWN ids), or what else the commit did."""
        if self.created:
            return f"new case: {self.sources} sources, {self.items} items"
        parts = [f"+{i}" for i in self.added] + [f"~{i}" for i in self.edited]
        parts += [f"-{i}" for i in self.removed]
        if len(parts) > SHOWN:
            parts = [*parts[:SHOWN], f"and {len(parts) - SHOWN} more"]
        if parts:
            return " ".join(parts)
        shown = ", ".join(self.files[:SHOWN]) + (" ..." if len(self.files) > SHOWN else "")
        return f"no item, source or hypothesis changed ({shown})" if shown else "no change"


class History(_Data):
    case: str
    entries: tuple[LogEntry, ...]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def history(case_ref: str | os.PathLike[str]) -> History:
    """One entry per commit that touched the case folder, oldest first."""
    from ach.case.loader import find_case
    from ach.workspace import git
    from ach.workspace.trial import load_files

    root = find_case(case_ref)
    repo, inside = git.locate(root)
    entries = []
    previous: Case | None = None
    for commit in git.commits_touching(repo, inside):
        files = git.files_at(repo, commit.sha, inside)
        base = {
            "commit": commit.sha,
            "date": commit.date,
            "subject": commit.subject,
            "files": tuple(git.changed_files(repo, commit.sha, inside)),
        }
        try:
            case = load_files(files, folder=root.resolve().name, root=root)
        except AchError as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            entries.append(LogEntry(**base, problem=problem))
            continue
        edits = diff(previous, case) if previous is not None else []
        result = rank(case, draws=HISTORY_DRAWS)
        entries.append(
            LogEntry(
                **base,
                created=previous is None,
                sources=len(case.sources),
                items=len(case.items),
                added=tuple(e.id for e in edits if e.change == "added"),
                removed=tuple(e.id for e in edits if e.change == "removed"),
                edited=tuple(e.id for e in edits if e.change == "edited"),
                leader=result.leader.id,
                posterior=result.leader.posterior,
            )
        )
        previous = case
    return History(case=root.resolve().name, entries=tuple(entries))
