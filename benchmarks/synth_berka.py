"""Fit and sample all 8 tables of the Berka bank data; integrity, child counts, events, time.

Runs simulacra's default (trees) and its copula baseline side by side, and SDV's
HMASynthesizer when the optional sdv package is installed (SDV Community refuses
schemas with more than 5 tables or depth above 2, so it is tried and its refusal
printed). Per method: fit s, sample s, referential integrity (share of foreign-key
values that resolve), child-count similarity per relation (1 - KS statistic between
real and synthetic children-per-parent, as SDMetrics' CardinalityShapeSimilarity),
order of events (transactions sorted by date within each account) and peak RSS.

    .venv/bin/python benchmarks/synth_berka.py [--methods trees,copula,sdv-hma] [--data ../shared/data/berka]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_adult import PeakRSS  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "berka"


def ks(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import ks_2samp

    if len(a) == 0 or len(b) == 0:
        return 1.0
    return float(ks_2samp(a, b).statistic)


def relations(model) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    out = []
    for t, tp in model.plan_.tables.items():
        for col, link in tp.links.items():
            if not link.self_ref:
                out.append((t, col, link.table, link.key))
    return out


def child_counts(frames: dict[str, pl.DataFrame], child: str, col: str, parent: str, key: str) -> np.ndarray:
    counts = frames[child].group_by(col).len()
    joined = frames[parent].select(key).join(counts, left_on=key, right_on=col, how="left").fill_null(0)
    return joined["len"].to_numpy()


def integrity(frames: dict[str, pl.DataFrame], rels: list[tuple[str, str, str, str]]) -> float:
    ok = total = 0
    for child, col, parent, key in rels:
        v = frames[child][col].drop_nulls()
        total += len(v)
        ok += int(v.is_in(frames[parent][key].implode()).sum())
    return ok / max(total, 1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--methods", default="trees,copula,sdv-hma")
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    from simulacra.inspection import inspect
    from simulacra.sources import coerce, read_source
    from simulacra.synth import DatasetSynthesizer

    t0 = time.perf_counter()
    src = read_source(args.data)
    inspection = inspect(src)
    real = coerce(src.frames, inspection)
    read_s = time.perf_counter() - t0
    print(f"read + inspect + type: {read_s:.1f} s; rows: " + ", ".join(f"{t} {f.height:,}" for t, f in real.items()))
    results = []
    for method in args.methods.split(","):
        if method == "sdv-hma":
            try:
                from sdv.metadata import Metadata
                from sdv.multi_table import HMASynthesizer
            except ImportError:
                print("sdv-hma: skipped (the optional sdv package is not installed)")
                continue
            try:
                data = {t: f.to_pandas() for t, f in real.items()}
                HMASynthesizer(
                    Metadata.detect_from_dataframes(data, foreign_key_inference_algorithm="column_name_match")
                )
            except Exception as exc:  # SDV Community refuses > 5 tables
                print(f"sdv-hma: refused: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        with PeakRSS() as mem:
            t0 = time.perf_counter()
            model = DatasetSynthesizer(method=method, seed=0).fit(real, inspection.spec)
            fit_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            fake = model.sample(scale=args.scale, seed=1)
            sample_s = time.perf_counter() - t0
        rels = relations(model)
        sims = {
            f"{c}.{col}->{p}": 1 - ks(child_counts(real, c, col, p, k), child_counts(fake, c, col, p, k))
            for c, col, p, k in rels
        }
        tname = next(t for t in fake if t.startswith("trans"))  # the shared copy is trans_prefix_first3MiB
        trans = fake[tname]
        ordered = trans.group_by("account_id", maintain_order=True).agg(pl.col("date").is_sorted())["date"].mean()
        row = {
            "method": method,
            "fit_s": fit_s,
            "sample_s": sample_s,
            "peak_rss_mb": mem.peak / 2**20,
            "integrity": integrity(fake, rels),
            "child_count_similarity": float(np.mean(list(sims.values()))),
            "events_ordered": float(ordered),
            "rows": sum(f.height for f in fake.values()),
        }
        results.append(row)
        print(" ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))
        print("  child-count similarity: " + ", ".join(f"{k} {v:.3f}" for k, v in sims.items()))
        real_gap = (
            real[tname]
            .sort("account_id", "date")
            .group_by("account_id", maintain_order=True)
            .agg(pl.col("date").diff().dt.total_days().median())["date"]
            .median()
        )
        fake_gap = (
            trans.group_by("account_id", maintain_order=True)
            .agg(pl.col("date").diff().dt.total_days().median())["date"]
            .median()
        )
        print(f"  median days between an account's transactions: real {real_gap}, synthetic {fake_gap}")
    print("\n| method | fit s | sample s | peak RSS MB | integrity | child-count similarity | events in order | rows |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['method']} | {r['fit_s']:.1f} | {r['sample_s']:.1f} | {r['peak_rss_mb']:.0f} | {r['integrity']:.4f} | "
            f"{r['child_count_similarity']:.3f} | {r['events_ordered']:.3f} | {r['rows']:,} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
