"""Structure within a parent: ranks (1..n per parent, in the order of another column) and uniqueness.

Both are judged on the rows of each *context* parent (the ``rows: {per: ...}`` parent):

* **rank**: an integer column whose values are exactly ``s, s+1, ..., s+n-1`` within the
  rows of at least ``SHARE`` of the parents that have two or more children (a finishing
  position per race, a line number per order). Its *order column* is the numeric or date
  column that, sorted within each parent, puts the ranks in order (nulls last) in at least
  ``SHARE`` of those parents (the winner has the best time); none when no column does.
* **a function of a rank**: a column with at most ``_MAX_LOOKUP`` values that one value of
  the rank decides in at least ``SHARE`` of the rows (points by finishing position) becomes
  a ``lookup`` keyed on the rank, so it follows the rank sampled.
* **unique within a parent**: a foreign key or a repeating integer/text column whose
  ``(parent, value)`` pairs never repeat, where repeats would be expected by chance
  (one driver once per race, one rating per user and film). Foreign keys become
  ``distinct: true``; other columns a ``unique: [parent key, column]`` constraint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import polars as pl

from simulacra._frames import stat
from simulacra._machine import read_machine

__all__ = [
    "SHARE",
    "Process",
    "Rank",
    "count_dependence",
    "find_count_bins",
    "find_count_driver",
    "find_dates_unique_within",
    "find_functions_of",
    "find_null_conditions",
    "find_parent_dates",
    "find_process",
    "find_ranks",
    "find_row_orders",
    "find_unique_within",
    "quantile_bins",
    "rank_lookup_most",
]

SHARE = 0.99
_MIN_GROUPS = 10
_MIN_LARGE_GROUPS = 2
_LARGE_GROUP = 8  # rows per parent, on average, that make a few parents enough


@dataclass(frozen=True)
class Rank:
    column: str
    start: int
    by: str | None
    descending: bool
    evidence: str


def _enough_groups(sub: pl.DataFrame, fk: str) -> bool:
    """Whether parents with 2+ rows are enough to read a rule within them: ``_MIN_GROUPS`` of them, or a few
    large ones (four seasons of sixteen teams: a permutation of 1..16 in each, or no team twice in a season,
    would hardly happen by chance, and the rules' own chance bounds still apply)."""
    if sub.height == 0:
        return False
    n = sub.get_column(fk).n_unique()
    return n >= _MIN_GROUPS or (n >= _MIN_LARGE_GROUPS and sub.height >= 30 and sub.height >= _LARGE_GROUP * n)


def _groups_of_two(frame: pl.DataFrame, fk: str) -> pl.DataFrame:
    sizes = frame.group_by(fk).len()
    big = sizes.filter(pl.col("len") >= 2).get_column(fk)
    return frame.filter(pl.col(fk).is_in(big.implode()) & pl.col(fk).is_not_null())


def find_ranks(frame: pl.DataFrame, fk: str, candidates: list[str], order_candidates: list[str]) -> list[Rank]:
    """Rank columns among ``candidates`` (integers), each with its order column if one explains it."""
    sub = _groups_of_two(frame, fk)
    n_groups = sub.get_column(fk).n_unique() if sub.height else 0
    if not _enough_groups(sub, fk):
        return []
    out: list[Rank] = []
    for c in candidates:
        s = sub.get_column(c)
        if not s.dtype.is_integer() or s.null_count():
            continue
        g = sub.group_by(fk).agg(lo=pl.col(c).min(), hi=pl.col(c).max(), n=pl.len(), d=pl.col(c).n_unique())
        ok = (g["d"] == g["n"]) & (g["hi"] - g["lo"] + 1 == g["n"])
        starts = g.filter(ok).get_column("lo").value_counts(sort=True)
        if starts.height == 0:
            continue
        start = int(starts.get_column("lo")[0])
        share = stat((ok & (g["lo"] == start)).mean())
        if share < SHARE:
            continue
        by, desc, by_share = _order_column(sub, fk, c, [o for o in order_candidates if o != c])
        ev = f"a rank within each parent: {start}..n in {100 * share:.1f}% of {n_groups:,} parents with 2+ rows"
        if by is not None:
            ev += f"; ordered by {by} ({'descending' if desc else 'ascending'}, nulls last) in {100 * by_share:.1f}% of them"
        out.append(Rank(c, start, by, desc, ev))
    return out


def _order_column(sub: pl.DataFrame, fk: str, rank: str, cands: list[str]) -> tuple[str | None, bool, float]:
    best: tuple[str | None, bool, float] = (None, False, 0.0)
    ordered = sub.sort([fk, rank])
    for c in cands:
        s = ordered.get_column(c)
        if not (s.dtype.is_numeric() or s.dtype.is_temporal()) or s.null_count() == s.len():
            continue
        x = s.cast(pl.Float64, strict=False) if s.dtype.is_numeric() else s.to_physical().cast(pl.Float64)
        if not _varies_within(ordered.get_column(fk), x):
            continue  # the same within most parents (a booking's flight date): no order, however sorted
        for desc in (False, True):
            filled = x.fill_null(float("-inf") if desc else float("inf"))
            f = pl.DataFrame({"g": ordered.get_column(fk), "x": filled})
            step = f.select((pl.col("x").diff().over("g") * (-1 if desc else 1)).alias("d"), pl.col("g"))
            bad = step.group_by("g").agg((pl.col("d") < 0).any().alias("bad"))
            share = stat((~bad.get_column("bad")).mean())
            if share > best[2]:
                best = (c, desc, share)
    return best if best[2] >= SHARE else (None, False, best[2])


def _varies_within(groups: pl.Series, x: pl.Series) -> bool:
    """Whether ``x`` takes two or more values within at least half of the groups (the airline probe's
    boarding numbers were "ordered by" the flight's date, equal on every row of a flight, not by the
    boarding time: a column constant within a parent orders nothing)."""
    f = pl.DataFrame({"g": groups, "x": x}).group_by("g").agg(pl.col("x").n_unique().alias("n"))
    return stat((f.get_column("n") >= 2).mean()) >= 0.5


def find_unique_within(frame: pl.DataFrame, fk: str, candidates: list[str]) -> list[tuple[str, str]]:
    """``(column, evidence)`` for candidates whose ``(fk, column)`` pairs never repeat although the
    column repeats across parents often enough that chance would repeat some pairs."""
    sub = _groups_of_two(frame, fk)
    if not _enough_groups(sub, fk):
        return []
    out: list[tuple[str, str]] = []
    for c in candidates:
        pairs = sub.select(fk, c).drop_nulls()
        if pairs.height < 20:
            continue
        # a column nearly unique anyway (most values once or twice: two exams of thirty of 32 pupils) is judged
        # by the chance two distinct rows share a value, which the shares' squares would overstate
        nearly = pairs.get_column(c).n_unique() > pairs.height / 2
        why = _never_repeated(pairs, fk, c, unbiased=nearly)
        if why is not None:
            out.append((c, why))
    return out


def find_dates_unique_within(frame: pl.DataFrame, fk: str, dates: list[str]) -> list[tuple[str, str]]:
    """``(column, evidence)`` for date columns (``dates``: calendar days, typed) holding one row per parent and day (one route per driver and
    date; one statement per account and month): no ``(fk, date)`` pair repeats, nulls aside, although the
    parents' rows share few enough days that about 3 or more repeats were expected by chance.

    Dates are mostly distinct across a table, so the rule "nearly unique anyway" of other columns would
    hide every one of them; the chance bound alone is the evidence. A date with nulls (a visit whose day was
    not recorded, several per patient) is judged on the rows with a day: a row with a null in a unique set
    never conflicts (NULLS DISTINCT, as every check counts it), and sampling keeps the date's nulls."""
    sub = _groups_of_two(frame, fk)
    if not _enough_groups(sub, fk):
        return []
    out: list[tuple[str, str]] = []
    for c in dates:
        pairs = sub.select(fk, c).drop_nulls()
        if pairs.height < 20:
            continue
        why = _never_repeated(pairs, fk, c, unbiased=True)
        if why is not None:
            nulls = frame.get_column(c).null_count()
            if nulls:
                why += f"; {nulls:,} rows have no {c} (a null never conflicts: NULLS DISTINCT)"
            out.append((c, why))
    return out


def _never_repeated(pairs: pl.DataFrame, fk: str, c: str, *, unbiased: bool = False) -> str | None:
    """The evidence that ``(fk, c)`` never repeats by rule, not by chance; None when a pair repeats or
    fewer than 3 repeats were expected had the values fallen independently of the parent (birthday bound
    per parent, from the value's shares). ``unbiased``: the chance two rows share a value counted over
    pairs of distinct rows, which is 0 for values that never repeat (dates spread over decades), where the
    shares' squares would still count each row's match with itself."""
    if pairs.height - pairs.unique().height:
        return None
    if unbiased:
        n = pairs.height
        counts = pairs.get_column(c).value_counts().get_column("count").cast(pl.Float64)
        collide = float((counts * (counts - 1)).sum()) / (n * (n - 1))
    else:
        probs = pairs.get_column(c).value_counts(normalize=True).get_column("proportion")
        collide = float((probs**2).sum())
    sizes = pairs.group_by(fk).len().get_column("len")
    expected = float((sizes * (sizes - 1) / 2).sum()) * collide
    if expected < 3:
        return None
    return (
        f"unique within each parent: no repeated ({fk}, {c}) pair in {pairs.height:,} rows "
        f"(about {expected:,.0f} expected by chance)"
    )


_MAX_LOOKUP = 60


def find_functions_of(
    frame: pl.DataFrame, rank: str, candidates: list[str], *, what: str = "the rank", most: int = _MAX_LOOKUP
) -> list[tuple[str, dict[str, object], object, str]]:
    """``(column, mapping rank -> value, default, evidence)`` for candidates the rank decides.

    ``what`` names the key in the evidence ("the rank", "plan"); ``most`` is the most values a decided column
    may have (``rank_lookup_most`` for a rank: a seat ``12C`` per seat number runs past 60).
    """
    out: list[tuple[str, dict[str, object], object, str]] = []
    n = frame.height
    if n == 0:
        return out
    for c in candidates:
        s = frame.get_column(c)
        if s.null_count() or s.n_unique() > most or s.n_unique() < 2:
            continue
        counts = frame.group_by(rank, c).len().sort([rank, "len", c], descending=[False, True, False])
        modes = counts.unique(subset=[rank], keep="first", maintain_order=True)
        share = float(modes.get_column("len").sum()) / n
        if share < SHARE:
            continue
        default = s.mode().sort()[0]
        mapping = {
            str(k): v
            for k, v in zip(modes.get_column(rank).to_list(), modes.get_column(c).to_list(), strict=True)
            if v != default
        }
        out.append(
            (
                c,
                mapping,
                default,
                f"decided by {rank} in {100 * share:.1f}% of rows: a lookup on {what} "
                f"({len(mapping)} values, else {default})",
            )
        )
    return out


_RANK_LOOKUP_MAX = 250
_ROWS_PER_VALUE = 20


def rank_lookup_most(rows: int) -> int:
    """The most values a column a rank decides may have: 60, or up to 250 where every value has 20 rows on
    average (an airline's seat ``12C`` for each of 1..130 seat numbers, 5,329 bookings: a seat map, drafted
    as a lookup on the rank; learned beside it, 10% of sampled seats were another number's)."""
    return max(_MAX_LOOKUP, min(_RANK_LOOKUP_MAX, rows // _ROWS_PER_VALUE))


_ORDER_MIN_ROWS = 30  # rows holding both values before an order between two columns is believed


def _tokens(name: str) -> set[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return {w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if len(w) > 1}


def _alike(x: pl.Series, y: pl.Series) -> bool:
    """Whether two number columns measure on one scale: their middle 90% overlap by half the narrower."""
    lo = max(float(x.quantile(0.05) or 0), float(y.quantile(0.05) or 0))
    hi = min(float(x.quantile(0.95) or 0), float(y.quantile(0.95) or 0))
    narrower = min(
        float(x.quantile(0.95) or 0) - float(x.quantile(0.05) or 0),
        float(y.quantile(0.95) or 0) - float(y.quantile(0.05) or 0),
    )
    return narrower > 0 and hi - lo >= 0.5 * narrower


def find_row_orders(values: dict[str, pl.Series]) -> list[tuple[str, str, str]]:
    """``(earlier, later, evidence)`` for column pairs ordered in every row (a signup before a last login).

    ``values`` holds comparable series (dates and date/times as date/times, numbers as floats) of
    one table, in column order. An order is kept when every row holding both values has
    ``earlier <= later``, at least 30 rows do, and the ranges overlap (else the order follows from
    the bounds already: an age and an income); it says nothing where the columns are equal in every
    row. Numbers must also be alike — a shared word in their names (``total_bedrooms``,
    ``total_rooms``) or middle 90% ranges overlapping by half — so that rooms and a house's price,
    ordered only because one counts and the other costs, are not tied. Orders implied by two
    others (a <= b <= c gives a <= c) are left out.
    """
    names = list(values)
    found: dict[tuple[str, str], str] = {}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            both = pl.DataFrame({"a": values[a], "b": values[b]}).drop_nulls()
            if both.height < _ORDER_MIN_ROWS:
                continue
            x, y = both.get_column("a"), both.get_column("b")
            if bool((x == y).all()):
                continue
            if x.dtype.is_numeric() and not (_tokens(a) & _tokens(b) or _alike(x, y)):
                continue
            for lo, hi, s_lo, s_hi in ((a, b, x, y), (b, a, y, x)):
                if bool((s_lo <= s_hi).all()) and s_lo.max() > s_hi.min():  # type: ignore[operator]
                    found[(lo, hi)] = (
                        f"{lo} <= {hi} in all {both.height:,} rows holding both "
                        f"({int((s_lo < s_hi).sum()):,} strictly), although their ranges overlap"
                    )
    implied = {(a, c) for (a, b) in found for (b2, c) in found if b == b2 and (a, c) in found}
    return [(a, b, why) for (a, b), why in found.items() if (a, b) not in implied]


_COND_MIN_ROWS = 10  # rows on each side (null, not null) before "null where the key says so" is believed


def find_null_conditions(
    frame: pl.DataFrame, nullable: list[str], keys: list[str]
) -> list[tuple[str, str, list[object], str]]:
    """``(column, key, values, evidence)``: a column null exactly in the rows where ``key`` is one of ``values``.

    A fee left empty for a no-show, a closing date only on closed tickets: drafted with a plain
    ``null_rate``, the nulls would fall on any row (fees charged for no-shows, closed tickets
    without a date). A rule is kept when, for every value of the key, its rows are all null or
    all filled — every row, so the draft holds on its own source — with at least 10 rows on each
    side; the key is a complete categorical column. Of several keys, the one with the fewest values is kept.
    """
    out: list[tuple[str, str, list[object], str]] = []
    for c in nullable:
        is_null = frame.get_column(c).is_null()
        n_null = int(is_null.sum())
        if n_null < _COND_MIN_ROWS or frame.height - n_null < _COND_MIN_ROWS:
            continue
        best: tuple[int, str, list[object]] | None = None
        for k in keys:
            if k == c or frame.get_column(k).null_count():
                continue
            share = (
                pl.DataFrame({"k": frame.get_column(k), "n": is_null})
                .group_by("k")
                .agg(pl.col("n").mean().alias("s"), pl.len().alias("len"))
            )
            s = share.get_column("s")
            if not bool(((s == 1.0) | (s == 0.0)).all()):
                continue
            values = sorted(share.filter(pl.col("s") == 1.0).get_column("k").to_list(), key=str)
            if not values or best is not None and best[0] <= share.height:
                continue
            best = (share.height, k, values)
        if best is not None:
            _, k, values = best
            shown = ", ".join(str(v) for v in values)
            out.append(
                (c, k, values, f"null exactly where {k} is {shown} (in all {frame.height:,} rows; {n_null:,} null)")
            )
    return out


def find_parent_dates(
    child: dict[str, pl.Series], parent: dict[str, pl.Series], parent_of_row: pl.Series
) -> list[tuple[str, str, pl.Series, str]]:
    """``(child column, parent column, gaps in seconds, evidence)``: a child's date never before its parent's.

    ``child`` holds the child table's date/times (as ``Datetime("us")``), ``parent`` the parent's,
    each already aligned to the child's rows through the foreign key (``parent_of_row`` is true
    where the row has a parent). A pair is kept when every row holding both has the child's value
    at or after the parent's, at least 30 rows do, and the ranges overlap (else the bounds say it
    already). For each child column, the parent column with the smallest median gap is kept: a
    visit comes after the patient's registration, and so after their birth, but the closer bound
    is the one that shapes it.
    """
    out: list[tuple[str, str, pl.Series, str]] = []
    for c, cs in child.items():
        best: tuple[float, str, pl.Series, str] | None = None
        for p, ps in parent.items():
            both = pl.DataFrame({"c": cs, "p": ps}).filter(parent_of_row).drop_nulls()
            if both.height < _ORDER_MIN_ROWS:
                continue
            x, y = both.get_column("c"), both.get_column("p")
            if not bool((x >= y).all()) or not x.min() < y.max():  # type: ignore[operator]
                continue
            gaps = (x - y).dt.total_microseconds() / 1e6
            med = stat(gaps.median())
            why = (
                f"never before {p} of its parent in all {both.height:,} rows holding both "
                f"({int((x > y).sum()):,} strictly), although their ranges overlap"
            )
            if best is None or med < best[0]:
                best = (med, p, gaps, why)
        if best is not None:
            out.append((c, best[1], best[2], best[3]))
    return out


_BY_MAX_VALUES = 12  # a parent column with more values is not read as what decides its children's count
_BY_MIN_PARENTS = 20  # parents per value before its own count distribution is drafted
_BY_MIN_EFFECT = 0.2  # Cramér's V between the value and the (capped) count: smaller effects are not structure
_BY_MAX_P = 1e-9


def _g_test(classes: pl.Series, groups: pl.Series) -> tuple[float, float] | None:
    """``(p, Cramér's V)`` of a G-test of ``groups`` against ``classes``, over the rows whose group is known."""
    from scipy.special import chdtrc  # a small special function, not scipy.stats (slow to import)

    table = pl.DataFrame({"v": groups, "n": classes}).drop_nulls("v").group_by("v", "n").len()
    if table.height == 0:
        return None
    obs = table.pivot(on="n", index="v", values="len").fill_null(0).drop("v").to_numpy().astype(float)
    if min(obs.shape) < 2:
        return None
    total = obs.sum()
    expected = obs.sum(axis=1, keepdims=True) * obs.sum(axis=0, keepdims=True) / total
    nz = obs > 0
    g = 2.0 * float((obs[nz] * np.log(obs[nz] / expected[nz])).sum())
    df = (obs.shape[0] - 1) * (obs.shape[1] - 1)
    chi2 = float(((obs - expected) ** 2 / expected).sum())
    return float(chdtrc(df, g)), (chi2 / (total * (min(obs.shape) - 1))) ** 0.5


_COUNT_CLASSES = 6  # classes a count is cut into at its quantiles when capping it at 5 leaves too few


def count_dependence(counts: pl.Series, groups: pl.Series) -> tuple[float, float] | None:
    """``(p, Cramér's V)`` of a G-test of ``groups`` (a parent's value, or its number's interval) against its
    number of children, over the parents whose group is known; None where it cannot be tested.

    The count is capped at 5; where that test does not pass (p < 1e-9, V >= 0.2) the count is cut at its own
    quantiles into at most 6 classes instead and that test taken: teams of 8, 15 and 25 players by league are
    nearly all "5 or more" (V 0.20, p 2e-4 capped; issue 13, learn93)."""
    capped = _g_test(counts.clip(upper_bound=5), groups)
    if capped is not None and capped[0] < _BY_MAX_P and capped[1] >= _BY_MIN_EFFECT:
        return capped
    x = counts.cast(pl.Float64).to_numpy()
    edges = np.unique(np.quantile(x, np.arange(1, _COUNT_CLASSES) / _COUNT_CLASSES)) if len(x) else x
    classed = _g_test(pl.Series(np.searchsorted(edges, x, side="right")), groups)
    if classed is not None and classed[0] < _BY_MAX_P and classed[1] >= _BY_MIN_EFFECT:
        return classed
    return capped


def find_count_driver(counts: pl.Series, parent: pl.DataFrame, candidates: list[str]) -> tuple[str, str] | None:
    """``(parent column, evidence)`` whose value decides how many children a parent has, or None.

    Prescriptions only for visits that took place, more order lines for business customers: the
    count per parent depends on a category of the parent. Tested with a G-test of the category
    against the count (capped at 5), kept when p < 1e-9 and the effect (Cramér's V) is at least
    0.2, so huge tables do not turn tiny differences into structure; of several, the strongest.
    """
    best: tuple[float, str, str] | None = None
    for c in candidates:
        s = parent.get_column(c)
        if s.null_count() or not 2 <= s.n_unique() <= _BY_MAX_VALUES:
            continue
        found = count_dependence(counts, s)
        if found is None:
            continue
        p, v = found
        if p < _BY_MAX_P and v >= _BY_MIN_EFFECT and (best is None or v > best[0]):
            best = (v, c, f"the count depends on the parent's {c} (G-test p < 1e-9, Cramér's V {v:.2f})")
    return None if best is None else (best[1], best[2])


_BINS_MAX = 5  # intervals a parent's number is cut into (its quantiles)
_BIN_MIN_PARENTS = 40  # parents per interval, at least: an interval with fewer joins its smaller neighbour


def _round_edge(x: float) -> float:
    v = float(f"{x:.4g}")
    return float(int(v)) if v.is_integer() else v


def quantile_bins(values: pl.Series) -> list[float]:
    """Cut points of ``values`` (nulls left out) at its quantiles, rounded to 4 significant digits: at most
    ``_BINS_MAX`` intervals, each of at least ``_BIN_MIN_PARENTS`` values (an interval with fewer merged into
    its smaller neighbour); [] where no cut leaves two such intervals."""
    x = values.drop_nulls().cast(pl.Float64).to_numpy()
    x = x[np.isfinite(x)]
    k = min(_BINS_MAX, len(x) // _BIN_MIN_PARENTS)
    if k < 2:
        return []
    qs = np.quantile(x, np.arange(1, k) / k)
    edges = sorted({_round_edge(float(q)) for q in qs})
    while edges:
        sizes = np.bincount(np.searchsorted(np.asarray(edges), x, side="right"), minlength=len(edges) + 1)
        small = int(np.argmin(sizes))
        if sizes[small] >= _BIN_MIN_PARENTS:
            break
        # merge the smallest interval into its smaller neighbour: drop the cut point between them
        if small == 0:
            drop = 0
        elif small == len(edges):
            drop = len(edges) - 1
        else:
            drop = small - 1 if sizes[small - 1] <= sizes[small + 1] else small
        edges.pop(drop)
    return edges


def find_count_bins(
    counts: pl.Series, parent: pl.DataFrame, candidates: list[str]
) -> tuple[str, list[float], float, str] | None:
    """``(parent number column, cut points, Cramér's V, evidence)`` whose interval decides how many children a
    parent has (more orders the higher a customer's income), or None: each candidate cut at its quantiles
    (``quantile_bins``) and tested as a category is (``count_dependence``: p < 1e-9 and V >= 0.2); of several,
    the strongest."""
    best: tuple[float, str, list[float], str] | None = None
    for c in candidates:
        s = parent.get_column(c)
        edges = quantile_bins(s)
        if not edges:
            continue
        cut = np.searchsorted(np.asarray(edges), s.cast(pl.Float64).to_numpy(), side="right")
        groups = pl.Series("v", cut).set(s.is_null() | s.cast(pl.Float64).is_nan(), None)
        found = count_dependence(counts, groups)
        if found is None:
            continue
        p, v = found
        if p < _BY_MAX_P and v >= _BY_MIN_EFFECT and (best is None or v > best[0]):
            why = (
                f"the count depends on the parent's {c}, cut at its quantiles into {len(edges) + 1} intervals "
                f"(G-test p < 1e-9, Cramér's V {v:.2f})"
            )
            best = (v, c, edges, why)
    return None if best is None else (best[1], best[2], best[0], best[3])


@dataclass(frozen=True)
class Process:
    """A state machine read from an event table: one row per state entered, per parent, in time order."""

    state: str  # the column holding the state entered
    at: str  # the column holding when
    at_parent: str  # the parent's date column the first event happens at
    start: str
    moves: dict[str, dict[str, float]]  # state -> next state -> share of its moves (absorbing: empty)
    dwell_seconds: dict[str, list[float]]  # state -> seconds spent in it before the next event (positive)
    max_steps: int
    previous: str | None  # a column holding the state left (null on the first event)
    evidence: str


def find_process(
    frame: pl.DataFrame,
    fk: str,
    order: list[str],
    times: dict[str, pl.Series],
    states: list[str],
    parent_times: dict[str, pl.Series],
    n_parents: int,
) -> Process | None:
    """The state machine of an event table, or None where its rows do not read as one.

    ``frame`` is sorted by nothing in particular; ``order`` names the columns that put a parent's
    events in order (a step number, then the time). ``times`` holds the child's date/times and
    ``parent_times`` the parent's, both aligned to the child's rows. A process is read when, for
    some state column: every parent has events (``n_parents`` of them) and every path starts with
    the same state, ends in a state never left (absorbing), and follows at most half of the
    possible moves; some time column never decreases along each path, and its first value equals
    a date of the parent in every path (when the first state is entered).
    """
    if frame.height == 0 or frame.get_column(fk).n_unique() != n_parents or n_parents < _MIN_GROUPS:
        return None
    for t, ts in times.items():
        base = frame.with_columns(ts.alias("_t"), *[v.alias(f"_p_{p}") for p, v in parent_times.items()])
        seq = base.with_row_index("_row").sort([fk, *[o for o in order if o != t], "_t", "_row"])
        if seq.get_column("_t").null_count():
            continue
        step = seq.select((pl.col("_t").diff().over(fk) >= pl.duration(microseconds=0)).fill_null(True).all()).item()
        if not step:
            continue
        firsts = seq.group_by(fk, maintain_order=True).first()
        at_parent = next(
            (p for p in parent_times if bool((firsts.get_column("_t") == firsts.get_column(f"_p_{p}")).all())), None
        )
        if at_parent is None:
            continue
        for s in states:
            found = read_machine(seq, fk, s, n_parents)
            if found is None:
                continue
            start, moves, max_steps, why = found
            gaps = seq.select(
                pl.col(s),
                (pl.col("_t").shift(-1).over(fk) - pl.col("_t")).dt.total_microseconds().alias("_gap") / 1e6,
            ).drop_nulls()
            dwell = {
                str(k): [float(x) for x in g.get_column("_gap").to_list() if x > 0]
                for (k,), g in gaps.group_by(s, maintain_order=True)
            }
            previous = next(
                (
                    c
                    for c in seq.columns
                    if c not in (s, fk, "_t", "_row")
                    and not c.startswith("_p_")
                    and seq.schema[c] == pl.String
                    and bool(seq.select((pl.col(c).eq_missing(pl.col(s).shift(1).over(fk))).all()).item())
                ),
                None,
            )
            return Process(
                state=s,
                at=t,
                at_parent=at_parent,
                start=start,
                moves=moves,
                dwell_seconds=dwell,
                max_steps=max_steps,
                previous=previous,
                evidence=f"{why}; ordered by {t}, the first event at the parent's {at_parent} in every path",
            )
    return None
