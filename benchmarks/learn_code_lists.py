"""Numeric code lists beside measures (issue 13, learn73): inspect -> fit -> sample on planted tables.

Each table holds one list of integer codes (a type code, a status, an ISO country, a reason, a segment, a
department told by its gaps), 1-3 rare codes of 1-4 rows, beside an age, a quantity and an amount. Per table:
the draft's generator for the codes, the share of sampled rows whose code the source never held, the rare codes
sampled of those planted, whether the source passes its own draft, and the generator of each measure.

    PYTHONPATH=src python benchmarks/learn_code_lists.py [--seed 11] [--rows 16000]
"""

from __future__ import annotations

import argparse

import numpy as np
import polars as pl

import simulacra
from simulacra.errors import DataValidationError
from simulacra.inspection import inspect
from simulacra.sources import Source

#: (table, column, common codes and weights, rare codes, rows of each rare code, table rows)
TABLES: list[tuple[str, str, dict[int, float], list[int], list[int], int]] = [
    ("products", "type_code", {10: 0.5, 20: 0.3, 30: 0.2}, [99], [2], 400),
    ("accounts", "status", {1: 0.3, 2: 0.25, 3: 0.2, 4: 0.1, 5: 0.1, 6: 0.05}, [7], [3], 900),
    ("addresses", "country_iso", {276: 0.3, 250: 0.2, 840: 0.2, 826: 0.1, 380: 0.1, 724: 0.1}, [56, 752], [1, 4], 1500),
    ("responses", "reason_code", {401: 0.5, 403: 0.3, 404: 0.2}, [418], [2], 2500),
    (
        "contracts",
        "segment",
        {c: 1.0 for c in (11, 12, 13, 21, 22, 23, 31, 32, 41, 42, 51, 52, 53)},
        [61, 77],
        [2, 3],
        1800,
    ),
    ("staff", "dept", {110: 0.3, 230: 0.25, 310: 0.2, 450: 0.15, 520: 0.1}, [605, 990, 720], [1, 2, 3], 700),
]


def planted(i: int, seed: int) -> pl.DataFrame:
    _, col, common, rare, rows, n = TABLES[i]
    rng = np.random.default_rng(seed + i)
    w = np.asarray(list(common.values()))
    codes = list(rng.choice(list(common), n - sum(rows), p=w / w.sum())) + [
        c for c, k in zip(rare, rows) for _ in range(k)
    ]
    return pl.DataFrame(
        {
            "row_id": np.arange(1, n + 1),
            col: [int(codes[j]) for j in rng.permutation(n)],
            "age": rng.integers(18, 91, n),
            "quantity": rng.geometric(0.25, n).clip(1, 30),
            "amount": np.round(rng.gamma(2.0, 40.0, n), 2),
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--rows", type=int, default=16000, help="rows sampled per table")
    args = ap.parse_args()
    print(
        "| table.column | drafted | sampled rows with a code the source lacks | rare codes sampled | source validates | age / quantity / amount drafted |"
    )
    print("|---|---|---:|---:|---|---|")
    for i, (table, col, _, rare, _, n) in enumerate(TABLES):
        frame = planted(i, args.seed)
        frames = {table: frame}
        spec = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{table}{args.seed}")).spec
        drafted = spec.tables[table].columns[col]
        try:
            simulacra.validate(spec, frames)
            ok = "yes"
        except DataValidationError as exc:
            ok = f"no ({len(exc.problems)} failed)"
        got = simulacra.fit(frames, spec=spec, seed=0).model.sample(seed=1, scale=args.rows / n)[table]
        stranger = float((~got[col].is_in(frame[col].unique().implode())).mean())
        seen = sum(1 for c in rare if c in set(got[col].to_list()))
        measures = " / ".join(spec.tables[table].columns[c].generator for c in ("age", "quantity", "amount"))
        what = drafted.generator + (" keep_rare" if getattr(drafted, "keep_rare", False) else "")
        print(f"| {table}.{col} | {what} | {stranger:.4f} | {seen} of {len(rare)} | {ok} | {measures} |")


if __name__ == "__main__":
    main()
