"""Growing a case: new cases, new evidence and new sources, written without losing anything."""

from ach.workspace.evidence import AddedItem, add_evidence, build_item
from ach.workspace.init import init_case
from ach.workspace.sources import add_source, build_source

__all__ = ["AddedItem", "add_evidence", "add_source", "build_item", "build_source", "init_case"]
