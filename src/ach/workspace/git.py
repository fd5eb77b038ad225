"""Reading a case as it was in git: from git's objects, never from (or into) the working tree.

``git`` is run as a subprocess (it is on every machine that has a repository; a library
binding would be one more dependency for three commands). Blobs are read through one
``git cat-file --batch`` process, so a case of thousands of files costs one process, not
thousands.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ach.errors import RefusedOperation, echo


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise RefusedOperation("git: not found on PATH (needed to read a case's history)") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RefusedOperation(f"git {args[0]}: {why[-1] if why else 'failed'}")
    return done.stdout


def locate(folder: Path) -> tuple[Path, str]:
    """The repository holding ``folder``, and the folder's path inside it (``a/b``, ``.`` at
    the top)."""
    try:
        top = _git(folder, "rev-parse", "--show-toplevel").decode().strip()
    except RefusedOperation:
        raise RefusedOperation(f"{folder}: not inside a git repository") from None
    repo = Path(top)
    inside = folder.resolve().relative_to(repo.resolve()).as_posix()
    return repo, inside


def resolve(repo: Path, rev: str) -> str:
    """The full commit id ``rev`` names in ``repo``."""
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except RefusedOperation:
        raise RefusedOperation(f"{echo(rev)}: not a commit of the repository at {repo}") from None


def files_at(repo: Path, sha: str, inside: str) -> dict[str, bytes]:
    """Every file under ``inside`` at commit ``sha``, by path relative to ``inside``."""
    prefix = "" if inside == "." else inside.rstrip("/") + "/"
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", sha, "--", prefix or ".")
    blobs: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, obj = meta.decode().split()
        if kind != "blob" or mode == "120000":  # no submodules, no symbolic links
            continue
        name = path.decode("utf-8", "surrogateescape")
        blobs.append((name[len(prefix) :], obj))
    if not blobs:
        return {}
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"{o}\n" for _, o in blobs).encode())
    files: dict[str, bytes] = {}
    at = 0
    for name, _ in blobs:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        files[name] = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1  # the content is followed by a newline
    return files


def commits_touching(repo: Path, inside: str) -> list[Commit]:
    """The commits that changed anything under ``inside``, oldest first."""
    log = _git(
        repo, "log", "--reverse", "--format=%H%x1f%ad%x1f%s%x1e", "--date=short", "--", inside
    )
    commits = []
    for record in log.decode("utf-8", "replace").split("\x1e"):
        record = record.strip("\n")
        if record:
            sha, date, subject = record.split("\x1f", 2)
            commits.append(Commit(sha, date, subject))
    return commits


def changed_files(repo: Path, sha: str, inside: str) -> list[str]:
    """The files under ``inside`` that commit ``sha`` changed, relative to ``inside``."""
    prefix = "" if inside == "." else inside.rstrip("/") + "/"
    names = _git(
        repo, "diff-tree", "--no-commit-id", "--name-only", "-r", "-z", "--root", sha, "--", inside
    )
    return [n.decode("utf-8", "surrogateescape")[len(prefix) :] for n in names.split(b"\0") if n]
