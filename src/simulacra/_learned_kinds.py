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

__all__ = ["Kind", "learned_kind", "null_case"]

Kind = Literal["categorical", "boolean", "numeric", "date", "datetime"]


def learned_kind(spec: Any) -> Kind | None:
    """The kind a spec column is learned as, or None when a rule makes it. ``spec``: a parsed column
    (``simulacra.spec.model``) or its dict as drafted (``{"generator": "date", "step": 7}``)."""
    from simulacra.spec import model as m

    inner = null_case(spec)
    if inner is not None:
        return learned_kind(inner[0])
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


def null_case(spec: Any) -> tuple[Any, list[str]] | None:
    """``(default, conditions)`` of a ``case`` column that is null where a condition holds and its ``else``
    elsewhere (a delay null exactly on cancelled flights, as inspect drafts it), when that ``else`` is learned
    as a number, category, flag or date; else None.

    Made by its rule, such a column's values would be drawn apart from the rest of the row (a cancelled
    flight's status beside a delay drawn from the delay's marginal: "delayed" on a 0-minute delay), so fit
    learns it as its ``else`` (the nulls where the data has them) and the draw keeps the rule: a row is
    null exactly where a condition holds (``synth`` redraws the rows that break it)."""
    from simulacra.spec import model as m

    if isinstance(spec, Mapping):
        if spec.get("generator") != "case":
            return None
        cases, default = spec.get("cases") or [], spec.get("else", spec.get("default"))
        pairs = [(b.get("when"), b.get("then")) if isinstance(b, Mapping) else (None, 0) for b in cases]
    elif isinstance(spec, m.CaseColumn):
        default, pairs = spec.default, [(b.when, b.then) for b in spec.cases]
    else:
        return None
    if not pairs or any(then is not None or not isinstance(when, str) for when, then in pairs):
        return None
    if isinstance(default, Mapping):
        cls: type = m.BUILTIN_GENERATORS.get(str(default.get("generator")), m.RealisticColumn)
    elif isinstance(default, m.BaseModel):
        cls = type(default)
    else:
        return None
    plain = (m.CategoricalColumn, m.BooleanColumn, m.NumberColumn, m.DateColumn)
    if not issubclass(cls, plain) or learned_kind(default) is None:  # not a rank, a pool or a sequence's date
        return None
    return default, [str(when) for when, _ in pairs]
