"""The one timing loop of the bench scripts: the best of a few runs, as wall time.

The least of repeated runs is the figure least disturbed by other work on the machine; every
script reports ratios of such figures taken in the same run, never absolute thresholds.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def best_of(
    run: Callable[[], object] | Sequence[str],
    repeat: int,
    *,
    cwd: Path | None = None,
    fresh: Callable[[], None] | None = None,
) -> float:
    """Seconds of the fastest of ``repeat`` runs of ``run``: a function, or a command run with
    its output discarded (a failing command stops the bench). ``fresh`` restores the state
    before each run (a file the command changes), outside the timing."""
    times = []
    for _ in range(repeat):
        if fresh is not None:
            fresh()
        start = time.perf_counter()
        if callable(run):
            run()
        else:
            subprocess.run(
                list(run), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd
            )
        times.append(time.perf_counter() - start)
    return min(times)
