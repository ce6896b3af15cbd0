"""Two foreign keys of a row whose parents share a key: an enrolment's student and course belong to the same
school, an order line's product is of its order's store's region, a ticket's asset is owned by its
reporter's department. Drawn on their own, a learned enrolment pairs a student with another school's course
(the 100% of the source falls to about one in the number of schools), so ``inspect`` drafts the key with
``match`` read through the other one: ``course_id: {match: {school_id: student_id.school_id}}`` (the course
is one of the student's school).

``match`` names a column of the key's own parent, so the matched key's parent must hold the shared
reference itself; the other side may reach it through up to ``MAX_HOPS`` keys
(``order_id.store_id.region_id``). A key that is its parent's key into the same table (an employee's
office, their department's) is the special case ``inspection._spec._keys_through_parent`` drafts first.

What holds on every row holding both keys is drafted, with guards against coincidence as
``_aggregates`` has: enough rows, two or more shared values, and the chance that every row agrees if the
two sides were paired at random (the product over rows of ``Σ_s a(s)·b(s)``, the shares of each shared
value on each side) under ``MAX_CHANCE``: 40 rows of one school in 97% agree by chance 8% of the time.

**Partial agreement** (a procedure's surgeon works on its admission's ward in 92% of rows): when no path
agrees on every row, the one agreeing most is drafted with its share, ``match_share: 0.92``: the share of
the rows that *can* agree (their other side's value is held by some parent the key references: a ward
with no surgeon cannot), so ``MIN_ROWS`` of those, and only if at least
``MIN_ROWS`` rows hold both, the share is at least ``MIN_SHARE`` and ``MIN_LIFT`` above the share random
pairing gives (``q = Σ_s a(s)·b(s)``, each side's own shares), and a binomial tail of that many agreeing
rows at rate ``q`` is under ``MAX_CHANCE``; never on a key that names each parent once (a share is drawn
with repeats, which would break the one-to-one). Sampling then lets a row agree by its own draw with that
probability and takes a parent holding another value otherwise, so the share is the source's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import polars as pl

from simulacra.sources import ForeignKey

__all__ = ["SharedKey", "find_shared_keys", "one_of_two"]

MIN_ROWS = 30  # rows holding both keys before their agreement is read as a rule
MIN_SHARED = 2  # distinct shared values needed (one school: every pairing agrees)
MAX_CHANCE = 1e-6  # largest chance that random pairing agrees on every row
MAX_HOPS = 2  # keys followed from the other key's parent to reach the shared reference
MIN_SHARE = 0.5  # a partial agreement below this is drafted as no rule
MIN_LIFT = 0.25  # nor one less than this above what random pairing gives


@dataclass(frozen=True)
class SharedKey:
    column: str  # the key drafted with ``match``
    parent_column: str  # its parent's column holding the shared reference
    through: str  # the dotted path from the row's other key to the same reference
    why: str
    share: float | None = None  # the share of rows that agree, when not every row does
    otherwise: str | None = None  # the path every other row agrees with (``match_else``: the away team's)
    agree: pl.Series | None = field(default=None, compare=False)  # with ``otherwise``: the rows agreeing first


def find_shared_keys(
    t: str,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    by_child: dict[str, list[ForeignKey]],
    context: str | None,
    skip: set[str],
) -> list[SharedKey]:
    """Keys of table ``t`` (its foreign keys ``fks`` by column; ``by_child``: every table's foreign keys)
    whose parent's reference always equals the one reached through another key of the row. The context
    key (``rows.per``) is drawn first, so it is never the matched one; keys in ``skip`` (already matched)
    are left alone; one finding per key, the first other key (in column order) that explains it."""
    frame = frames[t]
    out: list[SharedKey] = []
    used: set[str] = set(skip)
    for c, fk in fks.items():
        if c == context or c in used or fk.ref_table == t:
            continue
        parent = frames[fk.ref_table]
        mine = [k for k in by_child.get(fk.ref_table, []) if k.ref_table != fk.ref_table and k.column in parent.columns]
        found: SharedKey | None = None
        partial: SharedKey | None = None  # the path agreeing most, when none agrees on every row
        held = frame.get_column(c).drop_nulls()
        # a key naming each parent once (Berka's disp.client_id): a share is drawn with repeats, which would
        # break the one-to-one (the 91% of dispositions whose client lives in the account's district stay unsaid)
        one_to_one = held.n_unique() == held.len()
        for k in mine:
            a = _follow(frame, c, [fk, k], frames)
            options: list[tuple[str, pl.Series]] = []  # every path to the same reference, for one of two
            for f, via in fks.items():
                if f == c or via.ref_table == t or f in used:
                    continue
                for path in _paths(via, k, by_child, frames):
                    b = _follow(frame, f, path, frames)
                    dotted = ".".join([f, *(p.column for p in path[1:])])
                    options.append((dotted, b))
                    why = _agree(a, b)
                    if why is not None:
                        found = SharedKey(
                            c,
                            k.column,
                            dotted,
                            f"{c}'s {fk.ref_table}.{k.column} is the {dotted} of the row {why}: the same "
                            f"{k.ref_table}, kept",
                        )
                        break
                    got = None if one_to_one else _agree_mostly(a, b)
                    if got is not None and (partial is None or got[0] > (partial.share or 0.0)):
                        partial = SharedKey(
                            c,
                            k.column,
                            dotted,
                            f"{c}'s {fk.ref_table}.{k.column} is the {dotted} of the row {got[1]}: that share "
                            "kept (match_share)",
                            share=got[0],
                        )
                if found is not None:
                    break
            if found is not None:
                break
            either = None if one_to_one else one_of_two(a, options)
            if either is not None:
                first, second, share, why = either
                partial = SharedKey(
                    c,
                    k.column,
                    first,
                    f"{c}'s {fk.ref_table}.{k.column} is the {first} or the {second} of the row {why}: "
                    "each kept (match_share, match_else)",
                    share=share,
                    otherwise=second,
                    agree=(a == dict(options)[first]).fill_null(False),
                )
                break
        if found is not None or partial is not None:
            out.append(found or partial)  # type: ignore[arg-type]
            used.add(c)
    return out


def _paths(
    via: ForeignKey, target: ForeignKey, by_child: dict[str, list[ForeignKey]], frames: dict[str, pl.DataFrame]
) -> list[list[ForeignKey]]:
    """Chains of keys from ``via`` (the row's other key) ending in a key into ``target``'s table and column,
    at most ``MAX_HOPS`` keys after ``via``, shortest first, never through a table twice."""
    found: list[list[ForeignKey]] = []
    level: list[list[ForeignKey]] = [[via]]
    for _ in range(MAX_HOPS):
        nxt: list[list[ForeignKey]] = []
        for chain in level:
            here = chain[-1].ref_table
            seen = {chain[0].table, *(k.ref_table for k in chain)}
            for k in by_child.get(here, []):
                if k.column not in frames[here].columns:
                    continue
                if k.ref_table == target.ref_table and k.ref_column == target.ref_column:
                    found.append([*chain, k])
                elif k.ref_table not in seen:
                    nxt.append([*chain, k])
        level = nxt
    return found


def _follow(frame: pl.DataFrame, col: str, chain: list[ForeignKey], frames: dict[str, pl.DataFrame]) -> pl.Series:
    """The value the row reaches from its ``col`` through ``chain``'s keys (the first is ``col``'s own):
    the last key's value in the last parent; null where a hop finds no parent."""
    cur = frame.select(pl.col(col).alias("_v"))
    for hop, nxt in zip(chain, chain[1:], strict=False):
        parent = frames[hop.ref_table].select(pl.col(hop.ref_column).alias("_v"), pl.col(nxt.column).alias("_n"))
        parent = parent.unique(subset="_v", keep="first")
        if cur.schema["_v"] != parent.schema["_v"]:
            parent = parent.with_columns(pl.col("_v").cast(cur.schema["_v"], strict=False))
        cur = cur.join(parent, on="_v", how="left", maintain_order="left").select(pl.col("_n").alias("_v"))
    return cur.get_column("_v")


def _agree(a: pl.Series, b: pl.Series) -> str | None:
    """Why ``a`` and ``b`` are one rule (equal on every row holding both, and not by chance), or None."""
    if a.dtype != b.dtype and not (a.dtype.is_numeric() and b.dtype.is_numeric()):
        return None
    both = pl.DataFrame({"a": a, "b": b}).drop_nulls()
    n = both.height
    if n < MIN_ROWS or both.get_column("a").n_unique() < MIN_SHARED:
        return None
    if not bool((both.get_column("a") == both.get_column("b")).all()):
        return None
    share = both.get_column("a").value_counts(normalize=True, name="p").get_column("p")
    chance = float((share**2).sum())  # the sides are equal, so a(s) = b(s)
    if n * math.log(max(chance, 1e-300)) > math.log(MAX_CHANCE):
        return None
    return f"in all {n:,} rows holding both (paired at random, {100 * chance:.0f}% of rows would agree)"


def _agree_mostly(a: pl.Series, b: pl.Series) -> tuple[float, str] | None:
    """(share, why) when ``a`` and ``b`` agree on most rows holding both, far more than random pairing
    would give (see the module's note), or None."""
    if a.dtype != b.dtype and not (a.dtype.is_numeric() and b.dtype.is_numeric()):
        return None
    both = pl.DataFrame({"a": a, "b": b}).drop_nulls()
    # only rows whose other side some referenced parent holds can agree (a ward with no surgeon cannot)
    both = both.filter(pl.col("b").is_in(both.get_column("a").unique().implode()))
    n = both.height
    if n < MIN_ROWS or both.get_column("a").n_unique() < MIN_SHARED:
        return None
    hits = int((both.get_column("a") == both.get_column("b")).sum())
    share = hits / n
    pa = both.get_column("a").value_counts(normalize=True, name="p").rename({"a": "v"})
    pb = both.get_column("b").value_counts(normalize=True, name="q").rename({"b": "v"})
    q = float(pa.join(pb, on="v", how="inner").select((pl.col("p") * pl.col("q")).sum()).item() or 0.0)
    if share < MIN_SHARE or share - q < MIN_LIFT:
        return None
    if _log_tail(n, hits, q) > math.log(MAX_CHANCE):
        return None
    return share, (
        f"in {hits:,} of {n:,} rows whose other side a referenced parent holds ({100 * share:.1f}%; paired "
        f"at random, {100 * q:.0f}% would agree)"
    )


def one_of_two(a: pl.Series, options: list[tuple[str, pl.Series]]) -> tuple[str, str, float, str] | None:
    """(first, second, share, why): two of ``options`` (paths, their values on each row) such that ``a`` is
    one of them on every row holding all three (a goal's team is its match's home or away team), neither
    alone on every row, and not by chance (paired at random, a row agrees with either at most at the two
    sides' rate ``q``; all ``n`` rows do with chance ``q^n`` under ``MAX_CHANCE``). ``first`` is the one agreeing
    on more rows, ``share`` its share: the rest agree with ``second``. None when no pair does."""
    best: tuple[str, str, float, str] | None = None
    for i, (p1, b1) in enumerate(options):
        for p2, b2 in options[i + 1 :]:
            if p1 == p2 or not all(
                x.dtype == a.dtype or (x.dtype.is_numeric() and a.dtype.is_numeric()) for x in (b1, b2)
            ):
                continue
            both = pl.DataFrame({"a": a, "b1": b1, "b2": b2}).drop_nulls()
            n = both.height
            if n < MIN_ROWS or both.get_column("a").n_unique() < MIN_SHARED:
                continue
            one = both.get_column("a") == both.get_column("b1")
            two = both.get_column("a") == both.get_column("b2")
            if not bool((one | two).all()) or bool(one.all()) or bool(two.all()):
                continue
            pa = both.get_column("a").value_counts(normalize=True, name="p").rename({"a": "v"})
            q = 0.0
            for side in ("b1", "b2"):
                pb = both.get_column(side).value_counts(normalize=True, name="q").rename({side: "v"})
                q += float(pa.join(pb, on="v", how="inner").select((pl.col("p") * pl.col("q")).sum()).item() or 0.0)
            if n * math.log(min(max(q, 1e-300), 1.0)) > math.log(MAX_CHANCE):
                continue
            h1, h2 = int(one.sum()), int(two.sum())
            first, second, hits = (p1, p2, h1) if h1 >= h2 else (p2, p1, h2)
            why = (
                f"in all {n:,} rows holding the three ({hits:,} the {first}, {100 * hits / n:.1f}%; paired at "
                f"random, {100 * q:.0f}% would agree with either)"
            )
            if best is None or hits / n > best[2]:
                best = (first, second, hits / n, why)
    return best


def _log_tail(n: int, k: int, q: float) -> float:
    """log P(X >= k) for X ~ Binomial(n, q): the Chernoff bound ``-n·KL(k/n || q)`` (an upper bound)."""
    x = k / n
    if x <= q:
        return 0.0
    if q <= 0:
        return -math.inf
    kl = x * math.log(x / q) + ((1 - x) * math.log((1 - x) / (1 - q)) if x < 1 else 0.0)
    return -n * kl
