"""A learned model sampled with a reviewed spec that sets ``rows.total`` with ``by``/``counts`` (issue 13, learn59).

The user reviews the draft ``inspect`` wrote and says how many children in all and, per value of a parent column,
how many each parent may have (a cancelled performance none). ``generate`` spreads the total within each value's
reach (engine-total57); this measures what ``fit`` → ``sample`` does with the same rule. Planted sources (each
parent value's children drawn from its own law, some children where the reviewed spec says none: tickets sold
before a performance was called off); per shape and seed: the rows sampled against the total asked, the share of
parents whose count is outside their value's reach, and the children of parents whose value is counted
``fixed: 0``.

Splits (written and committed before the fix, run once before and once after it):

* dev: shapes ``theatre`` and ``clinic``, seeds 1, 2, 3;
* test (held out): shape ``warehouse`` at seeds 1, 2, 3, and every shape at seeds 7, 8.

    PYTHONPATH=<src> python benchmarks/learned_total_by_value.py --split dev
    PYTHONPATH=<src> python benchmarks/learned_total_by_value.py --split test
"""

from __future__ import annotations

import argparse
import copy
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from simulacra import DatasetSynthesizer
from simulacra.generation.totals import count_reach
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey, Source
from simulacra.spec.model import DatasetSpec, Distribution


@dataclass(frozen=True)
class Shape:
    parent: str
    pk: str
    by: str
    child: str
    ck: str
    n_parent: int
    values: dict[str, float]  # value -> its share of parents
    source: dict[str, tuple[float, int]]  # value -> (Poisson mean of its children in the source, least)
    count: dict[str, Any]  # the reviewed 'count' (every value not in 'counts')
    counts: dict[str, dict[str, Any]]  # the reviewed 'counts'
    total: int  # the reviewed 'total'


SHAPES = {
    "theatre": Shape(
        "performances",
        "performance_id",
        "status",
        "tickets",
        "ticket_id",
        300,
        {"scheduled": 0.5, "completed": 0.3, "cancelled": 0.2},
        {"scheduled": (12.0, 0), "completed": (14.0, 0), "cancelled": (1.0, 0)},
        {"distribution": "uniform", "low": 5, "high": 25},
        {"cancelled": {"distribution": "fixed", "value": 0}},
        3600,
    ),
    "clinic": Shape(
        "doctors",
        "doctor_id",
        "state",
        "appointments",
        "appointment_id",
        240,
        {"active": 0.7, "on_leave": 0.2, "retired": 0.1},
        {"active": (20.0, 2), "on_leave": (3.0, 0), "retired": (0.5, 0)},
        {"distribution": "poisson", "lam": 20, "min": 8, "max": 40},
        {"on_leave": {"distribution": "fixed", "value": 0}, "retired": {"distribution": "fixed", "value": 0}},
        4000,
    ),
    "warehouse": Shape(  # held out
        "shelves",
        "shelf_id",
        "kind",
        "boxes",
        "box_id",
        400,
        {"small": 0.6, "large": 0.3, "blocked": 0.1},
        {"small": (2.5, 0), "large": (9.0, 1), "blocked": (0.7, 0)},
        {"distribution": "fixed", "value": 0},
        {
            "small": {"distribution": "categorical", "values": [0, 1, 2, 3], "weights": [0.1, 0.3, 0.3, 0.3]},
            "large": {"distribution": "uniform", "low": 4, "high": 13},
        },
        1500,
    ),
}

SPLITS = {
    "dev": [(s, seed) for s in ("theatre", "clinic") for seed in (1, 2, 3)],
    "test": [("warehouse", seed) for seed in (1, 2, 3)] + [(s, seed) for s in SHAPES for seed in (7, 8)],
}


