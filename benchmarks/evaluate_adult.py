"""Evaluate on UCI Adult end to end: 32,561 real x 32,561 synthetic + 16,281 holdout, 15 columns.

Prints the time of each stage of ``simulacra.evaluate`` (privacy included) and, side by
side, SDMetrics' QualityReport on the same real/synthetic frames (the baseline), with
the ratio and the two quality scores. Goal: the whole evaluation in <= 60 s on 2 cores.

    .venv/bin/python benchmarks/evaluate_adult.py                    # synthetic data from simulacra's TabularSynthesizer
    .venv/bin/python benchmarks/evaluate_adult.py --synthetic s.csv  # any synthetic file
    .venv/bin/python benchmarks/evaluate_adult.py --jobs 2 --out /tmp/adult-report

Needs ../shared/data/adult (or --data DIR) with adult.data / adult.test (header line added).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import polars as pl

INTS = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]


def load_adult(path: Path) -> pl.DataFrame:
    """UCI Adult as published: ', ' separators, '?' for missing, test labels ending in '.'."""
    df = pl.read_csv(path, separator=",", infer_schema=False)
    df = df.rename({c: c.strip() for c in df.columns})
    df = df.with_columns([pl.col(c).str.strip_chars() for c in df.columns])
    df = df.with_columns([pl.when(pl.col(c) == "?").then(None).otherwise(pl.col(c)).alias(c) for c in df.columns])
    df = df.with_columns(pl.col("Y").str.strip_chars_end("."))
    return df.with_columns([pl.col(c).cast(pl.Int64) for c in INTS])


def synthesize(train: pl.DataFrame, seed: int) -> tuple[pl.DataFrame, str]:
    try:
        from simulacra.synth import TabularSynthesizer

        t = time.perf_counter()
        syn = TabularSynthesizer().fit(train, seed=seed) if _takes_seed() else TabularSynthesizer().fit(train)
        out = syn.sample(n_rows=len(train), seed=seed)
        frame = out if isinstance(out, pl.DataFrame) else next(iter(out.values()))
        return frame, f"simulacra TabularSynthesizer (fit + sample {time.perf_counter() - t:.1f} s)"
    except Exception as e:  # noqa: BLE001 - the benchmark measures evaluation; fall back to a simple synthesizer
        print(f"(TabularSynthesizer unavailable: {type(e).__name__}: {e}; using a per-Y independent resampler)")
        import numpy as np

        rng = np.random.default_rng(seed)
        parts = []
        for (y,), g in train.group_by(["Y"], maintain_order=True):
            n = len(g)
            parts.append(
                pl.DataFrame(
                    {c: g[c].to_numpy()[rng.integers(0, n, n)] if c != "Y" else [y] * n for c in g.columns},
                    schema=g.schema,
                )
            )
        return pl.concat(parts), "independent columns within each class of Y"


def _takes_seed() -> bool:
    import inspect

    from simulacra.synth import TabularSynthesizer

    return "seed" in inspect.signature(TabularSynthesizer.fit).parameters


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "adult"))
    ap.add_argument("--synthetic", help="a synthetic CSV/Parquet file with Adult's columns")
    ap.add_argument(
        "--jobs", type=int, default=None, help="threads (default: evaluate's, the physical cores less the busy ones)"
    )
    ap.add_argument("--out", default=None, help="also write report.html/json here")
    ap.add_argument("--no-baseline", action="store_true", help="skip SDMetrics")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    import simulacra
    from simulacra.evaluation import evaluate

    data = Path(args.data)
    train, holdout = load_adult(data / "adult.data"), load_adult(data / "adult.test")
    if args.synthetic:
        p = Path(args.synthetic)
        synthetic = pl.read_parquet(p) if p.suffix == ".parquet" else pl.read_csv(p)
        how = str(p)
    else:
        synthetic, how = synthesize(train, args.seed)
    print(
        f"simulacra {simulacra.__version__}; cores available: {len(os.sched_getaffinity(0))}; jobs: {args.jobs or 'all'}"
    )
    print(f"real {train.shape}, synthetic {synthetic.shape} ({how}), holdout {holdout.shape}\n")

    t = time.perf_counter()
    report = evaluate(
        train, synthetic, holdout=holdout, target="Y", slices=["sex", "race"], seed=args.seed, n_jobs=args.jobs
    )
    ours = time.perf_counter() - t
    print("simulacra evaluate, seconds per stage:")
    for stage, s in report.timings.items():
        print(f"  {stage:<12} {s:8.2f}")
    print(f"  {'wall':<12} {ours:8.2f}   (goal <= 60 s on 2 cores)\n")
    print("summary:")
    for k, v in report.summary.items():
        print(f"  {k:<30} {'—' if v is None else f'{v:.4f}'}")
    if args.out:
        t2 = time.perf_counter()
        report.write(args.out)
        print(f"\nwrote {args.out}/report.html ({time.perf_counter() - t2:.2f} s)")

    if not args.no_baseline:
        from simulacra.evaluation.fidelity import quality

        t = time.perf_counter()
        q = quality(train, synthetic)
        ours_q = time.perf_counter() - t
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from sdmetrics.reports import QualityReport

            meta = {
                "tables": {
                    "adult": {
                        "columns": {c: {"sdtype": "numerical" if c in INTS else "categorical"} for c in train.columns}
                    }
                }
            }
            t = time.perf_counter()
            rep = QualityReport()
            rep.generate({"adult": train.to_pandas()}, {"adult": synthetic.to_pandas()}, meta, verbose=False)
            base = time.perf_counter() - t
        props = dict(zip(rep.get_properties()["Property"], rep.get_properties()["Score"], strict=True))
        print("\nquality score, simulacra vs SDMetrics QualityReport (same frames):")
        print(f"  {'':<22}{'simulacra':>12}{'SDMetrics':>12}{'|diff|':>10}")
        for name, a, b in (
            ("quality", q.score, rep.get_score()),
            ("column shapes", q.column_shapes, props["Column Shapes"]),
            ("column pair trends", q.column_pair_trends, props["Column Pair Trends"]),
        ):
            print(f"  {name:<22}{a:>12.4f}{b:>12.4f}{abs(a - b):>10.1e}")
        print(f"  {'seconds':<22}{ours_q:>12.2f}{base:>12.2f}   SDMetrics / simulacra = {base / ours_q:.0f}x")
        print(
            f"  full simulacra evaluation (fidelity+detection+utility+privacy+slices) {ours:.1f} s vs SDMetrics quality alone {base:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
