"""A balance that is the running sum of a change within its parent (issue 13), planted in generated data: a
pupil's fees owed (amounts added, in date order), an account's balance (credits added, withdrawals taken, from
an opening of 100, rows not stored in date order), a warehouse's stock (units taken from 500; integers).

``inspect`` drafts ``running_sum`` (the change, its sign, the start, the order); fit → sample keeps the balance
the running total on every row; a column near one but off on a single row, and a number of its own, are not
drafted. Shapes: three, each with two seeds.

Before (base dc89f28), found on a school database (benchmarks/heldout_school.py): the balance was learned as a
number of its own; 0.5% of sampled balances were their parent's running total.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.test_keys_two_parents import Keys, _source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect

Frames = dict[str, pl.DataFrame]
Shape = tuple[Frames, Keys, str, str, str, str]  # frames, keys, child, parent key, balance, order


def _days(rng: np.random.Generator, n: int) -> pl.Series:
    return pl.Series(np.datetime64("2024-01-01") + rng.integers(0, 360, n)).cast(pl.Date)


def _parents(rng: np.random.Generator, n: int, low: int, high: int) -> np.ndarray:
    return np.repeat(np.arange(1, n + 1), rng.integers(low, high, n))


def _running(child: pl.DataFrame, parent: str, order: str, change: pl.Expr, start: float) -> pl.Series:
    """``start`` plus the running sum of ``change`` per parent in ``order`` (then row order), in row order."""
    return (
        child.with_row_index("__r")
        .sort(parent, order, "__r")
        .with_columns((change.cum_sum().over(parent) + start).alias("__b"))
        .sort("__r")
        .get_column("__b")
    )


def fees(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    pupil = _parents(rng, 150, 1, 6)
    f = pl.DataFrame(
        {
            "fee_id": np.arange(1, len(pupil) + 1),
            "pupil_id": pupil,
            "issued_on": _days(rng, len(pupil)),
            "amount": np.round(rng.lognormal(3.5, 0.6, len(pupil)), 2),
        }
    )
    f = f.with_columns(_running(f, "pupil_id", "issued_on", pl.col("amount"), 0).round(2).alias("owed"))
    parents = pl.DataFrame({"pupil_id": np.arange(1, 151), "year": rng.integers(7, 12, 150)})
    return (
        {"pupils": parents, "fees": f},
        [("fees", "pupil_id", "pupils", "pupil_id")],
        "fees",
        "pupil_id",
        "owed",
        "issued_on",
    )


def accounts(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    account = _parents(rng, 120, 2, 9)
    n = len(account)
    t = pl.DataFrame(
        {
            "trans_id": np.arange(1, n + 1),
            "account_id": account,
            # distinct days within an account (a tie's order would be the stored order, shuffled below)
            "booked_on": pl.Series(np.datetime64("2024-01-01") + 3 * rng.permutation(n) + rng.integers(0, 3, n)).cast(
                pl.Date
            ),
            "kind": rng.choice(["credit", "withdrawal", "fee"], n, p=[0.5, 0.4, 0.1]),
            "amount": np.round(rng.gamma(2.0, 40.0, n), 2),
        }
    )
    signed = pl.when(pl.col("kind") == "credit").then(pl.col("amount")).otherwise(-pl.col("amount"))
    t = t.with_columns(_running(t, "account_id", "booked_on", signed, 100.0).round(2).alias("balance"))
    t = t.sample(fraction=1.0, shuffle=True, seed=seed)  # rows not stored in date order
    parents = pl.DataFrame({"account_id": np.arange(1, 121), "branch": rng.choice(["n", "s"], 120)})
    keys = [("trans", "account_id", "accounts", "account_id")]
    return {"accounts": parents, "trans": t}, keys, "trans", "account_id", "balance", "booked_on"


def stock(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    wh = _parents(rng, 40, 4, 12)
    n = len(wh)
    s = pl.DataFrame(
        {
            "move_id": np.arange(1, n + 1),
            "warehouse_id": wh,
            "moved_on": _days(rng, n),
            "units": rng.integers(1, 30, n),
        }
    )
    s = s.with_columns(_running(s, "warehouse_id", "moved_on", -pl.col("units"), 500).cast(pl.Int64).alias("level"))
    parents = pl.DataFrame({"warehouse_id": np.arange(1, 41), "size": rng.integers(1, 4, 40)})
    keys = [("moves", "warehouse_id", "warehouses", "warehouse_id")]
    return {"warehouses": parents, "moves": s}, keys, "moves", "warehouse_id", "level", "moved_on"


SHAPES = [fees, accounts, stock]


def _holds(frames: Frames, child: str, parent: str, balance: str, order: str, spec) -> float:  # noqa: ANN001
    """Share of rows whose balance is the drafted running sum (recomputed here apart from the engine)."""
    f = frames[child]
    change = pl.sql_expr(spec.of)
    want = _running(f, parent, order, change.cast(pl.Float64), spec.start)
    return float(((f.get_column(balance).cast(pl.Float64) - want).abs() < 0.006).mean())  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("make", SHAPES, ids=lambda f: f.__name__)
def test_a_running_balance_is_drafted_and_kept(make, seed: int) -> None:  # noqa: ANN001
    frames, keys, child, parent, balance, order = make(seed)
    ins = inspect(_source(f"{make.__name__}-{seed}", frames, keys))
    spec = ins.spec.tables[child].columns[balance]
    assert spec.generator == "running_sum" and spec.order_by == order  # type: ignore[union-attr]
    assert _holds(frames, child, parent, balance, order, spec) == 1.0
    out = DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed)
    assert out[child].height > 200
    assert _holds(out, child, parent, balance, order, spec) == 1.0
    if make is stock:  # integers stay integers
        assert out[child].schema[balance].is_integer()


@pytest.mark.parametrize("make", SHAPES, ids=lambda f: f.__name__)
def test_a_column_off_on_one_row_or_of_its_own_is_not_a_running_sum(make) -> None:  # noqa: ANN001
    frames, keys, child, parent, balance, order = make(3)
    f = frames[child]
    rng = np.random.default_rng(3)
    off = f.get_column(balance).scatter([f.height // 2], f.get_column(balance)[f.height // 2] + 7)
    own = pl.Series(rng.permutation(f.get_column(balance).to_numpy()))
    for values in (off, own):
        bad = {**frames, child: f.with_columns(values.alias(balance))}
        spec = inspect(_source(f"{make.__name__}-bad", bad, keys)).spec.tables[child].columns[balance]
        assert spec.generator != "running_sum"
