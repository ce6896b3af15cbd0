"""Multi-table fidelity: foreign keys that resolve, children per parent, trends across joins."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import polars as pl

from simulacra.errors import Location, SpecError
from simulacra.evaluation._frames import ColumnInfo, as_key
from simulacra.evaluation._types import MetricResult, failed, result
from simulacra.evaluation.fidelity import column_pair_trends, ks_complement

__all__ = [
    "KeyCounter",
    "KeyCounts",
    "Link",
    "add_counts",
    "cardinality",
    "cardinality_of",
    "children_per_parent",
    "count_keys",
    "declared_links",
    "infer_relations",
    "integrity_of",
    "intertable_trends",
    "key_names",
    "referential_integrity",
]


@dataclass(frozen=True)
class Link:
    """``child.child_key`` references ``parent.parent_key``."""

    parent: str
    parent_key: str
    child: str
    child_key: str

    @property
    def name(self) -> str:
        return f"{self.child}.{self.child_key} -> {self.parent}.{self.parent_key}"


class _Declared(Protocol):
    """A relation as a spec declares it: ``table.column`` of the child and of its parent."""

    @property
    def child(self) -> str: ...

    @property
    def parent(self) -> str: ...


def declared_links(relations: Sequence[_Declared], columns: Mapping[str, Collection[str]]) -> list[Link]:
    """The links a spec declares (``EvaluationSpec.relations``), each side checked against the tables' columns:
    a relation naming a missing table or column is an error naming it, before any work."""
    links = []
    for rel in relations:
        child, parent = rel.child, rel.parent
        pt, pk = parent.split(".")
        ct, ck = child.split(".")
        for t, c in ((pt, pk), (ct, ck)):
            if t not in columns or c not in columns[t]:
                raise SpecError(
                    f"relation {child} -> {parent}: no column '{c}' in table '{t}'",
                    location=Location(table=t, column=c),
                )
        links.append(Link(pt, pk, ct, ck))
    return links


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def infer_relations(tables: Mapping[str, pl.DataFrame]) -> list[Link]:
    """Foreign keys guessed from names and values: a child column named like a parent's unique key
    (``customer_id`` for ``customers.id`` or ``customers.customer_id``) whose values almost all resolve."""
    links = []
    for pname, parent in tables.items():
        for pkey in parent.columns:
            s = parent[pkey].drop_nulls()
            if len(s) == 0 or s.n_unique() != len(s) or s.dtype == pl.Float64:
                continue
            names = key_names(pname, pkey)
            for cname, child in tables.items():
                if cname == pname:
                    continue
                for ckey in child.columns:
                    if ckey not in names:
                        continue
                    cv = as_key(child[ckey]).drop_nulls()
                    if len(cv) and _share(cv.is_in(as_key(s).implode())) >= 0.99:
                        links.append(Link(pname, pkey, cname, ckey))
    return links


def key_names(parent: str, key: str) -> set[str]:
    """The child column names that may reference ``parent.key`` (``customer_id`` for ``customers.id``)."""
    names = {key} if key.lower() != "id" else set()
    if key.lower() in ("id", f"{_singular(parent)}_id"):
        names |= {f"{_singular(parent)}_id", f"{parent}_id"}
    return names


def _share(mask: pl.Series) -> float:
    """The share of true values in a boolean series without nulls (0.0 when empty)."""
    return int(mask.sum()) / len(mask) if len(mask) else 0.0


@dataclass(frozen=True)
class KeyCounts:
    """What the relation metrics read of a child's foreign key: its non-null values, how many of them find a parent
    key, and the children per key value (``k``, ``n``). Sums over any cut of the child's rows (``chunked``)."""

    present: int
    found: int
    per_key: pl.DataFrame


def count_keys(child_keys: pl.Series, parent_keys: pl.Series) -> KeyCounts:
    """``child_keys`` (a child's foreign key, any rows of it) against the parent's keys (``as_key``, no nulls)."""
    fk = as_key(child_keys).drop_nulls()
    found = int(fk.is_in(parent_keys.implode()).sum()) if len(fk) else 0
    per_key = fk.value_counts(name="n").cast({"n": pl.Int64})
    return KeyCounts(len(fk), found, per_key.rename({per_key.columns[0]: "k"}))


def add_counts(got: Sequence[KeyCounts]) -> KeyCounts:
    """The counts of a child's foreign key over its rows from the counts over consecutive cuts of them, in order."""
    per_key = pl.concat([g.per_key for g in got]).group_by("k", maintain_order=True).agg(pl.col("n").sum())
    return KeyCounts(sum(g.present for g in got), sum(g.found for g in got), per_key)


#: counts a child's foreign key against its parent's keys: here (``count_keys``) or partition by partition
KeyCounter = Callable[[pl.Series, pl.Series], KeyCounts]


def _parent_keys(tables: Mapping[str, pl.DataFrame], link: Link) -> pl.Series:
    return as_key(tables[link.parent][link.parent_key]).drop_nulls()


