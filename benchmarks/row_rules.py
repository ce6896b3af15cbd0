"""Rules a domain expert checks within a row, kept by `fit` → `sample`: this checkout beside a baseline.

Each rule below is written from the dataset's documentation or plain meaning (not found by the
code under test): Adult's ``education-num`` is the number of its ``education`` level
(adult.names); a block has no more bedrooms than rooms and no more households than people
(California housing); a client never contacted before has ``pdays = -1`` and ``poutcome =
unknown`` (Bank Marketing's documentation). Per dataset and source tree, in one run: the share
of rows that keep each rule in the real training rows and in a sample of the same size, and the
fit + sample time (wall and CPU of the child process).

    git archive 59a03ba src | tar -x -C /tmp/rr_base      # the code before lookups and row orders
    PYTHONPATH=src .venv/bin/python benchmarks/row_rules.py --baseline-src /tmp/rr_base/src \\
        [--datasets adult,california,bank] [--rows 10000] [--data ../shared/data]

These datasets were inspected while the rules were built: every figure is a dev figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
FILES = {
    "adult": "adult/adult.data",
    "california": "california_housing/housing.csv",
    "bank": "bank_marketing/bank-full.csv",
}


def _rules(name: str, f: pl.DataFrame, real: pl.DataFrame) -> dict[str, pl.Series]:
    """Per rule, whether each row of ``f`` keeps it (``real``: the training rows, for Adult's levels)."""
    if name == "adult":
        edu, num = real.columns[3], real.columns[4]  # education, education-num (UCI's file has no header)
        level = real.group_by(edu).agg(pl.col(num).mode().first().alias("_level"))
        joined = f.join(level, on=edu, how="left")
        return {"education-num is its education's number": (joined[num] == joined["_level"]).fill_null(False)}
    if name == "california":
        return {
            "total_bedrooms <= total_rooms": (f["total_bedrooms"] <= f["total_rooms"]).fill_null(True),
            "households <= population": (f["households"] <= f["population"]).fill_null(True),
        }
    return {
        "pdays = -1 exactly when previous = 0": (f["pdays"] == -1) == (f["previous"] == 0),
        "poutcome = unknown when previous = 0": (f["previous"] != 0) | (f["poutcome"] == "unknown"),
    }


def _train(out: Path) -> Path:
    return out.with_name(out.stem + "_train.parquet")


def _child(src: str, data: Path, rows: int, out: Path) -> dict[str, float]:
    """fit + sample in a fresh interpreter on ``src``; the sample as Parquet at ``out``."""
    train = _train(out)  # a name that is a table name already: the baseline cannot learn others
    code = (
        "import sys, time, simulacra, polars as pl\n"
        "from simulacra.sources import read_source\n"
        f"frame = next(iter(read_source({str(data)!r}).frames.values())).head({rows})\n"
        f"frame.write_parquet({str(train)!r})\n"
        f"m = simulacra.fit({str(train)!r}, output={str(out) + '_model'!r})\n"
        f"simulacra.sample({str(out) + '_model'!r}, output={str(out)!r}, seed=1)\n"
    )
    env = {**os.environ, "PYTHONPATH": src, "OMP_NUM_THREADS": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline-src", required=True, help="a source tree to compare with (e.g. /tmp/rr_base/src)")
    ap.add_argument("--datasets", default="adult,california,bank")
    ap.add_argument("--rows", type=int, default=10_000, help="training rows (the first N of the file)")
    ap.add_argument("--data", default=str(HERE.parent.parent / "shared" / "data"))
    args = ap.parse_args()
    trees = {"baseline": args.baseline_src, "this checkout": str(HERE.parent / "src")}
    print(f"load average {os.getloadavg()[0]:.1f}; {args.rows:,} training rows; dev figures")
    print("| dataset | rule | real | baseline | this checkout |")
    print("|---|---|---|---|---|")
    timings: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.datasets.split(","):
            shares: dict[str, dict[str, float]] = {}
            real_rates: dict[str, float] = {}
            for label, src in trees.items():
                out = Path(tmp) / f"{name}_{label.replace(' ', '_')}.parquet"
                t = _child(src, Path(args.data) / FILES[name], args.rows, out)
                timings.append(f"| {name} | {label} | {t['wall']:.1f} | {t['cpu']:.1f} |")
                real = pl.read_parquet(_train(out))
                sample = pl.read_parquet(out)
                if label == "baseline":
                    real_rates = {r: float(s.mean() or 0.0) for r, s in _rules(name, real, real).items()}
                shares[label] = {r: float(s.mean() or 0.0) for r, s in _rules(name, sample, real).items()}
            for rule, real_rate in real_rates.items():
                print(
                    f"| {name} | {rule} | {real_rate:.4f} | {shares['baseline'][rule]:.4f} "
                    f"| {shares['this checkout'][rule]:.4f} |"
                )
    print("\n| dataset | tree | fit + sample s wall | CPU s |\n|---|---|---|---|")
    print("\n".join(timings))
    print(json.dumps({"rows": args.rows, "datasets": args.datasets}))


if __name__ == "__main__":
    main()
