"""Checking ``leads.yaml`` against the rest of the case.

Each lead is validated on its own (:class:`ach.evidence.leads.Lead`), then against the case:
its source must exist, its outcomes must rate known hypotheses (ids or aliases, as items do),
numeric outcomes must give every hypothesis a probability and add up to 1 over the outcomes
for each hypothesis, and ids must be unique (leads in the file, outcomes in a lead). Every
problem is one line naming ``leads.yaml``, the lead and the field.
"""

from __future__ import annotations

import math

from ach.case.problems import entry_label, validate_model
from ach.case.ratings import complete, hypothesis_lookup, missing_message, resolve_keys
from ach.errors import Problem, echo
from ach.evidence.leads import Lead, Outcome
from ach.hypotheses.models import CaseFile
from ach.yamlio import YamlDoc

LEADS_FILE = "leads.yaml"
#: Numeric outcome rows must add up to 1 for each hypothesis within this (the contract's 1e-9).
SUM_TOLERANCE = 1e-9


def check_leads(
    doc: YamlDoc, meta: CaseFile | None, source_ids: set[str] | None
) -> tuple[tuple[Lead, ...], list[Problem]]:
    """The leads of ``doc``, their ratings keyed by hypothesis id (codes left out filled in
    as ``N``), and every problem found.

    ``meta`` or ``source_ids`` is None when that file could not be read: the checks that
    need it are skipped (its own errors are reported already).
    """
    if doc.data is None:
        return (), []
    if not isinstance(doc.data, list):
        return (), [Problem(LEADS_FILE, "", "expected a list of leads", doc.line(()))]
    problems: list[Problem] = []
    leads: list[Lead] = []
    seen: set[str] = set()
    for index, entry in enumerate(doc.data):
        at = (index,)
        label = entry_label(entry, index)
        # an entry with a bad field still claims its id: a second one is reported either way
        ident = entry.get("id") if isinstance(entry, dict) else None
        twice = isinstance(ident, str) and ident in seen
        if twice:
            problems.append(
                Problem(LEADS_FILE, f"{label}.id", "lead id given twice", doc.line((*at, "id")))
            )
        if isinstance(ident, str):
            seen.add(ident)
        lead, found = validate_model(Lead, entry, doc, LEADS_FILE, at, label)
        problems += found
        if lead is None or twice:
            continue
        if source_ids is not None and lead.source not in source_ids:
            problems.append(
                Problem(
                    LEADS_FILE,
                    f"{lead.id}.source",
                    f"{echo(lead.source)} is not a source id in sources.yaml",
                    doc.line((*at, "source")),
                )
            )
        outcomes_ok = _unique_outcomes(lead, doc, at, problems)
        if any(o.numeric for o in lead.outcomes) and any(o.coded for o in lead.outcomes):
            problems.append(
                Problem(
                    LEADS_FILE,
                    f"{lead.id}.outcomes",
                    "outcomes mix consistency codes and probabilities; one lead uses one or the other",
                    doc.line((*at, "outcomes")),
                )
            )
            continue
        if meta is None:
            continue
        resolved = _resolve(lead, meta, doc, at, problems)
        if resolved is not None and outcomes_ok:
            leads.append(resolved)
    return tuple(leads), problems


def _unique_outcomes(
    lead: Lead, doc: YamlDoc, at: tuple[str | int, ...], problems: list[Problem]
) -> bool:
    seen: set[str] = set()
    ok = True
    for j, outcome in enumerate(lead.outcomes):
        if outcome.id in seen:
            problems.append(
                Problem(
                    LEADS_FILE,
                    f"{lead.id}.outcomes.{outcome.id}.id",
                    "outcome id given twice in this lead",
                    doc.line((*at, "outcomes", j, "id")),
                )
            )
            ok = False
        seen.add(outcome.id)
    return ok


def _resolve(
    lead: Lead, meta: CaseFile, doc: YamlDoc, at: tuple[str | int, ...], problems: list[Problem]
) -> Lead | None:
    """The lead with every outcome's ratings keyed by hypothesis id, or None if any is wrong."""
    hyp_ids = [h.id for h in meta.hypotheses]
    lookup = hypothesis_lookup(meta)
    before = len(problems)
    outcomes: list[Outcome] = []
    for j, outcome in enumerate(lead.outcomes):
        where = (*at, "outcomes", j, "ratings")
        field = f"{lead.id}.outcomes.{outcome.id}.ratings"
        resolved, missing = complete(
            resolve_keys(
                outcome.ratings,
                lookup,
                hyp_ids,
                file=LEADS_FILE,
                field=field,
                line=lambda key, where=where: doc.line((*where, key)),  # type: ignore[misc]
                problems=problems,
            ),
            hyp_ids,
            lead.numeric,
        )
        if missing:
            problems.append(Problem(LEADS_FILE, field, missing_message(missing), doc.line(where)))
        outcomes.append(outcome.model_copy(update={"ratings": resolved}))
    if len(problems) > before:
        return None
    if lead.numeric:
        for h in hyp_ids:
            total = math.fsum(float(o.ratings[h]) for o in outcomes)
            if abs(total - 1.0) > SUM_TOLERANCE:
                problems.append(
                    Problem(
                        LEADS_FILE,
                        f"{lead.id}.outcomes",
                        f"for hypothesis {echo(h)} the outcomes' probabilities add up to "
                        f"{total:.10g}, not 1 (outcomes are exclusive and exhaustive)",
                        doc.line((*at, "outcomes")),
                    )
                )
        if len(problems) > before:
            return None
    return lead.model_copy(update={"outcomes": tuple(outcomes)})
