"""A category or flag decided by bands of a number in its row (a letter by the score, ``passed`` by the
grade) is drafted as a ``case`` on the number and kept by generation; one row breaking the bands, or a
category independent of the number, is not. Planted with labels, cut points, scales and types from seeds."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.inspection import Inspection, inspect
from simulacra.pipeline import generate
from simulacra.sources import Source

LABELS = [
    ["low", "mid", "high"],
    ["F", "D", "C", "B", "A"],
    ["small", "large"],
    ["bronze", "silver", "gold", "platinum"],
]


def world(seed: int, *, broken: bool = False) -> tuple[pl.DataFrame, list[str], list[float]]:
    rng = np.random.default_rng(seed)
    labels = LABELS[seed % len(LABELS)]
    n = int(rng.integers(300, 900))
    scale = float(rng.choice([1.0, 100.0, 0.01]))
    decimals = {1.0: int(rng.integers(0, 2)), 100.0: 0, 0.01: 4}[scale]  # many distinct numbers at any scale
    x = np.round(rng.normal(50, 15, n) * scale, decimals)
    cuts = sorted(float(v) for v in np.quantile(x, np.linspace(0, 1, len(labels) + 1)[1:-1]))
    band = np.searchsorted(cuts, x, side="right")
    cat = np.array(labels, dtype=object)[band]
    if broken:  # one row takes its neighbour band's label
        i = int(np.argmin(np.abs(x - cuts[0]))) if band[int(np.argmin(np.abs(x - cuts[0])))] == 0 else 0
        cat[i] = labels[1]
        x[i] = float(np.min(x))
    flag = x >= cuts[-1]
    frame = pl.DataFrame(
        {"id": np.arange(n), "score": x, "tier": cat.tolist(), "top": flag, "noise": rng.integers(0, 3, n)}
    )
    return frame, labels, cuts


def drafted(frame: pl.DataFrame) -> Inspection:
    found = inspect(Source(location="t", kind="folder", frames={"t": frame}, fingerprint="t"))
    return found


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_a_category_decided_by_bands_of_a_number_is_drafted_as_a_case_and_kept(seed: int) -> None:
    frame, labels, cuts = world(seed)
    found = drafted(frame)
    cols = found.spec.tables["t"].columns
    assert cols["tier"].generator == "case" and cols["top"].generator == "case"
    assert cols["noise"].generator != "case"
    made = generate(found.spec, seed=seed).frames["t"]
    order = made.sort("score")
    # generated: each label one unbroken run along the score, in the source's order
    runs = order.select((pl.col("tier") != pl.col("tier").shift(1)).fill_null(True).sum()).item()
    assert runs == made["tier"].n_unique() <= len(labels)
    firsts = order.group_by("tier", maintain_order=True).first()["tier"].to_list()
    assert firsts == [v for v in labels if v in firsts]
    assert bool((made["top"] == (made["score"] >= cuts[-1])).all()) or made["top"].n_unique() == 2


@pytest.mark.parametrize("seed", [0, 1])
def test_one_row_off_its_band_leaves_the_category_drawn_on_its_own(seed: int) -> None:
    frame, _, _ = world(seed, broken=True)
    cols = drafted(frame).spec.tables["t"].columns
    assert cols["tier"].generator != "case"
