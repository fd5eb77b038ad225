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

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from ach.engine.order import TIE
from ach.engine.result import HypothesisResult, RankResult
from ach.hypotheses.models import CODES

if TYPE_CHECKING:  # types only: ``ach rank`` words its sentence without loading the analysis
    from ach.analysis.flips import Flip
    from ach.analysis.sensitivity import Sensitivity
    from ach.case.model import Case

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


def and_list(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def tie_group(result: RankResult) -> tuple[HypothesisResult, ...]:
    """The leader and the hypotheses tied with it (as :mod:`ach.engine.order` decided)."""
    return (result.leader, *(result.hypothesis(h) for h in result.tied))


def after_tie(result: RankResult) -> HypothesisResult | None:
    """The first hypothesis behind the leader and those tied with it, if any."""
    tied = {h.id for h in tie_group(result)}
    return next((h for h in result.hypotheses if h.id not in tied), None)


def moved_by_evidence(result: RankResult) -> bool:
    """Whether the evidence moved any hypothesis off its prior (beyond the tie tolerance)."""
    return any(abs(h.posterior - h.prior) > TIE for h in result.hypotheses)


def standing_phrase(result: RankResult) -> str:
    """Who leads, a tie named as a tie: "X leads at 0.60", "X and Y are tied at 0.50",
    "all 5 hypotheses are tied at 0.20" (named when there are three or fewer)."""
    group = tie_group(result)
    if len(group) == 1:
        return f"{result.leader.label} leads at {result.leader.posterior:.2f}"
    if len(group) == len(result.hypotheses) and len(group) > 3:
        return f"all {len(group)} hypotheses are tied at {result.leader.posterior:.2f}"
    return f"{and_list([h.label for h in group])} are tied at {result.leader.posterior:.2f}"


def build_rationale(case: Case, result: RankResult, sensitivity: Sensitivity) -> Rationale:
    """Explain the ranking: what leads, what carries it, what speaks against it, what would
    overturn it, and where the interval comes from. A tie is named as a tie: no hypothesis
    is said to lead another it is tied with."""
    labels = {h.id: h.label for h in case.hypotheses}
    lead = result.leader
    group = tie_group(result)
    tied = len(group) > 1
    runner = result.runner_up or lead
    behind = after_tie(result)
    word = probability_word(lead.posterior)
    if tied:
        quoted = and_list([f"'{h.label}'" for h in group])
        answer = (
            f"{and_list([h.label for h in group])}: tied, each {word} ({lead.posterior:.0%}, in "
            "the terms of ICD 203); the evidence does not choose between them"
            + (f"; next is {behind.label} ({behind.posterior:.0%})." if behind else ".")
        )
        firsts = and_list([f"'{h.label}' in {h.p_first:.0%}" for h in group])
        opening = (
            f"The question: {case.meta.question} On the evidence of this case, {quoted} are "
            f"tied at posterior probability {lead.posterior:.2f}, which is '{word}' on the "
            f"{SCALE_NAME} scale"
            + (f"; the next, '{behind.label}', has {behind.posterior:.2f}. " if behind else ". ")
            + f"Across draws of the sources' reliabilities the first place is shared: {firsts} "
            "of them."
        )
    else:
        answer = f"{lead.label}: {word} ({lead.posterior:.0%}, in the terms of ICD 203)" + (
            f", ahead of {runner.label} ({runner.posterior:.0%})." if runner is not lead else "."
        )
        opening = (
            f"The question: {case.meta.question} On the evidence of this case, the answer "
            f"'{lead.label}' has posterior probability {lead.posterior:.2f}, which is '{word}' on "
            f"the {SCALE_NAME} scale"
            + (
                f"; the next, '{runner.label}', has {runner.posterior:.2f}. "
                if runner is not lead
                else ". "
            )
            + f"Across draws of the sources' reliabilities, '{lead.label}' ranks first in "
            f"{_share(lead.p_first)} of them."
        )
    if not moved_by_evidence(result):
        opening += " The evidence leaves every hypothesis at its prior."
    paragraphs = [opening]
    # one paragraph per item, so that a reader can check each against its quote
    support = sensitivity.top_items(5, supporting=True)
    if support:
        paragraphs.append(
            f"What favours '{lead.label}' over '{runner.label}' (log-odds lost without the item):"
            if tied
            else "What carries it (log-odds against the runner-up lost without the item):"
        )
        paragraphs += [f"• {_item_sentence(case, i.id, i.influence)}" for i in support]
    against = sensitivity.top_items(3, supporting=False)
    if against:
        paragraphs.append(
            f"What favours '{runner.label}' over '{lead.label}':"
            if tied
            else "What speaks against it:"
        )
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
        + (
            ("; it stays first either way." if tied else "; it leads either way.")
            if robust.leader_stays
            else "; the lead changes hands."
        )
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


def _share(p: float) -> str:
    """A share of draws as a reader takes it: never "0%" for a share that is not nothing."""
    if p == 0:
        return "none"
    return "fewer than 1%" if p < 0.005 else f"{p:.0%}"


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
