"""Which spec columns fit learns from the source, and as what kind; the rest a rule makes (keys, PII, text,
expressions, a date sequence's ``step``, a rank ``by`` another column).

One home for the decision (issue 13): ``synth`` learns exactly these columns, and ``inspection``'s draft, which
says what fit will learn (dates in rounds), asks the same function about the draft's columns. It sits below
both (neither layer may import the other). The draft holds its columns as dicts, fit as parsed spec models: the
decision reads the generator's spec class (the spec's own registry, ``BUILTIN_GENERATORS``; any other name is
a realistic kind, as the spec parses it) and the few fields it turns on, so a dict and its parsed model get the
same answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

__all__ = ["Kind", "learned_kind"]

Kind = Literal["categorical", "boolean", "numeric", "date", "datetime"]


def learned_kind(spec: Any) -> Kind | None:
    """The kind a spec column is learned as, or None when a rule makes it. ``spec``: a parsed column
    (``simulacra.spec.model``) or its dict as drafted (``{"generator": "date", "step": 7}``)."""
    from simulacra.spec import model as m

    if isinstance(spec, Mapping):
        generator = spec.get("generator")
        if not isinstance(generator, str):
            return None
        cls: type = m.BUILTIN_GENERATORS.get(generator, m.RealisticColumn)
    else:
        generator, cls = getattr(spec, "generator", None), type(spec)

    def field(name: str) -> Any:
        return spec.get(name) if isinstance(spec, Mapping) else getattr(spec, name, None)

    if issubclass(cls, m.CategoricalColumn):
        return "categorical"
    if issubclass(cls, m.BooleanColumn):
        return "boolean"
    if issubclass(cls, m.NumberColumn):
        return "numeric"
    if issubclass(cls, m.DateColumn) and field("step") is None:  # a date sequence is made by its rule
        return "date" if generator == "date" else "datetime"
    if issubclass(cls, m.RankColumn) and field("by") is None:
        return "numeric"  # learned with its row, then ranked within its parent by the value drawn
    if issubclass(cls, m.RealisticColumn) and field("pool") is not None:
        return "categorical"  # which of K entities (slots by frequency), rendered as fresh values
    return None
