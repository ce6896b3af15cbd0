"""What `sample` keeping a drafted `rows.by`/`counts` without a total costs (issue 13, learn60).

`sample` now holds each parent's learned child count within the reach of its `by` value's count (`counts`, else
`count`), with or without `rows.total`. `inspect` drafts those counts from the source, a count law's `max` at the
99th percentile of that value's counts, so a drafted spec's top 1% of parents can now be held down. Per database
(planted shapes where `inspect` drafts `by`, seeded here; Berka and the generated motorsport database, where it
drafts none), per child table drafted per a parent, per sample seed, printed:

* `outside`: the share of sampled parents outside their value's drafted reach (base: what the hold moves);
* `ks`: 1 - the KS statistic between the source's and the sample's children per parent (the child-count shape);
* `rows held off`: the share of the sample's child rows a hold at the drafted reach removes;
* the samples' bytes (a hash of every table's CSV, all seeds), to show which samples move;
* `max`: the sample's largest count (held at the draft) beside the source's; `obs`: the share outside a reach whose top is the
  value's observed largest count instead of its 99th percentile (what drafting the observed max would move).

    nice -n 19 env OMP_NUM_THREADS=1 PYTHONPATH=<src>:. python benchmarks/counts_by_value.py [--databases ...]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulacra import DatasetSynthesizer  # noqa: E402
from simulacra.generation.totals import count_reach  # noqa: E402
from simulacra.inspection import inspect  # noqa: E402
from simulacra.sources import Source, coerce, read_source  # noqa: E402
from simulacra.spec.model import Distribution  # noqa: E402


def _tiered(
    seed: int, parent: str, by: str, child: str, shares: dict[str, float], means: dict[str, float], n: int
) -> dict[str, pl.DataFrame]:
    """Parents of a category whose value sets its children's mean (negative binomial, dispersion 3), and a
    grandchild table of Poisson(3) rows per child (three tables)."""
    rng = np.random.default_rng(seed)
    names = list(shares)
    value = rng.choice(names, n, p=np.array([shares[v] for v in names]))
    mu = np.array([means[v] for v in value])
    k = rng.negative_binomial(3, 3 / (3 + mu))
    pk, ck = f"{parent}_id", f"{child}_id"
    pid = np.repeat(np.arange(1, n + 1), k)
    m = len(pid)
    g = rng.poisson(3, m)
    return {
        parent: pl.DataFrame({pk: np.arange(1, n + 1), by: value, "score": np.round(rng.normal(50, 10, n), 1)}),
        child: pl.DataFrame({ck: np.arange(1, m + 1), pk: pid, "amount": np.round(rng.gamma(2.0, 20.0, m), 2)}),
        "lines": pl.DataFrame(
            {
                "line_id": np.arange(1, int(g.sum()) + 1),
                ck: np.repeat(np.arange(1, m + 1), g),
                "qty": rng.integers(1, 9, int(g.sum())),
            }
        ),
    }


PLANTED = {
    "shop": lambda s: _tiered(
        s,
        "customers",
        "tier",
        "orders",
        {"gold": 0.2, "silver": 0.3, "basic": 0.5},
        {"gold": 30.0, "silver": 12.0, "basic": 2.0},
        900,
    ),
    "school": lambda s: _tiered(
        s, "classes", "level", "pupils", {"large": 0.5, "small": 0.5}, {"large": 28.0, "small": 3.0}, 700
    ),
}


def _keys(frames: dict[str, pl.DataFrame]) -> dict[str, list[str]]:
    return {t: [c] for t, f in frames.items() for c in f.columns[:1] if c.endswith("_id")}


def _counts(child: pl.DataFrame, fk: str, parent: pl.DataFrame, pk: str) -> np.ndarray:
    got = parent.select(pl.col(pk).alias("_k")).join(
        child.group_by(fk).len().rename({fk: "_k"}), on="_k", how="left", maintain_order="left"
    )
    return got.get_column("len").fill_null(0).to_numpy().astype(np.int64)


def _reach(rows: dict, values: np.ndarray | None, top: dict[str, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each parent's drafted reach (``top``: the value's observed largest count as its top instead)."""
    n = 1 if values is None else len(values)
    a, b = count_reach(Distribution.model_validate(rows["count"]))
    lo, hi = np.full(n, a), np.full(n, b)
    if top is not None and "__all" in top:
        hi[:] = top["__all"]
    for v, d in (rows.get("counts") or {}).items():
        assert values is not None
        mask = values == v
        a, b = count_reach(Distribution.model_validate(d))
        lo[mask], hi[mask] = a, (top.get(v, b) if top is not None and d.get("distribution") != "fixed" else b)
    if rows.get("zero_rate"):
        lo[:] = 0
    return lo, hi


