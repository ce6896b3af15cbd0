"""Conditional sampling: fixed values, SQL conditions, class rebalancing.

A condition on the columns a model draws first is exact and free: their codes are
set instead of drawn and every later column is drawn given them. Any other
condition is met by drawing more rows and keeping the matching ones (exact in
distribution, and deterministic: rows are drawn in a fixed order of row ids).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.errors import Location, SpecError, did_you_mean
from simulacra.synth._table import LearnedTable, unsatisfiable

__all__ = [
    "Condition",
    "filtered_sample",
    "parse_rebalance",
    "parse_where",
    "rebalance_codes",
    "split_where",
]

_WHERE_BASE = 1 << 44  # row ids used while filtering by a condition (apart from plain sampling's)
_TABLE_PREFIX = re.compile(r"""^\s*"?([A-Za-z_][\w\-]*)"?\s*:(?!:)\s*(.*)$""", re.S)


def split_where(
    where: str | Sequence[str] | Mapping[str, str] | None, tables: Sequence[str], default: str
) -> dict[str, str]:
    """Conditions per table: ``"SQL"`` holds for ``default`` (the root table, or ``--table``), ``"TABLE: SQL"``
    for that table; several conditions on one table must all hold. An unknown table name is an error naming
    the tables there are (a ``::`` cast is not a table prefix)."""
    if not where:
        return {}
    if isinstance(where, Mapping):
        items: Iterable[tuple[str | None, str]] = list(where.items())
    else:
        texts = [where] if isinstance(where, str) else list(where)
        items = []
        for text in texts:
            hit = _TABLE_PREFIX.match(text)
            items.append((hit.group(1), hit.group(2)) if hit else (None, text))
    out: dict[str, list[str]] = {}
    for name, predicate in items:
        tname = default if name is None else name
        if tname not in tables:
            raise SpecError(
                f"condition {predicate!r}: the model has no table '{tname}'; its tables are {list(tables)}"
                + did_you_mean(tname, tables),
                location=Location(table=tname),
            )
        if not predicate.strip():
            raise SpecError(f"condition on table '{tname}' is empty", location=Location(table=tname))
        out.setdefault(tname, []).append(predicate.strip())
    return {t: ps[0] if len(ps) == 1 else " AND ".join(f"({p})" for p in ps) for t, ps in out.items()}


class Condition:
    """A SQL condition every sampled row of one table meets: checked against the table's columns when made,
    then used as an ``accept`` hook (rows that fail are redrawn from the model, row by row, deterministic per
    seed). ``failing``: rows that failed it at the last call (to name the condition when redraws run out).
    ``attempts``: redraws per row (a condition 5% of rows meet leaves one of a million rows after 400)."""

    attempts = 400
    hopeless = 20  # draws in which no row met it: impossible, said at once rather than after every redraw

    def __init__(self, predicate: str, table: str, learned: Sequence[str], columns: Sequence[str]) -> None:
        self.predicate, self.table = predicate, table
        try:
            self.expr = pl.sql_expr(predicate)
            names = self.expr.meta.root_names()
        except Exception as exc:  # polars raises several types for bad SQL
            raise SpecError(f"cannot parse condition {predicate!r}: {exc}", location=Location(table=table)) from exc
        for name in names:
            if name not in columns:
                raise SpecError(
                    f"condition {predicate!r}: table '{table}' has no column '{name}'; its columns are "
                    f"{list(columns)}" + did_you_mean(name, columns),
                    location=Location(table=table, column=name),
                )
            if name not in learned:
                raise SpecError(
                    f"condition {predicate!r}: '{name}' is made by rules (a key, personal data, text...), not "
                    f"drawn from the model, so rows cannot be redrawn to meet it; conditions can name the learned "
                    f"columns of '{table}': {list(learned)}",
                    location=Location(table=table, column=name),
                )
        self.failing = self.calls = self.passed = 0

    def mask(self, frame: pl.DataFrame) -> NDArray[np.bool_]:
        """Rows that meet the condition (null counts as not)."""
        try:
            ok = frame.select(self.expr.alias("__m")).to_series().fill_null(False).to_numpy().astype(bool)
        except Exception as exc:
            raise SpecError(
                f"cannot evaluate condition {self.predicate!r}: {exc}", location=Location(table=self.table)
            ) from exc
        self.failing = int((~ok).sum())
        self.calls += 1
        self.passed += len(ok) - self.failing
        if self.calls >= self.hopeless and not self.passed:
            raise unsatisfiable(
                f"condition {self.predicate!r}: no sampled row met it in {self.calls} draws from the model "
                "(impossible, or too rare, for the values the model learned)",
                table=self.table,
            )
        return ok


def filtered_sample(
    table: LearnedTable, n: int, stream: Stream, predicate: str, chunk_size: int = 100_000
) -> tuple[pl.DataFrame, NDArray[np.int32]]:
    """``n`` rows matching ``predicate`` (SQL over the table's columns), in row-id order."""
    try:
        expr = pl.sql_expr(predicate)
    except Exception as exc:  # polars raises several types for bad SQL
        raise SpecError(f"cannot parse condition {predicate!r}: {exc}", location=Location(table=table.name)) from exc
    frames: list[pl.DataFrame] = []
    codes: list[NDArray[np.int32]] = []
    got, drawn, batch = 0, 0, max(1000, min(chunk_size, n))
    while got < n:
        r = np.arange(_WHERE_BASE + drawn, _WHERE_BASE + drawn + batch, dtype=np.int64)
        frame, c, _ = table.sample(r, stream)
        try:
            mask = frame.select(expr.alias("__m")).to_series().fill_null(False).to_numpy().astype(bool)
        except Exception as exc:
            raise SpecError(
                f"cannot evaluate condition {predicate!r}: {exc}", location=Location(table=table.name)
            ) from exc
        take = np.flatnonzero(mask)[: n - got]
        frames.append(frame[take])
        codes.append(c[take])
        got += len(take)
        drawn += batch
        if got < n and drawn >= max(100_000, 200 * n):
            raise unsatisfiable(
                f"condition {predicate!r} matches {got / drawn:.3%} of sampled rows; "
                f"{got} of {n} rows found after {drawn:,} draws",
                table=table.name,
            )
    if not frames:
        empty = np.zeros((0, len(table.columns)), np.int32)
        return table.decode(empty, np.zeros(0, np.int64), stream), empty
    return pl.concat(frames), np.concatenate(codes)


def rebalance_codes(
    table: LearnedTable, rebalance: Mapping[str, Mapping[Any, float]], n: int, stream: Stream
) -> dict[str, NDArray[np.int32]]:
    """Codes for rebalanced columns: the asked shares, the rest of the mass spread as the model had it."""
    out: dict[str, NDArray[np.int32]] = {}
    for pos, (col, shares) in enumerate(rebalance.items()):
        if col not in table.columns:
            raise SpecError(
                f"cannot rebalance '{col}': not a learned column" + _hint(col, table.columns),
                location=Location(table=table.name, column=col),
            )
        _require_categories(table, col)
        if table.columns.index(col) != pos:
            raise SpecError(
                f"cannot rebalance '{col}' exactly: fit with first=['{col}'] (CLI: fit --first {col}) "
                "so the model draws it before the columns that depend on it",
                location=Location(table=table.name, column=col),
            )
        enc = table.encoders[col]
        target = np.array(marginal(table, col), dtype=np.float64)
        fixed_mass = 0.0
        for value, share in shares.items():
            if not 0 <= share <= 1:
                raise SpecError(
                    f"share for {col}={value!r} must be in [0, 1], got {share}",
                    location=Location(table=table.name, column=col),
                )
            if value not in enc.categories:
                raise SpecError(
                    f"cannot rebalance {col}={value!r}: not a learned category{_hint(value, enc.categories)}",
                    location=Location(table=table.name, column=col),
                )
            target[enc.categories.index(value)] = -share
            fixed_mass += share
        if fixed_mass > 1 + 1e-9:
            raise SpecError(
                f"rebalance shares for '{col}' add up to {fixed_mass:.3f} > 1",
                location=Location(table=table.name, column=col),
            )
        free = target >= 0
        rest = target[free].sum()
        target[free] = target[free] / rest * (1 - fixed_mass) if rest > 0 else 0.0
        target[~free] = -target[~free]
        cum = np.cumsum(target / target.sum())
        cum[-1] = 1.0
        u = stream.child(table.name, col, "rebalance").uniform(np.arange(n, dtype=np.int64))
        out[col] = np.minimum(np.searchsorted(cum, u, side="right"), len(cum) - 1).astype(np.int32)
    return out


def marginal(table: LearnedTable, col: str) -> NDArray[np.float64]:
    """The code distribution of a column in the training data (not one tree leaf's: a column drawn
    second is conditioned on the first, so its tree's leaves are not its marginal)."""
    counts = table.marginals[table.columns.index(col)]
    return counts / counts.sum()


_EQ = re.compile(r"""^\s*"?([A-Za-z_][\w\-]*)"?\s*=\s*('(?:[^']|'')*'|-?\d+(?:\.\d+)?|true|false)\s*$""", re.I)


def equality(part: str) -> tuple[str, Any] | None:
    """``column = literal`` read as the column and the literal's value (a quoted string with ``''`` for a quote, a
    number, true or false); None for anything else."""
    m = _EQ.match(part)
    if not m:
        return None
    col, lit = m.group(1), m.group(2)
    if lit.startswith("'"):
        return col, lit[1:-1].replace("''", "'")
    if lit.lower() in ("true", "false"):
        return col, lit.lower() == "true"
    return col, float(lit) if "." in lit else int(lit)


def parse_where(where: str | None, table: LearnedTable) -> tuple[dict[str, int], str | None]:
    """A conjunction of ``column = literal`` on the columns the model draws first becomes fixed codes
    (exact and free); anything else stays a predicate to filter by (exact, if slower)."""
    if not where:
        return {}, None
    parts = re.split(r"\s+AND\s+", where.strip(), flags=re.I)
    fixed: dict[str, int] = {}
    for part in parts:
        eq = equality(part)
        if eq is None or eq[0] not in table.encoders:
            return {}, where
        col, value = eq
        enc = table.encoders[col]
        if enc.kind not in ("categorical", "boolean"):
            return {}, where
        if value not in enc.categories:
            raise SpecError(
                f"condition {part.strip()!r}: value {value!r} is not a learned category of '{col}'"
                f"{_hint(value, enc.categories)}",
                location=Location(table=table.name, column=col),
            )
        fixed[col] = enc.categories.index(value)
    if not all(table.columns.index(c) < len(fixed) for c in fixed):
        return {}, where  # a later column: the ones drawn before it would not follow the condition
    return fixed, None


def parse_rebalance(items: Sequence[str], table: LearnedTable | None = None) -> dict[str, dict[Any, float]]:
    """``COL=SHARE`` (the rarest class of COL gets SHARE) or ``COL:VALUE=SHARE``."""
    out: dict[str, dict[Any, float]] = {}
    for item in items:
        if "=" not in item:
            raise SpecError(f"rebalance {item!r}: expected COL=SHARE or COL:VALUE=SHARE")
        left, share_text = item.rsplit("=", 1)
        try:
            share = float(share_text)
        except ValueError as exc:
            raise SpecError(f"rebalance {item!r}: share {share_text!r} is not a number") from exc
        if ":" in left:
            col, value = left.split(":", 1)
            out.setdefault(col.strip(), {})[value.strip()] = share
        else:
            col = left.strip()
            if table is None or col not in table.encoders:
                raise SpecError(f"rebalance {item!r}: '{col}' is not a learned column")
            enc = table.encoders[col]
            _require_categories(table, col)
            base = marginal(table, col)
            present = [i for i in range(len(enc.categories)) if base[i] > 0]
            if not present:
                raise SpecError(
                    f"rebalance {item!r}: '{col}' has no learned category to rebalance",
                    location=Location(table=table.name, column=col),
                )
            rarest = min(present, key=lambda i: base[i])
            out.setdefault(col, {})[enc.categories[rarest]] = share
    return out


def _require_categories(table: LearnedTable, col: str) -> None:
    """Rebalancing sets the shares of classes: a number or a date has none, so say what to do instead."""
    enc = table.encoders[col]
    if enc.kind in ("categorical", "boolean"):
        return
    what = {"numeric": "a number", "date": "a date", "datetime": "a date-time"}.get(str(enc.kind), str(enc.kind))
    raise SpecError(
        f"cannot rebalance '{col}': it is {what}, and rebalancing sets the shares of the classes of a "
        f'categorical or boolean column; condition on a range instead (--where "{col} >= VALUE"), or '
        f"rebalance a categorical column",
        location=Location(table=table.name, column=col),
    )


def _hint(value: Any, choices: Sequence[Any]) -> str:
    return did_you_mean(str(value), [str(c) for c in choices])