def planted(shape: Shape, seed: int, n_parent: int | None = None) -> dict[str, pl.DataFrame]:
    """A parent with its ``by`` value and the children each value's parents have in the source (a
    Poisson draw, at least the least). ``tests/unit/synth/test_total_reach_learned.py`` plants its own shapes
    with this too."""
    rng = np.random.default_rng(seed)
    n = n_parent or shape.n_parent
    names = list(shape.values)
    value = rng.choice(names, n, p=np.array([shape.values[v] for v in names]))
    lam = np.array([shape.source[v][0] for v in value])
    least = np.array([shape.source[v][1] for v in value])
    k = np.maximum(rng.poisson(lam), least)
    parent = pl.DataFrame(
        {
            shape.pk: np.arange(1, n + 1),
            shape.by: value,
            "opened": rng.integers(2000, 2024, n),
        }
    )
    pid = np.repeat(np.arange(1, n + 1), k)
    child = pl.DataFrame(
        {
            shape.ck: np.arange(1, len(pid) + 1),
            shape.pk: pid,
            "amount": np.round(rng.gamma(3.0, 10.0, len(pid)), 2),
        }
    )
    return {shape.parent: parent, shape.child: child}


def source(shape: Shape, frames: dict[str, pl.DataFrame], name: str) -> Source:
    """The planted frames as a source with the shape's keys declared."""
    return Source(
        location=name,
        kind="folder",
        frames=frames,
        primary_keys={shape.parent: [shape.pk], shape.child: [shape.ck]},
        foreign_keys=[ForeignKey(shape.child, shape.pk, shape.parent, shape.pk)],
        fingerprint=name,
    )


def reviewed(shape: Shape, frames: dict[str, pl.DataFrame], name: str, **rows: Any) -> DatasetSpec:
    """The draft ``inspect`` writes, with the child's rows as the user reviewed them (``rows`` overrides the
    shape's; ``None`` leaves a key out)."""
    data = copy.deepcopy(inspect(source(shape, frames, name)).spec_data)
    want = {"per": shape.parent, "by": shape.by, "count": shape.count, "counts": shape.counts, "total": shape.total}
    want.update(rows)
    data["tables"][shape.child]["rows"] = {k: v for k, v in want.items() if v is not None}
    return DatasetSpec.model_validate(data)


def measure(shape: Shape, out: dict[str, pl.DataFrame]) -> dict[str, Any]:
    p, c = out[shape.parent], out[shape.child]
    got = (
        p.select(shape.pk, shape.by)
        .join(c.group_by(shape.pk).len(), on=shape.pk, how="left")
        .with_columns(pl.col("len").fill_null(0))
    )
    reach = {v: count_reach(Distribution.model_validate(d)) for v, d in shape.counts.items()}
    rest = count_reach(Distribution.model_validate(shape.count))
    lo = np.array([reach.get(v, rest)[0] for v in got[shape.by].to_list()])
    hi = np.array([reach.get(v, rest)[1] for v in got[shape.by].to_list()])
    n = got["len"].to_numpy()
    zero = [v for v, d in shape.counts.items() if d == {"distribution": "fixed", "value": 0}]
    return {
        "rows": c.height,
        "outside": float(np.mean((n < lo) | (n > hi))),
        "of_zero": int(got.filter(pl.col(shape.by).is_in(zero))["len"].sum()),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=list(SPLITS), default="dev")
    args = ap.parse_args()
    print(
        "| shape | seed | total asked | rows sampled | parents outside their value's reach | children of a fixed-0 value |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    cpu, wall = time.process_time(), time.perf_counter()
    for name, seed in SPLITS[args.split]:
        shape = SHAPES[name]
        frames = planted(shape, seed)
        try:
            spec = reviewed(shape, frames, f"{name}{seed}")
            out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
        except Exception as exc:  # noqa: BLE001 - a refusal is a result here
            print(f"| {name} | {seed} | {shape.total} | refused: {type(exc).__name__}: {str(exc)[:160]} | | |")
            continue
        r = measure(shape, out)
        print(f"| {name} | {seed} | {shape.total} | {r['rows']} | {r['outside']:.3f} | {r['of_zero']} |")
    print(f"\n{time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
