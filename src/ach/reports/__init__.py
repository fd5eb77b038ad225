"""Renderers of a :class:`~ach.engine.result.RankResult`: pure functions, no printing."""
