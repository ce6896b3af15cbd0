"""Every group of a parent table holds a row of the kind a foreign key names: a ward has a surgeon.

A key with ``where: role = 'surgeon'`` and ``match: {ward_id: admission_id.ward_id}`` (a procedure's surgeon
is a surgeon of its admission's ward) can be met only where the sampled staff holds a surgeon on that ward.
The staff is learned row by row, so a small ward may come out with physicians only, and its procedures then
find no parent (null) or none of the kind. ``fit`` learns, per such key, whether every group of the parent
(its ``match`` columns' values; the whole table without ``match``) holds a row of the value in the source
(a ``Cover``); ``sample`` then recodes one row of each group lacking it (the row the seed's draw puts first)
to the value, before the parent's rule-made columns are made, so the key keeps its meaning. Only a learned
text column is recoded; the row's codes its children read stay those drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.spec import model as m
from simulacra.synth.conditions import equality

__all__ = ["Cover", "lacking_rows", "learn_covers", "recode", "where_value"]


@dataclass(frozen=True)
class Cover:
    column: str  # the parent's column the key's ``where`` reads
    value: str  # the value it asks for
    groups: tuple[str, ...]  # the parent's ``match`` columns: each of their groups holds a row of the value

    def to_json(self) -> dict[str, Any]:
        return {"column": self.column, "value": self.value, "groups": list(self.groups)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Cover:
        return cls(str(data["column"]), str(data["value"]), tuple(str(g) for g in data.get("groups", [])))


def where_value(where: str | None) -> tuple[str, str] | None:
    """``(column, value)`` of a ``where`` that is exactly ``column = 'value'``; None otherwise."""
    eq = equality(where or "")
    return (eq[0], eq[1]) if eq is not None and isinstance(eq[1], str) else None


def learn_covers(spec: m.DatasetSpec, table: str, frame: pl.DataFrame, learned: set[str]) -> list[Cover]:
    """The covers of ``table`` (its source rows ``frame``): one per key into it whose ``where`` is
    ``column = 'value'`` on a learned column, when every group of the key's ``match`` columns holds the value."""
    out: list[Cover] = []
    for tspec in spec.tables.values():
        for col in tspec.columns.values():
            if not isinstance(col, m.ForeignKeyColumn) or col.ref_table != table:
                continue
            kv = where_value(col.where)
            if kv is None or kv[0] not in learned or kv[0] not in frame.columns:
                continue
            groups = tuple(col.match)
            if any(g not in frame.columns for g in groups):
                continue
            cover = Cover(kv[0], kv[1], groups)
            if cover not in out and frame.height and not len(lacking_groups(frame, cover)):
                out.append(cover)
    return out


def lacking_groups(frame: pl.DataFrame, cover: Cover) -> pl.DataFrame:
    """The groups (values of ``cover.groups``, none null) holding no row of the value; one empty row when the
    table is one group and lacks it."""
    holds = (pl.col(cover.column).cast(pl.String) == cover.value).fill_null(False)
    if not cover.groups:
        return pl.DataFrame({"_": [0]}) if frame.height and not frame.select(holds.any()).item() else pl.DataFrame()
    keyed = frame.drop_nulls(list(cover.groups))
    agg = keyed.group_by(list(cover.groups)).agg(holds.any().alias("__held"))
    return agg.filter(~pl.col("__held")).drop("__held")


def lacking_rows(
    frame: pl.DataFrame, covers: list[Cover], stream: Stream, start: int
) -> list[tuple[Cover, NDArray[np.int64]]]:
    """Per cover, the rows of ``frame`` (rows ``start``.. of the table) to recode: one per group lacking its
    value, the one with the least draw of ``stream`` (by row id, so the same seed recodes the same rows); a row
    is recoded once."""
    out: list[tuple[Cover, NDArray[np.int64]]] = []
    taken: set[int] = set()
    u = stream.uniform(np.arange(start, start + frame.height, dtype=np.int64))
    for cover in covers:
        if cover.column not in frame.columns:
            continue
        lack = lacking_groups(frame, cover)
        if not lack.height:
            continue
        view = pl.DataFrame(
            [*(frame.get_column(g) for g in cover.groups), pl.Series("__row", np.arange(frame.height, dtype=np.int64))]
        ).with_columns(pl.Series("__u", u))
        if cover.groups:
            view = view.join(lack, on=list(cover.groups), how="semi")
        if taken:
            view = view.filter(~pl.col("__row").is_in(sorted(taken)))
        view = view.sort("__u", "__row")
        first = view.group_by(list(cover.groups), maintain_order=True).first() if cover.groups else view.head(1)
        rows = np.sort(first.get_column("__row").to_numpy().astype(np.int64))
        taken.update(rows.tolist())
        if len(rows):
            out.append((cover, rows))
    return out


def recode(frame: pl.DataFrame, fixes: list[tuple[Cover, NDArray[np.int64]]]) -> pl.DataFrame:
    """``frame`` with each cover's value set in its column on its rows."""
    for cover, idx in fixes:
        if cover.column not in frame.columns:
            continue
        mask = np.zeros(frame.height, dtype=bool)
        mask[idx] = True
        frame = frame.with_columns(
            pl.when(pl.Series(mask))
            .then(pl.lit(cover.value).cast(frame.schema[cover.column]))
            .otherwise(pl.col(cover.column))
            .alias(cover.column)
        )
    return frame
