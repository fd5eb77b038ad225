"""The one table of how each result shows itself at a prompt and in Jupyter (see
:mod:`ach.data`): class name -> (text renderer, HTML renderer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ach.reports.notebook import (
    comparison_html,
    comparison_text,
    rank_html,
    rank_text,
    sensitivity_html,
    sensitivity_text,
)
from ach.reports.notebook_analyses import (
    analysts_html,
    analysts_text,
    leads_html,
    leads_text,
    timeline_html,
    timeline_text,
)

Renderer = Callable[[Any], str]

RENDERERS: dict[str, tuple[Renderer, Renderer]] = {
    "RankResult": (rank_text, rank_html),
    "Sensitivity": (sensitivity_text, sensitivity_html),
    "Comparison": (comparison_text, comparison_html),
    "Timeline": (timeline_text, timeline_html),
    "LeadsResult": (leads_text, leads_html),
    "AnalystsReport": (analysts_text, analysts_html),
}
