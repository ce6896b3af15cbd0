"""A row's two keys whose pair must be one a link table holds: a race result's (tour, rider) is one of the
tour's entries, an order line's (order's price list, product) one the price list prices, an exam's (student,
course) one of the registrations. Drawn on their own, the keys pair at random: 19% of a learned cycling
database's results had a rider who had not entered the stage's tour (issue 13, learn96). ``inspect`` drafts
the key as a reference into the link table, ``match``-ed on the other key of the pair, so sampling draws the
two as one pair of the sampled link table: ``rider_id: {references: entries.rider_id, match: {tour_id:
stage_id.tour_id}}`` (the link table's ``rider_id`` is a key into ``riders``, so every value is a rider).

The key ``c`` of table ``t`` (to parent ``P``) is tried against each table ``L`` holding a key to the same
``P`` column and a second key to a table ``Q`` that ``t`` reaches through another of its keys, directly
(``student_id``) or through one more hop (``stage_id.tour_id``). What is drafted holds on every row holding
both values, with guards against coincidence: ``MIN_ROWS`` such rows, and the pairs ``L`` holds are not
nearly all pairs: the share of rows a random pairing of the two sides would land in ``L``
(``q = Σ a(x)·b(y)`` over ``L``'s pairs, ``a`` and ``b`` each side's own shares) is at most ``MAX_RANDOM``, and
``q ** rows`` (the chance every row lands there by chance) under ``MAX_CHANCE``. The link table must be
drafted made per ``Q`` with its key to ``P`` ``distinct`` (or the other way round), so the pair names one of
its rows; the caller checks that on the draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from simulacra.sources import ForeignKey

__all__ = ["LinkPair", "draft_link_pairs", "find_link_pairs"]

MIN_ROWS = 30  # rows holding both values before their pairs are read as a link table's
MAX_RANDOM = 0.9  # a link table holding pairs a random pairing lands in this often says nothing
MAX_CHANCE = 1e-6  # largest chance that every row's pair is in the link table by random pairing


@dataclass(frozen=True)
class LinkPair:
    column: str  # the key drafted as a reference into the link table
    link: str  # the link table
    link_column: str  # its key to the same parent as ``column``
    link_other: str  # its key the row's other side matches
    through: str  # the row's other side: a column (``student_id``) or a dotted path (``stage_id.tour_id``)
    random_share: float  # the share of rows a random pairing would land in the link table
    rows: int
    why: str


def find_link_pairs(
    t: str,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    by_child: dict[str, list[ForeignKey]],
    context: str | None,
) -> list[LinkPair]:
    """Keys of table ``t`` (its foreign keys ``fks`` by column; ``by_child``: every table's) whose pair with a
    value reached through another key is always one a link table holds, the strongest link per key; never the
    ``context`` key (drawn by construction), nor a link table that depends on ``t``."""
    frame = frames[t]
    out: list[LinkPair] = []
    for c, fk in fks.items():
        if c == context or fk.ref_table == t:
            continue
        best: LinkPair | None = None
        for link, lc, lo in _links_to(fk, t, by_child):
            for through, mine in _paths_to(t, frame, frames, fks, by_child, c, lo.ref_table, lo.ref_column):
                found = _pair(frame.get_column(c), mine, frames[link], lc.column, lo.column)
                if found is None:
                    continue
                rows, q = found
                if best is None or q < best.random_share:
                    why = (
                        f"({through}, {c}) is a pair {link} holds ({lo.column}, {lc.column}) in all {rows:,} rows "
                        f"holding both; paired at random, {q:.1%} of rows would be: {c} is drawn as the "
                        f"{lc.column} of a {link} row holding the row's {through}"
                    )
                    best = LinkPair(c, link, lc.column, lo.column, through, q, rows, why)
        if best is not None:
            out.append(best)
    return out


def _links_to(
    fk: ForeignKey, t: str, by_child: dict[str, list[ForeignKey]]
) -> list[tuple[str, ForeignKey, ForeignKey]]:
    """(link table, its key to ``fk``'s parent column, its other key) for each table besides ``t`` and the
    parent with a key to the same parent column and another to a third table; none that reads ``t``."""
    out = []
    for link, keys in by_child.items():
        if link in (t, fk.ref_table) or _reaches(link, t, by_child):
            continue
        for lc in keys:
            if lc.ref_table != fk.ref_table or lc.ref_column != fk.ref_column:
                continue
            out += [(link, lc, lo) for lo in keys if lo.column != lc.column and lo.ref_table not in (link, t)]
    return out


def _reaches(a: str, b: str, by_child: dict[str, list[ForeignKey]]) -> bool:
    """Whether table ``a`` reads table ``b`` through its keys, directly or not."""
    seen, todo = {a}, [a]
    while todo:
        for k in by_child.get(todo.pop(), []):
            if k.ref_table == b:
                return True
            if k.ref_table not in seen:
                seen.add(k.ref_table)
                todo.append(k.ref_table)
    return False


def _paths_to(
    t: str,
    frame: pl.DataFrame,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    by_child: dict[str, list[ForeignKey]],
    c: str,
    q: str,
    q_key: str,
) -> list[tuple[str, pl.Series]]:
    """(path, values aligned to ``frame``'s rows) for each way the row reaches ``q.q_key`` through a key
    other than ``c``: the key itself, or its parent's key to ``q`` (one hop)."""
    out = []
    for a, afk in fks.items():
        if a == c or afk.ref_table == t:
            continue
        if afk.ref_table == q and afk.ref_column == q_key:
            out.append((a, frame.get_column(a)))
            continue
        parent = frames[afk.ref_table]
        for up in by_child.get(afk.ref_table, []):
            if up.ref_table != q or up.ref_column != q_key or up.column == afk.ref_column:
                continue
            hop = parent.select(pl.col(afk.ref_column).alias("__k"), pl.col(up.column).alias("__v")).unique("__k")
            probe = pl.DataFrame({"__k": frame.get_column(a).cast(hop.schema["__k"], strict=False)})
            got = probe.join(hop, on="__k", how="left", maintain_order="left").get_column("__v")
            out.append((f"{a}.{up.column}", got))
    return out


def _pair(
    mine: pl.Series, other: pl.Series, link: pl.DataFrame, link_column: str, link_other: str
) -> tuple[int, float] | None:
    """(rows holding both, share a random pairing lands in the link table) when every row's (other, mine) is
    a pair of ``link``'s (link_other, link_column) beyond chance; else None."""
    rows = pl.DataFrame({"__o": other, "__m": mine}).drop_nulls()
    if rows.height < MIN_ROWS:
        return None
    try:
        held = link.select(
            pl.col(link_other).cast(rows.schema["__o"]).alias("__o"),
            pl.col(link_column).cast(rows.schema["__m"]).alias("__m"),
        )
    except pl.exceptions.PolarsError:
        return None
    held = held.drop_nulls().unique()
    if rows.join(held, on=["__o", "__m"], how="anti").height:
        return None
    a = rows.get_column("__o").value_counts(name="__a").with_columns(pl.col("__a") / rows.height)
    b = rows.get_column("__m").value_counts(name="__b").with_columns(pl.col("__b") / rows.height)
    q = float(
        held.join(a, left_on="__o", right_on="__o", how="inner")
        .join(b, on="__m", how="inner")
        .select((pl.col("__a") * pl.col("__b")).sum())
        .item()
        or 0.0
    )
    if q > MAX_RANDOM or q**rows.height > MAX_CHANCE:
        return None
    return rows.height, q


def draft_link_pairs(
    frames: dict[str, pl.DataFrame],
    by_child: dict[str, list[ForeignKey]],
    names: dict[str, str],
    tables: dict[str, Any],
    contexts: dict[str, ForeignKey | None],
    comments: dict[tuple[str, ...], str],
) -> None:
    """Each key found (``find_link_pairs``) drafted as a reference into its link table, ``match``-ed on the
    row's other side, where the drafted link table names one row per pair and the key has no rule yet. A
    ``distinct`` key reads its match through the parent the rows are made per (``stage_id.tour_id``; the
    context key itself as ``student_id.student_id``), as ``distinct`` with ``match`` must."""
    for t, frame in frames.items():
        if names[t] not in tables or frame.height == 0:
            continue
        fks = {fk.column: fk for fk in by_child.get(t, []) if frames[fk.ref_table].width}
        context = contexts.get(t)
        cols = tables[names[t]]["columns"]
        for lp in find_link_pairs(t, frames, fks, by_child, context.column if context else None):
            old = cols.get(lp.column) or {}
            if old.get("generator") != "foreign_key" or old.get("match") or old.get("where"):
                continue
            if not _one_row_per_pair(tables.get(names[lp.link]), contexts.get(lp.link), lp):
                continue
            through = lp.through
            if old.get("distinct"):
                if context is None or through.split(".")[0] != context.column:
                    continue
                if "." not in through:
                    through = f"{through}.{context.ref_column}"
            keep = {k: v for k, v in old.items() if k not in ("generator", "references", "description")}
            cols[lp.column] = {
                "generator": "foreign_key",
                "references": f"{names[lp.link]}.{lp.link_column}",
                "match": {lp.link_other: through},
                **keep,
                "description": lp.why,
            }
            comments[("tables", names[t], "columns", lp.column)] = lp.why


def _one_row_per_pair(table: dict[str, Any] | None, context: ForeignKey | None, lp: LinkPair) -> bool:
    """Whether the drafted link table holds each pair once: made per one side's parent, the other side
    ``distinct`` among each parent's rows (an entry per tour and rider)."""
    if table is None or context is None or not isinstance(table.get("rows"), dict):
        return False
    sides = {lp.link_column, lp.link_other}
    if context.column not in sides:
        return False
    (other,) = sides - {context.column}
    spec = table["columns"].get(other) or {}
    return spec.get("generator") == "foreign_key" and bool(spec.get("distinct")) and not spec.get("match")
