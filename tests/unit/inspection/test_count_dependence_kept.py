"""A child table's count that follows a parent's column survives ``inspect`` -> reviewed spec (YAML) ->
``generate`` without ``fit`` (issue 13, learn93): a category's count distribution per value (``rows: {by,
counts}``), a number's per interval of its quantiles (``rows: {by, bins, counts}``), drafted only where a G-test
finds the dependence (p < 1e-9, Cramér's V >= 0.2); a database whose counts follow nothing drafts no ``by``.

Planted in databases made here: numbers (a float rate, an integer age, with a grandchild table) and categories
(counts nearly all above 5, and a small one), several seeds, and null databases; plus hand-written specs with
``bins`` (with and without a ``total``) and the errors a wrong ``bins`` gets."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.errors import SpecValidationError
from simulacra.inspection import inspect
from simulacra.pipeline import generate
from simulacra.sources import ForeignKey, Source
from simulacra.spec import load_spec
from simulacra.spec.model import RowsPerParent


def _db(seed: int, shape: str) -> tuple[dict[str, pl.DataFrame], str]:
    """(frames: parents <- kids [<- items], the parents' driver column) with the count planted per ``shape``."""
    rng = np.random.default_rng(seed)
    n = 600
    ids = np.arange(1, n + 1)
    other = rng.choice(["x", "y", "z"], n)
    if shape == "rate":  # Poisson, mean a float number / 7
        x = np.round(rng.gamma(3, 12, n), 2)
        k, driver = rng.poisson(x / 7), "score"
    elif shape == "age":  # an integer
        x = rng.integers(0, 91, n)
        k, driver = rng.poisson(0.3 + x / 12), "age"
    elif shape == "league":  # a category whose counts are nearly all above 5
        x = rng.choice(["pro", "amateur", "youth"], n)
        k, driver = rng.poisson(np.select([x == "pro", x == "amateur"], [26.0, 16.0], 10.0)), "league"
    elif shape == "segment":  # a category, small counts
        x = rng.choice(["business", "retail"], n, p=[0.35, 0.65])
        k, driver = rng.poisson(np.where(x == "business", 8.0, 1.5)), "segment"
    else:  # null: counts follow neither column
        x = np.round(rng.normal(50, 15, n), 1)
        k, driver = rng.poisson(3.0, n), "score"
    parents = pl.DataFrame({"parent_id": ids, driver: x, "kind": other})
    pid = np.repeat(ids, k)
    kids = pl.DataFrame({"kid_id": np.arange(1, len(pid) + 1), "parent_id": pid, "v": rng.normal(0, 1, len(pid))})
    frames = {"parents": parents, "kids": kids}
    if shape == "age":  # a grandchild table, independent of the age
        g = rng.poisson(1.5, kids.height)
        frames["items"] = pl.DataFrame(
            {"item_id": np.arange(1, int(g.sum()) + 1), "kid_id": np.repeat(kids["kid_id"].to_numpy(), g)}
        )
    return frames, driver


def _source(frames: dict[str, pl.DataFrame]) -> Source:
    keys = {t: [f.columns[0]] for t, f in frames.items()}
    fks = [ForeignKey("kids", "parent_id", "parents", "parent_id")]
    if "items" in frames:
        fks.append(ForeignKey("items", "kid_id", "kids", "kid_id"))
    return Source(
        location="planted", kind="folder", frames=frames, primary_keys=keys, foreign_keys=fks, fingerprint="p"
    )


def _counts(frames: dict[str, pl.DataFrame]) -> np.ndarray:
    got = (
        frames["parents"]
        .select("parent_id")
        .join(frames["kids"].group_by("parent_id").len(), on="parent_id", how="left", maintain_order="left")
    )
    return got.get_column("len").fill_null(0).to_numpy().astype(np.float64)


def _drafted(frames: dict[str, pl.DataFrame]) -> tuple[dict[str, Any], dict[str, pl.DataFrame]]:
    ins = inspect(_source(frames))
    spec = load_spec("reviewed.yaml", text=ins.to_yaml())  # as a user reviews it: the YAML written
    return ins.spec_data["tables"]["kids"]["rows"], generate(spec, seed=5).frames


@pytest.mark.parametrize(("shape", "seed"), [("rate", 3), ("rate", 4), ("age", 5)])
def test_a_number_that_decides_the_count_is_kept(shape: str, seed: int) -> None:
    from simulacra.spec.count_bins import by_keys  # (here: the base has none, each test fails on its own)
    from simulacra.spec.model import bin_labels

    frames, driver = _db(seed, shape)
    rows, out = _drafted(frames)
    assert rows["by"] == driver and len(rows["bins"]) >= 2
    assert set(rows["counts"]) <= set(bin_labels(rows["bins"]))
    real = np.corrcoef(_counts(frames), frames["parents"][driver].cast(pl.Float64).to_numpy())[0, 1]
    made = np.corrcoef(_counts(out), out["parents"][driver].cast(pl.Float64).to_numpy())[0, 1]
    assert real > 0.5
    assert made >= 0.7 * real, (real, made)
    # per interval, the generated parents' mean count is the source's (within 20% or 0.5)
    keyed = RowsPerParent.model_validate(rows)
    src, gen = by_keys(keyed, frames["parents"][driver]), by_keys(keyed, out["parents"][driver])
    for label in rows["counts"]:
        a, b = _counts(frames)[src == label].mean(), _counts(out)[gen == label].mean()
        assert abs(a - b) <= max(0.2 * a, 0.5), (label, a, b)


@pytest.mark.parametrize(("shape", "seed"), [("league", 6), ("league", 8), ("segment", 7)])
def test_a_category_that_decides_the_count_is_kept(shape: str, seed: int) -> None:
    frames, driver = _db(seed, shape)
    rows, out = _drafted(frames)
    assert rows["by"] == driver and "bins" not in rows
    for value in frames["parents"][driver].unique().to_list():
        a = _counts(frames)[(frames["parents"][driver] == value).to_numpy()].mean()
        b = _counts(out)[(out["parents"][driver] == value).to_numpy()].mean()
        assert abs(a - b) <= 0.15 * a, (value, a, b)


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_counts_that_follow_nothing_draft_no_by(seed: int) -> None:
    frames, _ = _db(seed, "null")
    rows = inspect(_source(frames)).spec_data["tables"]["kids"]["rows"]
    assert "by" not in rows and "bins" not in rows and "counts" not in rows


def test_bins_key_each_parent_by_its_interval() -> None:
    from simulacra.spec.count_bins import by_keys
    from simulacra.spec.model import bin_labels

    rows = RowsPerParent.model_validate(
        {"per": "p", "by": "x", "bins": [10, 20.5], "count": {"distribution": "fixed", "value": 0}}
    )
    assert bin_labels([10, 20.5]) == ["(-inf, 10)", "[10, 20.5)", "[20.5, inf)"]
    got = by_keys(rows, pl.Series([9.99, 10, 20.4, 20.5, None, -3], dtype=pl.Float64)).tolist()
    assert got == ["(-inf, 10)", "[10, 20.5)", "[10, 20.5)", "[20.5, inf)", None, "(-inf, 10)"]


def _bins_spec(rows: dict[str, Any], income: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": "bins",
        "tables": {
            "customers": {
                "rows": 400,
                "primary_key": "customer_id",
                "columns": {
                    "customer_id": {"generator": "sequence"},
                    "income": income or {"generator": "uniform", "low": 0, "high": 100},
                },
            },
            "orders": {
                "rows": {"per": "customers", **rows},
                "columns": {
                    "order_id": {"generator": "sequence"},
                    "customer_id": {"generator": "foreign_key", "references": "customers.customer_id"},
                },
            },
        },
    }


_UPPER = {
    "(-inf, 50)": {"distribution": "fixed", "value": 0},
    "[50, inf)": {"distribution": "uniform", "low": 1, "high": 4},
}


@pytest.mark.parametrize("total", [None, 500])
def test_generate_draws_each_parent_per_its_interval(total: int | None) -> None:
    rows: dict[str, Any] = {"by": "income", "bins": [50], "count": {"distribution": "fixed", "value": 9}}
    rows["counts"] = _UPPER
    if total is not None:
        rows["total"] = total
    a = generate(_bins_spec(rows), seed=2).frames
    b = generate(_bins_spec(rows), seed=2).frames
    assert all(a[t].equals(b[t]) for t in a)  # the same bytes for the same seed
    k = _counts(
        {
            "parents": a["customers"].rename({"customer_id": "parent_id"}),
            "kids": a["orders"].rename({"customer_id": "parent_id"}),
        }
    )
    high = a["customers"]["income"].to_numpy() >= 50
    assert (k[~high] == 0).all() and k[high].min() >= 1 and k[high].max() <= 3
    if total is not None:
        assert a["orders"].height == total


@pytest.mark.parametrize(
    ("rows", "income", "message"),
    [
        ({"bins": [50], "counts": {}}, None, r"'bins' needs 'by'"),
        ({"by": "income", "bins": [50, 50]}, None, r"strictly ascending"),
        (
            {"by": "income", "bins": [50], "counts": {"<50": {"distribution": "fixed", "value": 1}}},
            None,
            r"'<50' is not an interval of the bins; expected keys among '\(-inf, 50\)', '\[50, inf\)'",
        ),
        (
            {"by": "income", "bins": [50]},
            {"generator": "categorical", "values": ["low", "high"]},
            r"table 'orders': 'bins' cut a number column.*'customers\.income' holds no numbers",
        ),
    ],
)
def test_wrong_bins_are_refused_naming_where(rows: dict[str, Any], income: dict[str, Any] | None, message: str) -> None:
    spec = {"count": {"distribution": "fixed", "value": 1}, **rows}
    with pytest.raises(SpecValidationError, match=message):
        load_spec(_bins_spec(spec, income))
