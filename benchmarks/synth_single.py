"""Single tables learned and scored side by side: UCI Adult, UCI Bank Marketing, California housing.

Per dataset and method (simulacra's default trees, its copula baseline, SDV's
GaussianCopula when the optional ``sdv`` package is installed), in one run:

- fit and sample time, wall beside CPU (process time, all threads);
- quality: SDMetrics QualityReport (mean of column shapes and column pair trends);
- detection AUC: gradient-boosted classifier telling training rows from synthetic
  rows, 5-fold ROC AUC (0.5 ideal; goal ≤ 0.60);
- TSTR / TRTR: a gradient-boosted model trained on synthetic (TSTR) or on the real
  training rows (TRTR), scored on the held-out rows (ROC AUC for a class target, R²
  for a numeric one); goal TSTR ≥ 0.97 × TRTR;
- DCR share: share of synthetic rows closer to a training row than to a held-out row
  (equal-size samples, mixed-type distance; real data against itself ≈ 0.50; goal ≤ 0.51);
- near-copy rate: share of rows equal to some training row on every column but at most
  one (Adult's sampling weight is that one column), for the synthetic rows beside the
  same rate for the held-out real rows (the goal: no higher than the held-out rows').

Splits. ``--split test`` (report): Adult's own ``adult.test``; Bank and California a
seeded 20% holdout (seed 20261202, fixed). ``--split dev`` (tune): the test rows are
left out entirely, and a seeded 20% of the remaining training rows is held out.

    PYTHONPATH=src .venv/bin/python benchmarks/synth_single.py [--split dev|test]
        [--datasets adult,bank,california] [--methods trees,copula,sdv-gc] [--train-rows N] [--seed 0]
        [--params '{"honest": false}'] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SPLIT_SEED = 20261202  # the fixed seed of the Bank/California test holdout and of every dev holdout


@dataclass
class Table:
    name: str
    train: pl.DataFrame
    holdout: pl.DataFrame
    target: str
    positive: str | None  # the positive class; None: a numeric target (R²)


def _strip(df: pl.DataFrame) -> pl.DataFrame:
    df = df.rename({c: c.strip() for c in df.columns})
    return df.with_columns([pl.col(c).str.strip_chars() for c, t in df.schema.items() if t == pl.String])


def _adult() -> tuple[pl.DataFrame, pl.DataFrame, str, str | None]:
    def read(name: str) -> pl.DataFrame:
        df = _strip(pl.read_csv(DATA / "adult" / name, separator=",", infer_schema_length=10000))
        df = df.with_columns(pl.col(c).replace("?", None) for c, t in df.schema.items() if t == pl.String)
        for c in df.columns:  # ", "-separated numbers arrive as text
            as_int = df.get_column(c).cast(pl.Int64, strict=False)
            if df.get_column(c).dtype == pl.String and as_int.null_count() == df.get_column(c).null_count():
                df = df.with_columns(as_int.alias(c))
        return df.with_columns(pl.col("Y").str.strip_chars_end("."))

    return read("adult.data"), read("adult.test"), "Y", ">50K"


def _holdout(df: pl.DataFrame, share: float = 0.2) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(SPLIT_SEED)
    test = np.zeros(df.height, dtype=bool)
    test[rng.permutation(df.height)[: round(share * df.height)]] = True
    return df.filter(pl.Series(~test)), df.filter(pl.Series(test))


def _bank() -> tuple[pl.DataFrame, pl.DataFrame, str, str | None]:
    df = pl.read_csv(DATA / "bank_marketing" / "bank-full.csv", separator=";")
    return (*_holdout(df), "y", "yes")


def _california() -> tuple[pl.DataFrame, pl.DataFrame, str, str | None]:
    df = pl.read_csv(DATA / "california_housing" / "housing.csv")
    return (*_holdout(df), "median_house_value", None)


LOADERS = {"adult": _adult, "bank": _bank, "california": _california}


def load(name: str, split: str, train_rows: int | None) -> Table:
    train, test, target, positive = LOADERS[name]()
    if split == "dev":
        train, test = _holdout(train)
    if train_rows and train_rows < train.height:
        train = train.sample(train_rows, seed=SPLIT_SEED)
    return Table(name, train, test, target, positive)


def table_from_argv(argv: list[str], doc: str | None) -> tuple[Table, list[int], list[str]] | None:
    """``TABLE SPLIT SEEDS PARAMS...`` as the per-seed scripts take them (``synth_single_seeds.py``,
    ``dcr_columns.py``, ``dcr_sources.py``): the table loaded, the model seeds and the settings JSON strings; None
    (the usage printed) when too few are given. ``SIMULACRA_DATA`` names the data folder when it is not
    ``../shared/data`` beside the checkout (a worktree elsewhere)."""
    global DATA
    if len(argv) < 5:
        print(doc, file=sys.stderr)
        return None
    DATA = Path(os.environ.get("SIMULACRA_DATA") or Path(__file__).resolve().parents[1].parent / "shared" / "data")
    return load(argv[1], argv[2], None), [int(s) for s in argv[3].split(",")], argv[4:]


# ---------------------------------------------------------------- metrics
def _is_cat(t: pl.DataType) -> bool:
    return t == pl.String or t == pl.Boolean


def _matrix(frames: list[pl.DataFrame], drop: tuple[str, ...] = ()) -> list[np.ndarray]:
    """Numbers as they are, categories as ordinal codes shared across the frames (for tree models)."""
    cols = [c for c in frames[0].columns if c not in drop]
    out = [np.zeros((f.height, len(cols))) for f in frames]
    for j, c in enumerate(cols):
        if _is_cat(frames[0].schema[c]):
            cats = pl.concat([f.get_column(c).cast(pl.String) for f in frames]).drop_nulls().unique().sort()
            for f, m in zip(frames, out):
                m[:, j] = (
                    f.get_column(c)
                    .cast(pl.String)
                    .replace_strict(cats, pl.Series(range(len(cats))), default=None, return_dtype=pl.Float64)
                    .fill_null(np.nan)
                    .to_numpy()
                )
        else:
            for f, m in zip(frames, out):
                m[:, j] = f.get_column(c).cast(pl.Float64).fill_null(np.nan).to_numpy()
    return out


def _cat_mask(frame: pl.DataFrame, drop: tuple[str, ...] = ()) -> list[bool]:
    return [_is_cat(frame.schema[c]) for c in frame.columns if c not in drop]


def detection_auc(real: pl.DataFrame, synth: pl.DataFrame, seed: int = 0) -> float:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    n = min(real.height, synth.height, 20_000)
    r, s = real.sample(n, seed=seed), synth.sample(n, seed=seed)
    Xr, Xs = _matrix([r, s])
    X, y = np.vstack([Xr, Xs]), np.r_[np.zeros(n), np.ones(n)]
    clf = HistGradientBoostingClassifier(categorical_features=_cat_mask(r), random_state=seed)
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    return float(cross_val_score(clf, X, y, cv=cv, scoring="roc_auc").mean())


def tstr(train: pl.DataFrame, test: pl.DataFrame, target: str, positive: str | None, seed: int = 0) -> float:
    from sklearn.ensemble import (
        HistGradientBoostingClassifier,
        HistGradientBoostingRegressor,
    )
    from sklearn.metrics import r2_score, roc_auc_score

    Xtr, Xte = _matrix([train, test], drop=(target,))
    mask = _cat_mask(train, (target,))
    if positive is None:
        ytr = train.get_column(target).cast(pl.Float64).to_numpy()
        ok = ~np.isnan(ytr)
        reg = HistGradientBoostingRegressor(categorical_features=mask, random_state=seed).fit(Xtr[ok], ytr[ok])
        return float(r2_score(test.get_column(target).cast(pl.Float64).to_numpy(), reg.predict(Xte)))
    ytr = (train.get_column(target) == positive).fill_null(False).to_numpy()
    yte = (test.get_column(target) == positive).fill_null(False).to_numpy()
    clf = HistGradientBoostingClassifier(categorical_features=mask, random_state=seed).fit(Xtr, ytr)
    return float(roc_auc_score(yte, clf.predict_proba(Xte)[:, 1]))


def _distance_space(frames: list[pl.DataFrame]) -> list[np.ndarray]:
    """Numbers scaled to [0, 1] by the training range, categories one-hot (a Gower-like Euclidean space)."""
    ref = frames[0]
    blocks: list[list[np.ndarray]] = [[] for _ in frames]
    for c, t in ref.schema.items():
        if _is_cat(t):
            cats = np.array(
                ref.get_column(c).cast(pl.String).fill_null("<null>").unique().sort().to_list(), dtype=object
            )
            for i, f in enumerate(frames):
                v = f.get_column(c).cast(pl.String).fill_null("<null>").to_numpy()
                blocks[i].append((v[:, None] == cats[None, :]).astype(np.float32))
        else:
            x0 = ref.get_column(c).cast(pl.Float64).to_numpy()
            lo, hi = np.nanmin(x0), np.nanmax(x0)
            for i, f in enumerate(frames):
                x = f.get_column(c).cast(pl.Float64).to_numpy()
                x = np.where(np.isnan(x), lo - (hi - lo), x)  # null: one step below the range
                blocks[i].append(((x - lo) / (hi - lo if hi > lo else 1.0)).astype(np.float32)[:, None])
    return [np.hstack(b) for b in blocks]


def dcr_share(
    train: pl.DataFrame, holdout: pl.DataFrame, synth: pl.DataFrame, seed: int = 0, repeats: int = 5
) -> float:
    """Mean over ``repeats`` draws of equal-size samples (one draw moves by ±0.01 on these tables)."""
    return float(np.mean([w.mean() for w, _ in dcr_wins(train, holdout, synth, seed, repeats)]))


def dcr_wins(
    train: pl.DataFrame, holdout: pl.DataFrame, synth: pl.DataFrame, seed: int = 0, repeats: int = 5
) -> list[tuple[np.ndarray, pl.DataFrame]]:
    """Per draw of equal-size samples: each synthetic row's 1 (nearer a training row than a held-out one),
    0 or 0.5 (a tie), beside the synthetic rows drawn; ``dcr_share`` is their mean."""
    from sklearn.neighbors import NearestNeighbors

    n = min(train.height, holdout.height, synth.height, 10_000)
    out = []
    for r in range(repeats):
        tr, ho, sy = (f.sample(n, seed=seed + r) for f in (train, holdout, synth))
        Etr, Eho, Esy = _distance_space([tr, ho, sy])
        d_tr = NearestNeighbors(n_neighbors=1).fit(Etr).kneighbors(Esy)[0][:, 0]
        d_ho = NearestNeighbors(n_neighbors=1).fit(Eho).kneighbors(Esy)[0][:, 0]
        out.append(((d_tr < d_ho) + 0.5 * (d_tr == d_ho), sy))
    return out


def near_copies(train: pl.DataFrame, rows: pl.DataFrame) -> np.ndarray:
    """Per row of ``rows``: equal to some training row on every column, or on every column but one."""
    cols = train.columns
    hit = np.zeros(rows.height, dtype=bool)
    for left_out in [None, *cols]:
        on = [c for c in cols if c != left_out]
        keys = train.select(on).unique()
        found = rows.select(on).with_row_index("__i").join(keys, on=on, how="semi", nulls_equal=True)
        hit[found.get_column("__i").to_numpy()] = True
    return hit


def near_copy_rate(train: pl.DataFrame, rows: pl.DataFrame) -> float:
    """Share of ``rows`` equal to some training row on every column, or on every column but one."""
    return float(near_copies(train, rows).mean())


def quality(real: pl.DataFrame, synth: pl.DataFrame) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from sdmetrics.reports.single_table import QualityReport

        meta = {
            "columns": {c: {"sdtype": "categorical" if _is_cat(t) else "numerical"} for c, t in real.schema.items()}
        }
        rep = QualityReport()
        rep.generate(real.to_pandas(), synth.select(real.columns).to_pandas(), meta, verbose=False)
        return float(rep.get_score())


# ---------------------------------------------------------------- methods
def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def run_simulacra(
    method: str, t: Table, seed: int, params: dict | None = None
) -> tuple[pl.DataFrame, dict[str, float]]:
    from simulacra.synth import TabularSynthesizer

    params = dict(params or {})
    first = params.pop("first", [t.target])  # the target is modelled first unless --params names an order
    w, c = _clock()
    model = TabularSynthesizer(method=method, seed=seed, first=first, **params).fit(t.train)
    w1, c1 = _clock()
    synth = model.sample(t.train.height)
    w2, c2 = _clock()
    return synth, {"fit_s": w1 - w, "fit_cpu_s": c1 - c, "sample_s": w2 - w1, "sample_cpu_s": c2 - c1}


def run_sdv_gc(t: Table, seed: int) -> tuple[pl.DataFrame, dict[str, float]]:
    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer

    df = t.train.to_pandas()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        meta = Metadata.detect_from_dataframes({t.name: df})
        w, c = _clock()
        model = GaussianCopulaSynthesizer(meta)
        model.fit({t.name: df})  # SDV 2.0 takes {table: frame}
        w1, c1 = _clock()
        sampled = model.sample(t.train.height)
        out = pl.from_pandas(next(iter(sampled.values())) if isinstance(sampled, dict) else sampled)
        w2, c2 = _clock()
    out = out.with_columns([pl.col(col).cast(dt, strict=False) for col, dt in t.train.schema.items()])
    return out, {"fit_s": w1 - w, "fit_cpu_s": c1 - c, "sample_s": w2 - w1, "sample_cpu_s": c2 - c1}


def score(t: Table, synth: pl.DataFrame, seed: int) -> dict[str, float]:
    synth = synth.select(t.train.columns)
    return {
        "quality": quality(t.train, synth),
        "detection_auc": detection_auc(t.train, synth, seed),
        "tstr": tstr(synth, t.holdout, t.target, t.positive, seed),
        "dcr_share": dcr_share(t.train, t.holdout, synth, seed),
        "near_copy": near_copy_rate(t.train, synth),
    }


def main() -> int:
    global DATA
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="test")
    ap.add_argument("--datasets", default="adult,bank,california")
    ap.add_argument("--methods", default="trees,copula,sdv-gc")
    ap.add_argument("--train-rows", type=int, default=None, help="subsample the training rows (quick runs)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--params", default="{}", help="JSON keyword arguments for TabularSynthesizer, e.g. '{\"honest\": false}'"
    )
    ap.add_argument("--data", type=Path, default=DATA, help="the shared data folder (default: ../shared/data)")
    args = ap.parse_args()
    DATA = args.data
    if not DATA.exists():
        print(f"needs {DATA}", file=sys.stderr)
        return 2
    table_rows = []
    for name in args.datasets.split(","):
        t = load(name, args.split, args.train_rows)
        trtr = tstr(t.train, t.holdout, t.target, t.positive, args.seed)
        ho_copy = near_copy_rate(t.train, t.holdout)
        print(
            f"== {name} ({args.split} split): train {t.train.height:,} rows, held out {t.holdout.height:,}; "
            f"TRTR {'AUC' if t.positive else 'R²'} {trtr:.4f}; held-out near-copy rate {ho_copy:.4f}",
            flush=True,
        )
        for method in args.methods.split(","):
            if method == "sdv-gc":
                try:
                    import sdv  # noqa: F401
                except ImportError:
                    print("  sdv-gc: not installed")
                    continue
                synth, times = run_sdv_gc(t, args.seed)
            else:
                synth, times = run_simulacra(method, t, args.seed, json.loads(args.params))
            row = {
                "dataset": name,
                "method": method,
                **times,
                **score(t, synth, args.seed),
                "trtr": trtr,
                "holdout_near_copy": ho_copy,
            }
            row["tstr_ratio"] = row["tstr"] / trtr
            table_rows.append(row)
            print(
                "  " + " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()),
                flush=True,
            )
    print(f"\nsplit: {args.split}; seed {args.seed}\n")
    print(
        "| dataset | method | fit s wall (CPU) | sample s wall (CPU) | quality | detection AUC | TSTR (TRTR) | TSTR/TRTR "
        "| DCR share | near-copy (held-out real) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in table_rows:
        print(
            f"| {r['dataset']} | {r['method']} | {r['fit_s']:.1f} ({r['fit_cpu_s']:.1f}) | {r['sample_s']:.1f} "
            f"({r['sample_cpu_s']:.1f}) | {r['quality']:.3f} | {r['detection_auc']:.3f} | {r['tstr']:.3f} "
            f"({r['trtr']:.3f}) | {r['tstr_ratio']:.3f} | {r['dcr_share']:.3f} | {r['near_copy']:.3f} "
            f"({r['holdout_near_copy']:.3f}) |"
        )
    by = {(r["dataset"], r["method"]): r for r in table_rows}
    for name in args.datasets.split(","):
        a, b = by.get((name, "trees")), by.get((name, "sdv-gc"))
        if a and b:
            print(
                f"{name}: trees vs SDV GaussianCopula: quality {a['quality']:.3f} vs {b['quality']:.3f}, detection "
                f"{a['detection_auc']:.3f} vs {b['detection_auc']:.3f}, fit CPU {b['fit_cpu_s'] / max(a['fit_cpu_s'], 1e-9):.1f}x less"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
