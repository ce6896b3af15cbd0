"""Which sampled rows differ between two builds' ``benchmarks/one_bound_digests.py --dump`` tables, per seed and
column, and whether each was past its bound before the keep (house, issue 13: ``keep_bound`` folded into
``keep_bounds``). The rows past a bound are read by watching ``keep_bound`` in the build on PYTHONPATH:

    PYTHONPATH=<main src>:. python benchmarks/one_bound_digests.py --dump /tmp/a
    PYTHONPATH=src:. python benchmarks/one_bound_digests.py --dump /tmp/b
    PYTHONPATH=<main src>:. python benchmarks/one_bound_rows.py /tmp/a /tmp/b
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
from tests.unit.synth.test_keep_bounds_one import SEEDS, sampled  # noqa: E402

import simulacra.synth.dataset as dataset  # noqa: E402

PAST: dict[tuple[int, str], set[int]] = {}
_SEED = [0]
_KEEP = dataset.keep_bound


def _watch(values: pl.Series, bound: pl.Series, below: bool, stream: Any, rows: Any, strict: bool = False) -> Any:
    x, y = (s.cast(pl.Float64).to_numpy() for s in (values, bound))
    sign = 1.0 if below else -1.0
    past = ~np.isnan(x) & ~np.isnan(y) & ((sign * x >= sign * y) if strict else (sign * x > sign * y))
    PAST[(_SEED[0], str(values.name))] = set(np.flatnonzero(past).tolist())
    return _KEEP(values, bound, below, stream, rows, strict)


if __name__ == "__main__":
    dataset.keep_bound = _watch  # type: ignore[assignment]
    for seed in SEEDS:
        _SEED[0] = seed
        sampled(seed)
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    for seed in SEEDS:
        x = pl.read_csv(a / f"{seed}.csv", try_parse_dates=True)
        y = pl.read_csv(b / f"{seed}.csv", try_parse_dates=True)
        for c in x.columns:
            differ = set(np.flatnonzero((x[c] != y[c]).fill_null(True).to_numpy()).tolist())
            past = PAST.get((seed, c))
            if past is not None or differ:
                n_past = "-" if past is None else len(past)
                print(
                    f"seed {seed} {c}: past before the keep {n_past}, differ {len(differ)}, "
                    f"differ not past {len(differ - (past or set()))}"
                )
