"""``ach init``: a new case folder, from commented examples or as a copy of another case."""

from __future__ import annotations

import os
import re
import secrets
import shutil
from pathlib import Path

from ach.case.loader import CASE_FILE, find_case
from ach.case.schema import SCHEMA_DIR, modeline, write_schemas
from ach.errors import RefusedOperation, echo
from ach.fields import ID_PATTERN

CASE_TEMPLATE = """\
# The question and its rival hypotheses. Field names are fixed by the case format
# (docs/case-format.md); anything else is an error.
id: {id}                      # must equal the folder name
title: A short title for the case
question: The one question the hypotheses answer?
hypotheses:
  - id: first                 # ids: lower-case letters, digits and '-'
    label: The first explanation
    aliases: [First]          # other spellings evidence may use
    description: What would have to be true.
  - id: second
    label: The second explanation
  - id: other
    label: Something else
    catch_all: true           # stands for everything not named
# priors: omit them all for uniform priors, or give some (the rest share what is left)
# scale: {{CC: 4.0, C: 2.0, N: 1.0, I: 0.5, II: 0.25}}   # the defaults
"""

SOURCES_TEMPLATE = """\
# Who said it, and how far we trust them. reliability: an Admiralty grade A-F
# (A completely reliable ... E unreliable, F cannot be judged), a number in [0, 1],
# or {alpha: a, beta: b} for a Beta prior.
- id: witness
  citation: "Author, A. (1990). A Memoir. Publisher."
  kind: memoir                # memoir | letter | speech | archival | scholarship | journalism | other
  reliability: C
  notes: Why this grade.
- id: historian
  citation: "Scholar, B. (2010). A Study. Publisher."
  kind: scholarship
  reliability: B
  derived_from: [witness]     # takes its account from the witness
"""

EVIDENCE_TEMPLATE = """\
# One evidence item (a file may also hold a list of items). Ratings: CC C N I II for each
# hypothesis (an omitted one is N), or probabilities P(evidence | hypothesis) for all.
id: E01
claim: In your own words, what the source says.
quote: "The exact words, with ... for omissions."
source: witness
locator: "p. 12"
date: 1990-05
credibility: 3                # Admiralty information credibility 1-6 (shown, not weighed)
ratings:
  first: C
  second: I
notes: Why each rating.
"""

SECOND_EVIDENCE_TEMPLATE = """\
# A second item. One that only retells another (the historian repeating the witness's
# story) would say `repeats: E01`: it is kept for the record and adds no weight.
id: E02
claim: The historian finds a document that the witness did not know of.
quote: "The letter ... names someone else."
source: historian
locator: "pp. 40-41"
date: 1990-06
credibility: 2
ratings:
  first: I
  second: C
  other: C
notes: The letter fits the second explanation, or one we have not named.
"""

LEADS_TEMPLATE = """\
# Leads: evidence you could still look for (a page to read, an archive file to open).
# `ach leads` ranks them by expected information gain: how much each is expected to narrow
# the question. A lead names the source it would come from (its reliability applies, shared
# with that source's items) and lists its possible outcomes, exclusive and exhaustive.
- id: witness-diary
  question: Does the witness's diary for that week name anyone?
  source: witness
  cost: 2                     # optional, > 0, in your own unit (days, say)
  outcomes:
    - id: names-first
      label: The diary names the first
      ratings: {first: CC, second: I}   # codes as for evidence; a hypothesis left out is N
    - id: names-second
      label: The diary names the second
      ratings: {first: I, second: CC}
    - id: silent
      label: The diary says nothing about it
      ratings: {}                       # every hypothesis N
# With probabilities instead of codes, each outcome gives P(outcome | hypothesis, source
# reliable) for every hypothesis, and for each hypothesis they add up to 1 over the outcomes:
- id: historian-footnote
  question: Does the historian's footnote cite the letter itself?
  source: historian
  outcomes:
    - id: cites-letter
      label: The footnote cites the letter
      ratings: {first: 0.1, second: 0.6, other: 0.5}
    - id: no-citation
      label: No citation
      ratings: {first: 0.9, second: 0.4, other: 0.5}
"""


def init_case(dest: str | os.PathLike[str], from_case: str | None = None) -> Path:
    """Create a case folder at ``dest``: commented examples, or a copy of ``from_case`` whose
    id is changed to the new folder's name (nothing else changes). Refuses a non-empty ``dest``."""
    target = Path(dest)
    case_id = target.resolve().name
    if not ID_PATTERN.match(case_id):
        raise RefusedOperation(
            f"{dest}: {echo(case_id)} is not a valid case id (the folder name is the id: "
            "lower-case letters, digits and '-')"
        )
    if target.exists() and not target.is_dir():
        raise RefusedOperation(
            f"{dest}: is a file; ach init only writes into a new or empty folder"
        )
    if target.exists() and any(target.iterdir()):
        raise RefusedOperation(
            f"{dest}: not empty; ach init only writes into a new or empty folder"
        )
    source = find_case(from_case) if from_case is not None else None
    target.parent.mkdir(parents=True, exist_ok=True)
    # Build the case beside its destination, then move it in with one rename: an error or an
    # interrupt leaves no half-made case behind.
    staging = target.parent / f".{case_id}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        staging.mkdir()  # mode from the umask, like any folder the user makes
        if source is None:
            _write_examples(staging, case_id)
        else:
            _copy_case(source, staging, case_id)
        write_schemas(staging / SCHEMA_DIR)  # what the files' modelines point editors at
        os.replace(staging, target)  # onto a missing or empty folder only
    except OSError as exc:
        raise RefusedOperation(f"{dest}: could not create the case ({exc.strerror})") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def _write_examples(folder: Path, case_id: str) -> None:
    (folder / "evidence").mkdir()
    files = {
        CASE_FILE: ("case", CASE_TEMPLATE.format(id=case_id)),
        "sources.yaml": ("sources", SOURCES_TEMPLATE),
        "evidence/E01.yaml": ("evidence", EVIDENCE_TEMPLATE),
        "evidence/E02.yaml": ("evidence", SECOND_EVIDENCE_TEMPLATE),
        "leads.yaml": ("leads", LEADS_TEMPLATE),
    }
    for name, (kind, text) in files.items():
        (folder / name).write_text(modeline(kind, name) + text, encoding="utf-8")


def _copy_case(source: Path, folder: Path, case_id: str) -> None:
    """Copy ``source`` into ``folder`` and rewrite the top-level ``id:`` line of its case.yaml.

    Bytes, not text, so line endings, a byte-order mark and every comment stay as they were.
    """
    shutil.copytree(
        source, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git", "__pycache__")
    )
    case_file = folder / CASE_FILE
    new, count = re.subn(
        rb"^(\xef\xbb\xbf)?id:([ \t]*)[^\s#]+",
        lambda m: (m.group(1) or b"") + b"id:" + m.group(2) + case_id.encode(),
        case_file.read_bytes(),
        count=1,
        flags=re.M,
    )
    if count != 1:
        raise RefusedOperation(f"{source / CASE_FILE}: id: no top-level 'id:' line to rewrite")
    case_file.write_bytes(new)
