"""``ach init``: a new case folder, from commented examples or as a copy of another case."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from ach.case.loader import CASE_FILE, find_case
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
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise RefusedOperation(
            f"{dest}: not empty; ach init only writes into a new or empty folder"
        )
    if from_case is None:
        (target / "evidence").mkdir(parents=True, exist_ok=True)
        (target / CASE_FILE).write_text(CASE_TEMPLATE.format(id=case_id), encoding="utf-8")
        (target / "sources.yaml").write_text(SOURCES_TEMPLATE, encoding="utf-8")
        (target / "evidence" / "E01.yaml").write_text(EVIDENCE_TEMPLATE, encoding="utf-8")
        return target
    source = find_case(from_case)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(
        source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git", "__pycache__")
    )
    case_file = target / CASE_FILE
    text = case_file.read_text(encoding="utf-8")
    new, count = re.subn(
        r"^id:(\s*)\S+", lambda m: f"id:{m.group(1)}{case_id}", text, count=1, flags=re.M
    )
    if count != 1:
        shutil.rmtree(target)
        raise RefusedOperation(f"{source / CASE_FILE}: id: no top-level 'id:' line to rewrite")
    case_file.write_text(new, encoding="utf-8")
    return target
