"""Bounded work: how big an output (or a sample) will be, checked before anything is generated.

``rows: 1000000000000`` or ``--scale 1e12`` would otherwise write into a hidden temp file
until the disk is full. ``estimate_output`` turns a plan, its column types and the scale
into expected rows and bytes per table (per-parent tables from the mean of their count
distribution); ``check_output_budget`` refuses, before any work, a scale that is not a
finite number, a table larger than ``MAX_ROWS`` and an output larger than the free space
where it goes (SinkError, exit 5, with the size and a way out).
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from simulacra._scaled_rows import scaled_rows
from simulacra.errors import Location, Problem, SinkError, SpecError, SpecValidationError
from simulacra.spec import model as m
from simulacra.spec.plan import Plan

__all__ = ["OutputEstimate", "check_output_budget", "check_scale", "estimate_output", "free_bytes"]

_GRID = (np.arange(512, dtype=np.float64) + 0.5) / 512


@dataclass
class OutputEstimate:
    rows: dict[str, float] = field(default_factory=dict)
    bytes: dict[str, float] = field(default_factory=dict)

    @property
    def total_rows(self) -> float:
        return float(sum(self.rows.values()))

    @property
    def total_bytes(self) -> float:
        return float(sum(self.bytes.values()))


def check_scale(scale: float) -> float:
    """``scale`` as a float; SpecError (exit 2) when it is not a finite number >= 0."""
    try:
        value = float(scale)
    except (TypeError, ValueError):
        raise SpecError(f"scale must be a number >= 0 (found {scale!r})") from None
    if not math.isfinite(value) or value < 0:
        raise SpecError(f"scale must be a finite number >= 0 (found {scale!r})")
    return value


def _mean_count(d: m.Distribution) -> float:
    from simulacra.generation.distributions import sample

    with np.errstate(all="ignore"):
        x = sample(d, _GRID)
    x = x[np.isfinite(x)]
    return float(np.clip(x, 0, None).mean()) if x.size else 0.0


def _bytes_per_value(dtype: pl.DataType) -> float:
    if dtype == pl.String:
        return 16.0
    if dtype == pl.Boolean:
        return 1.0
    if dtype.is_numeric() or dtype.is_temporal():
        return 8.0
    return 16.0


def estimate_output(plan: Plan, schemas: dict[str, dict[str, pl.DataType]], scale: float = 1.0) -> OutputEstimate:
    """Expected rows and (uncompressed) bytes of every table; per-parent tables from their mean count."""
    est = OutputEstimate()
    for t in plan.order:
        rows = plan.tables[t].spec.rows
        if isinstance(rows, m.RowsPerParent) and rows.total is not None:  # the total is the table's rows exactly
            n = float(rows.scaled_total(scale) or 0)
        elif isinstance(rows, m.RowsPerParent):
            dists = [d for d in (rows.count, *rows.counts.values()) if d is not None]
            mean = max((_mean_count(d) for d in dists), default=0.0)
            if rows.process is not None:  # a process emits at most max_steps events per parent
                mean = max(mean, float(rows.process.max_steps))
            n = est.rows.get(rows.per, 0.0) * (1.0 - rows.zero_rate) * mean
        else:
            n = float(rows if getattr(plan.tables[t].spec, "static", False) else scaled_rows(rows, scale))
        est.rows[t] = n
        width = sum(_bytes_per_value(dt) for dt in schemas.get(t, {}).values()) or 8.0
        est.bytes[t] = n * width
    return est


def free_bytes(path: Path) -> int | None:
    """Free bytes on the file system that holds ``path`` (its nearest existing folder)."""
    p = path.expanduser().absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    try:
        return shutil.disk_usage(p).free
    except OSError:
        return None


def free_memory() -> int | None:
    from simulacra._limits import available_memory

    return available_memory()


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if n < 1024 or unit == "PB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} PB"  # pragma: no cover


def check_output_budget(plan: Plan, estimate: OutputEstimate, *, path: Path | None, in_memory: bool = False) -> None:
    """Refuse, before any work, a table beyond ``MAX_ROWS`` or an output larger than the free space.

    ``path``: the file or folder written (None for a server database, whose space is not known here).
    """
    problems = []
    for t, n in estimate.rows.items():
        if n > m.MAX_ROWS:
            loc = plan.index.location(("tables", t, "rows"), table=t)
            problems.append(
                Problem(
                    loc,
                    f"about {n:,.0f} rows is more than the {m.MAX_ROWS:,} a table may have; "
                    "lower rows, the counts per parent or --scale",
                )
            )
    if problems:
        raise SpecValidationError(problems)
    need = estimate.total_bytes
    if in_memory:
        free = free_memory()
        if free is not None and need > free:
            raise SpecError(
                f"the dataset would take about {_size(need)} in memory and {_size(free)} is free; "
                "write it to an output instead, or lower --scale",
                location=Location(file=plan.index.file),
            )
        return
    if path is None:
        return
    free = free_bytes(path)
    if free is not None and need > free:
        raise SinkError(
            f"{path}: the output would take about {_size(need)} and only {_size(free)} is free there; "
            "lower --scale, write somewhere with more space, or pass --yes to try anyway"
        )


def check_sample_budget(synth: object, *, scale: float, n_rows: int | None) -> float:
    """``scale`` checked (finite, >= 0) and the sampled tables bounded by ``MAX_ROWS`` and free memory."""
    checked = check_scale(scale)
    scale = checked
    tables = getattr(synth, "tables_", {}) or {}
    spec = getattr(synth, "spec_", None)
    if n_rows is not None and n_rows > m.MAX_ROWS:
        raise SpecError(f"n_rows must be at most {m.MAX_ROWS:,} (found {n_rows:,})")
    if n_rows is not None and tables:
        first = next((t for t, tm in tables.items() if getattr(tm, "parent", None) is None), None)
        if first is not None:
            scale = n_rows / max(int(getattr(tables[first], "n_rows", 1) or 1), 1)
    need = 0.0
    for t, tm in tables.items():
        n = float(getattr(tm, "n_rows", 0) or 0) * scale
        if n > m.MAX_ROWS:
            raise SpecError(
                f"about {n:,.0f} rows is more than the {m.MAX_ROWS:,} a table may have; lower --scale or --n-rows",
                location=Location(table=t),
            )
        columns = len(spec.tables[t].columns) if spec is not None and t in getattr(spec, "tables", {}) else 1
        need += n * 8.0 * max(columns, 1)
    free = free_memory()
    if free is not None and need > free:
        raise SpecError(
            f"sampling would take about {_size(need)} in memory and {_size(free)} is free; lower --scale or --n-rows"
        )
    return checked
