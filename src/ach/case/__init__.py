"""Loading case folders into a checked :class:`Case`."""

from ach.case.loader import bundled_cases_dir, find_case, list_cases, load_case, search_path
from ach.case.model import Case

__all__ = ["Case", "bundled_cases_dir", "find_case", "list_cases", "load_case", "search_path"]
