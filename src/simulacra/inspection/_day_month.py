"""Which of day and month a date written as text puts first, decided by what the source itself shows.

``01/03/2021`` reads as the 1st of March and as the 3rd of January. A column whose every day is at most 12 reads
both ways, and the first format in :data:`~simulacra._date_formats.DATE_FORMATS` that reads it used to win silently: a European
source's dates moved to other days (a monthly key on the 1st became a daily one). The order is decided by the
source's own evidence, in this order:

1. its other text columns written in the same pattern (``?/?/YYYY``) where a value above 12 fixes the order — one
   writer writes one order, so when those that decide all agree, their order is the column's;
2. the column alone, when exactly one reading makes its distinct values regular (equal steps in days, or in months
   on one day of the month): a monthly key over years read the other way bunches in January;
3. else nothing decides (a key on the 1st of each month against twelve consecutive days is truly ambiguous): the
   column stays the text it was, and the caller says so — never a silent pick.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import polars as pl

from simulacra._date_formats import DATE_FORMATS, date_format
from simulacra._frames import stat

from ._profile import ColumnProfile, profile_column

__all__ = [
    "DayMonth",
    "day_month_order",
    "frame_columns",
    "reads_both_ways",
    "settle_profiles",
    "source_orders",
    "swapped",
]

#: distinct values of a sibling column read for its order (the first ones: deterministic)
_SIBLING_SAMPLE = 2000
#: a sibling decides when the other order reads less than this share of its values
_READS = 0.99

_KNOWN = frozenset(fmt for fmt, _ in DATE_FORMATS)


def swapped(fmt: str) -> str | None:
    """``fmt`` with day and month exchanged (``%d/%m/%Y`` -> ``%m/%d/%Y``) when that is a format inspect reads too;
    None for a format with no such twin (``%d.%m.%Y``, ``%Y-%m-%d``: their order is fixed by convention)."""
    if "%d" not in fmt or "%m" not in fmt:
        return None
    other = fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    return other if other in _KNOWN else None


def _pattern(fmt: str) -> str:
    """The written shape both orders share, time left out (``%d/%m/%Y %H:%M`` -> ``%?/%?/%Y``): one writer."""
    return fmt.split(" ")[0].replace("%d", "%?").replace("%m", "%?")


def _order(fmt: str) -> str:
    return "day-first" if fmt.index("%d") < fmt.index("%m") else "month-first"


def _share(values: pl.Series, fmt: str) -> float:
    if values.len() == 0:
        return 0.0
    return stat(values.str.strptime(pl.Datetime("us"), fmt, strict=False, exact=True).is_not_null().mean())


def source_orders(columns: Iterable[tuple[str, pl.Series]]) -> dict[str, dict[str, list[str]]]:
    """For each written pattern, the order each text column that decides it shows, with the columns' names:
    ``{"%?/%?/%Y": {"day-first": ["orders.shipped"]}}``. A column decides when it reads as dates in one order only
    (a day above 12 somewhere)."""
    out: dict[str, dict[str, list[str]]] = {}
    for name, series in columns:
        if series.dtype != pl.String:
            continue
        vals = series.drop_nulls().str.strip_chars().unique(maintain_order=True).head(_SIBLING_SAMPLE)
        found = date_format(vals, allow_compact=False)
        if found is None:
            continue
        other = swapped(found[0])
        if other is None or _share(vals, other) >= _READS:
            continue
        out.setdefault(_pattern(found[0]), {}).setdefault(_order(found[0]), []).append(name)
    return out


def frame_columns(frames: Mapping[str, pl.DataFrame]) -> list[tuple[str, pl.Series]]:
    """Every text column of ``frames`` as (``table.column``, values), in the frames' order."""
    return [(f"{t}.{c}", f.get_column(c)) for t, f in frames.items() for c in f.columns if f[c].dtype == pl.String]


def _regular(dates: pl.Series) -> bool:
    """Whether the distinct ``dates`` (3 or more) step evenly: equal gaps in days, or one day of the month with
    equal gaps in months."""
    d = dates.drop_nulls().unique().sort()
    if d.len() < 3:
        return False
    days = d.cast(pl.Datetime("us")).diff().drop_nulls()
    if days.n_unique() == 1:
        return True
    if d.dt.day().n_unique() != 1 or d.dt.hour().n_unique() != 1 or d.dt.minute().n_unique() != 1:
        return False
    months = (d.dt.year().cast(pl.Int64) * 12 + d.dt.month().cast(pl.Int64)).diff().drop_nulls()
    return months.n_unique() == 1


