"""Which part of the learned model makes a table's DCR excess (issue 13).

``synth_single.py``'s DCR share (synthetic rows nearer a training row than a held-out one; 0.5 for rows
that copy nothing) split by where in the fitted ``TabularSynthesizer`` a synthetic row came from. Each
synthetic row is encoded back to the model's codes and walked down every column's tree; per row:

- the size of the leaf (training rows in it) that drew each column, and the row's smallest leaf over
  the numbers' trees and over the categories' trees;
- the training frequency of the row's rarest category;
- whether it is a near copy (``near_copies``: equal to a training row on every column but at most one).

For each grouping (sizes and frequencies cut at ``EDGES`` rows) the script prints each group's share of the rows,
its DCR share, and its part of the excess over 0.5 (the parts add up to the share's excess): a group whose
part is large for its rows is where the excess sits. Then the share with each column dropped from the
distance (a column whose dropping takes the share to 0.5 carries it). Per column, in the model's order, how
much more often a synthetic row's code equals its nearest training row's than its nearest held-out row's
(the draws that follow a training row). A control runs the near-copy split and that agreement for real
held-out rows against the other half of the held-out rows. Means over model seeds; ``REPEATS``
equal-size draws per share. Use ``dev``:

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/dcr_sources.py adult dev 0,1,2 '{"select": false}'

``SIMULACRA_DATA`` names the data folder when it is not ``../shared/data`` beside the checkout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.neighbors import NearestNeighbors

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth_single as S  # noqa: E402

REPEATS = 2


def row_wins(train: pl.DataFrame, holdout: pl.DataFrame, synth: pl.DataFrame, seed: int) -> list[tuple]:
    """Per draw: the synthetic rows' positions drawn, each one's win (1 nearer training, 0.5 a tie), and its
    nearest training row and nearest held-out row (two frames aligned with the positions)."""
    n = min(train.height, holdout.height, synth.height, 10_000)
    out = []
    for r in range(REPEATS):
        rng = np.random.default_rng(seed + r)
        tr, ho = train.sample(n, seed=seed + r), holdout.sample(n, seed=seed + r)
        idx = np.sort(rng.choice(synth.height, n, replace=False))
        Etr, Eho, Esy = S._distance_space([tr, ho, synth[idx]])
        d_tr, i_tr = (a[:, 0] for a in NearestNeighbors(n_neighbors=1).fit(Etr).kneighbors(Esy))
        d_ho, i_ho = (a[:, 0] for a in NearestNeighbors(n_neighbors=1).fit(Eho).kneighbors(Esy))
        out.append((idx, (d_tr < d_ho) + 0.5 * (d_tr == d_ho), tr[i_tr], ho[i_ho]))
    return out


def row_sources(model, train: pl.DataFrame, synth: pl.DataFrame) -> dict[str, np.ndarray]:
    """Per synthetic row: the leaf size of each column's tree, the smallest over numbers / categories,
    the rarest category's training frequency."""
    table = model.table_
    ct = table.encode(table.with_cells(train))
    cs = table.encode(table.with_cells(synth))
    trees = table.trees.trees
    cat = [table.encoders[c].kind in ("categorical", "boolean") for c in table.columns]
    sizes = np.zeros((synth.height, len(trees)))
    freq = np.full((synth.height, len(trees)), np.inf)
    for j, tree in enumerate(trees):
        lt = tree.leaves(ct[:, :j].astype(np.float32))
        ls = tree.leaves(cs[:, :j].astype(np.float32))
        sizes[:, j] = np.bincount(lt, minlength=int(max(lt.max(), ls.max())) + 1)[ls]
        if cat[j]:
            f = np.bincount(ct[:, j], minlength=table.encoders[table.columns[j]].n_codes)
            freq[:, j] = f[np.minimum(cs[:, j], len(f) - 1)]
    cat_a = np.array(cat)
    out = {f"leaf of {c}": sizes[:, j] for j, c in enumerate(table.columns)}
    out["smallest numbers' leaf"] = sizes[:, ~cat_a].min(axis=1) if (~cat_a).any() else np.zeros(synth.height)
    out["smallest categories' leaf"] = sizes[:, cat_a].min(axis=1) if cat_a.any() else np.zeros(synth.height)
    out["rarest category's rows"] = freq.min(axis=1) if cat_a.any() else np.zeros(synth.height)
    out["near copy"] = S.near_copies(train, synth).astype(float)
    return out


EDGES = (0, 20, 40, 80, 200, 1000, np.inf)  # rows: a leaf's or a category's, the same cuts for every seed


def cuts(x: np.ndarray) -> list[tuple[str, float, float]]:
    """Groups of ``x`` as (label, lower bound excluded, upper bound included): a flag's values, else ``EDGES``."""
    vals = np.unique(x)
    if len(vals) <= 2 and set(vals) <= {0.0, 1.0}:
        return [(f"= {v:g}", v - 0.5, v) for v in (0.0, 1.0)]
    return [(f"({lo:g}, {hi:g}]", lo, hi) for lo, hi in zip(EDGES[:-1], EDGES[1:])]


