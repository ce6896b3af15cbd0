"""Digests of ``sample``'s rows for learned numbers each kept by ONE bound a check puts on it by its parent's column
(house, issue 13: ``keep_bound`` folded into ``keep_bounds``): the planted worlds of
tests/unit/synth/test_keep_bounds_one.py (an integer, a float and a date each held from above and from below,
strict or not; three names and sizes), seeds 1-3. Prints per seed and column the sha256 of the sampled column
(CSV text) and the rows past their bound on that seed; run with main's src and a branch's src on PYTHONPATH and
compare. ``--dump DIR`` also writes each seed's sampled child table (``DIR/<seed>.csv``) to diff row by row.

    PYTHONPATH=src .venv/bin/python benchmarks/one_bound_digests.py [--dump DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402
from tests.unit.synth.test_keep_bounds_one import CHECKS, SEEDS, sampled  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", type=Path, default=None)
    args = ap.parse_args()
    total = hashlib.sha256()
    for seed in SEEDS:
        out, keys = sampled(seed)
        fk = keys[0]
        child = out[fk.table]
        if args.dump is not None:
            args.dump.mkdir(parents=True, exist_ok=True)
            child.write_csv(args.dump / f"{seed}.csv")
        for col, _ in CHECKS:
            digest = hashlib.sha256(child.select(col).write_csv().encode()).hexdigest()
            total.update(digest.encode())
            print(f"seed {seed} {fk.table}.{col}: {digest[:16]}")
        j = child.join(out[fk.ref_table], on=fk.column, how="left")
        past = j.select(
            (pl.col("qty") > pl.col("stock")).sum().alias("qty"),
            (pl.col("units") < pl.col("min_units")).sum().alias("units"),
            (pl.col("price") <= pl.col("cost")).sum().alias("price"),
            (pl.col("weight") >= pl.col("max_weight")).sum().alias("weight"),
            (pl.col("shipped") <= pl.col("audit")).sum().alias("shipped"),
            (pl.col("due") >= pl.col("closes")).sum().alias("due"),
        ).row(0, named=True)
        print(f"seed {seed} rows past their bound: {past}")
    print(f"{len(SEEDS)} seeds x {len(CHECKS)} columns, all: {total.hexdigest()}")


if __name__ == "__main__":
    main()