def _ks(a: np.ndarray, b: np.ndarray) -> float:
    grid = np.union1d(a, b)
    fa = np.searchsorted(np.sort(a), grid, side="right") / len(a)
    fb = np.searchsorted(np.sort(b), grid, side="right") / len(b)
    return 1.0 - float(np.abs(fa - fb).max())


def measure(name: str, frames: dict[str, pl.DataFrame], src: Source, seeds: list[int], by_only: bool) -> None:
    ins = inspect(src)
    frames = coerce(frames, ins)  # (Berka's text dates read as dates, as the spec types them)
    model = DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    samples = {s: model.sample(seed=s) for s in seeds}
    digest = hashlib.sha256()
    for s, out in samples.items():
        for t in sorted(out):
            digest.update(f"{s}{t}".encode() + out[t].write_csv().encode())
    print(f"{name}: samples' bytes {digest.hexdigest()[:16]}")
    for table, t in ins.spec_data["tables"].items():
        rows = t.get("rows")
        if not isinstance(rows, dict) or "per" not in rows or (by_only and "by" not in rows):
            continue
        parent = rows["per"]
        fk = next(k for k in ins.keys if k.table == table and k.ref_table == parent)
        real = _counts(frames[table], fk.column, frames[parent], fk.ref_column)
        by = rows.get("by")
        rv = None if by is None else frames[parent][by].cast(pl.String).to_numpy()
        top = {"__all": int(real.max())}
        if rv is not None:
            top.update({v: int(real[rv == v].max()) for v in np.unique(rv)})
        for s, out in samples.items():
            got = _counts(out[table], fk.column, out[parent], fk.ref_column)
            vals = None if by is None else out[parent][by].cast(pl.String).to_numpy()
            lo, hi = _reach(rows, vals)
            olo, ohi = _reach(rows, vals, top)
            outside = float(((got < lo) | (got > hi)).mean())
            obs = float(((got < olo) | (got > ohi)).mean())
            held = np.clip(got, lo, hi)
            print(
                f"{name} {table} per {parent}{' by ' + by if by else ''} seed {s}: parents {len(got)}, "
                f"outside {outside:.4f}, ks {_ks(real, got):.4f} (held at the draft: {_ks(real, held):.4f}), "
                f"rows held off {1 - int(held.sum()) / max(int(got.sum()), 1):.4f}, "
                f"max {int(got.max())} (held {int(held.max())}, source {int(real.max())}), obs {obs:.4f}, "
                f"rows {int(got.sum())}"
            )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--databases", default="shop,school,berka,motorsport")
    p.add_argument("--seeds", default="1,2,3")
    a = p.parse_args()
    seeds = [int(x) for x in a.seeds.split(",")]
    for db in a.databases.split(","):
        if db in PLANTED:
            for fs in (1, 2):
                frames = PLANTED[db](fs)
                keys = _keys(frames)
                from simulacra.sources import ForeignKey

                fks = [
                    ForeignKey(t, c, p, c)
                    for t, f in frames.items()
                    for c in f.columns[1:]
                    for p, k in keys.items()
                    if p != t and k == [c]
                ]
                src = Source(
                    location=f"{db}{fs}",
                    kind="folder",
                    frames=frames,
                    primary_keys=keys,
                    foreign_keys=fks,
                    fingerprint=f"{db}{fs}",
                )
                measure(f"{db}(source seed {fs})", frames, src, seeds, by_only=False)
        elif db == "berka":
            berka = next(
                p / "shared" / "data" / "berka" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").exists()
            )
            src = read_source(berka)
            measure("berka", dict(src.frames), src, seeds, by_only=False)
        elif db == "motorsport":
            from tests.structure_data import motorsport

            ms = motorsport(n_races=600, seed=11)
            measure(
                "motorsport",
                ms,
                Source(location="ms", kind="folder", frames=ms, fingerprint="ms"),
                seeds,
                by_only=False,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
