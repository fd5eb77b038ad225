"""Hypotheses and the question they answer."""

from ach.hypotheses.models import CODES, DEFAULT_SCALE, CaseFile, Hypothesis

__all__ = ["CODES", "DEFAULT_SCALE", "CaseFile", "Hypothesis"]
