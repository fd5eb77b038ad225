"""Writing files so that nothing is lost: whole or not at all, and never over another's work.

Every file ach writes goes through a temporary file in the same folder: a crash leaves the
old file (or no file), never half of one. Case edits also take a per-case lock (kept outside
the case folder, so no lock file appears in the user's repository), so two concurrent
``ach evidence add`` cannot interleave their check and their write.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ach.errors import RefusedOperation

LOCK_TIMEOUT = 30.0


def _umask() -> int:
    """The process umask, read without changing it (os.umask can only set it, racing threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temporary(target: Path, data: bytes) -> Path:
    """``data`` in a temporary file beside ``target``, with the mode ``target`` has or would get
    (mkstemp makes files private, 0600; a replaced file keeps its mode, a new one the umask's)."""
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` (or create it) with ``data`` in one step."""
    target = path.resolve()
    if target.is_dir():
        raise RefusedOperation(f"{path}: is a folder, not a file")
    if not target.parent.is_dir():
        raise RefusedOperation(f"{path}: the folder {target.parent} does not exist")
    tmp = _temporary(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def create_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``; refuse if it already exists (checked atomically)."""
    target = path.resolve()
    tmp = _temporary(target, data)
    try:
        os.link(tmp, target)  # fails if the target exists: no clobbering, even in a race
    except FileExistsError:
        raise RefusedOperation(f"{path}: already exists; nothing was written") from None
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def case_lock(root: Path) -> Iterator[None]:
    """Hold the edit lock of one case folder."""
    from filelock import FileLock, Timeout

    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    # per user: a folder another user made in /tmp would not be writable
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    folder = Path(tempfile.gettempdir()) / f"ach-locks-{user}"
    folder.mkdir(mode=0o700, exist_ok=True)
    lock = FileLock(folder / f"{key}.lock", timeout=LOCK_TIMEOUT)
    try:
        with lock:
            yield
    except Timeout:
        raise RefusedOperation(
            f"{root}: another ach command is editing this case; try again"
        ) from None
