"""Rule-based column generators: ``generate(spec, ctx) -> pl.Series``.

A generator sees the rows it makes (global row indices), its own stream, the
columns already made for these rows, and values read through foreign keys from
parent rows. Null rate and uniqueness are applied around generators by the engine,
never inside them.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
from numpy.typing import NDArray
from pydantic import BaseModel, TypeAdapter

from simulacra._random import Stream
from simulacra.generation import distributions
from simulacra.spec import model as m
from simulacra.spec.check_digits import check_digit_series, check_layout
from simulacra.spec.pattern import ALPHABETS, check_characters, parse_pattern, pattern_capacity
from simulacra.spec.refs import expression_for, sql_round
from simulacra.spec.window import relative_to_group

if TYPE_CHECKING:
    from simulacra.generation.text import TextRun

__all__ = [
    "CURRENCY_DECIMALS",
    "ColumnCtx",
    "apply_ranks",
    "apply_running_sums",
    "dtype_of",
    "generate_column",
    "is_constructive_unique",
    "made_again",
    "parse_pattern",
    "running_sum",
    "running_sum_dtype",
]


@dataclass
class ColumnCtx:
    table: str
    column: str
    rows: NDArray[np.int64]
    stream: Stream
    frame: pl.DataFrame  # columns already made for these rows
    parent: Callable[[str], pl.Series]  # dotted ref -> values aligned to rows
    group_stream: Callable[[str], Stream]
    locale: str
    fk_index: Callable[[str], NDArray[np.int64]]  # FK column -> parent row index (-1 = null)
    attempt: int = 0  # regeneration attempt (0 first): realistic kinds may answer a retry differently
    text: TextRun | None = None  # the run's language-model backend for text columns (None: offline)
    # rows the table is planned to have, for a column that must be unique on its own (None otherwise): a
    # unique column whose first draw would often repeat at this size draws differently (see ``spread_unique``)
    planned: int | None = None

    def value(self, name: str) -> pl.Series:
        """A column of this row, or a dotted parent reference."""
        if "." in name:
            return self.parent(name)
        return self.frame.get_column(name)

    def with_refs(self, names: list[str]) -> pl.DataFrame:
        """The frame plus the dotted references an expression needs, as columns."""
        extra = [self.parent(n).alias(n) for n in names if "." in n and n not in self.frame.columns]
        return self.frame.with_columns(extra) if extra else self.frame


#: minor-unit decimals of the currencies that do not have 2 (ISO 4217)
CURRENCY_DECIMALS = {
    "JPY": 0,
    "KRW": 0,
    "ISK": 0,
    "CLP": 0,
    "VND": 0,
    "BHD": 3,
    "KWD": 3,
    "OMR": 3,
    "TND": 3,
    "JOD": 3,
}


@functools.cache
def _column_adapter() -> TypeAdapter[Any]:
    # built on first use (a pydantic schema build costs time on the import path); a pure function of
    # the spec model, so the cached value is not state anyone can change
    return TypeAdapter(m.ColumnSpec)


def column_spec(value: Any) -> Any:
    """Validate a nested column generator mapping (case branches)."""
    return _column_adapter().validate_python(value)


# ---------------------------------------------------------------- identifiers


@functools.lru_cache(maxsize=256)
def _alphabet(kind: str, arg: str | None) -> NDArray[np.str_]:
    """The characters a drawn part of a pattern takes (``#``, ``?``, ``*`` or a class's own)."""
    return np.array(list(arg if kind == "set" and arg is not None else ALPHABETS[kind]))


#: a unique pattern column whose table fills at least this share of the pattern's values is drawn as a
#: permutation of them (``_spread_codes``), so it neither spins on redraws nor fails late near capacity; below
#: it each character is drawn on its own and a repeat (at most about half this share of rows) is redrawn
SPREAD_SHARE = 0.05
_DRAWN = ("#", "?", "*", "set")


def _pattern_cap(spec: m.PatternColumn) -> float:
    """The distinct values a pattern column makes: its check character (``check``) adds none."""
    cap = pattern_capacity(spec.pattern)
    if cap == float("inf"):
        return cap
    parts = parse_pattern(spec.pattern)
    for i in _check_parts(spec):
        cap /= len(_alphabet(*parts[i]))
    return cap * 10 / 11 if _moves(spec) else cap


def _moves(spec: m.PatternColumn) -> bool:
    """Whether some drawn codes are moved to another (a mod-11 ``check_digit`` whose 10 cannot be written): they
    may land on another row's code, so such a column is not drawn as a permutation but redrawn on a repeat."""
    if spec.check_digit is None:
        return False
    layout = check_layout(spec.pattern, spec.check_digit)
    return not isinstance(layout, str) and layout.moves


def _check_parts(spec: m.PatternColumn) -> tuple[int, ...]:
    """The pattern's parts made from the others: the ``check`` character, the ``check_digit`` place(s)."""
    if spec.check is not None:
        return (max(i for i, (kind, _) in enumerate(parse_pattern(spec.pattern)) if kind in _DRAWN),)
    if spec.check_digit is not None:
        layout = check_layout(spec.pattern, spec.check_digit)
        return () if isinstance(layout, str) else layout.parts
    return ()


def spread_unique(spec: m.PatternColumn, planned: int | None) -> bool:
    """Whether a unique pattern column of a table of ``planned`` rows is drawn as a permutation of its values."""
    cap = _pattern_cap(spec)
    return planned is not None and cap != float("inf") and planned >= SPREAD_SHARE * cap and not _moves(spec)


def _spread_codes(spec: m.PatternColumn, ctx: ColumnCtx) -> dict[int, pl.Series]:
    """The pattern's drawn characters for a permutation of its values, per pattern position.

    Row r takes value number perm(r) of the capacity C, perm a keyed bijection of [0, C): the values depend
    on the row alone (the same whatever the chunks) and no two rows share one. A row made again (a row check
    refused it: ``attempt`` >= 1) keeps its value, as a key does: the values no first draw holds may be
    fewer than the rows made again, so moving it there could only make repeats."""
    parts = parse_pattern(spec.pattern)
    cap = int(_pattern_cap(spec))
    place = np.asarray(ctx.rows, dtype=np.int64) % cap
    idx = ctx.group_stream("__pattern__").child(ctx.column).permute(place, cap)
    out: dict[int, pl.Series] = {}
    drawn = [i for i, (kind, _) in enumerate(parts) if kind in _DRAWN]
    for i in _check_parts(spec):  # the check characters are made from the others (``_pattern``)
        out[i] = pl.Series([_alphabet(*parts[i])[0]] * len(place), dtype=pl.String)
        drawn.remove(i)
    for i in reversed(drawn):
        alphabet = _alphabet(*parts[i])
        out[i] = pl.Series(alphabet[idx % len(alphabet)])
        idx = idx // len(alphabet)
    return out


def _pattern(spec: m.PatternColumn, ctx: ColumnCtx) -> pl.Series:
    exprs: list[pl.Series] = []
    spread = _spread_codes(spec, ctx) if spread_unique(spec, ctx.planned) else {}
    for i, (kind, arg) in enumerate(parse_pattern(spec.pattern)):
        if kind == "lit":
            exprs.append(
                pl.Series([arg]).new_from_index(0, len(ctx.rows)) if len(ctx.rows) else pl.Series([], dtype=pl.String)
            )
        elif kind == "seq":
            width, zero = arg
            s = pl.Series(ctx.rows + 1).cast(pl.String)
            if width:
                s = s.str.zfill(width) if zero else s.str.pad_start(width)
            exprs.append(s)
        elif i in spread:
            exprs.append(spread[i])
        else:
            alphabet = _alphabet(kind, arg)
            idx = ctx.stream.child("char", i).integers(ctx.rows, 0, len(alphabet))
            exprs.append(pl.Series(alphabet[idx]))
    if not exprs:
        return pl.Series([""] * len(ctx.rows))
    out = pl.select(pl.concat_str([pl.lit(s) for s in exprs])).to_series()
    if spec.check is not None:  # the last character: the check character of the digits before it
        out = pl.Series(out.name, check_characters(out.to_list(), spec.check), dtype=pl.String)
    if spec.check_digit is not None:  # the scheme's check place(s): computed from the other characters
        layout = check_layout(spec.pattern, spec.check_digit)
        if not isinstance(layout, str):
            out = check_digit_series(out, spec.check_digit, layout.x_ok, layout.fix)
    return out


_HEX = np.array([f"{i:02x}" for i in range(256)], dtype="S2")


def _uuid(spec: m.UuidColumn, ctx: ColumnCtx) -> pl.Series:
    hi = ctx.stream.bits(ctx.rows)  # a bijection of the row: unique by construction
    lo = ctx.stream.child("lo").bits(ctx.rows)
    raw = np.empty((len(ctx.rows), 2), dtype=">u8")
    raw[:, 0] = hi
    raw[:, 1] = lo
    b = raw.view(np.uint8).reshape(-1, 16).copy()
    b[:, 6] = (b[:, 6] & 0x0F) | 0x40  # version 4
    b[:, 8] = (b[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    hexed = _HEX[b].view("S32").ravel()
    s = pl.Series(hexed).cast(pl.String)
    return pl.select(
        pl.concat_str(
            [
                s.str.slice(0, 8),
                pl.lit("-"),
                s.str.slice(8, 4),
                pl.lit("-"),
                s.str.slice(12, 4),
                pl.lit("-"),
                s.str.slice(16, 4),
                pl.lit("-"),
                s.str.slice(20, 12),
            ]
        )
    ).to_series()


# ---------------------------------------------------------------- values


def _literal_series(values: list[Any]) -> pl.Series:
    if all(v is None for v in values):  # only nulls: text, so every sink can hold it and nulls scatter in
        return pl.Series(values, dtype=pl.String)
    try:
        return pl.Series(values, strict=False)
    except (TypeError, pl.exceptions.PolarsError):
        return pl.Series([str(v) for v in values])


#: a categorical column's values and cumulative weights, per spec object (most recent last): a column of many
#: values is drawn once per chunk and once per redraw pass, and remaking its values was most of a pass (issue 20)
_CATEGORIES: OrderedDict[int, tuple[m.CategoricalColumn, pl.Series, NDArray[np.float64]]] = OrderedDict()
_CATEGORIES_KEPT = 8
_CATEGORIES_LOCK = threading.Lock()


def _categories(spec: m.CategoricalColumn) -> tuple[pl.Series, NDArray[np.float64]]:
    with _CATEGORIES_LOCK:
        got = _CATEGORIES.get(id(spec))
        if got is not None and got[0] is spec:
            _CATEGORIES.move_to_end(id(spec))
            return got[1], got[2]
    if isinstance(spec.values, dict):
        values, w = list(spec.values), list(spec.values.values())
    else:
        values, w = list(spec.values), spec.weights or [1.0] * len(spec.values)
    cdf = np.cumsum(np.asarray(w, dtype=np.float64))
    cdf /= cdf[-1]
    series = _literal_series(values)
    with _CATEGORIES_LOCK:
        _CATEGORIES[id(spec)] = (spec, series, cdf)
        while len(_CATEGORIES) > _CATEGORIES_KEPT:
            _CATEGORIES.popitem(last=False)
    return series, cdf


def _categorical(spec: m.CategoricalColumn, ctx: ColumnCtx) -> pl.Series:
    series, cdf = _categories(spec)
    idx = ctx.stream.choice(ctx.rows, cdf)
    return series.gather(idx)


def _number(spec: m.NumberColumn, ctx: ColumnCtx) -> pl.Series:
    d = spec.as_distribution()
    x = distributions.sample(d, ctx.stream.uniform(ctx.rows))
    if spec.generator == "integer":
        x = np.floor(float(spec.low) + ctx.stream.uniform(ctx.rows) * (float(spec.high) - float(spec.low) + 1))  # type: ignore[arg-type]
        x = np.minimum(x, float(spec.high))  # type: ignore[arg-type]
        return pl.Series(x.astype(np.int64))
    if spec.generator in ("poisson", "negative_binomial", "zipf"):
        return pl.Series(x.astype(np.int64))
    decimals = spec.round
    if spec.generator == "money":
        decimals = CURRENCY_DECIMALS.get((spec.currency or "").upper(), 2) if decimals is None else decimals
    if decimals is not None:
        x = np.round(x, decimals)
        if decimals == 0:
            return pl.Series(x.astype(np.int64))
    return pl.Series(x)


def _boolean(spec: m.BooleanColumn, ctx: ColumnCtx) -> pl.Series:
    return pl.Series(ctx.stream.uniform(ctx.rows) < spec.p)


def _constant(spec: m.ConstantColumn, ctx: ColumnCtx) -> pl.Series:
    return (
        _literal_series([spec.value]).new_from_index(0, len(ctx.rows))
        if len(ctx.rows)
        else _literal_series([spec.value]).clear()
    )


_UNIT_US = {
    "seconds": 1_000_000,
    "minutes": 60_000_000,
    "hours": 3_600_000_000,
    "days": 86_400_000_000,
    "weeks": 7 * 86_400_000_000,
}


def parse_time(text: str, *, end: bool = False) -> np.datetime64:
    try:
        if len(text) <= 10:
            d = dt.date.fromisoformat(text)
            return np.datetime64(d, "us") + (np.timedelta64(1, "D") if end else np.timedelta64(0, "D"))
        return np.datetime64(dt.datetime.fromisoformat(text).replace(tzinfo=None), "us")
    except ValueError:
        raise ValueError(
            f"'{text}' is not an ISO date or date-time (expected e.g. 2024-01-31 or 2024-01-31T08:00:00)"
        ) from None


def _weighted_days(
    spec: m.DateColumn, start: np.datetime64, end: np.datetime64
) -> tuple[NDArray[np.int64], NDArray[np.float64]] | None:
    if spec.weekday_weights is None and spec.month_weights is None:
        return None
    d0 = start.astype("datetime64[D]")
    d1 = (end - np.timedelta64(1, "us")).astype("datetime64[D]")
    days = np.arange(d0, d1 + np.timedelta64(1, "D"))
    w = np.ones(len(days))
    if spec.weekday_weights is not None:
        wd = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        w *= np.asarray(spec.weekday_weights)[wd]
    if spec.month_weights is not None:
        mo = days.astype("datetime64[M]").astype(np.int64) % 12
        w *= np.asarray(spec.month_weights)[mo]
    if w.sum() <= 0:
        raise ValueError("weekday/month weights leave no day in the range")
    cdf = np.cumsum(w) / w.sum()
    cdf[-1] = 1.0
    return days.astype(np.int64), cdf


def _date(spec: m.DateColumn, ctx: ColumnCtx) -> pl.Series:
    n = len(ctx.rows)
    is_date = spec.generator == "date"
    if spec.step is not None and spec.grain == "month":  # a sequence of months: the row's place in months
        first = parse_time(spec.start, end=False).astype("datetime64[M]").astype(np.int64)  # type: ignore[arg-type]
        out = pl.Series(
            (first + ctx.rows.astype(np.int64) * spec.step).astype("datetime64[M]").astype("datetime64[us]")
        )
    elif spec.step is not None:  # a date sequence: the row's place, in days or seconds from the start
        unit = 86_400_000_000 if is_date else 1_000_000
        us = parse_time(spec.start, end=False).astype(np.int64) + ctx.rows.astype(np.int64) * spec.step * unit  # type: ignore[arg-type]
        out = pl.Series(us.astype("datetime64[us]"))
    elif spec.after is not None:
        # after several: the latest of them, a null among them passed over (null only where all are)
        base = pl.select(
            pl.max_horizontal([pl.lit(ctx.value(a).cast(pl.Datetime("us"))) for a in spec.after_refs()])
        ).to_series()
        base_us = base.to_numpy().astype("datetime64[us]").astype(np.int64)
        nulls = base.is_null().to_numpy()
        if spec.start is not None:  # a floor: the gap counts from the later of the date it follows and the start
            base_us = np.maximum(base_us, parse_time(spec.start, end=False).astype(np.int64))
        off = spec.offset or m.Offset(distribution="uniform", low=0, high=30, unit="days")
        dist = off.as_distribution()
        u = ctx.stream.child("offset").uniform(ctx.rows)
        if spec.end is not None:  # draw within the window: the offset's distribution truncated at the end
            room = (parse_time(spec.end, end=True).astype(np.int64) - 1 - base_us) / _UNIT_US[off.unit]
            u = _within(dist, u, room)
        x = distributions.sample(dist, u)
        us = base_us + np.round(x * _UNIT_US[off.unit]).astype(np.int64)
        if spec.hour_weights is not None:
            floor = us
            us = _apply_hours(spec, ctx, us)
            later = np.where(us < floor, us + 86_400_000_000, us)  # never before base + offset
            if spec.end is not None:  # a day forward never passes the end: the same day, from the draw on
                last = parse_time(spec.end, end=True).astype(np.int64) - 1
                later = np.where(later > last, np.where(us >= base_us, us, _next_open_hour(spec, base_us)), later)
            us = later
        if spec.weekday_weights is not None:  # whole days forward, never past the end: the hour stays
            hi = None if spec.end is None else parse_time(spec.end, end=True).astype(np.int64) - 1
            us = _onto_weekdays(spec.weekday_weights, ctx, us, hi=hi, lo=base_us)
        if spec.end is not None:
            us = np.minimum(us, parse_time(spec.end, end=True).astype(np.int64) - 1)
        if spec.resolution is not None:  # on the step, never before the date it comes after
            hi = None if spec.end is None else parse_time(spec.end, end=True).astype(np.int64) - 1
            us = _on_resolution(us, spec.resolution, lo=base_us, hi=hi)
        out = pl.Series(us.astype("datetime64[us]"))
        out = pl.select(pl.when(pl.lit(pl.Series(nulls))).then(None).otherwise(pl.lit(out))).to_series()
    else:
        start = parse_time(spec.start, end=False)  # type: ignore[arg-type]
        end = parse_time(spec.end, end=True)  # type: ignore[arg-type]
        if end <= start:
            raise ValueError(f"end ({spec.end}) is not after start ({spec.start})")
        weighted = _weighted_days(spec, start, end)
        if weighted is not None:
            days, cdf = weighted
            day = days[
                np.minimum(np.searchsorted(cdf, ctx.stream.child("day").uniform(ctx.rows), side="right"), len(days) - 1)
            ]
            us = day * 86_400_000_000 + (ctx.stream.child("time").uniform(ctx.rows) * 86_400_000_000).astype(np.int64)
        else:
            span = int((end - start).astype(np.int64))
            us = start.astype(np.int64) + (ctx.stream.child("time").uniform(ctx.rows) * span).astype(np.int64)
        if spec.hour_weights is not None:
            us = _apply_hours(spec, ctx, us)
        us = np.clip(us, start.astype(np.int64), end.astype(np.int64) - 1)
        if spec.resolution is not None:
            us = _on_resolution(us, spec.resolution, lo=start.astype(np.int64), hi=end.astype(np.int64) - 1)
        out = pl.Series(us.astype("datetime64[us]"))
    if is_date and spec.grain == "month":  # the month's 1st (after a date: its month, never an earlier one)
        return out.dt.date().dt.truncate("1mo")
    if is_date:
        return out.dt.date()
    return out.dt.truncate("1s") if n else out


def _onto_weekdays(
    weights: list[float], ctx: ColumnCtx, us: NDArray[np.int64], *, hi: Any = None, lo: Any = None
) -> NDArray[np.int64]:
    """Values that come after another, onto the weekdays as weighted: a day keeps a value with probability its
    weight over the largest (a closed day, weight 0, never); a value it does not keep moves forward 1 to 7
    days, onto a day chosen by the weights. The days then hold shares as weighted (for values spread evenly
    over the week), no value moves before the date it comes after, and the time of day stays. A value the
    move would take past ``hi`` (the last instant of the end) goes to the nearest day with a weight forward
    instead, else the nearest back, where that is not before ``lo`` (the date it comes after); else (no such
    day between the two) it stays where it is."""
    w = np.asarray(weights, dtype=np.float64)
    if not (w > 0).any():
        raise ValueError("weekday_weights leave no day of the week")
    keep = w / w.max()
    day_us = 86_400_000_000
    wd = (np.floor_divide(us, day_us) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    moves = keep[wd] <= ctx.stream.child("weekday").uniform(ctx.rows)
    ahead = keep[(wd[:, None] + np.arange(1, 8)[None, :]) % 7]  # the next seven days' weights, per value
    cdf = np.cumsum(ahead, axis=1)
    pick = (cdf / cdf[:, -1:] <= ctx.stream.child("weekday_to").uniform(ctx.rows)[:, None]).sum(axis=1)
    moved = us + (np.minimum(pick, 6) + 1) * day_us
    if hi is not None:  # past the end: the nearest day with a weight forward, else back, within the bounds
        nearest = us + (np.argmax(ahead > 0, axis=1) + 1) * day_us
        behind = keep[(wd[:, None] - np.arange(1, 8)[None, :]) % 7] > 0
        back = us - (np.argmax(behind, axis=1) + 1) * day_us
        past = moves & (moved > hi)
        moved = np.where(past, np.where(nearest <= hi, nearest, back), moved)
        moves &= (moved <= hi) & (moved >= (lo if lo is not None else moved))
    return np.where(moves, moved, us)


def _on_resolution(us: NDArray[np.int64], seconds: int, *, lo: Any, hi: Any) -> NDArray[np.int64]:
    """Date-times moved down onto a step of ``seconds`` from midnight (the hour a draw or an hour weight chose
    stays its hour), up where that falls below ``lo`` (the start, or the date a value comes after) and down
    again where up passes ``hi`` (the last instant of the end): within the bounds when a step lies there."""
    res = seconds * 1_000_000
    out = us - np.mod(us, res)
    if lo is not None:
        out = np.where((out < lo) & (us >= lo), out + res, out)
    if hi is not None:
        out = np.where((out > hi) & (us <= hi), out - res, out)
    return out


def _within(dist: m.Distribution, u: NDArray[np.float64], room: NDArray[np.float64]) -> NDArray[np.float64]:
    """Uniforms remapped so that sample(u) <= room, per row: the distribution truncated at ``room``.

    Sampling is monotone in u (increasing, or decreasing as for the exponential); the u that fit form one
    interval, found by bisection, and u is spread over it."""
    q = distributions.sample(dist, np.array([0.25, 0.75]))
    increasing = bool(q[0] <= q[1])
    n = len(room)
    lo, hi = np.zeros(n), np.ones(n)
    for _ in range(48):  # the boundary between u that fit and u that do not
        mid = (lo + hi) / 2
        ok = distributions.sample(dist, mid) <= room
        grow = ok if increasing else ~ok
        lo = np.where(grow, mid, lo)
        hi = np.where(grow, hi, mid)
    if increasing:
        return u * lo
    return hi + u * (1.0 - hi)


def _next_open_hour(spec: m.DateColumn, us: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each value, or the start of the next hour of its day that the hour weights keep; the value itself
    where its hour is kept or no later hour of the day is."""
    hour_us = 3_600_000_000
    kept = np.asarray(spec.hour_weights, dtype=np.float64) > 0
    nxt = np.full(25, 24)  # the first kept hour at or after each hour (24: none)
    for h in range(23, -1, -1):
        nxt[h] = h if kept[h] else nxt[h + 1]
    hour = (us // hour_us) % 24
    later = nxt[np.minimum(hour + 1, 24)]
    day = us // 86_400_000_000 * 86_400_000_000
    return np.where(kept[hour] | (later > 23), us, day + later * hour_us)


def _apply_hours(spec: m.DateColumn, ctx: ColumnCtx, us: NDArray[np.int64]) -> NDArray[np.int64]:
    w = np.asarray(spec.hour_weights, dtype=np.float64)
    cdf = np.cumsum(w) / w.sum()
    cdf[-1] = 1.0
    hour = np.minimum(np.searchsorted(cdf, ctx.stream.child("hour").uniform(ctx.rows), side="right"), 23)
    day = us // 86_400_000_000 * 86_400_000_000
    within = (ctx.stream.child("minute").uniform(ctx.rows) * 3_600_000_000).astype(np.int64)
    return day + hour.astype(np.int64) * 3_600_000_000 + within


def _expression(spec: m.ExpressionColumn, ctx: ColumnCtx) -> pl.Series:
    from simulacra.spec.refs import root_names

    frame = ctx.with_refs(root_names(spec.expr))
    try:
        out = frame.select(expression_for(spec.expr, frame.schema).alias(ctx.column)).to_series()
    except pl.exceptions.PolarsError as exc:  # the expression parses but fails on these rows (text not a date)
        from simulacra.errors import GenerationError, Location

        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GenerationError(
            f"the expression {spec.expr!r} failed on the generated rows: {first}",
            location=Location(table=ctx.table, column=ctx.column),
        ) from None
    if len(out) != len(ctx.rows):  # a constant expression
        out = out.new_from_index(0, len(ctx.rows)) if len(out) else out
    return out


def _case(spec: m.CaseColumn, ctx: ColumnCtx) -> pl.Series:
    from simulacra.spec.refs import root_names

    names: list[str] = []
    for br in spec.cases:
        names += root_names(br.when)
    frame = ctx.with_refs(names)
    result: pl.Series | None = None
    decided = np.zeros(len(ctx.rows), dtype=bool)
    branches: list[tuple[NDArray[np.bool_], Any]] = []
    for br in spec.cases:
        mask = frame.select(expression_for(br.when, frame.schema).fill_null(False)).to_series().to_numpy().astype(bool)
        mask &= ~decided
        decided |= mask
        branches.append((mask, br.then))
    branches.append((~decided, spec.default))
    for i, (mask, then) in enumerate(branches):
        vals = _branch_values(then, ctx, i)
        result = (
            vals
            if result is None
            else pl.select(pl.when(pl.lit(pl.Series(mask))).then(pl.lit(vals)).otherwise(pl.lit(result))).to_series()
        )
    assert result is not None
    return result


def _branch_values(then: Any, ctx: ColumnCtx, i: int) -> pl.Series:
    n = len(ctx.rows)
    if isinstance(then, BaseModel) or (isinstance(then, dict) and "generator" in then):
        sub = then if isinstance(then, BaseModel) else column_spec(then)
        sub_ctx = ColumnCtx(
            ctx.table,
            ctx.column,
            ctx.rows,
            ctx.stream.child("case", i),
            ctx.frame,
            ctx.parent,
            ctx.group_stream,
            ctx.locale,
            ctx.fk_index,
            ctx.attempt,
            ctx.text,
        )
        return generate_column(sub, sub_ctx)
    s = _literal_series([then])
    return s.new_from_index(0, n) if n else s.clear()


def _lookup(spec: m.LookupColumn, ctx: ColumnCtx) -> pl.Series:
    key = ctx.value(spec.key).cast(pl.String)
    mapping = {str(k): v for k, v in spec.mapping.items()}
    values = _literal_series(list(mapping.values()))
    keys = pl.Series(list(mapping.keys()), dtype=pl.String)
    default = spec.default
    out = key.replace_strict(keys, values, default=default, return_dtype=values.dtype)
    return out


def _realistic(spec: m.RealisticColumn, ctx: ColumnCtx) -> pl.Series:
    from simulacra.values import VALUE_KINDS, ValueContext

    if spec.pool is not None:  # K fresh values the rows share, each row one of them
        from simulacra.generation.pools import pool_values

        group = ctx.group_stream(spec.group).child("__pool__") if spec.group else None
        values = pool_values(spec, ctx.stream, spec.locale or ctx.locale, spec.pool, group)
        return values.gather(ctx.stream.child("__slot__").integers(ctx.rows, 0, spec.pool))
    if spec.distinct is not None:  # names as concentrated as the source's: K fresh values, one by skew per row
        return _distinct_values(spec, ctx)
    kind = VALUE_KINDS[spec.generator]
    extra = dict(spec.model_extra or {})
    inputs = {p: ctx.value(extra[p]) for p in kind.column_params if isinstance(extra.get(p), str)}
    params = {k: v for k, v in {**kind.params, **extra}.items() if k not in kind.column_params}
    if spec.unique and "unique" in kind.params:
        params["unique"] = True
    vctx = ValueContext(
        rows=ctx.rows,
        stream=ctx.stream,
        group_stream=ctx.group_stream(spec.group or "default"),
        locale=spec.locale or ctx.locale,
        inputs=inputs,
        attempt=ctx.attempt,
        planned=ctx.planned,
    )
    return kind.func(vctx, params)


def _distinct_values(spec: m.RealisticColumn, ctx: ColumnCtx) -> pl.Series:
    """``spec.distinct`` fresh values of the kind (``pool_values``: the same in every chunk), each row one of
    them: the first (the kind's likeliest) at ``top_share`` of the rows, the others evenly; per row from its
    own bits, so a subset of rows gets the same values as the whole."""
    from simulacra.generation.pools import pool_values
    from simulacra.values._strings import Pool

    k = int(spec.distinct or 1)
    group = ctx.group_stream(spec.group).child("__pool__") if spec.group else None
    values = pool_values(spec, ctx.stream, spec.locale or ctx.locale, k, group)
    k = values.len()
    if k <= 1:
        return values.gather(np.zeros(len(ctx.rows), dtype=np.int64))
    top = spec.top_share
    weights = None if top is None or top <= 1.0 / k else [top] + [(1.0 - top) / (k - 1)] * (k - 1)
    slots = Pool([str(i) for i in range(k)], weights).index(ctx.stream.child("__distinct__").bits(ctx.rows))
    return values.gather(slots)


def _text(spec: m.TextColumn, ctx: ColumnCtx) -> pl.Series:
    from simulacra.generation.text import generate_text

    return generate_text(spec, ctx)


def _rank_placeholder(spec: m.RankColumn, ctx: ColumnCtx) -> pl.Series:
    return pl.Series([None] * len(ctx.rows), dtype=pl.Int64)  # filled by apply_running_sums


def _running_sum_placeholder(spec: m.RunningSumColumn, ctx: ColumnCtx) -> pl.Series:
    return pl.Series([None] * len(ctx.rows), dtype=pl.Float64)  # filled by apply_running_sums


_GENERATORS: Mapping[type, Callable[[Any, ColumnCtx], pl.Series]] = {
    m.PatternColumn: _pattern,
    m.UuidColumn: _uuid,
    m.CategoricalColumn: _categorical,
    m.NumberColumn: _number,
    m.BooleanColumn: _boolean,
    m.ConstantColumn: _constant,
    m.DateColumn: _date,
    m.ExpressionColumn: _expression,
    m.CaseColumn: _case,
    m.LookupColumn: _lookup,
    m.RealisticColumn: _realistic,
    m.RunningSumColumn: _running_sum_placeholder,
    m.RankColumn: _rank_placeholder,
    m.TextColumn: _text,
}


def running_sum(
    spec: m.RunningSumColumn,
    frame: pl.DataFrame,
    group: NDArray[np.int64],
    parent: Callable[[str], pl.Series] | None = None,
) -> pl.Series:
    """``start`` + the cumulative ``of`` within each parent group, in order (the frame holds each group whole).

    Integer changes and an integer start give integers; a constant ``of`` (``"1"``) counts the group's rows. A
    ``start`` (or ``of``) reading a parent's column (``meters.initial_read``) reads it from ``frame`` when it
    is there, else from ``parent`` (a dotted reference -> values aligned to the rows)."""
    n = frame.height
    if n == 0:
        return pl.Series(spec.generator, [], dtype=running_sum_dtype(spec, frame.schema))
    frame = _running_refs(spec, frame, parent)
    change = frame.select(expression_for(spec.of, frame.schema).alias("__v")).to_series()
    if len(change) != n:  # a constant: one value per row
        change = change.new_from_index(0, n) if len(change) else pl.Series([None] * n, dtype=change.dtype)
    dtype = running_sum_dtype(spec, frame.schema, change.dtype)
    change = change.cast(dtype, strict=False)
    change = change if spec.relative_to else change.fill_null(0)  # a null stays null against its group
    work = pl.DataFrame({"__v": change, "__group": group, "__row": np.arange(n)})
    if spec.order_by:
        work = work.with_columns(frame.get_column(spec.order_by).alias("__order"))
    order = ["__order", "__row"] if spec.order_by else ["__row"]
    start: Any
    if isinstance(spec.start, str):  # each parent's own start (a meter's first read): its first row's value
        first = frame.select(expression_for(spec.start, frame.schema).alias("__s")).to_series()
        first = first.new_from_index(0, n) if len(first) != n else first
        work = work.with_columns(first.cast(dtype, strict=False).alias("__s"))
        start = pl.col("__s").sort_by(order).first().over("__group")
    else:
        start = pl.lit(int(spec.start) if dtype == pl.Int64 else spec.start, dtype=dtype)
    value = (
        relative_to_group(spec.relative_to, pl.col("__v"), "__group", order)
        if spec.relative_to
        else pl.col("__v").cum_sum().over("__group", order_by=order) + start
    )
    if spec.round is not None and (spec.relative_to or dtype.is_float()):  # as SQL's ROUND, or cut (truncate)
        value = sql_round(value, spec.round, truncate=spec.truncate)
    return work.select(value.cast(dtype)).to_series()


def _running_refs(
    spec: m.RunningSumColumn, frame: pl.DataFrame, parent: Callable[[str], pl.Series] | None
) -> pl.DataFrame:
    """``frame`` plus the parents' columns ``of`` and ``start`` read (dotted names not in it already)."""
    from simulacra.spec.refs import root_names

    names = root_names(spec.of) + (root_names(spec.start) if isinstance(spec.start, str) else [])
    missing = sorted({r for r in names if "." in r and r not in frame.columns})
    if not missing:
        return frame
    if parent is None:
        raise ValueError(f"running sum '{spec.of}' reads {', '.join(missing)}, a parent's column not given here")
    return frame.with_columns([parent(r).alias(r) for r in missing])


def running_sum_dtype(
    spec: m.RunningSumColumn, schema: Mapping[str, pl.DataType], change: pl.DataType | None = None
) -> pl.DataType:
    """Int64 when the changes are integers and ``start`` is whole (``round`` does not make floats of integers); else
    Float64. A ``start`` read from a column (``meters.initial_read``) is whole when its type is an integer's."""
    if change is None:
        try:
            change = pl.DataFrame(schema=dict(schema)).select(expression_for(spec.of, schema)).to_series().dtype
        except Exception:
            return pl.Float64()
    if isinstance(spec.start, str):
        try:
            first = pl.DataFrame(schema=dict(schema)).select(expression_for(spec.start, schema)).to_series().dtype
        except Exception:
            return pl.Float64()
        whole = first.is_integer() or first == pl.Boolean
    else:
        whole = float(spec.start).is_integer()
    if spec.relative_to == "total":  # a share
        return pl.Float64()
    if (change.is_integer() or change == pl.Boolean) and whole:
        return pl.Int64()
    return pl.Float64()


def apply_ranks(
    frame: pl.DataFrame,
    columns: Mapping[str, Any],
    group: NDArray[np.int64],
    parent: Callable[[str], pl.Series] | None = None,
) -> pl.DataFrame:
    """Fill every ``rank`` column (1..n per parent, by 'by' or a learned draw of the column itself), then
    every lookup keyed on a rank (points by finishing position) and every expression reading one (see
    :func:`made_again`)."""
    ranks = {c: s for c, s in columns.items() if isinstance(s, m.RankColumn)}
    if not ranks or frame.height == 0:
        return frame
    out = frame.with_columns(pl.Series("__group", group), pl.int_range(pl.len()).alias("__row"))
    for c, r in ranks.items():
        key = r.by if r.by else (c if c in out.columns and out.get_column(c).null_count() < out.height else None)
        tie = -pl.col("__row") if r.descending else pl.col("__row")
        order = [pl.col(key).cast(pl.Float64, strict=False), tie] if key else [tie]
        value = (
            pl.int_range(pl.len()).over("__group", order_by=order, descending=r.descending, nulls_last=True) + r.start
        )
        out = out.with_columns(value.cast(pl.Int64).alias(c))
    return made_again(out, columns, set(ranks), parent).drop("__group", "__row")


def made_again(
    out: pl.DataFrame, columns: Mapping[str, Any], stale: set[str], parent: Callable[[str], pl.Series] | None
) -> pl.DataFrame:
    """Columns made from ``stale`` ones (ranks, running sums) were made before those were filled (as nulls): made
    again, in column order — a lookup keyed on one (a month's code), an expression reading one (its first day:
    ``DATE_ADD(DATE '2024-01-01', ...)``; a balance: ``bills.amount - paid_to_date``) whose other names are of this
    row, or of its parents when ``parent`` gives them (a dotted reference -> values aligned to the rows)."""
    from simulacra.spec.refs import root_names

    stale = set(stale)
    for c, lk in columns.items():
        if c not in out.columns or c in stale:
            continue
        if isinstance(lk, m.LookupColumn) and lk.key in stale:
            mapping = {str(k): v for k, v in lk.mapping.items()}
            values = _literal_series(list(mapping.values()))
            keys = pl.Series(list(mapping.keys()), dtype=pl.String)
            new = (
                out.get_column(lk.key)
                .cast(pl.String)
                .replace_strict(keys, values, default=lk.default, return_dtype=values.dtype)
            )
            out = out.with_columns(new.cast(out.schema[c], strict=False).alias(c))
            stale.add(c)
        elif isinstance(lk, m.ExpressionColumn):
            names = root_names(lk.expr)
            if not stale.intersection(names):
                continue
            refs = [n for n in names if n not in out.columns and "." in n and parent is not None]
            if not all(n in out.columns or n in refs for n in names):
                continue
            view = out.with_columns([parent(n).alias(n) for n in refs]) if refs and parent is not None else out
            made = view.select(expression_for(lk.expr, view.schema).alias(c)).to_series()
            if len(made) != out.height:
                made = made.new_from_index(0, out.height)
            out = out.with_columns(made.cast(out.schema[c], strict=False).alias(c))
            stale.add(c)
    return out


def apply_running_sums(
    frame: pl.DataFrame,
    columns: Mapping[str, Any],
    group: NDArray[np.int64],
    parent: Callable[[str], pl.Series] | None = None,
) -> pl.DataFrame:
    """Fill every ``rank`` (see :func:`apply_ranks`) then every ``running_sum`` column of ``frame``
    (see :func:`running_sum`), in the order given, then the columns made from them again (:func:`made_again`).
    ``parent``: a dotted reference -> values aligned to the rows (a start or an expression reading a parent)."""
    frame = apply_ranks(frame, columns, group, parent)
    sums = [c for c, s in columns.items() if isinstance(s, m.RunningSumColumn)]
    if not sums or not frame.height:
        return frame
    for c in sums:
        frame = frame.with_columns(running_sum(columns[c], frame, group, parent).alias(c))
    return made_again(frame, columns, set(sums), parent)


def generate_column(spec: Any, ctx: ColumnCtx) -> pl.Series:
    """Values of one column for ``ctx.rows`` (keys, foreign keys and aggregates are made by the engine)."""
    if isinstance(spec, m.SequenceColumn):
        return pl.Series(spec.start + ctx.rows.astype(np.int64) * spec.step)
    fn = _GENERATORS.get(type(spec))
    if fn is None:
        raise TypeError(f"no generator for {type(spec).__name__}")
    return fn(spec, ctx)


def is_constructive_unique(spec: Any) -> bool:
    """True when a generator's values are unique by construction."""
    if isinstance(spec, (m.SequenceColumn, m.UuidColumn)):
        return True
    if isinstance(spec, m.DateColumn) and spec.step is not None:
        return True
    if isinstance(spec, m.PatternColumn):
        return any(k == "seq" for k, _ in parse_pattern(spec.pattern))
    if isinstance(spec, m.RealisticColumn) and spec.generator == "email":
        return True
    return False


def capacity(spec: Any) -> float:
    """How many distinct values a generator can make (inf when unbounded)."""
    if isinstance(spec, m.CategoricalColumn):
        return len(spec.values)
    if isinstance(spec, m.BooleanColumn):
        return 2
    if isinstance(spec, m.ConstantColumn):
        return 1
    if isinstance(spec, m.PatternColumn):
        return _pattern_cap(spec)
    if isinstance(spec, m.NumberColumn):
        if spec.generator == "integer":
            return float(spec.high) - float(spec.low) + 1  # type: ignore[arg-type]
        if spec.round == 0 or spec.generator in ("poisson", "negative_binomial", "zipf"):
            return distributions.support_size(spec.as_distribution())
    return float("inf")


def dtype_of(spec: Any) -> pl.DataType | None:
    """The static dtype of a generator's output, or None when it depends on inputs."""
    if isinstance(spec, (m.SequenceColumn,)):
        return pl.Int64()
    if isinstance(spec, (m.UuidColumn, m.PatternColumn, m.TextColumn)):
        return pl.String()
    if isinstance(spec, m.BooleanColumn):
        return pl.Boolean()
    if isinstance(spec, m.DateColumn):
        return pl.Date() if spec.generator == "date" else pl.Datetime("us")
    if isinstance(spec, m.NumberColumn):
        if spec.generator in ("integer", "poisson", "negative_binomial", "zipf"):
            return pl.Int64()
        decimals = spec.round
        if spec.generator == "money" and decimals is None:
            decimals = CURRENCY_DECIMALS.get((spec.currency or "").upper(), 2)
        return pl.Int64() if decimals == 0 else pl.Float64()
    if isinstance(spec, m.CategoricalColumn):
        return _literal_series(list(spec.values)).dtype
    if isinstance(spec, m.ConstantColumn):
        return _literal_series([spec.value]).dtype
    if isinstance(spec, m.LookupColumn):
        return _literal_series(list(spec.mapping.values())).dtype
    if isinstance(spec, m.RankColumn):
        return pl.Int64()
    if isinstance(spec, m.RealisticColumn):
        from simulacra.values import VALUE_KINDS

        kind = VALUE_KINDS.get(spec.generator)
        return {"str": pl.String(), "int": pl.Int64(), "float": pl.Float64(), "date": pl.Date()}.get(
            kind.dtype if kind else "str", pl.String()
        )
    return None
