"""The one colour map of the rating codes, for every medium.

Green for evidence consistent with a hypothesis, red for inconsistent, grey for neutral:
the conventional reading of an ACH matrix. HTML, the PDF's charts and the terminal all take
their colours from here, so a code looks the same wherever it is shown.
"""

from __future__ import annotations

from ach.hypotheses.models import CODES

#: Background colour of each code (hex), in the order of :data:`ach.hypotheses.models.CODES`.
RATING_COLOURS: dict[str, str] = {
    "CC": "#1a7f37",
    "C": "#8fd19e",
    "N": "#e8e8e8",
    "I": "#f4a6a6",
    "II": "#b3261e",
}
#: Text colour on that background (dark unless the background is).
RATING_TEXT: dict[str, str] = {
    code: "#ffffff" if code in ("CC", "II") else "#1b1b1b" for code in CODES
}


def rich_style(code: str) -> str:
    """The terminal style of a code's cell (empty for a number or a missing rating)."""
    if code not in RATING_COLOURS:
        return ""
    return f"{RATING_TEXT[code]} on {RATING_COLOURS[code]}"
