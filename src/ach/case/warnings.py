"""Warnings: doubtful but valid, worth telling the analyst, never a reason to refuse a case."""

from __future__ import annotations

from ach.case.model import Case
from ach.case.ratings import CASE_FILE
from ach.case.references import SOURCES_FILE
from ach.errors import Problem
from ach.likelihood import non_diagnostic, row


def case_warnings(case: Case) -> list[Problem]:
    """Doubtful but valid: worth telling the analyst, never a reason to refuse the case.

    An item is non-diagnostic when its likelihoods (codes read through the case's ``scale``)
    are equal for every hypothesis: P(e | h) is then the same for all h whatever the source's
    reliability. A hypothesis counts as rated only by a counted, diagnostic item that gives it
    a code other than N (or a probability): a ``repeats`` item or a non-diagnostic one moves
    nothing, so rating there does not put the hypothesis to any test.
    """
    out: list[Problem] = []
    rated: set[str] = set()
    cited: set[str] = set()
    weights = case.meta.weights()
    for item in case.items:
        file = case.item_files[item.id]
        cited.update(case.chain(item.source))
        values = row(case.ratings[item.id], list(case.ratings[item.id]), weights)
        flat = bool(non_diagnostic(values)[0])
        if not item.repeats and not flat:
            rated.update(h for h, v in case.ratings[item.id].items() if v != "N")
        if item.quote is None:
            out.append(
                Problem(
                    file,
                    f"{item.id}.quote",
                    "no quote: a reader cannot check the claim",
                    kind="no-quote",
                )
            )
        if item.locator is None:
            out.append(
                Problem(
                    file,
                    f"{item.id}.locator",
                    "no locator: say where the quote is found",
                    kind="no-locator",
                )
            )
        if not item.repeats and flat:
            # with a `noise` other than that common likelihood, P(e | h) still varies with r:
            # the item moves the source's reliability, and through it the source's other items
            moves_r = item.noise is not None and len(values) > 0 and item.noise != values[0]
            out.append(
                Problem(
                    file,
                    f"{item.id}.ratings",
                    "non-diagnostic: rated alike for every hypothesis, "
                    + (
                        "it only changes how far its source is trusted (its noise differs)"
                        if moves_r
                        else "it changes nothing"
                    ),
                    kind="non-diagnostic",
                )
            )
    out += restatements(case)
    for hyp in case.hypotheses:
        if case.items and hyp.id not in rated:
            out.append(
                Problem(
                    CASE_FILE,
                    f"hypotheses.{hyp.id}",
                    "no item rates this hypothesis",
                    kind="unrated-hypothesis",
                )
            )
    for src in case.sources:
        if src.id not in cited:
            out.append(
                Problem(
                    SOURCES_FILE,
                    src.id,
                    "no evidence item cites this source",
                    kind="uncited-source",
                )
            )
    if not case.items:
        out.append(
            Problem(
                "evidence",
                "",
                "the case has no evidence items: the ranking is the prior",
                kind="no-evidence",
            )
        )
    return out


def restatements(case: Case) -> list[Problem]:
    """Items that look like a retelling of an earlier one (same source chain, same likelihoods)
    but are not marked ``repeats``: counted twice, one story would weigh double."""
    seen: dict[tuple[object, ...], str] = {}
    out = []
    hyp_ids = [h.id for h in case.hypotheses]
    weights = case.meta.weights()
    for item in case.items:
        if item.repeats:
            continue
        # ratings compared as the model reads them: weights through the case's scale
        like = row(case.ratings[item.id], hyp_ids, weights)
        key = (tuple(sorted(case.chain(item.source))), tuple(like.tolist()))
        if not non_diagnostic(like)[0] and key in seen:
            out.append(
                Problem(
                    case.item_files[item.id],
                    f"{item.id}.repeats",
                    f"looks like a restatement of {seen[key]} (same source chain, same ratings); "
                    f"if it only retells it, mark it `repeats: {seen[key]}`",
                    kind="restatement",
                )
            )
        seen.setdefault(key, item.id)
    return out
