"""The Admiralty (NATO) source-reliability grades as Beta priors on a source's reliability.

This is the one place the mapping lives; reports show it. A grade says how often a source of
that kind has been right before, so each grade is a Beta prior centred on that rate, with
more certainty for the grades that claim a track record:

====  =======================  ============  =====  =====
code  meaning                  Beta(a, b)    mean   sd
====  =======================  ============  =====  =====
A     completely reliable      Beta(18, 2)   0.90   0.07
B     usually reliable         Beta(8, 2)    0.80   0.12
C     fairly reliable          Beta(6, 4)    0.60   0.15
D     not usually reliable     Beta(4, 6)    0.40   0.15
E     unreliable               Beta(2, 8)    0.20   0.12
F     reliability cannot be    Beta(1, 1)    0.50   0.29
      judged
====  =======================  ============  =====  =====

F is the uniform prior: every reliability equally plausible, so the evidence itself decides
how far the source is believed. It is not a point at 0.5.

References
----------
NATO, *AJP-2.1 Allied Joint Doctrine for Intelligence Procedures*, annex on source
reliability and information credibility (the A-F / 1-6 grading).
"""

from __future__ import annotations

from typing import NamedTuple


class Grade(NamedTuple):
    code: str
    meaning: str
    alpha: float
    beta: float


GRADES: dict[str, Grade] = {
    g.code: g
    for g in (
        Grade("A", "completely reliable", 18.0, 2.0),
        Grade("B", "usually reliable", 8.0, 2.0),
        Grade("C", "fairly reliable", 6.0, 4.0),
        Grade("D", "not usually reliable", 4.0, 6.0),
        Grade("E", "unreliable", 2.0, 8.0),
        Grade("F", "reliability cannot be judged", 1.0, 1.0),
    )
}

#: Admiralty information-credibility codes (recorded and shown; not part of the posterior).
CREDIBILITY: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
