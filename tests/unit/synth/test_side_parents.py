"""A child drawn from ALL its parents' columns (issue 13): a table with two parents is drawn per one of them (its
context parent); the columns of the other parent that carry signal about the child's columns join its model's
context, and at sample time the other parent's row is drawn first and the child's row given its codes.

Planted in generated data as classes: an order's value set by its customer's score (a number), an order's
channel set by its customer's tier (a category), a race result's time set by its driver's skill (the rows listed
by finishing position, so the file's order speaks too). The customer is the SECOND parent of the order (the
order is drawn per store). A parent column that carries nothing is not given to the model.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from tests.structure_data import customer_orders, motorsport, one_winner_share, rank_share, unique_pair_share

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey, Source


def _fit(frames: dict[str, pl.DataFrame], name: str) -> DatasetSynthesizer:
    keys = [
        ForeignKey("orders", "store_id", "stores", "store_id"),
        ForeignKey("orders", "customer_id", "customers", "customer_id"),
    ]
    pks = {t: [f.columns[0]] for t, f in frames.items()}
    ins = inspect(
        Source(location=name, kind="folder", frames=frames, primary_keys=pks, foreign_keys=keys, fingerprint=name)
    )
    return DatasetSynthesizer(seed=0).fit(frames, ins.spec)


def _with_customer(out: dict[str, pl.DataFrame]) -> pl.DataFrame:
    return out["orders"].join(out["customers"], on="customer_id", how="inner")


@pytest.fixture(scope="module")
def planted() -> tuple[dict[str, pl.DataFrame], DatasetSynthesizer]:
    frames = customer_orders(1)
    return frames, _fit(frames, "shop")


def test_the_signal_comes_from_the_second_parent(planted: tuple) -> None:
    _, model = planted
    tm = model.tables_["orders"]
    assert tm.context_fk == "store_id"  # the planted parent is not the one the rows are drawn per
    assert list(tm.side) == ["customer_id"] and len(tm.side["customer_id"]) == 2  # score and tier


def test_a_number_follows_its_second_parents_number(planted: tuple) -> None:
    frames, model = planted
    real = _with_customer(frames)
    want = float(np.corrcoef(real["score"], real["value"])[0, 1])
    assert want > 0.8
    for seed in (1, 2):
        got = _with_customer(model.sample(seed=seed))
        assert got.height == model.sample(seed=seed)["orders"].height  # every order has its customer
        assert abs(float(np.corrcoef(got["score"], got["value"])[0, 1]) - want) <= 0.1


def _phone_share(frame: pl.DataFrame, tier: str) -> float:
    rows = frame.filter(pl.col("tier") == tier)
    return float((rows["channel"] == "phone").mean() or 0.0)


def test_a_category_follows_its_second_parents_category(planted: tuple) -> None:
    frames, model = planted
    real = _with_customer(frames)
    got = _with_customer(model.sample(seed=3))
    for tier in ("gold", "silver", "bronze"):
        assert abs(_phone_share(got, tier) - _phone_share(real, tier)) <= 0.08, tier
    assert _phone_share(got, "gold") - _phone_share(got, "bronze") >= 0.5  # real: 0.8 against 0.15


def test_same_seed_same_bytes_and_the_choice_survives_saving(planted: tuple, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, model = planted
    a = model.sample(seed=5)["orders"]
    assert a.equals(model.sample(seed=5)["orders"])
    model.save(tmp_path / "m")
    loaded = DatasetSynthesizer.load(tmp_path / "m")
    assert loaded.tables_["orders"].side == model.tables_["orders"].side
    assert loaded.sample(seed=5)["orders"].equals(a)


def test_a_parent_that_carries_nothing_is_not_given() -> None:
    model = _fit(customer_orders(2, signal=False), "flat")
    assert model.tables_["orders"].side == {}


def test_a_result_follows_its_drivers_skill_and_keeps_its_race_structure() -> None:
    frames = motorsport(n_races=150, seed=3)
    ins = inspect(Source(location="motorsport", kind="folder", frames=frames, fingerprint="motorsport"))
    model = DatasetSynthesizer(seed=0).fit(frames, ins.spec)

    def corr(out: dict[str, pl.DataFrame]) -> float:
        j = out["results"].join(out["drivers"], on="driver_id")
        return float(np.corrcoef(j["skill"], j["milliseconds"])[0, 1])

    want = corr(frames)
    assert want > 0.7
    out = model.sample(seed=1)
    assert abs(corr(out) - want) <= 0.15
    r = out["results"]
    assert rank_share(r) >= 0.99 and one_winner_share(r) >= 0.99
    assert unique_pair_share(r, "race_id", "driver_id") >= 0.99


def test_the_same_rows_whatever_the_chunk_size(planted: tuple) -> None:
    _, model = planted
    whole = model.sample(seed=6)
    for chunk_rows in (1, 250):
        pieces: dict[str, list[pl.DataFrame]] = {}
        for name, frame in model.sample_tables(seed=6, chunk_rows=chunk_rows):
            pieces.setdefault(name, []).append(frame)
        for name, parts in pieces.items():
            assert pl.concat(parts).equals(whole[name]), (name, chunk_rows)
