"""The rationale: a plain-language explanation generated from the numbers.

Probability words follow the US Intelligence Community's estimative-language scale, so
that a reader trained on it reads "likely" as 55-80%, not as whatever the writer felt.

References
----------
Office of the Director of National Intelligence (2015). *Intelligence Community Directive 203:
Analytic Standards*, sec. D.6.e (expressions of likelihood). Kent, S. (1964). Words of
estimative probability. *Studies in Intelligence* 8(4), 49-65.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ach.analysis.flips import Flip
from ach.analysis.sensitivity import Sensitivity
from ach.case.model import Case
from ach.engine.result import RankResult
from ach.hypotheses.models import CODES

#: ICD 203's seven terms and the probability ranges they stand for (upper bounds).
ESTIMATIVE: tuple[tuple[float, str], ...] = (
    (0.05, "almost no chance"),
    (0.20, "very unlikely"),
    (0.45, "unlikely"),
    (0.55, "roughly even chance"),
    (0.80, "likely"),
    (0.95, "very likely"),
    (1.00, "almost certain"),
)
SCALE_NAME = "ICD 203 estimative language (ODNI 2015)"


class Rationale(BaseModel):
    """The answer in one sentence, then paragraphs a reader can check against the evidence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    answer: str
    paragraphs: tuple[str, ...]


def probability_word(p: float) -> str:
    """The ICD 203 term for a probability."""
    for upper, word in ESTIMATIVE:
        if p <= upper:
            return word
    return ESTIMATIVE[-1][1]


def build_rationale(case: Case, result: RankResult, sensitivity: Sensitivity) -> Rationale:
    """Explain the ranking: what leads, what carries it, what speaks against it, what would
    overturn it, and where the interval comes from."""
    labels = {h.id: h.label for h in case.hypotheses}
    lead = result.leader
    runner = result.hypotheses[1] if len(result.hypotheses) > 1 else lead
    word = probability_word(lead.posterior)
    answer = (
        f"{lead.label}: {word} ({lead.posterior:.0%}, in the terms of ICD 203), ahead of "
        f"{runner.label} ({runner.posterior:.0%})."
    )
    paragraphs = [
        f"The question: {case.meta.question} On the evidence of this case, the answer "
        f"'{lead.label}' has posterior probability {lead.posterior:.2f}, which is '{word}' on "
        f"the {SCALE_NAME} scale; the next, '{runner.label}', has {runner.posterior:.2f}. "
        f"Across draws of the sources' reliabilities, '{lead.label}' ranks first in "
        f"{lead.p_first:.0%} of them."
    ]
    # one paragraph per item, so that a reader can check each against its quote
    support = sensitivity.top_items(5, supporting=True)
    if support:
        paragraphs.append("What carries it (log-odds against the runner-up lost without the item):")
        paragraphs += [f"• {_item_sentence(case, i.id, i.influence)}" for i in support]
    against = sensitivity.top_items(3, supporting=False)
    if against:
        paragraphs.append("What speaks against it:")
        paragraphs += [f"• {_item_sentence(case, i.id, i.influence)}" for i in against]
    # a source whose removal moves the log-odds by less than 0.01 carries nothing worth naming
    leaned = [s for s in sensitivity.sources if abs(s.influence) > 0.01][:3]
    if leaned:
        parts = [
            f"{s.id} (grade {s.grade}; without it and what derives from it the leader's "
            f"log-odds against '{labels[sensitivity.runner_up]}' change by {-s.influence:+.2f})"
            for s in leaned
        ]
        paragraphs.append("The result leans on these sources: " + "; ".join(parts) + ".")
    paragraphs.append(_overturn(sensitivity, labels))
    robust = sensitivity.robustness
    paragraphs.append(
        f"If every graded source were one grade more reliable, '{lead.label}' would have "
        f"{robust.up[lead.id]:.2f}; one grade less, {robust.down[lead.id]:.2f}"
        + ("; it leads either way." if robust.leader_stays else "; the lead changes hands.")
    )
    non_diag = [i.id for i in sensitivity.items if i.non_diagnostic and not i.repeats]
    if non_diag:
        paragraphs.append(
            f"Non-diagnostic items (they fit every hypothesis about equally and move nothing): "
            f"{', '.join(non_diag)}."
        )
    lo, hi = lead.interval
    paragraphs.append(
        f"The 90% interval {lo:.2f}-{hi:.2f} for '{lead.label}' is the spread of its probability "
        "over what the sources' reliabilities may be, given the evidence: it measures how much "
        "the answer depends on whom one trusts, not a confidence in the answer itself."
    )
    return Rationale(answer=answer, paragraphs=tuple(paragraphs))


def _item_sentence(case: Case, item_id: str, influence: float) -> str:
    item = case.item_by_id[item_id]
    quote = (
        f' ("{_cut(item.quote)}"' + (f", {item.locator}" if item.locator else "") + ")"
        if item.quote
        else ""
    )
    return f"{item.id} from {item.source}: {item.claim.rstrip('.')}{quote} [log-odds {influence:+.2f}]."


def _overturn(sensitivity: Sensitivity, labels: dict[str, str]) -> str:
    flips = [f for f in (sensitivity.grade_flip, sensitivity.rating_flip) if f is not None]
    if not flips:
        return (
            "No single change of one source's grade or one item's rating would hand the lead "
            "to another hypothesis."
        )
    # the smaller change first; a move to or from F has no count on the A-E ladder
    flips.sort(key=lambda f: (f.steps is None, f.steps or 0))
    parts = [flip_sentence(f, labels, quote=True) for f in flips]
    return "What single finding would overturn it: " + "; ".join(parts) + "."


#: Small counts as a reader says them.
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five")
#: The grades as a ladder of reliability, most reliable first; F is off the ladder.
LADDER = ("A", "B", "C", "D", "E")
UNJUDGED = "F"


def _steps(n: int) -> str:
    word = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)
    return f"{word} step{'s' if n != 1 else ''}"


def _grade(code: str) -> str:
    return f"{code} (cannot be judged)" if code == UNJUDGED else code


def change_phrase(flip: Flip) -> str:
    """A grade or rating change as a reader counts it.

    "grading yerasimos-2000 C instead of B (one step down)": steps on the A-E ladder, down
    meaning less reliable. F ("cannot be judged") is not a rung of that ladder, so a move to
    or from it is named without a count. Ratings count steps on CC..II, towards or away
    from consistency with the hypothesis.
    """
    old, new = flip.before, flip.after
    if flip.kind == "grade":
        phrase = f"grading {flip.target} {_grade(new)} instead of {_grade(old)}"
        if old in LADDER and new in LADDER:
            moved = LADDER.index(new) - LADDER.index(old)
            phrase += f" ({_steps(abs(moved))} {'down' if moved > 0 else 'up'})"
        return phrase
    hyp = flip.change.split(":", 1)[0].strip()
    moved = CODES.index(new) - CODES.index(old)
    towards = "less consistent" if moved > 0 else "more consistent"
    return f"rating {flip.target} {new} instead of {old} for {hyp} ({_steps(abs(moved))} {towards})"


def flip_sentence(flip: Flip, labels: dict[str, str], *, quote: bool = False) -> str:
    """The change and what it would do: "... would put 'Someone else' ahead at 0.51"."""
    name = labels.get(flip.new_leader, flip.new_leader)
    name = f"'{name}'" if quote else name
    return f"{change_phrase(flip)} would put {name} ahead at {flip.new_posterior:.2f}"


def _cut(text: str | None, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
