"""house73: ``check_dataset`` and ``check_streaming`` give the same findings before and after the constraints split.

Generates each shipped example at a small scale and several seeds, plants defects of several classes in a copy
(a duplicated key, a foreign key to no parent, a number far out of range, a category not listed, a null in a
key), and prints one line per case: the findings' count, the failed ones and a digest of every finding. Run it
against two source trees and diff the outputs:

    PYTHONPATH=/tmp/base_house73/src python benchmarks/house73_same_findings.py > /tmp/before.txt
    PYTHONPATH=src python benchmarks/house73_same_findings.py > /tmp/after.txt
    diff /tmp/before.txt /tmp/after.txt
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

import numpy as np
import polars as pl

import simulacra
from simulacra.constraints import check_dataset
from simulacra.spec.load import load_plan

EXAMPLES = Path(simulacra.__file__).resolve().parent / "examples"
SEEDS = (3, 11, 29)
SCALE = 0.02


def plant(plan, frames: dict[str, pl.DataFrame], seed: int) -> dict[str, pl.DataFrame]:
    """A copy of ``frames`` with a few defects of each class, in rows drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    out = {}
    for tname, df in frames.items():
        if df.height < 4:
            out[tname] = df
            continue
        tp = plan.tables[tname]
        rows = rng.choice(df.height, size=3, replace=False)
        cols = {}
        keys = list(tp.spec.key_columns)
        for cname in df.columns:
            s = df.get_column(cname)
            spec = tp.spec.columns.get(cname)
            vals = s.to_list()
            if cname in keys:
                vals[rows[0]] = vals[rows[1]]  # a duplicated key
                vals[rows[2]] = None  # a null key
            elif cname in tp.links and s.dtype.is_numeric():
                vals[rows[0]] = -987_654  # a reference to no parent
            elif s.dtype.is_numeric() and spec is not None:
                vals[rows[1]] = -1e12 if s.dtype.is_float() else -(10**12)  # far out of any range
            elif s.dtype == pl.String and getattr(spec, "generator", None) == "categorical":
                vals[rows[2]] = "zz-not-listed"
            else:
                continue
            cols[cname] = pl.Series(cname, vals, dtype=s.dtype, strict=False)
        out[tname] = df.with_columns(list(cols.values())) if cols else df
    return out


def digest(findings) -> str:
    text = "\n".join(repr(f) for f in findings)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def main() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        plan = load_plan(path)
        for seed in SEEDS:
            frames = simulacra.generate(path, seed=seed, scale=SCALE, check_space=False).frames
            for case, data in (("clean", frames), ("planted", plant(plan, frames, seed))):
                found = check_dataset(plan, data, declared=True)
                failed = sum(not f.ok for f in found)
                print(f"{path.stem} seed {seed} {case}: {len(found)} findings, {failed} failed, {digest(found)}")
            if path.stem == "hr":  # the streamed checks read the dataset checks' private parts: once per seed
                with tempfile.TemporaryDirectory() as tmp:
                    out = Path(tmp) / "planted"
                    out.mkdir()
                    for tname, df in plant(plan, frames, seed).items():
                        df.write_parquet(out / f"{tname}.parquet")
                    from simulacra.pipeline import check_streaming

                    found = check_streaming(path, out, declared=True, chunk_size=50)
                    failed = sum(not f.ok for f in found)
                    print(f"{path.stem} seed {seed} streamed: {len(found)} findings, {failed} failed, {digest(found)}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
