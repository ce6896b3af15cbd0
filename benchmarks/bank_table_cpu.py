"""CPU per table of the bank example in one process: what each table (accounts with the cards it makes for its
``n_cards`` aggregate) costs the process that makes it.

    PYTHONPATH=src .venv/bin/python benchmarks/bank_table_cpu.py 40      # the scale
"""

from __future__ import annotations

import sys
import time

from simulacra.examples import example_path
from simulacra.generation.engine import Engine
from simulacra.spec.load import load_plan


def main() -> None:
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    plan = load_plan(example_path("bank"))
    engine = Engine(plan, seed=0, scale=scale)
    for t, chunks in engine.tables():
        start, n = time.process_time(), 0
        for frame in chunks:
            n += frame.height
        print(f"{t:14s} rows {n:>10,} cpu {time.process_time() - start:7.2f} s", flush=True)
    rs = plan.tables["cards"].spec.rows
    print(f"cards' rows: per {rs.per}, by {rs.by}, equals {rs.equals}")  # type: ignore[union-attr]


if __name__ == "__main__":
    main()
