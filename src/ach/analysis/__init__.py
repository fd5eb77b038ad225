"""Why a ranking comes out as it does: sensitivity, diagnosticity, flips, the rationale."""

from ach.analysis.sensitivity import Flip, ItemInfluence, Sensitivity, SourceInfluence, analyse

__all__ = ["Flip", "ItemInfluence", "Sensitivity", "SourceInfluence", "analyse"]