def main() -> int:
    got = S.table_from_argv(sys.argv, __doc__)  # (the data beside the checkout, or SIMULACRA_DATA)
    if got is None:
        return 2
    t, seeds, _ = got
    name, split = t.name, sys.argv[2]
    from simulacra.synth import TabularSynthesizer

    for p in sys.argv[4:]:
        params = dict(json.loads(p))
        first = params.pop("first", [t.target])
        # per (grouping, group): lists over seeds of [row share, DCR share, part of the excess]
        table: dict[tuple[str, str], list[list[float]]] = {}
        dropped: dict[str | None, list[float]] = {}
        total: list[float] = []
        agree: list[dict[str, float]] = []
        ctrl: dict[str, float] = {}
        for seed in seeds:
            model = TabularSynthesizer(method="trees", seed=seed, first=first, **params).fit(t.train)
            s = model.sample(t.train.height).select(t.train.columns)
            src = row_sources(model, t.train, s)
            wins = row_wins(t.train, t.holdout, s, 0)
            agree.append(agreement(model, s, wins))
            if not ctrl:  # the real rows' control, encoded by the first seed's model
                ctrl = control(model, t.train, t.holdout)
            total.append(float(np.mean([w[1].mean() for w in wins])))
            drawn = np.concatenate([w[0] for w in wins])
            for key, x in src.items():
                for lab, lo, hi in cuts(x[drawn]):
                    if not ((x[drawn] > lo) & (x[drawn] <= hi)).any():
                        continue
                    rows = []
                    for idx, w, *_ in wins:
                        m = (x[idx] > lo) & (x[idx] <= hi)
                        rows.append([m.mean(), w[m].mean() if m.any() else np.nan, ((w - 0.5) * m).sum() / len(w)])
                    table.setdefault((key, lab), []).append(list(np.nanmean(rows, axis=0)))
            for c in [None, *t.train.columns]:
                keep = [x for x in t.train.columns if x != c]
                dropped.setdefault(c, []).append(
                    S.dcr_share(t.train.select(keep), t.holdout.select(keep), s.select(keep), 0, REPEATS)
                )
        print(f"{name} {split} seeds={seeds} {p}")
        print(
            f"  DCR share {np.mean(total):.4f} (excess {np.mean(total) - 0.5:+.4f}; per seed "
            f"{' / '.join(f'{x:.4f}' for x in total)})"
        )
        print("  grouping | group | rows | DCR share | part of the excess")
        for (key, lab), v in table.items():
            m = np.nanmean(v, axis=0)
            if m[0] < 0.0005:  # a group (almost) no synthetic row falls in
                continue
            print(f"  {key} | {lab} | {m[0]:.3f} | {m[1]:.4f} | {m[2]:+.4f}")
        print("  per column in the model's order: agreement with the nearest training row less with the nearest")
        print("  held-out row (codes; synthetic rows, mean over seeds | the real rows' control)")
        for c in agree[0]:
            print(f"  {c:<34} {np.mean([a[c] for a in agree]):+.4f} | {ctrl[c]:+.4f}")
        print("  the share with one column dropped from the distance:")
        base = np.mean(dropped.pop(None))  # the same draws with no column dropped
        print(f"  none dropped                 {base:.4f}")
        for c, v in dropped.items():
            print(f"  less {c:<24} {np.mean(v):.4f} ({np.mean(v) - base:+.4f})", flush=True)
    return 0


def agreement(model, synth: pl.DataFrame, wins: list[tuple]) -> dict[str, float]:
    """Per column in the model's order: the share of rows whose code (a number's bin) equals their nearest
    training row's, less the share equal to their nearest held-out row's. 0 for rows that copy nothing; the
    columns where it is large are the draws that follow a training row."""
    table = model.table_
    out: dict[str, list[float]] = {c: [] for c in table.columns}
    for idx, _, near_tr, near_ho in wins:
        codes = [table.encode(table.with_cells(f)) for f in (synth[idx], near_tr, near_ho)]
        for j, c in enumerate(table.columns):
            out[c].append(float((codes[0][:, j] == codes[1][:, j]).mean() - (codes[0][:, j] == codes[2][:, j]).mean()))
    return {c: float(np.mean(v)) for c, v in out.items()}


def control(model, train: pl.DataFrame, holdout: pl.DataFrame) -> dict[str, float]:
    """The near-copy split for real rows: one half of the held-out rows in place of the synthetic ones,
    against the other half (a model that holds nothing of its training rows would look like this)."""
    rng = np.random.default_rng(0)
    half = np.zeros(holdout.height, dtype=bool)
    half[rng.permutation(holdout.height)[: holdout.height // 2]] = True
    fresh, rest = holdout.filter(pl.Series(half)), holdout.filter(pl.Series(~half))
    wins = row_wins(train, rest, fresh, 0)
    near = S.near_copies(train, fresh).astype(float)
    rows = []
    for idx, w, *_ in wins:
        m = near[idx] == 1
        rows.append([m.mean(), w.mean(), w[m].mean(), w[~m].mean(), ((w - 0.5) * m).sum() / len(w)])
    r = np.mean(rows, axis=0)
    print(
        f"control (real held-out rows against the other half of the held-out rows, {len(wins[0][0])} a draw): "
        f"DCR share {r[1]:.4f}; near copies {r[0]:.3f} of the rows, their share {r[2]:.4f}, the rest's "
        f"{r[3]:.4f}, near copies' part of the excess {r[4]:+.4f}",
        flush=True,
    )
    return agreement(model, fresh, wins)


if __name__ == "__main__":
    raise SystemExit(main())