def reads_both_ways(values: pl.Series, fmt: str) -> bool:
    """Whether text ``values`` read in ``fmt`` read as well with day and month exchanged (every day at most 12)."""
    other = swapped(fmt)
    vals = values.drop_nulls().str.strip_chars().unique(maintain_order=True)
    return other is not None and vals.len() > 0 and _share(vals, other) >= _READS


@dataclass(frozen=True)
class DayMonth:
    """The format to read a column in (None: nothing decides, keep it as text) and why, in words for a note."""

    fmt: str | None
    why: str


def day_month_order(
    name: str, values: pl.Series, fmt: str, orders: Mapping[str, Mapping[str, list[str]]]
) -> DayMonth | None:
    """The order to read ``values`` (text, chosen format ``fmt``) in; None when they read one way only (no
    question). ``orders`` is :func:`source_orders` of the source's columns (``name``'s own entry, if any, is
    ignored: an ambiguous column decides nothing)."""
    other = swapped(fmt)
    if other is None or not reads_both_ways(values, fmt):
        return None
    vals = values.drop_nulls().str.strip_chars().unique(maintain_order=True)
    example = str(vals.sort()[0])
    by_order = {o: [c for c in cols if c != name] for o, cols in orders.get(_pattern(fmt), {}).items()}
    seen = {o: cols for o, cols in by_order.items() if cols}
    if len(seen) == 1:
        ((order, cols),) = seen.items()
        chosen = fmt if _order(fmt) == order else other
        return DayMonth(
            chosen,
            f"{name}: {example} reads both ways; read {order} as {', '.join(sorted(cols))} "
            f"(written the same way with a day above 12) are",
        )
    readings = {f: vals.str.strptime(pl.Datetime("us"), f, strict=False, exact=True) for f in (fmt, other)}
    regular = [f for f, d in readings.items() if _regular(d)]
    if len(regular) == 1:
        chosen = regular[0]
        return DayMonth(
            chosen,
            f"{name}: {example} reads both ways; read {_order(chosen)}, the order in which its "
            f"{vals.len()} distinct values step evenly",
        )
    clash = " (the source's other columns disagree)" if len(seen) > 1 else ""
    return DayMonth(None, f"{name}: day/month order unknown: {example} reads both ways{clash}; kept as text")


def settle_profiles(
    frames: Mapping[str, pl.DataFrame], profiles: dict[tuple[str, str], ColumnProfile]
) -> tuple[dict[tuple[str, str], ColumnProfile], list[str]]:
    """``profiles`` with each text date column that reads both ways read in the order the source shows, or
    profiled as the text it is where nothing decides, and a note for each (decided or not: never a silent pick).
    A key of dates (profiled as an identifier) gets the decided format as its ``parse_format``."""
    out = dict(profiles)
    notes: list[str] = []
    orders: dict[str, dict[str, list[str]]] | None = None
    for (t, c), prof in profiles.items():
        if t not in frames or c not in frames[t].columns or frames[t][c].dtype != pl.String:
            continue
        text = frames[t].get_column(c)
        fmt = prof.parse_format
        if prof.kind == "identifier" and fmt is None:
            found = date_format(
                text.drop_nulls().str.strip_chars().unique(maintain_order=True).head(5000), allow_compact=False
            )
            fmt = found[0] if found is not None else None
        elif prof.kind not in ("date", "datetime"):
            continue
        if fmt is None or swapped(fmt) is None:
            continue
        if orders is None:
            orders = source_orders(frame_columns(frames))
        settled = day_month_order(f"{t}.{c}", text, fmt, orders)
        if settled is None:
            continue
        notes.append(settled.why)
        if prof.kind == "identifier":
            if settled.fmt is not None:
                out[(t, c)] = replace(prof, parse_format=settled.fmt)
        elif settled.fmt is None:
            out[(t, c)] = profile_column(t, text, dates=False)
        elif settled.fmt != fmt:
            out[(t, c)] = replace(
                prof, parse_format=settled.fmt, evidence=f"{prof.evidence} (read {_order(settled.fmt)}: see notes)"
            )
    return out, notes
