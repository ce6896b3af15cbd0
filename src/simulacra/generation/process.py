"""Processes: a state machine run once per parent row, one event row per state entered.

A parent's path is a pure function of (seed, table, parent row, step): at step ``k`` the
next state is drawn with the uniform of stream ``(table, "__process__", "next", k)`` at
the parent's row index, and the time spent in the state with ``(..., "dwell", k)``. So the
number of events per parent (drawn when the parent is made) and the events themselves
(made later, in chunks of the child table) agree, whatever the chunk size.

Events are emitted in step order; their times never decrease (dwell times are >= 0), so
rows sorted by time keep step order for ties: ties are broken by ``step``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.generation import distributions
from simulacra.spec import model as m

__all__ = ["CompiledProcess", "compile_process", "dtype_of_field"]

_UNIT_US = {
    "seconds": 1_000_000,
    "minutes": 60_000_000,
    "hours": 3_600_000_000,
    "days": 86_400_000_000,
    "weeks": 604_800_000_000,
}


def dtype_of_field(spec: m.ProcessColumn) -> pl.DataType:
    return {"state": pl.String(), "previous": pl.String(), "at": pl.Datetime("us"), "step": pl.Int64()}[spec.field]


@dataclass(frozen=True)
class _Variant:
    cumulative: NDArray[np.float64]  # (states, states) cumulative transition rows; absorbing rows all NaN
    absorbing: NDArray[np.bool_]
    dwell: tuple[m.Offset | None, ...]


@dataclass(frozen=True)
class CompiledProcess:
    """A process with its states numbered; variant 0 is the base, 1.. follow ``variant_names``."""

    states: tuple[str, ...]
    start: int
    max_steps: int
    variants: tuple[_Variant, ...]
    variant_names: tuple[str, ...]

    def paths(
        self, parents: NDArray[np.int64], variant: NDArray[np.int64], stream: Stream, steps: int | None = None
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """(states, dwell_us, length) per parent: states[i, k] is the k-th state entered (-1 after the end)."""
        n = len(parents)
        k_max = self.max_steps if steps is None else min(steps, self.max_steps)
        states = np.full((n, k_max), -1, dtype=np.int64)
        dwell = np.zeros((n, k_max), dtype=np.int64)
        length = np.zeros(n, dtype=np.int64)
        cur = np.full(n, self.start, dtype=np.int64)
        alive = np.ones(n, dtype=bool)
        for k in range(k_max):
            if not alive.any():
                break
            states[alive, k] = cur[alive]
            length[alive] = k + 1
            d = np.zeros(n, dtype=np.float64)
            nxt = cur.copy()
            u_next = stream.child("next", k).uniform(parents)
            u_dwell = stream.child("dwell", k).uniform(parents)
            for v, var in enumerate(self.variants):
                vm = alive & (variant == v)
                if not vm.any():
                    continue
                for s in np.unique(cur[vm]):
                    sm = vm & (cur == s)
                    off = var.dwell[s]
                    if off is not None:
                        d[sm] = distributions.sample(off.as_distribution(), u_dwell[sm]) * _UNIT_US[off.unit]
                    if var.absorbing[s]:
                        nxt[sm] = -1
                    else:
                        idx = np.searchsorted(var.cumulative[s], u_next[sm], side="right")
                        nxt[sm] = np.minimum(idx, len(self.states) - 1)
            dwell[:, k] = (np.floor(np.maximum(np.nan_to_num(d), 0) / 1e6) * 1_000_000).astype(
                np.int64
            )  # whole seconds
            alive &= nxt >= 0
            cur = np.where(nxt >= 0, nxt, cur)
        return states, dwell, length

    def events(
        self,
        parents: NDArray[np.int64],
        step: NDArray[np.int64],
        variant: NDArray[np.int64],
        start_us: NDArray[np.int64],
        stream: Stream,
    ) -> dict[str, pl.Series]:
        """The fields of event ``step`` (0-based) of each row's parent."""
        uniq, inv = np.unique(parents, return_inverse=True)
        var_u = np.zeros(len(uniq), dtype=np.int64)
        var_u[inv] = variant
        need = int(step.max()) + 1 if len(step) else 0
        states, dwell, _ = self.paths(uniq, var_u, stream, steps=need)
        if len(step):
            times = np.concatenate([np.zeros((len(uniq), 1), dtype=np.int64), np.cumsum(dwell, axis=1)[:, :-1]], axis=1)
            st = states[inv, step]
            prev = np.where(step > 0, states[inv, np.maximum(step - 1, 0)], -1)
            at = start_us + times[inv, step]
        else:
            st = prev = at = np.zeros(0, dtype=np.int64)
        names = np.array(self.states + ("",), dtype=object)
        state_s = pl.Series(names[np.where(st < 0, len(self.states), st)].tolist(), dtype=pl.String)
        prev_s = pl.Series([None if p < 0 else self.states[p] for p in prev.tolist()], dtype=pl.String)
        return {
            "state": state_s,
            "previous": prev_s,
            "at": pl.Series(at.astype(np.int64)).cast(pl.Datetime("us")),
            "step": pl.Series((step + 1).astype(np.int64)),
        }


def _variant(states: tuple[str, ...], table: dict[str, m.StateSpec]) -> _Variant:
    n = len(states)
    cum = np.full((n, n), np.nan)
    absorbing = np.zeros(n, dtype=bool)
    dwell: list[m.Offset | None] = []
    for i, s in enumerate(states):
        spec = table.get(s, m.StateSpec())
        dwell.append(spec.dwell)
        if not spec.next:
            absorbing[i] = True
            continue
        w = np.zeros(n)
        for target, p in spec.next.items():
            w[states.index(target)] += p
        cum[i] = np.cumsum(w) / w.sum()
        cum[i, -1] = 1.0
    return _Variant(cum, absorbing, tuple(dwell))


def compile_process(spec: m.ProcessSpec) -> CompiledProcess:
    names: list[str] = list(spec.states)
    for st in spec.states.values():
        names += [t for t in st.next if t not in names]
    states = tuple(dict.fromkeys(names))
    base = dict(spec.states)
    variants = [_variant(states, base)]
    for var in spec.variants.values():
        variants.append(_variant(states, {**base, **var.states}))
    return CompiledProcess(states, states.index(spec.start), spec.max_steps, tuple(variants), tuple(spec.variants))


def parent_start_us(values: pl.Series) -> NDArray[np.int64]:
    """A parent's date or datetime as microseconds since the epoch (null: the epoch)."""
    s = values
    if s.dtype == pl.Date:
        s = s.cast(pl.Datetime("us"))
    elif isinstance(s.dtype, pl.Datetime):
        s = s.dt.cast_time_unit("us").dt.replace_time_zone(None) if s.dtype.time_zone else s.dt.cast_time_unit("us")
    else:
        s = s.cast(pl.String).str.to_datetime(strict=False).dt.cast_time_unit("us")
    return s.to_physical().fill_null(0).to_numpy().astype(np.int64)
