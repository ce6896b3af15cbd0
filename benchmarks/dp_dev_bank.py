"""The DEV set for DPSynthesizer's fixed choices: UCI Bank Marketing, never Adult (Adult is what is reported).

Fits DPSynthesizer at ε = 1 on a seeded 2/3 of bank-full.csv (30,140 rows) under several
settings of the module's budget shares and fine-bin rules, over a few seeds, and prints the
mean quality (SDMetrics QualityReport on seeded 3,000-row subsamples, as dp_adult.py) and TSTR
ROC AUC (target ``y``) on the other 1/3. The declared domain below comes from bank-names.txt's
descriptions (ages, euros, days, seconds, counts), not from the rows.

    .venv/bin/python benchmarks/dp_dev_bank.py [--seeds 0,1] [--eps 1] [--only "0.1,0.05,256,0.5;..."]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth_adult as sa  # noqa: E402  (quality and the feature matrix)

DELTA = 1e-6
DOMAIN = {
    "age": {"bounds": [18, 95], "bins": 20},
    "balance": {"bounds": [-10000, 110000], "edges": [-10000, -1000, 0, 1, 500, 1000, 2000, 5000, 10000, 110000]},
    "day": {"bounds": [1, 31], "bins": 10},
    "duration": {"bounds": [0, 5000], "edges": [0, 60, 120, 180, 240, 300, 420, 600, 900, 1800, 5000]},
    "campaign": {"bounds": [1, 63], "edges": [1, 2, 3, 4, 5, 7, 10, 20, 63]},
    "pdays": {"bounds": [-1, 900], "edges": [-1, 0, 30, 90, 180, 365, 900]},
    "previous": {"bounds": [0, 300], "edges": [0, 1, 2, 3, 5, 10, 300]},
}
#: the settings compared: (one-way share, selection share, default fine span, fine share)
GRID = {
    "one_way": [0.1, 0.2, 0.3],
    "select": [0.05, 0.1],
    "fine_span": [0, 256],
    "fine_share": [0.3, 0.5],
}


def load(path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    df = pl.read_csv(path, separator=";", infer_schema_length=10000)
    idx = np.random.default_rng(0).permutation(df.height)
    cut = df.height * 2 // 3
    return df[idx[:cut]], df[idx[cut:]]


def tstr(train: pl.DataFrame, test: pl.DataFrame) -> float:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score

    xtr, xte = sa._matrix([train, test], drop=("y",))
    clf = HistGradientBoostingClassifier(categorical_features=sa._categorical_mask(train, ("y",)), random_state=0)
    clf.fit(xtr, (train.get_column("y") == "yes").to_numpy())
    return float(roc_auc_score((test.get_column("y") == "yes").to_numpy(), clf.predict_proba(xte)[:, 1]))


def main() -> None:
    import simulacra.dp.synthesizer as syn
    from simulacra.dp import DPSynthesizer

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(HERE.parents[1] / "shared" / "data" / "bank_marketing" / "bank-full.csv"))
    ap.add_argument("--seeds", default="0,1")
    ap.add_argument("--eps", type=float, default=1.0)
    ap.add_argument("--plain-selection", action="store_true", help="selection without the noise penalty")
    ap.add_argument("--three-rounds", type=int, default=0, help="AIM-style three-way rounds (0: the tree alone)")
    ap.add_argument("--only", default="", help="settings 'one,select,span,fine_share;...' instead of the grid")
    args = ap.parse_args()
    path = Path(args.data)
    if not path.is_file():
        path = Path("/work/shared/data/bank_marketing/bank-full.csv")
    train, test = load(path)
    real_s = train.sample(3000, seed=1)
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"dev: bank train {train.height:,} rows, holdout {test.height:,}; eps {args.eps:g}; seeds {seeds}")
    settings = list(itertools.product(*GRID.values()))
    if args.only:
        settings = [tuple(float(x) for x in part.split(",")) for part in args.only.split(";")]  # type: ignore[misc]
    for one, sel, span, fshare in settings:
        if span == 0 and fshare != GRID["fine_share"][0]:
            continue  # the fine share means nothing without fine bins
        syn.ONE_WAY_SHARE, syn.SELECT_SHARE, syn.TWO_WAY_SHARE = one, sel, 1.0 - one - sel
        syn.DEFAULT_FINE_SPAN, syn.FINE_SHARE = int(span), fshare
        syn.NOISE_AWARE = not args.plain_selection
        syn.THREE_WAY_ROUNDS = args.three_rounds
        q, t, w = [], [], time.perf_counter()
        for s in seeds:
            synth = DPSynthesizer(epsilon=args.eps, delta=DELTA, domain=DOMAIN, seed=s).fit(train).sample(train.height)
            q.append(sa.quality(real_s, synth.sample(3000, seed=1))[0])
            t.append(tstr(synth.filter(pl.col("y").is_not_null()), test))
        print(
            f"one-way {one:.2f} select {sel:.2f} fine-span {int(span):>3} fine-share {fshare:.1f}: "
            f"quality {np.mean(q):.4f}  TSTR {np.mean(t):.4f}  ({time.perf_counter() - w:.0f}s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
