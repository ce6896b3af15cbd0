"""Fit and sample UCI Adult with simulacra's synthesizers (and SDV's when installed), side by side.

Fit on adult.data (32,561 rows), hold out adult.test (16,281 rows). Per method:
fit s, sample rows/s, peak RSS, quality (SDMetrics QualityReport: mean of column
shapes and column pair trends), detection AUC (gradient-boosted classifier, real
vs synthetic, 5-fold; 0.5 ideal), TSTR ROC AUC on the holdout beside TRTR, DCR
share (synthetic rows closer to a training row than to a holdout row; 0.5 ideal),
exact-match rate, and the exact-dependency and zero-inflation checks the peers fail.

    .venv/bin/python benchmarks/synth_adult.py [--methods trees,copula,sdv-gc,sdv-tvae] [--rows N] [--min-samples-leaf K]
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import polars as pl

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "adult"
TARGET = "Y"


def load() -> tuple[pl.DataFrame, pl.DataFrame]:
    def read(name: str) -> pl.DataFrame:
        df = pl.read_csv(DATA / name, separator=",", null_values=["?"], infer_schema_length=10000)
        df = df.rename({c: c.strip() for c in df.columns})
        df = df.with_columns([pl.col(c).str.strip_chars() for c, t in df.schema.items() if t == pl.String])
        df = df.with_columns(pl.col(c).replace("?", None) for c, t in df.schema.items() if t == pl.String)
        for c in df.columns:  # ", "-separated numbers arrive as text
            as_int = df.get_column(c).cast(pl.Int64, strict=False)
            if df.get_column(c).dtype == pl.String and as_int.null_count() == df.get_column(c).null_count():
                df = df.with_columns(as_int.alias(c))
        return df.with_columns(pl.col(TARGET).str.strip_chars_end("."))

    return read("adult.data"), read("adult.test")


class PeakRSS:
    """Peak resident memory of this process while a block runs (sampled every 20 ms)."""

    def __enter__(self) -> PeakRSS:
        import psutil

        self._p = psutil.Process()
        self.peak = self._p.memory_info().rss
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._p.memory_info().rss)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self._p.memory_info().rss)


# ---------------------------------------------------------------- metrics
def _matrix(frames: list[pl.DataFrame], drop: tuple[str, ...] = ()) -> list[np.ndarray]:
    """Numeric as is, categoricals as ordinal codes shared across frames (for tree models)."""
    cols = [c for c in frames[0].columns if c not in drop]
    out = [np.zeros((f.height, len(cols))) for f in frames]
    for j, c in enumerate(cols):
        if frames[0].schema[c] == pl.String:
            cats = pl.concat([f.get_column(c) for f in frames]).drop_nulls().unique().sort()
            for f, m in zip(frames, out):
                m[:, j] = (
                    f.get_column(c)
                    .replace_strict(cats, pl.Series(range(len(cats))), default=None, return_dtype=pl.Float64)
                    .fill_null(np.nan)
                    .to_numpy()
                )
        else:
            for f, m in zip(frames, out):
                m[:, j] = f.get_column(c).cast(pl.Float64).fill_null(np.nan).to_numpy()
    return out


def _categorical_mask(frame: pl.DataFrame, drop: tuple[str, ...] = ()) -> list[bool]:
    return [frame.schema[c] == pl.String for c in frame.columns if c not in drop]


def detection_auc(real: pl.DataFrame, synth: pl.DataFrame, seed: int = 0) -> tuple[float, float]:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    n = min(real.height, synth.height)
    r, s = real.sample(n, seed=seed), synth.sample(n, seed=seed)
    Xr, Xs = _matrix([r, s])
    X = np.vstack([Xr, Xs])
    y = np.r_[np.zeros(n), np.ones(n)]
    clf = HistGradientBoostingClassifier(categorical_features=_categorical_mask(r), random_state=seed)
    scores = cross_val_score(clf, X, y, cv=StratifiedKFold(5, shuffle=True, random_state=seed), scoring="roc_auc")
    return float(scores.mean()), float(scores.std())


def tstr_auc(train: pl.DataFrame, test: pl.DataFrame, seed: int = 0) -> float:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score

    Xtr, Xte = _matrix([train, test], drop=(TARGET,))
    positive = ">50K"
    ytr = (train.get_column(TARGET) == positive).to_numpy()
    yte = (test.get_column(TARGET) == positive).to_numpy()
    clf = HistGradientBoostingClassifier(categorical_features=_categorical_mask(train, (TARGET,)), random_state=seed)
    clf.fit(Xtr, ytr)
    return float(roc_auc_score(yte, clf.predict_proba(Xte)[:, 1]))


def _encode_for_distance(frames: list[pl.DataFrame]) -> list[np.ndarray]:
    """Numeric scaled to [0, 1] by the training range; categoricals one-hot (a Gower-like Euclidean space)."""
    ref = frames[0]
    blocks: list[list[np.ndarray]] = [[] for _ in frames]
    for c, t in ref.schema.items():
        if t == pl.String:
            cats = ref.get_column(c).fill_null("<null>").unique().sort().to_list()
            for i, f in enumerate(frames):
                v = f.get_column(c).fill_null("<null>").to_numpy()
                blocks[i].append((v[:, None] == np.array(cats, dtype=object)[None, :]).astype(np.float32))
        else:
            x0 = ref.get_column(c).cast(pl.Float64).to_numpy()
            lo, hi = np.nanmin(x0), np.nanmax(x0)
            for i, f in enumerate(frames):
                x = f.get_column(c).cast(pl.Float64).fill_null(lo).to_numpy()
                blocks[i].append(((x - lo) / (hi - lo if hi > lo else 1.0)).astype(np.float32)[:, None])
    return [np.hstack(b) for b in blocks]


def dcr_share(train: pl.DataFrame, holdout: pl.DataFrame, synth: pl.DataFrame, seed: int = 0) -> float:
    from sklearn.neighbors import NearestNeighbors

    n = min(train.height, holdout.height, synth.height, 10_000)
    tr, ho, sy = train.sample(n, seed=seed), holdout.sample(n, seed=seed), synth.sample(n, seed=seed)
    Etr, Eho, Esy = _encode_for_distance([tr, ho, sy])
    d_tr = NearestNeighbors(n_neighbors=1).fit(Etr).kneighbors(Esy)[0][:, 0]
    d_ho = NearestNeighbors(n_neighbors=1).fit(Eho).kneighbors(Esy)[0][:, 0]
    closer = (d_tr < d_ho).astype(float) + 0.5 * (d_tr == d_ho)
    return float(closer.mean())


def exact_match_rate(train: pl.DataFrame, synth: pl.DataFrame) -> float:
    joined = synth.with_row_index("__i").join(train.unique(), on=train.columns, how="semi", nulls_equal=True)
    return joined.height / max(synth.height, 1)


def quality(real: pl.DataFrame, synth: pl.DataFrame) -> tuple[float, float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from sdmetrics.reports.single_table import QualityReport

        meta = {
            "columns": {c: {"sdtype": "categorical" if t == pl.String else "numerical"} for c, t in real.schema.items()}
        }
        rep = QualityReport()
        rep.generate(real.to_pandas(), synth.to_pandas(), meta, verbose=False)
        props = rep.get_properties().set_index("Property")["Score"]
        return float(rep.get_score()), float(props["Column Shapes"]), float(props["Column Pair Trends"])


def fd_rate(frame: pl.DataFrame, a: str = "education", b: str = "education-num") -> float:
    """Share of rows whose (a, b) pair is the majority pair for a — 1.0 when b is a function of a."""
    counts = frame.group_by(a, b).len()
    best = counts.group_by(a).agg(pl.col("len").max()).get_column("len").sum()
    return float(best) / max(frame.height, 1)


# ---------------------------------------------------------------- methods
def run_simulacra(method: str, train: pl.DataFrame, n: int, seed: int, min_samples_leaf: int | None = None):
    from simulacra.synth import TabularSynthesizer

    t0 = time.perf_counter()
    model = TabularSynthesizer(method=method, seed=seed, first=[TARGET], min_samples_leaf=min_samples_leaf).fit(train)
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    synth = model.sample(n)
    return synth, fit_s, time.perf_counter() - t0


def run_sdv(kind: str, train: pl.DataFrame, n: int, seed: int):
    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer, TVAESynthesizer

    df = train.to_pandas()
    meta = Metadata.detect_from_dataframes({"adult": df})
    cls = {"sdv-gc": GaussianCopulaSynthesizer, "sdv-tvae": TVAESynthesizer}[kind]
    t0 = time.perf_counter()
    model = cls(meta)
    model.fit({"adult": df})  # SDV 2.0 takes {table: frame}
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    sampled = model.sample(n)
    out = pl.from_pandas(next(iter(sampled.values())) if isinstance(sampled, dict) else sampled)
    return out, fit_s, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--methods", default="trees,copula,sdv-gc,sdv-tvae")
    ap.add_argument("--rows", type=int, default=None, help="synthetic rows (default: as many as training rows)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--min-samples-leaf",
        type=int,
        default=None,
        help="leaf size of the trees (default: 1%% of the rows, 5 to 50); the leaf-size sweep in RESULTS.md",
    )
    args = ap.parse_args()
    if not DATA.exists():
        print(f"needs {DATA}", file=sys.stderr)
        return 2
    train, test = load()
    n = args.rows or train.height
    trtr = tstr_auc(train, test)
    rows = []
    for method in args.methods.split(","):
        if method.startswith("sdv"):
            try:
                import sdv  # noqa: F401
            except ImportError:
                print(f"{method}: skipped (the optional sdv package is not installed)")
                continue
            runner = functools.partial(run_sdv, method, train, n, args.seed)
        else:
            runner = functools.partial(run_simulacra, method, train, n, args.seed, args.min_samples_leaf)
        with PeakRSS() as mem:
            synth, fit_s, sample_s = runner()
        q, shapes, pairs = quality(train, synth)
        det, det_sd = detection_auc(train, synth, args.seed)
        row = {
            "method": method,
            "fit_s": fit_s,
            "sample_rows_per_s": synth.height / max(sample_s, 1e-9),
            "peak_rss_mb": mem.peak / 2**20,
            "quality": q,
            "shapes": shapes,
            "pairs": pairs,
            "detection_auc": det,
            "detection_sd": det_sd,
            "tstr_auc": tstr_auc(synth, test),
            "trtr_auc": trtr,
            "dcr_share": dcr_share(train, test, synth, args.seed),
            "exact_match": exact_match_rate(train, synth),
            "edu_fd": fd_rate(synth),
            "capital_gain_zero": float((synth.get_column("capital-gain") == 0).mean()),
            "label_share": float((synth.get_column(TARGET) == ">50K").mean()),
        }
        rows.append(row)
        print(" ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()), flush=True)
    real_row = {
        "capital_gain_zero": float((train.get_column("capital-gain") == 0).mean()),
        "label_share": float((train.get_column(TARGET) == ">50K").mean()),
        "edu_fd": fd_rate(train),
    }
    print("real:", " ".join(f"{k}={v:.4g}" for k, v in real_row.items()))
    print(
        "\n| method | fit s | sample rows/s | peak RSS MB | quality | shapes | pairs | detection AUC | TSTR AUC (TRTR) "
        "| DCR share | exact match | edu FD | cap-gain=0 | >50K share |"
    )
    print("|---|" + "---|" * 13)
    for r in rows:
        print(
            f"| {r['method']} | {r['fit_s']:.1f} | {r['sample_rows_per_s']:,.0f} | {r['peak_rss_mb']:.0f} | "
            f"{r['quality']:.3f} | {r['shapes']:.3f} | {r['pairs']:.3f} | {r['detection_auc']:.3f} ± {r['detection_sd']:.3f} | "
            f"{r['tstr_auc']:.3f} ({r['trtr_auc']:.3f}) | {r['dcr_share']:.3f} | {r['exact_match']:.4f} | "
            f"{r['edu_fd']:.3f} | {r['capital_gain_zero']:.3f} | {r['label_share']:.3f} |"
        )
    base = {r["method"]: r for r in rows}
    if "trees" in base and "copula" in base:
        print(
            f"\nsample speed trees/copula: {base['trees']['sample_rows_per_s'] / base['copula']['sample_rows_per_s']:.2f}x; "
            f"fit time trees/copula: {base['trees']['fit_s'] / max(base['copula']['fit_s'], 1e-9):.1f}x"
        )
    for other in ("sdv-gc", "sdv-tvae"):
        if "trees" in base and other in base:
            print(
                f"trees vs {other}: fit {base[other]['fit_s'] / base['trees']['fit_s']:.1f}x faster, "
                f"sampling {base['trees']['sample_rows_per_s'] / base[other]['sample_rows_per_s']:.1f}x faster"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
