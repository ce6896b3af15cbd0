"""Where the share of synthetic rows closer to a training row than to a held-out one comes from (issue 13).

Probes of the default ``TabularSynthesizer`` on ``synth_single.py``'s tables and splits (use
``--split dev``: these are diagnostics, not a test), with ``synth_single.py``'s own metrics:

* ``subsets``: the DCR share on every column, on the categories only and on the numbers only.
* ``cells``: synthetic and held-out rows that fall in the cell of a training row whose cell
  fewer than 5 training rows share (categories exact, each number's quantile bin coarsened by
  ``g``), and the DCR share of the synthetic rows that do and do not.
* ``redraw``: a simulated redraw of synthetic rows that land closer to a training row than a
  distance calibrated on the training rows alone: the leave-one-out nearest-neighbour distances
  among the training rows give bands (``--levels``, quantiles); a synthetic row in a band where
  the model puts more rows than the training rows' own share is kept with probability
  real share / model share, from three times the rows (rejection sampling, as redraws would do).

* ``twins``: near copies (a row equal to a training row on every column but one, ``synth_single.py``'s
  near-copy rate) per left-out column and by how many training rows share the row's other values (its
  twins: 1, 2-4, 5-19, 20+), synthetic beside held-out; for a left-out number, how near it sits to its
  twins' values (the share in a twin's quantile bin of ``--twin-bins``, the median distance over the range);
  and a bound: the DCR share with that number redrawn from its training marginal for the near copies of at
  most 4 twins, and for all of them (what decoupling it from the twins could gain at most).

    PYTHONPATH=src python benchmarks/synth_single_dcr.py --split dev --datasets adult,california --data ../shared/data
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth_single as S  # noqa: E402


def _model(t: S.Table, seed: int):  # type: ignore[no-untyped-def]
    from simulacra.synth import TabularSynthesizer

    return TabularSynthesizer(first=[t.target], seed=seed).fit(t.train)


def subsets(t: S.Table, synth: pl.DataFrame) -> None:
    cats = [c for c, d in t.train.schema.items() if S._is_cat(d)]
    nums = [c for c in t.train.columns if c not in cats]
    parts = {"all": t.train.columns, "categories": cats, "numbers": nums}
    out = {k: S.dcr_share(t.train.select(v), t.holdout.select(v), synth.select(v)) for k, v in parts.items() if v}
    print("  subsets: " + " ".join(f"{k} {v:.4f}" for k, v in out.items()), flush=True)


def cells(t: S.Table, model, synth: pl.DataFrame, groups: list[int]) -> None:  # type: ignore[no-untyped-def]
    from sklearn.neighbors import NearestNeighbors

    tab = model.table_
    n = min(t.train.height, t.holdout.height, 10_000)
    tr, ho, sy = (f.sample(n, seed=0) for f in (t.train, t.holdout, synth))
    e_tr, e_ho, e_sy = S._distance_space([tr, ho, sy])
    d_tr = NearestNeighbors(n_neighbors=1).fit(e_tr).kneighbors(e_sy)[0][:, 0]
    d_ho = NearestNeighbors(n_neighbors=1).fit(e_ho).kneighbors(e_sy)[0][:, 0]
    closer = (d_tr < d_ho) + 0.5 * (d_tr == d_ho)
    codes = {k: tab.encode(f.select(tab.columns)) for k, f in (("train", t.train), ("synth", sy), ("held", ho))}
    for g in groups:

        def key(c: np.ndarray, g: int = g) -> np.ndarray:
            k = c.astype(np.int64).copy()
            for j, col in enumerate(tab.columns):
                enc = tab.encoders[col]
                if enc.kind in ("categorical", "boolean"):
                    continue
                ns, b = len(enc.spikes), k[:, j] - len(enc.spikes)
                k[:, j] = np.where((b >= 0) & (b < len(enc.quantiles)), ns + b // g, k[:, j] + 1_000_000)
            return np.array([hash(r.tobytes()) for r in k])

        u, cnt = np.unique(key(codes["train"]), return_counts=True)
        rare_cells = set(u[cnt < 5].tolist())
        hit = {k: np.isin(key(codes[k]), list(rare_cells)) for k in ("synth", "held")}
        h = hit["synth"]
        print(
            f"  cells g={g}: in a rare training cell: synthetic {h.mean():.3f}, held-out {hit['held'].mean():.3f}; "
            f"DCR share of those {closer[h].mean() if h.any() else float('nan'):.3f}, of the others {closer[~h].mean():.3f}",
            flush=True,
        )


def redraw(t: S.Table, model, levels: list[float], seed: int) -> None:  # type: ignore[no-untyped-def]
    from sklearn.neighbors import NearestNeighbors

    n = t.train.height
    many = model.sample(3 * n, seed=seed + 1).select(t.train.columns)
    e_tr, e_sy = S._distance_space([t.train, many])
    nn = NearestNeighbors(n_neighbors=2).fit(e_tr)
    d_loo = nn.kneighbors(e_tr)[0][:, 1]  # each training row's distance to the other training rows
    d_sy = nn.kneighbors(e_sy, n_neighbors=1)[0][:, 0]
    edges = np.quantile(d_loo, levels)

    def bands(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        b = np.searchsorted(edges, d, side="right") - 1
        return b, np.array([(b == i).mean() for i in range(len(edges) - 1)])

    _, real = bands(d_loo)
    b, mine = bands(d_sy)
    keep_p = np.minimum(1.0, real / np.maximum(mine, 1e-12))
    p = np.ones(len(d_sy))
    inside = (b >= 0) & (b < len(keep_p))
    p[inside] = keep_p[b[inside]]
    kept = many.filter(pl.Series(np.random.default_rng(seed).random(len(p)) < p)).head(n)
    print(f"  redraw: training rows' share per band {np.round(real, 3)}, model's {np.round(mine, 3)}", flush=True)
    for label, s in (("as sampled", many.head(n)), ("redrawn", kept)):
        print(
            f"  redraw, {label}: detection {S.detection_auc(t.train, s, seed):.3f} "
            f"DCR share {S.dcr_share(t.train, t.holdout, s, seed):.4f} near-copy {S.near_copy_rate(t.train, s):.4f} "
            f"TSTR {S.tstr(s, t.holdout, t.target, t.positive, seed):.4f}",
            flush=True,
        )


_TWIN_BANDS = ((1, 1), (2, 4), (5, 19), (20, 1 << 40))


def _twin_counts(train: pl.DataFrame, rows: pl.DataFrame, on: list[str]) -> np.ndarray:
    """Per row of ``rows``: how many training rows equal it on the columns ``on`` (0: none)."""
    counts = train.group_by(on).agg(pl.len().alias("__twins"))
    found = rows.select(on).with_row_index("__i").join(counts, on=on, how="left", nulls_equal=True).sort("__i")
    return found.get_column("__twins").fill_null(0).to_numpy()


def twins(t: S.Table, synth: pl.DataFrame, bins: int, seed: int) -> None:
    cols = t.train.columns
    for left_out in cols:
        on = [c for c in cols if c != left_out]
        n = {k: _twin_counts(t.train, f, on) for k, f in (("synthetic", synth), ("held-out", t.holdout))}
        if max(float((v > 0).mean()) for v in n.values()) < 0.002:
            continue
        for k, v in n.items():
            bands = " ".join(
                f"{a}-{b if b < 1 << 40 else ''}: {((v >= a) & (v <= b)).mean():.4f}" for a, b in _TWIN_BANDS
            )
            print(f"  twins, {left_out} left out, {k}: near copies {(v > 0).mean():.4f} ({bands})", flush=True)
        if S._is_cat(t.train.schema[left_out]) or not (n["synthetic"] > 0).any():
            continue
        x = t.train.get_column(left_out).cast(pl.Float64).to_numpy()
        edges = np.nanquantile(x, np.linspace(0, 1, bins + 1))
        span = float(np.nanmax(x) - np.nanmin(x)) or 1.0
        pairs = t.train.select([*on, pl.col(left_out).cast(pl.Float64).alias("__twin")])
        for k, f in (("synthetic", synth), ("held-out", t.holdout)):
            g = (
                f.select([*on, pl.col(left_out).cast(pl.Float64).alias("__x")])
                .with_row_index("__i")
                .join(pairs, on=on, how="inner", nulls_equal=True)
                .with_columns(
                    ((pl.col("__x") - pl.col("__twin")).abs() / span).alias("__d"),
                    pl.col("__x")
                    .map_batches(lambda s, e=edges: pl.Series(np.searchsorted(e, s.to_numpy())))
                    .alias("__bx"),
                    pl.col("__twin")
                    .map_batches(lambda s, e=edges: pl.Series(np.searchsorted(e, s.to_numpy())))
                    .alias("__bt"),
                )
                .group_by("__i")
                .agg(
                    pl.len().alias("__n"), pl.col("__d").min(), (pl.col("__bx") == pl.col("__bt")).any().alias("__same")
                )
            )
            parts = []
            for a, b in _TWIN_BANDS:
                h = g.filter((pl.col("__n") >= a) & (pl.col("__n") <= b))
                if h.height:
                    parts.append(f"{a}-{b if b < 1 << 40 else ''}: {h['__same'].mean():.3f} / {h['__d'].median():.4f}")
            print(
                f"  twins, {left_out} left out, {k}: in a twin's bin / median distance to the nearest twin: {'; '.join(parts)}",
                flush=True,
            )
        v = n["synthetic"]
        rng = np.random.default_rng(seed)
        out = [f"as sampled {S.dcr_share(t.train, t.holdout, synth, seed):.4f}"]
        for label, most in (("<= 4 twins", 4), ("all", 1 << 40)):
            pick = (v > 0) & (v <= most)
            y = synth.get_column(left_out).to_numpy().copy()
            y[pick] = rng.choice(t.train.get_column(left_out).drop_nulls().to_numpy(), int(pick.sum()))
            redrawn = synth.with_columns(pl.Series(left_out, y).cast(synth.schema[left_out]))
            out.append(
                f"{label} redrawn from the marginal {S.dcr_share(t.train, t.holdout, redrawn, seed):.4f} ({pick.mean():.3f} of rows)"
            )
        print(f"  twins, {left_out} left out, DCR share: {'; '.join(out)}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--datasets", default="adult,california")
    ap.add_argument("--probes", default="subsets,cells,redraw")
    ap.add_argument("--groups", default="1,4,10", help="cells: bins per coarse cell of a number")
    ap.add_argument("--levels", default="0,0.05,0.1,0.2,0.3,0.5", help="redraw: quantile levels of the bands")
    ap.add_argument("--twin-bins", type=int, default=40, help="twins: quantile bins of a left-out number")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", type=Path, default=S.DATA)
    args = ap.parse_args()
    S.DATA = args.data
    probes = args.probes.split(",")
    for name in args.datasets.split(","):
        t = S.load(name, args.split, None)
        w, c = time.perf_counter(), time.process_time()
        model = _model(t, args.seed)
        synth = model.sample(t.train.height).select(t.train.columns)
        print(
            f"== {name} ({args.split}): fit+sample {time.perf_counter() - w:.1f} s ({time.process_time() - c:.1f} s CPU)"
        )
        if "subsets" in probes:
            subsets(t, synth)
        if "cells" in probes:
            cells(t, model, synth, [int(g) for g in args.groups.split(",")])
        if "redraw" in probes:
            redraw(t, model, [float(x) for x in args.levels.split(",")], args.seed)
        if "twins" in probes:
            twins(t, synth, args.twin_bins, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
