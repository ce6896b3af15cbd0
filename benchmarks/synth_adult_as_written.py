"""UCI Adult through the CLI's path, scored as written: fit on the file, sample to CSV, read both the same way.

No cleaning step sits between ``sample`` and the evaluator: the real training file and the
sampled CSV are read by one function (blanks after separators stripped, numbers parsed, ``?``
kept as the value it is in the file), so a missing-value marker written differently, or a
0/1 or boolean column spelled differently, costs what it costs. The sampled CSV is what
``simulacra sample -o DIR --format csv`` writes.

Train split: the first ``--rows`` rows of adult.data (default 10,000, a subsample to keep the
run short); holdout (TSTR only): adult.test (16,281 rows, its labels' trailing '.' removed).
Figures: SDMetrics quality, detection AUC (5-fold gradient boosting, 0.5 ideal), TSTR ROC AUC
beside TRTR, and the share of rows holding '?' per column, real vs synthetic.

    PYTHONPATH=src .venv/bin/python benchmarks/synth_adult_as_written.py [--rows 10000] [--seed 0] [--data DIR]

Run it with another checkout's ``src`` on PYTHONPATH to score that version the same way.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_adult import DATA, TARGET, detection_auc, quality, tstr_auc  # noqa: E402


def read_as_written(path: Path) -> pl.DataFrame:
    """A CSV as written: blanks around fields stripped, whole-number columns as integers, nothing else."""
    df = pl.read_csv(path, infer_schema=False)
    df = df.rename({c: c.strip() for c in df.columns})
    df = df.with_columns(pl.col(c).str.strip_chars() for c in df.columns)
    for c in df.columns:
        as_int = df.get_column(c).cast(pl.Int64, strict=False)
        if as_int.null_count() == df.get_column(c).null_count():
            df = df.with_columns(as_int.alias(c))
    return df


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000, help="training rows: the first N of adult.data")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", type=Path, default=DATA, help=f"folder with adult.data and adult.test (default {DATA})")
    args = ap.parse_args()
    data = args.data
    if not (data / "adult.data").exists():
        print(f"needs {data}/adult.data (--data)", file=sys.stderr)
        return 2
    import simulacra

    real = read_as_written(data / "adult.data").head(args.rows)
    test = read_as_written(data / "adult.test").with_columns(pl.col(TARGET).str.strip_chars_end("."))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "adult.csv"
        lines = (data / "adult.data").read_text().splitlines()[: args.rows + 1]  # the file itself, cut short
        src.write_text("\n".join(lines) + "\n")
        t0 = time.perf_counter()
        simulacra.fit(str(src), output=Path(tmp) / "model", seed=args.seed)
        fit_s = time.perf_counter() - t0
        simulacra.sample(str(Path(tmp) / "model"), str(Path(tmp) / "out"), format="csv", seed=args.seed)
        synth = read_as_written(Path(tmp) / "out" / "adult.csv")
    missing = [c for c in real.columns if c not in synth.columns]
    if missing:
        print(f"not in the sample: {missing}")
    synth = synth.select([c for c in real.columns if c in synth.columns])
    for c in synth.columns:
        if synth.schema[c] != real.schema[c]:
            print(f"{c}: written as {synth.schema[c]}, real {real.schema[c]}")
    real_s = real.select(synth.columns)
    q, shapes, pairs = quality(real_s, synth)
    det, det_sd = detection_auc(real_s, synth, args.seed)
    tstr = tstr_auc(synth, test.select(synth.columns), args.seed)
    trtr = tstr_auc(real_s, test.select(synth.columns), args.seed)
    q_share = {
        c: (float((real[c] == "?").mean()), float((synth[c] == "?").mean()))  # type: ignore[arg-type]
        for c in synth.columns
        if synth.schema[c] == pl.String and real.schema[c] == pl.String and bool((real[c] == "?").any())
    }
    nulls = {c: synth[c].null_count() for c in synth.columns if synth[c].null_count()}
    print(f"train rows {real.height}, synthetic rows {synth.height}, fit {fit_s:.1f} s")
    print(
        f"quality {q:.3f} (shapes {shapes:.3f}, pairs {pairs:.3f}); detection AUC {det:.3f} ± {det_sd:.3f}; "
        f"TSTR {tstr:.3f} (TRTR {trtr:.3f})"
    )
    print("'?' share real -> synthetic: " + ", ".join(f"{c} {a:.3f} -> {b:.3f}" for c, (a, b) in q_share.items()))
    print(f"empty cells in the sample: {nulls or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