def referential_integrity(
    synthetic: Mapping[str, pl.DataFrame], link: Link, count: KeyCounter = count_keys
) -> MetricResult:
    """Share of synthetic child rows whose (non-null) foreign key finds its parent."""
    child, parent = synthetic.get(link.child), synthetic.get(link.parent)
    if child is None or parent is None:
        return failed("referential_integrity", "table missing on the synthetic side", table=link.child)
    return integrity_of(link, count(child[link.child_key], _parent_keys(synthetic, link)))


def integrity_of(link: Link, got: KeyCounts) -> MetricResult:
    """``referential_integrity`` from the synthetic child's key counts against its parent's keys."""
    if got.present == 0:
        return result(
            "referential_integrity",
            1.0,
            1.0,
            columns=(link.child_key,),
            table=link.child,
            details={"relation": link.name, "orphans": 0},
        )
    share = got.found / got.present
    return result(
        "referential_integrity",
        share,
        share,
        columns=(link.child_key,),
        table=link.child,
        details={"relation": link.name, "orphans": got.present - got.found},
    )


def _children_per_parent(tables: Mapping[str, pl.DataFrame], link: Link, count: KeyCounter) -> np.ndarray:
    keys = _parent_keys(tables, link)
    return children_per_parent(keys, count(tables[link.child][link.child_key], keys).per_key)


def children_per_parent(keys: pl.Series, per_key: pl.DataFrame) -> np.ndarray:
    """Each parent key's number of children (in the parent's row order), from the children per key value."""
    return keys.to_frame("k").join(per_key, on="k", how="left")["n"].fill_null(0).to_numpy().astype(np.float64)


def cardinality(
    real: Mapping[str, pl.DataFrame],
    synthetic: Mapping[str, pl.DataFrame],
    link: Link,
    count: KeyCounter = count_keys,
) -> MetricResult:
    """KS complement between the real and synthetic numbers of children per parent."""
    if link.child not in synthetic or link.parent not in synthetic:
        return failed("cardinality", "table missing on the synthetic side", table=link.child)
    return cardinality_of(link, _children_per_parent(real, link, count), _children_per_parent(synthetic, link, count))


def cardinality_of(link: Link, a: np.ndarray, b: np.ndarray) -> MetricResult:
    """``cardinality`` from the real (``a``) and synthetic (``b``) numbers of children per parent."""
    s = ks_complement(a, b)
    return result(
        "cardinality",
        1 - s,
        s,
        columns=(link.child_key,),
        table=link.child,
        details={
            "relation": link.name,
            "real_mean": float(a.mean()) if a.size else None,
            "synthetic_mean": float(b.mean()) if b.size else None,
        },
    )


def _joined(
    tables: Mapping[str, pl.DataFrame], link: Link, child_cols: Sequence[str], parent_cols: Sequence[str]
) -> pl.DataFrame:
    child = tables[link.child].select(
        [pl.col(c) for c in child_cols] + [as_key(tables[link.child][link.child_key]).alias("__k")]
    )
    parent = tables[link.parent].select(
        [pl.col(c).alias(f"{link.parent}.{c}") for c in parent_cols]
        + [as_key(tables[link.parent][link.parent_key]).alias("__k")]
    )
    parent = parent.unique(subset="__k", keep="first", maintain_order=True)
    return child.join(parent, on="__k", how="inner").drop("__k")


def intertable_trends(
    real: Mapping[str, pl.DataFrame],
    synthetic: Mapping[str, pl.DataFrame],
    link: Link,
    infos: Mapping[str, Sequence[ColumnInfo]],
) -> list[MetricResult]:
    """Column pair trends between each child column and each parent column, over the joined rows."""
    if link.child not in synthetic or link.parent not in synthetic:
        return [failed("intertable_trends", "table missing on the synthetic side", table=link.child)]
    cinf = [i for i in infos[link.child] if (i.continuous or i.discrete) and i.name != link.child_key]
    pinf = [i for i in infos[link.parent] if (i.continuous or i.discrete) and i.name != link.parent_key]
    if not cinf or not pinf:
        return []
    jr = _joined(real, link, [i.name for i in cinf], [i.name for i in pinf])
    js = _joined(synthetic, link, [i.name for i in cinf], [i.name for i in pinf])
    if len(jr) == 0 or len(js) == 0:
        return [failed("intertable_trends", "no child row joins a parent", table=link.child)]
    pren = [ColumnInfo(f"{link.parent}.{i.name}", i.kind, i.reason) for i in pinf]
    out = []
    child_names = {i.name for i in cinf}
    for r in column_pair_trends(jr, js, [*cinf, *pren], table=link.child):
        a, b = r.columns
        if (a in child_names) != (b in child_names):
            out.append(
                MetricResult(
                    "intertable_trends",
                    r.raw,
                    r.score,
                    r.columns,
                    r.table,
                    r.goal,
                    {**r.details, "relation": link.name, "pair_metric": r.metric},
                    r.error,
                )
            )
    return out
