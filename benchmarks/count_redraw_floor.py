"""The noise floor of a children-per-parent check (1 - TVD) for a sample that draws the *source's own*
histogram: the parents' counts redrawn (multinomial) from the source's exact shares, scored against the source
as ``count_fidelity`` scores a sample. A sample at this figure keeps the shape as well as any random draw can.

    PYTHONPATH=src .venv/bin/python benchmarks/count_redraw_floor.py --db W/logistics.db \
        [--pair stops:routes:route_id --pair routes:drivers:driver_id] [--draws 2000]

``--pair child:parent:key`` (the key named alike in both tables); default: the parcel probe's stops per route
and routes per driver (``learn_heldout_logistics.py``).
"""

from __future__ import annotations

import argparse
import sqlite3

import numpy as np


def floor(db: str, child: str, parent: str, key: str, draws: int) -> tuple[int, int, float, float]:
    """(parents, distinct counts, mean and 5th percentile of 1 - TVD over ``draws`` redraws)."""
    con = sqlite3.connect(db)
    q = f"SELECT COUNT(c.{key}) FROM {parent} p LEFT JOIN {child} c USING ({key}) GROUP BY p.{key}"
    counts = np.array([n for (n,) in con.execute(q)])
    _, held = np.unique(counts, return_counts=True)
    p = held / held.sum()
    rng = np.random.default_rng(0)
    fid = [1 - 0.5 * float(np.abs(rng.multinomial(len(counts), p) / len(counts) - p).sum()) for _ in range(draws)]
    return len(counts), len(held), float(np.mean(fid)), float(np.percentile(fid, 5))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--pair", action="append", help="child:parent:key")
    ap.add_argument("--draws", type=int, default=2000)
    a = ap.parse_args()
    print("| children per parent | parents | distinct counts | 1 - TVD of a redraw: mean | 5th pct |")
    print("|---|---:|---:|---:|---:|")
    for pair in a.pair or ["stops:routes:route_id", "routes:drivers:driver_id"]:
        child, parent, key = pair.split(":")
        n, k, mean, low = floor(a.db, child, parent, key, a.draws)
        print(f"| {child} per {parent} | {n} | {k} | {mean:.4f} | {low:.4f} |")


if __name__ == "__main__":
    main()
