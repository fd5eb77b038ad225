"""Why a ranking comes out as it does: sensitivity, diagnosticity, flips, the rationale.

Names are imported on first use, so that ``ach rank`` (which needs only
:mod:`ach.analysis.drivers`) does not load the sensitivity models.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ach.analysis.flips import Flip
    from ach.analysis.sensitivity import ItemInfluence, Sensitivity, SourceInfluence, analyse

__all__ = ["Flip", "ItemInfluence", "Sensitivity", "SourceInfluence", "analyse"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("ach.analysis.sensitivity"), name)
    raise AttributeError(f"module 'ach.analysis' has no attribute {name!r}")
