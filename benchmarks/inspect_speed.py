"""How long reading and inspecting a source takes, beside polars reading the same files.

    .venv/bin/python benchmarks/inspect_speed.py            # Berka and Bank Marketing from ../shared, plus 1M generated rows
    .venv/bin/python benchmarks/inspect_speed.py --rows 200000

Rows: ``read_source`` (sniffing, per-line field-count checks, typed columns), the whole
``inspect`` (read + keys + profiles + spec draft), and the baseline ``polars.read_csv``
with the separator given (no checks, no sniffing). Wall seconds, best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from simulacra.inspection import inspect  # noqa: E402
from simulacra.sources import read_source  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def generated(folder: Path, rows: int) -> Path:
    """A ``;``-separated CSV with ints, floats, strings, dates and quoted empty strings."""
    rng = np.random.default_rng(0)
    frame = pl.DataFrame(
        {
            "id": np.arange(rows),
            "amount": rng.gamma(2.0, 50.0, rows).round(2),
            "kind": rng.choice(["credit", "debit", "fee", ""], rows),
            "day": pl.date_range(pl.date(2000, 1, 1), pl.date(2000, 1, 1) + pl.duration(days=rows - 1), eager=True),
            "branch": rng.integers(1, 80, rows),
            "note": rng.choice(["ok", "late", "", "check"], rows),
        }
    )
    path = folder / "big" / "events.csv"
    path.parent.mkdir()
    frame.write_csv(path, separator=";", quote_style="non_numeric")
    return path.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sources: list[tuple[str, Path, str]] = []
        if (SHARED / "berka").is_dir():
            sources.append(("Berka, 8 tables", SHARED / "berka", ";"))
        if (SHARED / "bank_marketing" / "bank-full.csv").is_file():
            bank = Path(tmp) / "bank"
            bank.mkdir()
            shutil.copy(SHARED / "bank_marketing" / "bank-full.csv", bank / "bank.csv")
            sources.append(("Bank Marketing", bank, ";"))
        sources.append((f"generated, {args.rows:,} rows", generated(Path(tmp), args.rows), ";"))
        print(f"{'source':<28}{'rows':>10}{'read_source s':>15}{'inspect s':>11}{'polars s':>10}{'read / polars':>15}")
        for name, folder, sep in sources:
            files = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".asc"))
            n = sum(f.height for f in read_source(folder).frames.values())
            t_read = best(lambda f=folder: read_source(f), args.repeat)
            t_inspect = best(lambda f=folder: inspect(f), args.repeat)
            t_polars = best(
                lambda fs=files, s=sep: [pl.read_csv(p, separator=s, infer_schema_length=10_000) for p in fs],
                args.repeat,
            )
            print(f"{name:<28}{n:>10,}{t_read:>15.2f}{t_inspect:>11.2f}{t_polars:>10.2f}{t_read / t_polars:>14.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
