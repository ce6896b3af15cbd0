"""Hours of the day a date-time column's source leaves empty, kept in samples (issue 13, branch learn-time).

Generated single tables (no split applies; dev: read while building): a column with every value at
08:00-18:00 (whole seconds) over many days, at three sizes and two seeds, fitted and sampled through the API;
prints the share of sampled values inside the hours and on the whole second.

    PYTHONPATH=src nice .venv/bin/python benchmarks/datetime_hours.py
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import polars as pl

import simulacra


def main() -> None:
    print("| seed | rows | days | inside 08:00-18:00 | on the whole second |")
    print("|---:|---:|---:|---:|---:|")
    for seed in (0, 1):
        rng = np.random.default_rng(seed)
        for n, days in ((2000, 400), (500, 60), (5000, 30)):
            d = Path(tempfile.mkdtemp(prefix="datetime_hours_"))
            (d / "src").mkdir()
            start = dt.datetime(2023, 1, 1)
            at = [
                start + dt.timedelta(days=int(a), seconds=int(b))
                for a, b in zip(rng.integers(0, days, n), rng.integers(8 * 3600, 18 * 3600, n), strict=True)
            ]
            pl.DataFrame({"id": np.arange(n), "at": at, "v": rng.normal(size=n).round(2)}).with_columns(
                pl.col("at").dt.strftime("%Y-%m-%d %H:%M:%S")
            ).write_csv(d / "src" / "t.csv")
            simulacra.fit(d / "src", output=d / "m", seed=seed)
            simulacra.sample(d / "m", output=d / "o", format="parquet", seed=seed + 1)
            s = pl.read_parquet(d / "o" / "t.parquet")["at"]
            s = s.str.to_datetime() if s.dtype == pl.String else s
            h = s.dt.hour()
            inside = float(((h >= 8) & (h < 18)).mean() or 0.0)
            whole = float((s.cast(pl.Datetime("us")).cast(pl.Int64) % 1_000_000 == 0).mean() or 0.0)
            print(f"| {seed} | {n} | {days} | {inside:.4f} | {whole:.4f} |")


if __name__ == "__main__":
    main()
