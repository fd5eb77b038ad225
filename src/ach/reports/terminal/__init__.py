"""Terminal renderers: rich renderables built from results and cases, never printed here.

Every table is laid out at the width rich renders it (:mod:`.layout`), so ids stay whole at
80 columns and in a pipe.
"""

from ach.reports.terminal.ranking import render_rank

__all__ = ["render_rank"]
