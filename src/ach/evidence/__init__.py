"""Sources, their reliability, and the evidence items they give."""

from ach.evidence.admiralty import CREDIBILITY, GRADES, Grade
from ach.evidence.models import BetaPrior, EvidenceItem, Source

__all__ = ["CREDIBILITY", "GRADES", "BetaPrior", "EvidenceItem", "Grade", "Source"]
