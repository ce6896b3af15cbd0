"""A flag that is a comparison of its row: ``sla_breached`` = ``response_hours > sla_hours`` (issue 13, the
support desk: learned as an independent boolean, a sampled flag disagreed with its own hours on 3% of rows,
every breach among them). ``inspect`` drafts it as an ``expression`` over the two columns, made after them.

Guards against a false rule: enough rows, both the flag's values seen ``MIN_CLASS`` times or more (so the
comparison is not true of every row by the columns' ranges), agreement on ``SHARE`` of the rows holding all
three, and no row where the flag holds a value and the comparison cannot (an operand missing). A flag that
is one column against a number (``amount > 1000``) is a band of that number, drafted by ``_bands`` (one cut)
for ``inspect``; a learned model learns it with its row.
"""

from __future__ import annotations

import polars as pl

from simulacra._frames import stat

__all__ = ["MIN_CLASS", "SHARE", "find_comparison"]

SHARE = 0.999
MIN_ROWS = 50
MIN_CLASS = 10  # rows of each of the flag's two values needed
_OPS = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b}


def find_comparison(flag: pl.Series, operands: dict[str, pl.Series]) -> tuple[str, str, str, str] | None:
    """``(left, op, right, evidence)`` when the 0/1 (or boolean) ``flag`` is ``left op right`` on the rows
    (two columns of ``operands``); None otherwise. ``operands``: numbers,
    or dates as ``Datetime``, aligned to the flag."""
    f = flag.cast(pl.Boolean, strict=False) if flag.dtype != pl.Boolean else flag
    held_flag = f.is_not_null()
    n = int(held_flag.sum())
    if n < MIN_ROWS or f.null_count() != flag.null_count():
        return None
    ones = int(f.fill_null(False).sum())
    if min(ones, n - ones) < MIN_CLASS:
        return None
    best: tuple[str, str, str, str] | None = None
    top = 0.0
    names = list(operands)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            sa, sb = operands[a], operands[b]
            if sa.dtype.is_numeric() != sb.dtype.is_numeric():
                continue
            held = held_flag & sa.is_not_null() & sb.is_not_null()
            if int(held.sum()) < n * SHARE:  # the flag holds a value where the comparison cannot
                continue
            x, y = (sa.cast(pl.Float64), sb.cast(pl.Float64)) if sa.dtype.is_numeric() else (sa, sb)
            for op, fn in _OPS.items():
                agree = stat((fn(x, y) == f).filter(held).mean())
                if agree >= SHARE and agree > top:
                    why = f"{100 * agree:.2f}% of {int(held.sum()):,} rows ({ones:,} true): {a} {op} {b}"
                    best, top = (a, op, b, why), agree
    return best


def find_sign_category(
    values: pl.Series, operands: dict[str, pl.Series]
) -> tuple[str, str, dict[int, str], str] | None:
    """``(left, right, {sign: value}, evidence)`` when the text category ``values`` (two or three values) is
    decided by the sign of ``left - right`` on ``SHARE`` of the rows holding all three: a match's result H, D
    or A as the home side scored more, as many or fewer goals; a trade's side, a reading's trend. Each of the
    category's values is seen ``MIN_CLASS`` times or more, and two signs that were both seen give different
    values unless the category has only two (``win`` where more, ``no win`` otherwise). A sign never seen
    (no draws) takes the value of the nearer side below (``<``) in the drafted rule."""
    if values.dtype not in (pl.String, pl.Categorical, pl.Enum):
        return None
    v = values.cast(pl.String)
    held_v = v.is_not_null()
    n = int(held_v.sum())
    counts = v.drop_nulls().value_counts()
    if n < MIN_ROWS or not 2 <= counts.height <= 3 or min(counts["count"].to_list()) < MIN_CLASS:
        return None
    names = [c for c, s in operands.items() if s.dtype.is_numeric()]
    best: tuple[str, str, dict[int, str], str] | None = None
    top = 0.0
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            sa, sb = operands[a], operands[b]
            held = held_v & sa.is_not_null() & sb.is_not_null()
            if int(held.sum()) < n * SHARE:
                continue
            frame = pl.DataFrame({"s": (sa.cast(pl.Float64) - sb.cast(pl.Float64)).sign(), "v": v}).filter(held)
            by = frame.group_by("s", "v").len().sort("len", descending=True).unique("s", keep="first")
            mapping = {
                int(s): str(val) for s, val in zip(by["s"].cast(pl.Int64).to_list(), by["v"].to_list(), strict=True)
            }
            agree = float(by["len"].sum()) / frame.height
            if agree < SHARE or len(set(mapping.values())) != counts.height:
                continue
            if counts.height == 3 and len(mapping) < 3:
                continue
            if agree > top:
                why = f"{100 * agree:.2f}% of {frame.height:,} rows: " + ", ".join(
                    f"{mapping[s]!r} where {a} {op} {b}" for s, op in ((1, ">"), (0, "="), (-1, "<")) if s in mapping
                )
                best, top = (a, b, mapping, why), agree
    return best
