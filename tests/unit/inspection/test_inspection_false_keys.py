"""Containment is not a key: small integers and measures inside an ID table are never proposed (issue 13, defect 1)."""

from __future__ import annotations

import numpy as np
import polars as pl

from simulacra.inspection import inspect
from simulacra.inspection._keys import infer_foreign_keys
from simulacra.sources import Source


def _motorsport(seed: int = 0) -> dict[str, pl.DataFrame]:
    """Races with results; results carry a car number 1..99 that is a subset of the (sparse-ish) driver ids."""
    rng = np.random.default_rng(seed)
    driver_ids = np.sort(rng.choice(np.arange(1, 12_000), size=900, replace=False))
    driver_ids[:99] = np.arange(1, 100)  # every car number is also some driver's id
    rows = []
    for race in range(1, 201):
        drivers = rng.choice(driver_ids, size=20, replace=False)
        numbers = rng.choice(np.arange(1, 100), size=20, replace=False)
        for d, num in zip(drivers, numbers, strict=True):
            rows.append((race, int(d), int(num)))
    results = pl.DataFrame(rows, schema=["race_id", "driver_id", "number"], orient="row")
    results = results.with_columns(pl.int_range(1, results.height + 1).alias("result_id"))
    cards = pl.DataFrame({"card_id": np.arange(1, 3001)})
    trans = pl.DataFrame(
        {
            "trans_id": np.arange(5000),
            "card_id": rng.integers(1, 3001, 5000),
            "card_age_days": rng.integers(1, 2900, 5000),
        }
    )
    return {
        "drivers": pl.DataFrame({"driver_id": driver_ids}),
        "races": pl.DataFrame({"race_id": np.arange(1, 201)}),
        "results": results,
        "cards": cards,
        "transactions": trans,
    }


def test_small_integers_and_measures_inside_an_id_table_are_not_keys() -> None:
    frames = _motorsport()
    pks = {
        "drivers": ["driver_id"],
        "races": ["race_id"],
        "results": ["result_id"],
        "cards": ["card_id"],
        "transactions": ["trans_id"],
    }
    fks, _ = infer_foreign_keys(frames, pks, [])
    got = {(f.table, f.column): f.references for f in fks}
    assert got == {
        ("results", "race_id"): "races.race_id",
        ("results", "driver_id"): "drivers.driver_id",
        ("transactions", "card_id"): "cards.card_id",
    }
    true = next(f for f in fks if f.column == "driver_id")
    assert "of the parent's key range" in (true.evidence or "") and "parent keys referenced" in (true.evidence or "")


def test_an_unnamed_key_that_reaches_its_parent_is_still_found() -> None:
    rng = np.random.default_rng(1)
    ids = np.sort(rng.choice(np.arange(1, 50_000), size=400, replace=False))
    frames = {
        "account": pl.DataFrame({"account_id": ids}),
        "loan": pl.DataFrame({"loan_id": np.arange(300), "acct": rng.choice(ids, 300)}),
    }
    fks, _ = infer_foreign_keys(frames, {"account": ["account_id"], "loan": ["loan_id"]}, [])
    assert [(f.table, f.column, f.ref_table) for f in fks] == [("loan", "acct", "account")]


def test_inspect_and_fit_never_use_the_false_key() -> None:
    import simulacra

    frames = _motorsport()
    src = Source(location="motorsport", kind="folder", frames=frames, fingerprint="x")
    ins = inspect(src)
    refs = {(k.table, k.column) for k in ins.keys}
    assert ("results", "number") not in refs and ("transactions", "card_age_days") not in refs
    assert ins.spec.tables["results"].columns["number"].generator != "foreign_key"
    model = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    out = model.sample(seed=1)
    assert out["results"]["number"].max() <= 99 and out["results"]["number"].min() >= 1
