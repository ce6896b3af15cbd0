"""Pooled realistic values: a column whose rows share K fresh values (``pool: K``).

A shop's 600 orders by 10 customers: the customer's name is personal data, so it is never copied, but
the structure is that 10 customers share the rows. Slot ``i`` (1..K, by frequency when learned) is
rendered as the ``i``-th distinct value the column's value kind makes at rows 0, 1, 2... of the
column's pool stream: a pure function of (seed, table, column, slot), the same in every chunk.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from simulacra._random import Stream
from simulacra._slots import SLOT, is_pooled
from simulacra.spec import model as m

__all__ = ["pool_values", "pooled_columns", "render_slots"]

_TRIES = 4  # rounds of ever more draws before a kind with few values repeats some


def pooled_columns(spec: m.DatasetSpec) -> dict[str, list[str]]:
    """Per table, its pooled columns (a sample's manifest lists them: ``evaluate`` compares them by slot)."""
    return {t: [c for c, s in ts.columns.items() if is_pooled(s)] for t, ts in spec.tables.items()}


def pool_values(
    spec: m.RealisticColumn, stream: Stream, locale: str, k: int, group_stream: Stream | None = None
) -> pl.Series:
    """``k`` fresh values of ``spec``'s kind, distinct where the kind can make that many. ``group_stream``: the
    pool stream of the column's ``group`` (pooled columns of one group agree slot by slot: a customer's name
    and e-mail are one person's, where the source's are one to one and so rank alike)."""
    from simulacra.values import VALUE_KINDS, ValueContext

    kind = VALUE_KINDS[spec.generator]
    extra = dict(spec.model_extra or {})
    params = {p: v for p, v in {**kind.params, **extra}.items() if p not in kind.column_params}
    pool = stream.child("__pool__")
    n = max(2 * k, 8)
    values = pl.Series(dtype=pl.String)
    for _ in range(_TRIES):
        ctx = ValueContext(
            rows=np.arange(n, dtype=np.int64),
            stream=pool,
            group_stream=group_stream if group_stream is not None else pool.child("group"),
            locale=spec.locale or locale,
        )
        values = kind.func(ctx, params).drop_nulls().unique(maintain_order=True)
        if values.len() >= k:
            return values.head(k)
        n *= 4
    # a kind with fewer distinct values than slots: the slots beyond them repeat its values in order
    return values.gather(np.arange(k) % max(values.len(), 1)) if values.len() else values.extend_constant(None, k)


def render_slots(
    labels: pl.Series, spec: m.RealisticColumn, stream: Stream, locale: str, group_stream: Stream | None = None
) -> pl.Series:
    """Slot labels (``slot i``) rendered as the pool's ``i``-th value; anything else null. The pool holds
    at least ``spec.pool`` values (more when the source held more entities than the spec says): the
    ``i``-th value does not depend on how many are made, so every chunk renders a slot alike."""
    labels = labels.cast(pl.String)
    slots = labels.str.strip_prefix(SLOT.format("")).cast(pl.Int64, strict=False)
    k = max(spec.pool or 1, int(slots.max() or 0))  # type: ignore[arg-type]
    values = pool_values(spec, stream, locale, k, group_stream)
    keys = pl.Series([SLOT.format(i + 1) for i in range(values.len())], dtype=pl.String)
    return labels.replace_strict(keys, values, default=None, return_dtype=values.dtype)
