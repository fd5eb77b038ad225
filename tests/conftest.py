"""Shared fixtures: small cases written to disk exactly as users write them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

CaseMaker = Callable[..., Path]


def unwrap(text: str) -> str:
    """Terminal output with each wrapped entry on one line again: a line that starts with
    spaces continues the one before (``ach validate`` wraps a warning under its first word)."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line.rstrip())
    return "\n".join(lines)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path, with its SHA-256: equal snapshots mean
    not one byte changed (what a refused command must guarantee)."""
    import hashlib

    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_case(
    root: Path,
    *,
    case_id: str = "demo",
    hypotheses: list[dict[str, Any]] | None = None,
    sources: list[dict[str, Any]] | None = None,
    evidence: list[dict[str, Any]] | None = None,
    **case_fields: Any,
) -> Path:
    """Write a case folder (one evidence file per item) and return its path."""
    folder = root / case_id
    (folder / "evidence").mkdir(parents=True, exist_ok=True)
    meta = {
        "id": case_id,
        "title": "A demonstration case",
        "question": "Which hypothesis is true?",
        "hypotheses": hypotheses
        or [{"id": "h1", "label": "Hypothesis one"}, {"id": "h2", "label": "Hypothesis two"}],
        **case_fields,
    }
    (folder / "case.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    (folder / "sources.yaml").write_text(
        yaml.safe_dump(sources or [], sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    for item in evidence or []:
        (folder / "evidence" / f"{item['id']}.yaml").write_text(
            yaml.safe_dump(item, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return folder


def source(sid: str, reliability: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "kind": "other",
        "reliability": reliability,
        "citation": f"{sid} (test)",
        **extra,
    }


def item(eid: str, src: str, ratings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": eid,
        "claim": f"claim {eid}",
        "source": src,
        "ratings": ratings,
        "quote": "q",
        "locator": "p. 1",
        **extra,
    }


@pytest.fixture
def make_case(tmp_path: Path) -> CaseMaker:
    """``make_case(**fields)`` writes a case under a fresh temporary folder."""
    counter = iter(range(1_000_000))

    def make(**kwargs: Any) -> Path:
        return write_case(tmp_path / f"c{next(counter)}", **kwargs)

    return make
