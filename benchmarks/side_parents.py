"""A child drawn from ALL its parents' columns (issue 13, learn-trends): the link between a child's columns and its
SECOND parent's, joined through the key, real against sampled, with the side context (ours) and without it (the
model before: the other parents' rows shuffled in after the child's columns were drawn), in one run.

* motorsport (``tests/structure_data.py``, 600 races, seed 11; inspected while building: a dev figure): Pearson
  correlation of drivers.skill with results.position / milliseconds / points; the race structure checks;
* shop (``tests/structure_data.py`` ``customer_orders``, seed 11; the tests use seeds 1 and 2): Pearson
  correlation of customers.score with orders.value, and the share of phone orders among gold and among bronze
  customers (customers are the orders' second parent; the orders are drawn per store);
* the shop example (``simulacra generate`` of ``examples/shop.yaml``, seed 1, scale 0.3, inspected as
  ``learn_examples.py`` does; not looked at while the rule was set): Pearson correlation of products.price with
  order_items.line_total (an item is drawn per order; its product is its second parent).

    PYTHONPATH=src:. nice .venv/bin/python benchmarks/side_parents.py [--seeds 1,2,3]

CPU time is the process's (``time.process_time``) beside wall time; the baseline is this code with the side
choice switched off (``choose_side_columns`` answering none), which is the model before, draw for draw.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import numpy as np
import polars as pl
from tests.structure_data import (
    customer_orders,
    motorsport,
    one_winner_share,
    order_share,
    rank_share,
    unique_pair_share,
)

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey, Source
from simulacra.synth import dataset

Figures = Callable[[dict[str, pl.DataFrame]], dict[str, float]]


def _corr(frame: pl.DataFrame, a: str, b: str) -> float:
    return float(np.corrcoef(frame[a].cast(pl.Float64), frame[b].cast(pl.Float64))[0, 1])


def motor_figures(f: dict[str, pl.DataFrame]) -> dict[str, float]:
    j = f["results"].join(f["drivers"], on="driver_id")
    r = f["results"]
    return {
        "corr(skill, position)": _corr(j, "skill", "position"),
        "corr(skill, milliseconds)": _corr(j, "skill", "milliseconds"),
        "corr(skill, points)": _corr(j, "skill", "points"),
        "positions 1..n / one winner / follow time": min(rank_share(r), one_winner_share(r), order_share(r)),
        "a driver / a number once per race": min(
            unique_pair_share(r, "race_id", "driver_id"), unique_pair_share(r, "race_id", "number")
        ),
    }


def shop_figures(f: dict[str, pl.DataFrame]) -> dict[str, float]:
    j = f["orders"].join(f["customers"], on="customer_id")

    def phone(tier: str) -> float:
        return float((j.filter(pl.col("tier") == tier)["channel"] == "phone").mean() or 0.0)

    return {
        "corr(score, value)": _corr(j, "score", "value"),
        "phone share, gold customers": phone("gold"),
        "phone share, bronze customers": phone("bronze"),
    }


def items_figures(f: dict[str, pl.DataFrame]) -> dict[str, float]:
    j = f["order_items"].join(f["products"].select("product_id", pl.col("price").alias("__price")), on="product_id")
    return {"corr(product price, line_total)": _corr(j, "__price", "line_total")}


def _source(name: str, frames: dict[str, pl.DataFrame], keys: list[ForeignKey]) -> Source:
    if not keys:  # keys inferred, as synth_structure.py reads motorsport
        return Source(location=name, kind="folder", frames=frames, fingerprint=name)
    pks = {t: [f.columns[0]] for t, f in frames.items()}
    return Source(location=name, kind="folder", frames=frames, primary_keys=pks, foreign_keys=keys, fingerprint=name)


def run(
    name: str, frames: dict[str, pl.DataFrame], keys: list[ForeignKey], figures: Figures, seeds: list[int], spec=None
) -> None:  # type: ignore[no-untyped-def]
    spec = spec or inspect(_source(name, frames, keys)).spec
    real = figures(frames)
    got: dict[str, dict[str, list[float]]] = {}
    clock: dict[str, list[float]] = {}
    DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seeds[0])  # warm-up (imports, first calls): untimed
    for label, off in (("side (ours)", False), ("none (before)", True)):
        patch = (
            mock.patch.object(dataset, "choose_side_columns", lambda *a: {})
            if off
            else mock.patch.object(dataset, "choose_side_columns", dataset.choose_side_columns)
        )
        with patch:
            w0, c0 = time.perf_counter(), time.process_time()
            model = DatasetSynthesizer(seed=0).fit(frames, spec)
            fit = (time.perf_counter() - w0, time.process_time() - c0)
            w0, c0 = time.perf_counter(), time.process_time()
            samples = [model.sample(seed=s) for s in seeds]
            samp = ((time.perf_counter() - w0) / len(seeds), (time.process_time() - c0) / len(seeds))
        chosen = {t: tm.side for t, tm in model.tables_.items() if tm.side}
        print(f"  {label}: side columns chosen {chosen or 'none'}")
        for s in samples:
            for k, v in figures(s).items():
                got.setdefault(k, {}).setdefault(label, []).append(v)
        clock[label] = [*fit, *samp]
    print(f"\n{name} (seeds {','.join(map(str, seeds))}: mean over samples (min, max))")
    print("| figure | real | side (ours) | none (before) |")
    print("|---|---:|---:|---:|")
    for k, per in got.items():
        cells = [f"{np.mean(v):.3f} ({min(v):.3f}, {max(v):.3f})" for v in per.values()]
        print(f"| {k} | {real[k]:.3f} | " + " | ".join(cells) + " |")
    a, b = clock["side (ours)"], clock["none (before)"]
    print(f"| fit s wall (CPU) | | {a[0]:.2f} ({a[1]:.2f}) | {b[0]:.2f} ({b[1]:.2f}) |")
    print(f"| sample s wall (CPU) per seed | | {a[2]:.2f} ({a[3]:.2f}) | {b[2]:.2f} ({b[3]:.2f}) |")
    print(
        f"| CPU ratio ours / before: fit, sample | | {a[1] / max(b[1], 1e-9):.2f}x, {a[3] / max(b[3], 1e-9):.2f}x | |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="1,2,3")
    seeds = [int(s) for s in ap.parse_args().seeds.split(",")]
    run("motorsport (dev)", motorsport(n_races=600, seed=11), [], motor_figures, seeds)
    keys = [
        ForeignKey("orders", "store_id", "stores", "store_id"),
        ForeignKey("orders", "customer_id", "customers", "customer_id"),
    ]
    run("shop (plant, seed 11)", customer_orders(11), keys, shop_figures, seeds)

    import simulacra
    from simulacra.examples import example_path
    from simulacra.sources import coerce, read_source

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "shop.db"
        simulacra.generate(example_path("shop"), path, seed=1, scale=0.3, documents=False)
        src = read_source(path)
        ins = inspect(src)
        run("shop example (seed 1, scale 0.3)", coerce(src.frames, ins), [], items_figures, seeds, spec=ins.spec)


if __name__ == "__main__":
    main()
