"""The base of ach's plain-data results, and how they show themselves.

Results (a ranking, a sensitivity analysis, a comparison, a timeline, leads, analysts) are
frozen pydantic models that know nothing of how they are drawn: the engine and the analyses
may not import ``ach.reports`` (lint enforces it). Yet Jupyter asks the object itself for
``_repr_html_``, and a prompt for ``repr``. :class:`Shown` answers both by looking the
object's class up in the one table of renderers, ``ach.reports.shown.RENDERERS``, found by
name when something is first shown: the dependency stays reports -> results, and nothing of
reports is loaded until then.
"""

from __future__ import annotations

from importlib import import_module

from pydantic import BaseModel, ConfigDict

#: Where the renderers of results are registered (imported by name, on first display).
RENDERERS_MODULE = "ach.reports.shown"


class Data(BaseModel):
    """Frozen, and unknown keys refused: a result read back from JSON is exactly what was saved."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Shown:
    """A readable ``repr`` and a ``_repr_html_`` for Jupyter, from the registered renderers."""

    def __repr__(self) -> str:
        return _show(self, html=False)

    def _repr_html_(self) -> str:
        return _show(self, html=True)


def _show(obj: object, *, html: bool) -> str:
    renderers = import_module(RENDERERS_MODULE).RENDERERS
    for cls in type(obj).__mro__:
        if cls.__name__ in renderers:
            text, page = renderers[cls.__name__]
            return str(page(obj) if html else text(obj))
    return object.__repr__(obj)
