"""A foreign key that names only parent rows of one kind: a procedure's surgeon is a staff member whose
``role`` is ``surgeon``, never a physician. Drawn from every parent row, a learned procedure names a
physician as often as the staff holds them (92% surgeons on one hospital, 77% on another), so the key loses
its meaning. ``inspect`` drafts the key with ``where: role = 'surgeon'`` (the spec's filter over the parent's
columns; sampling and generation draw only parents meeting it).

Evidence, not a guess: every referenced parent row holds one value ``v`` of a categorical text column of the
parent, and chance cannot explain it: a parent row holds ``v`` with the share ``s`` the parent table shows,
so ``n`` distinct referenced parents all holding it by chance has probability ``s ** n``; drafted only under
``MAX_CHANCE`` and with at least ``MIN_PARENTS`` referenced parents (six surgeons of a staff a third of
surgeons: 0.1%, not drafted). A column every parent row holds one value of says nothing (``s`` = 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

__all__ = ["KeyKind", "find_key_kind", "where_of"]

MAX_CHANCE = 1e-6  # largest chance that the referenced parents all hold the value by chance
MIN_PARENTS = 5  # distinct referenced parents before one shared value is read as a rule


@dataclass(frozen=True)
class KeyKind:
    column: str  # the parent's column
    value: str  # the one value every referenced parent row holds
    why: str

    @property
    def where(self) -> str:
        return where_of(self.column, self.value)


def where_of(column: str, value: str) -> str:
    """The SQL predicate ``column = 'value'`` (quotes doubled)."""
    return f"{column} = '" + value.replace("'", "''") + "'"


def find_key_kind(
    child: pl.DataFrame, column: str, parent: pl.DataFrame, key: str, candidates: list[str]
) -> KeyKind | None:
    """The parent column of ``candidates`` (categorical text columns of ``parent``) whose one value every parent
    row that ``child.column`` references holds (by ``parent.key``), the least likely by chance; None if none."""
    if column not in child.columns or key not in parent.columns:
        return None
    refs = child.get_column(column).drop_nulls().unique()
    if not refs.len():
        return None
    try:
        hit = parent.filter(pl.col(key).is_in(refs.cast(parent.schema[key], strict=False).drop_nulls().implode()))
    except pl.exceptions.PolarsError:
        return None
    n = hit.height
    if n < MIN_PARENTS or parent.height == 0:
        return None
    best: KeyKind | None = None
    best_chance = MAX_CHANCE
    for c in candidates:
        if c == key or c not in parent.columns or parent.schema[c] != pl.String:
            continue
        held = hit.get_column(c)
        if held.null_count() or held.n_unique() != 1:
            continue
        value = str(held[0])
        s = int((parent.get_column(c) == value).fill_null(False).sum()) / parent.height
        if s >= 1.0:
            continue  # every parent row holds it: no filter
        chance = s**n
        if chance < best_chance:
            best_chance = chance
            best = KeyKind(
                c,
                value,
                f"every one of the {n:,} parent rows referenced holds {c} = '{value}' "
                f"({100 * s:.0f}% of all parent rows do; by chance {chance:.1g}): only those are drawn",
            )
    return best
