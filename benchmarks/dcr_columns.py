"""Where a table's DCR share comes from: the share measured on column subsets (issue 13).

``synth_single.py``'s DCR share (synthetic rows nearer a training row than a held-out one) over all columns,
over the numbers only, over the categories only, over the numbers less each one, and over each number
alone, for ``TabularSynthesizer`` settings on one table of ``synth_single.py``, mean over model seeds (the
seed moves a share by about ±0.002-0.01; ``REPEATS`` draws of equal-size samples per share). A subset
whose share falls to 0.50 when one column leaves it says that column carries the excess. Then, over all
columns, the synthetic rows that are near copies of a training row (equal on every column but at most one,
``near_copy_rate``'s rows) apart from the rest: their share of the rows, each group's share, and each
group's part of the excess over 0.5 (the two parts add up to the share's excess). Use ``dev``:

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/dcr_columns.py adult dev 0,1 '{"select": false}'

``SIMULACRA_DATA`` names the data folder when it is not ``../shared/data`` beside the checkout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth_single as S  # noqa: E402

REPEATS = 3


def subsets(columns: list[str], numbers: list[str]) -> dict[str, list[str]]:
    out = {"all": columns, "numbers": numbers, "categories": [c for c in columns if c not in numbers]}
    out.update({f"numbers less {c}": [x for x in numbers if x != c] for c in numbers})
    out.update({f"only {c}": [c] for c in numbers})
    return {k: v for k, v in out.items() if v}


def main() -> int:
    got = S.table_from_argv(sys.argv, __doc__)  # (the data beside the checkout, or SIMULACRA_DATA)
    if got is None:
        return 2
    t, seeds, _ = got
    name, split = t.name, sys.argv[2]
    numbers = [c for c, d in t.train.schema.items() if not S._is_cat(d)]
    parts = subsets(t.train.columns, numbers)
    for p in sys.argv[4:]:
        shares: dict[str, list[float]] = {k: [] for k in parts}
        split_rows: list[list[float]] = []
        for seed in seeds:
            s = S.run_simulacra("trees", t, seed, json.loads(p))[0].select(t.train.columns)
            for k, cols in parts.items():
                shares[k].append(S.dcr_share(t.train.select(cols), t.holdout.select(cols), s.select(cols), 0, REPEATS))
            split_rows.append(near_copy_split(S.dcr_wins(t.train, t.holdout, s, 0, REPEATS), t.train))
        print(f"{name} {split} seeds={seeds} {p}")
        for k, v in shares.items():
            print(f"  {k:<32} {np.mean(v):.4f}  ({' / '.join(f'{x:.4f}' for x in v)})", flush=True)
        m = np.mean(split_rows, axis=0)
        print(
            f"  near copies: {m[0]:.3f} of the rows, share {m[1]:.4f} (the rest {m[2]:.4f}); "
            f"excess {m[3] + m[4]:.4f} = near copies {m[3]:.4f} + the rest {m[4]:.4f}",
            flush=True,
        )
    return 0


def near_copy_split(wins: list[tuple[np.ndarray, pl.DataFrame]], train: pl.DataFrame) -> list[float]:
    """Mean over draws of: near copies' share of the synthetic rows, their DCR share, the other rows' DCR
    share, and each group's part of the excess over 0.5 (its rows' ``win - 0.5`` summed, over all rows)."""
    out = []
    for win, rows in wins:
        near = S.near_copies(train, rows)
        part = (win - 0.5) / len(win)
        out.append(
            [
                float(near.mean()),
                float(win[near].mean()) if near.any() else float("nan"),
                float(win[~near].mean()) if (~near).any() else float("nan"),
                float(part[near].sum()),
                float(part[~near].sum()),
            ]
        )
    return [float(x) for x in np.mean(out, axis=0)]


if __name__ == "__main__":
    raise SystemExit(main())
