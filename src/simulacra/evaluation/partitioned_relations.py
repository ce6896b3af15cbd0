"""The relation metrics of ``evaluate --chunked-only`` on inputs of several tables, from sums over partitions.

``partitioned`` evaluates each table of a folder or a database partition by partition; here are the metrics between
tables, as ``multitable`` computes them on whole tables, with every table still read by its partitions where the tasks
run (``chunked.ChunkRunner``):

- the relations (``multitable.infer_relations``, or the spec's ``relations``): a parent column is a key when its
  non-null values are unique and not floats, and a child column named for it (``multitable.key_names``) references it
  when 99% of its non-null values find a parent key. The client gathers each candidate parent key column (its
  non-null values, in row order: one column, never a table) and every task of the child counts its partition's values
  against them;
- referential integrity: per partition of the synthetic child, its non-null keys and how many find a synthetic parent
  key (``multitable.count_keys``), added up;
- children per parent: per partition of each side's child, the children per key value, added up per key and matched
  to the parent's keys in the parent's order (``multitable.children_per_parent``), then the KS complement.

Integers added up, so the results are one process's bit for bit. The trends across a join
(``multitable.intertable_trends``) pair every child row with its parent's columns: not a sum over the child's
partitions without sending the parent's columns to every task, so not computed here (the report says so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from simulacra.evaluation import multitable
from simulacra.evaluation._frames import as_key
from simulacra.evaluation._types import MetricResult, guarded
from simulacra.evaluation.chunked import ChunkRunner
from simulacra.evaluation.spec import EvaluationSpec

if TYPE_CHECKING:
    from simulacra.evaluation.partitioned import PartitionedInput, PartitionReader

__all__ = ["links_of", "relation_results"]

# ---------------------------------------------------------------------------- on the workers


def _key_values(frame: pl.DataFrame, *, part: Any, column: str) -> pl.Series:
    """A partition's non-null values of ``column``, in row order."""
    return frame[column].drop_nulls()


def _key_counts(frame: pl.DataFrame, *, part: Any, column: str, parent_keys: pl.Series) -> multitable.KeyCounts:
    """A partition of a child's foreign key counted against its parent's keys."""
    return multitable.count_keys(frame[column], parent_keys)


# ---------------------------------------------------------------------------- the client's side


def _column(runner: ChunkRunner, side: PartitionedInput, read: PartitionReader, column: str) -> pl.Series:
    """``side``'s non-null values of ``column`` in row order, gathered from its partitions."""
    from simulacra.evaluation.partitioned import map_partitions  # partitioned imports this module: a cycle

    got = map_partitions(runner, side, read, _key_values, column=column)
    return pl.concat(got) if got else pl.Series(column, [], dtype=side.schema[column])


def _counts(
    runner: ChunkRunner, side: PartitionedInput, read: PartitionReader, column: str, parent_keys: pl.Series
) -> multitable.KeyCounts:
    """``multitable.count_keys`` of ``side``'s ``column`` as a sum over its partitions."""
    from simulacra.evaluation.partitioned import map_partitions  # partitioned imports this module: a cycle

    got = map_partitions(runner, side, read, _key_counts, column=column, parent_keys=parent_keys)
    if not got:  # no rows: the empty counts, typed as one process types them
        return multitable.count_keys(pl.Series(column, [], dtype=side.schema[column]), parent_keys)
    return multitable.add_counts(got)


def links_of(
    real: Mapping[str, PartitionedInput],
    spec: EvaluationSpec,
    runner: ChunkRunner,
    keys: dict[tuple[str, str], pl.Series | None],
) -> list[multitable.Link]:
    """``_api._links`` on the real tables' partitions: the spec's relations (checked), else those inferred. ``keys``
    keeps the real parent key columns gathered (``as_key`` of their non-null values; None: not a key)."""
    from simulacra.evaluation.partitioned import PartitionReader  # partitioned imports this module: a cycle

    if spec.relations:
        return multitable.declared_links(spec.relations, {t: side.schema for t, side in real.items()})
    readers = {t: PartitionReader(side.restore, side.table, text=side.text, db=side.db) for t, side in real.items()}

    def parent_keys(pname: str, pkey: str) -> pl.Series | None:
        """The parent column's keys when it can be one (non-null values unique, not floats), else None."""
        if (pname, pkey) not in keys:
            side = real[pname]
            s = _column(runner, side, readers[pname], pkey) if side.schema[pkey] != pl.Float64 else None
            keys[(pname, pkey)] = None if s is None or len(s) == 0 or s.n_unique() != len(s) else as_key(s)
        return keys[(pname, pkey)]

    links = []
    for pname, parent in real.items():  # infer_relations' order: parents, their columns, children, their columns
        for pkey in parent.schema:
            names = multitable.key_names(pname, pkey)
            for cname, child in real.items():
                if cname == pname:
                    continue
                for ckey in child.schema:
                    if ckey not in names:
                        continue
                    found = parent_keys(pname, pkey)
                    if found is None:
                        continue
                    got = _counts(runner, child, readers[cname], ckey, found)
                    if got.present and got.found / got.present >= 0.99:
                        links.append(multitable.Link(pname, pkey, cname, ckey))
    return links


def relation_results(
    links: Sequence[multitable.Link],
    real: Mapping[str, PartitionedInput],
    synthetic: Mapping[str, PartitionedInput],
    readers: Mapping[str, tuple[PartitionReader, PartitionReader]],
    runner: ChunkRunner,
    real_keys: Mapping[tuple[str, str], pl.Series | None],
) -> list[MetricResult]:
    """Referential integrity and children per parent for each relation, in ``_api._multitable``'s order
    (``real_keys``: the real parent key columns ``links_of`` already gathered)."""
    out: list[MetricResult] = []
    for link in links:
        keys, counts = [], []
        for j, sides in enumerate((real, synthetic)):
            known = real_keys.get((link.parent, link.parent_key)) if j == 0 else None
            if known is None:
                known = as_key(_column(runner, sides[link.parent], readers[link.parent][j], link.parent_key))
            keys.append(known)
            counts.append(_counts(runner, sides[link.child], readers[link.child][j], link.child_key, keys[j]))
        out.append(multitable.integrity_of(link, counts[1]))

        def card(
            link: multitable.Link = link, keys: list[Any] = keys, counts: list[Any] = counts
        ) -> list[MetricResult]:
            a, b = (multitable.children_per_parent(k, c.per_key) for k, c in zip(keys, counts, strict=True))
            return [multitable.cardinality_of(link, a, b)]

        out += guarded("cardinality", card, table=link.child)
    return out
