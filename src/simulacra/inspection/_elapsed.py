"""A duration written as text that is the time between two date-times of its row (a shift ``4:08`` from
dispatch to return), drafted as an ``expression`` over them (issue 13, found on the held-out-like parcel
company of ``benchmarks/heldout_logistics.py``).

Learned on its own, the text is a number of seconds (``4:08`` read as minutes:seconds), drawn apart from
the two date-times: a sampled shift agreed with its own dispatch and return on a third of rows. Written
``X:YY``, the text is one of two readings of the elapsed time: hours:minutes (whole minutes, ``4:08`` =
248 minutes) or minutes:seconds (whole seconds); the reading kept is the one ``X * 60 + YY`` equals the
whole elapsed units of in nearly every row.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from simulacra._frames import stat

__all__ = ["MIN_ROWS", "SHARE", "elapsed_expression", "find_elapsed", "find_fixed_gaps"]

SHARE = 0.99  # rows (holding all three) where the text equals the elapsed time
MIN_ROWS = 30
_UNITS = ((60, "hours:minutes"), (1, "minutes:seconds"))  # seconds in the text's smaller unit


def _pairs(stamps: dict[str, pl.Series]) -> Iterator[tuple[str, str, pl.Series]]:
    """Every ordered pair of two date(-time) columns and the microseconds from the first to the second."""
    us = {c: s.cast(pl.Datetime("us")).cast(pl.Int64) for c, s in stamps.items()}
    for a, ua in us.items():
        for b, ub in us.items():
            if a != b:
                yield a, b, ub - ua


def find_elapsed(text: pl.Series, stamps: dict[str, pl.Series]) -> tuple[str, str, int, str] | None:
    """``(start, end, unit seconds, evidence)`` when ``text`` (``X:YY`` in every value) is the elapsed time
    from ``start`` to ``end`` (date-time columns of the row, aligned) in whole units; None otherwise."""
    parts = text.str.extract_groups(r"^\s*(\d+):([0-5]\d)\s*$")
    big, small = (parts.struct.field(f).cast(pl.Int64) for f in ("1", "2"))
    written = big * 60 + small
    if text.drop_nulls().len() < MIN_ROWS or written.null_count() != text.null_count():
        return None
    best: tuple[str, str, int, str] | None = None
    top = 0.0
    for a, b, micros in _pairs(stamps):
        held = written.is_not_null() & micros.is_not_null()
        if held.sum() < MIN_ROWS:
            continue
        for unit, reading in _UNITS:
            whole = micros // (unit * 1_000_000)
            share = stat((whole == written).filter(held).mean())
            if share >= SHARE and share > top:
                why = (
                    f"{100 * share:.1f}% of {int(held.sum()):,} rows: the time from {a} to {b} as "
                    f"{reading} (e.g. {text.drop_nulls()[0]!r})"
                )
                best, top = (a, b, unit, why), share
    return best


_GAP_UNITS = ((86_400, "days"), (3_600, "hours"), (60, "minutes"), (1, "seconds"))


def find_fixed_gaps(stamps: dict[str, pl.Series], kinds: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    """``{later: (earlier, "30 days", evidence)}`` for each date column that is another of its row (of the same
    kind, date or datetime) plus one positive whole-second gap on ``SHARE`` of the rows holding them (a due
    date 30 days after the invoice, a slot's end 45 minutes after its start), present wherever the earlier one
    is; of several earlier columns, the one with the highest share, then the smallest gap (the step before)."""
    found: dict[str, tuple[float, int, str, str, str]] = {}
    for a, b, micros in _pairs(stamps):
        if kinds.get(a) != kinds.get(b):
            continue
        held = micros.is_not_null()
        n = int(held.sum())
        if n < MIN_ROWS or int((stamps[a].is_null() != stamps[b].is_null()).sum()):
            continue
        top = micros.filter(held).value_counts(sort=True)
        gap, count = int(top[0, 0]), int(top[0, 1])
        share = count / n
        if share < SHARE or gap <= 0 or gap % 1_000_000:
            continue
        seconds = gap // 1_000_000
        size, unit = next((size, unit) for size, unit in _GAP_UNITS if seconds % size == 0)
        amount = f"{seconds // size} {unit}"
        why = f"{100 * share:.1f}% of {n:,} rows: {a} + {amount}"
        best = found.get(b)
        if best is None or (share, -gap) > (best[0], -best[1]):
            found[b] = (share, gap, a, amount, why)
    return {b: (a, amount, why) for b, (_, _, a, amount, why) in found.items()}


def elapsed_expression(start: str, end: str, unit: int) -> str:
    """``X:YY`` from the whole ``unit``-second steps from ``start`` to ``end`` (60: hours:minutes)."""
    # seconds by EXTRACT(EPOCH ...), whatever unit the date-times are held in (ns, us, ms); rounded to the
    # microsecond before the floor: the epochs are floats (a step of 2e-7 s in this century), whose difference
    # can fall just short of a whole unit (17879.99999)
    seconds = f"ROUND(EXTRACT(EPOCH FROM {end}) - EXTRACT(EPOCH FROM {start}), 6)"
    steps = f"FLOOR({seconds} / {unit})" if unit != 1 else f"FLOOR({seconds})"
    return f"CAST(FLOOR({steps} / 60) AS INT)::TEXT || ':' || RIGHT('0' || CAST(MOD({steps}, 60) AS INT)::TEXT, 2)"


# a number of elapsed units: seconds in the unit, its name in the evidence (issue 13, the support desk's
# ``response_hours``: hours from creation to first response, to 2 decimals, learned as a lognormal number
# that agreed with its own two dates on a quarter of sampled rows)
_NUMBER_UNITS = ((1, "seconds"), (60, "minutes"), (3600, "hours"), (86400, "days"))
NUMBER_SHARE = 0.99  # rows (holding all three) where the number is the elapsed time, within its rounding
_PROBE = 200  # rows a reading is tried on before all rows


def find_elapsed_number(
    values: pl.Series, stamps: dict[str, pl.Series], decimals: int
) -> tuple[str, str, int, str, str] | None:
    """``(start, end, unit seconds, rounding, evidence)`` when the number ``values`` is the time from
    ``start`` to ``end`` (date or date-time columns of the row, aligned) in ``unit`` seconds, rounded to
    ``decimals`` (``round``), cut to whole units (``floor``) or rounded and 0 where ``start`` is later
    (``past``: days late), on ``NUMBER_SHARE`` of the rows holding all
    three; None otherwise. A number the dates explain only on rows where it is constant is not one: it needs
    ``MIN_ROWS`` rows and three distinct values."""
    v = values.cast(pl.Float64)
    if v.drop_nulls().len() < MIN_ROWS or v.drop_nulls().n_unique() < 3:
        return None
    tol = 10.0 ** (-decimals) / 4 + 1e-9
    step = 10.0 ** (-decimals) * 1.01
    best: tuple[str, str, int, str, str] | None = None
    top = 0.0
    for a, b, micros in _pairs(stamps):
        held = v.is_not_null() & micros.is_not_null()
        n = int(held.sum())
        if n < MIN_ROWS:
            continue
        # the first rows holding both first: a reading off on more than a few of them is not tried in full
        # (a wide table's numbers against every pair of its dates)
        head = held & (held.cum_sum() <= _PROBE)
        for unit, name in _NUMBER_UNITS:
            x = micros.cast(pl.Float64) / (unit * 1_000_000)
            # "past": the time past a date, 0 before it (a loan's days late: max(returned - due, 0))
            past = bool((x.filter(held) < 0).any())
            readings = (("round", x.round(decimals)), ("floor", x.floor()), ("past", x.round(decimals).clip(0)))
            for how, got in readings:
                if how == "floor" and decimals or how == "past" and not past:
                    continue
                if stat(((got - v).abs() <= step).filter(head).mean()) < NUMBER_SHARE - 0.05:
                    continue
                off = (got - v).abs().filter(held)
                # within one step of its rounding (date-times written to whole seconds move a rounded
                # number by a step: 2% of the support desk's hours), ranked by exact agreement
                share, exact = stat((off <= step).mean()), stat((off <= tol).mean())
                if share >= NUMBER_SHARE and exact > top:
                    cut = f"to {decimals} decimals" if how != "floor" else "in whole units"
                    cut += ", 0 where the first is later" if how == "past" else ""
                    why = f"{100 * share:.1f}% of {n:,} rows: the {name} from {a} to {b}, {cut}"
                    best, top = (a, b, unit, how, why), exact
    return best


def elapsed_number_expression(start: str, end: str, unit: int, how: str, decimals: int, *, dates: set[str]) -> str:
    """The ``unit``-second steps from ``start`` to ``end`` as a number: rounded to ``decimals`` or floored
    (an integer column). ``dates``: the columns held as dates (cast to date-times for their epoch)."""

    def epoch(c: str) -> str:
        return f"EXTRACT(EPOCH FROM CAST({c} AS TIMESTAMP))" if c in dates else f"EXTRACT(EPOCH FROM {c})"

    steps = f"(({epoch(end)} - {epoch(start)}) / {float(unit)})"
    if how == "past":
        steps = f"(CASE WHEN {steps} < 0 THEN 0.0 ELSE {steps} END)"  # not GREATEST: it would fill nulls with 0
    if how == "floor":
        return f"CAST(FLOOR(ROUND({steps}, 6)) AS BIGINT)"
    if decimals == 0:
        return f"CAST(ROUND({steps}, 0) AS BIGINT)"
    return f"ROUND({steps}, {decimals})"
