"""Sampled numbers and dates land on a training value about as often as fresh real values do (issue 13).

A value drawn within a quantile bin used to be placed between the bin's points, which on a small table are the
training values themselves: rounded to the column's grain (whole days, cents) it fell back onto one of them —
an order date on a training date 70% of the time where fresh orders hit one 45% of the time. Values within a
bin are now smoothed by a kernel a few training spacings wide (``SMOOTH_ROWS``); values many rows share (price
points) stay exact. Planted here as a class: order tables of price points, amounts, whole-day dates and whole
counts from several generator seeds, each with a large fresh sample of the same population as its holdout.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.older_models import drop_fields

from simulacra.evaluation._frames import infer_columns
from simulacra.evaluation.metrics import ValueCopyRate
from simulacra.evaluation.privacy import value_copies, value_copy_rates
from simulacra.synth import TabularSynthesizer
from simulacra.synth._encoding import ColumnEncoder, fit_encoder
from simulacra.testing import check_metric

PRICES = np.array([4.99, 9.99, 14.5, 19.99, 24.99, 49.0, 99.99])


def orders(seed: int, n: int, span_days: int = 1000) -> pl.DataFrame:
    """Orders: a price point (many rows each), an amount in cents, a day, a count of items."""
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "price": rng.choice(PRICES, n, p=[0.25, 0.3, 0.1, 0.15, 0.1, 0.05, 0.05]),
            "amount": np.round(rng.lognormal(4, 1, n), 2),
            "day": np.datetime64("2021-01-01", "D") + rng.integers(0, span_days, n).astype("timedelta64[D]"),
            "items": rng.integers(1, 400, n),
            "segment": rng.choice(["consumer", "corporate", "home office"], n),
        }
    )


@pytest.mark.parametrize(("gen", "n", "span"), [(1, 600, 1000), (2, 400, 2000), (3, 1500, 1500)])
def test_sampled_values_copy_training_values_no_more_than_fresh_values(gen: int, n: int, span: int) -> None:
    train = orders(gen, n, span)
    fresh = orders(1000 + gen, 5000, span)  # the same population, never learned
    rates: dict[str, list[float]] = {}
    for seed in (0, 1):
        out = TabularSynthesizer(seed=seed, select=False).fit(train).sample(3000, seed=seed)
        for c, (got, base) in value_copy_rates(train, out, fresh, ["amount", "day", "items"]).items():
            rates.setdefault(c, []).append(got - base)
        # the price points stay exact, the grain and the bounds are kept
        assert float(out["price"].is_in(PRICES.tolist()).mean()) == 1.0
        assert out["day"].dtype == pl.Date and out["items"].dtype == train["items"].dtype
        assert bool((out["amount"].round(2) == out["amount"]).all())
        for c in ("amount", "day", "items"):
            assert out[c].min() >= train[c].min() and out[c].max() <= train[c].max(), c
    # the excess over fresh values, generators 1 / 2 / 3: days 0.23 / 0.22 / 0.12 before, 0.06 / 0.05 / 0.04
    # now; amounts 0.065 / 0.061 / 0.040 before, 0.009 / 0.015 / 0.017 now; counts 0.16 / 0.24 / 0.035 before,
    # 0.042 / 0.033 / 0.026 now (a kernel of a few spacings still follows where the training values lie)
    excess = {c: float(np.mean(v)) for c, v in rates.items()}
    assert excess["day"] <= 0.08, excess
    assert excess["amount"] <= 0.025, excess
    assert excess["items"] <= 0.06, excess


@pytest.mark.parametrize("seed", [0, 1])
def test_day_grain_dates_decoded_off_training_days_at_the_fresh_rate(seed: int) -> None:
    train, fresh = orders(seed, 600), orders(500 + seed, 5000)
    enc = fit_encoder(train["day"], "date")
    assert enc.bin_rows is not None
    assert sum(enc.bin_rows) == int((enc.encode(train["day"]) >= len(enc.spikes)).sum())  # the rows off the spikes
    rng = np.random.default_rng(seed)
    codes = enc.encode(train["day"])[rng.integers(0, 600, 20000)]  # the bins in the training rows' shares
    got = enc.decode(codes, rng.random(len(codes)))
    seen = train["day"].unique().implode()
    # 0.25 over the fresh rate before, 0.05-0.08 now
    assert float(got.is_in(seen).mean()) <= float(fresh["day"].is_in(seen).mean()) + 0.09
    # each value stays within its bin's reach (half way to the next bin), so the bins' shares are kept
    x = got.cast(pl.Int64).to_numpy().astype(float)
    lo, hi = enc._reach()
    b = codes - len(enc.spikes)
    x, b = x[b >= 0], b[b >= 0]  # (spikes decode to themselves)
    assert len(b) > 10_000 and bool(((x >= np.floor(lo[b])) & (x <= np.ceil(hi[b]))).all())


def test_values_many_rows_share_within_a_bin_stay_exact() -> None:
    """A value 60 of 20,060 rows hold is no spike (under 0.5%): it lies within a bin, and stays exact; a value
    two rows hold is smoothed away."""
    rng = np.random.default_rng(4)
    x = np.r_[rng.integers(0, 1_000_000, 20_000), np.full(60, 424_242), [777_777, 777_777]]
    s = pl.Series("v", x)
    enc = fit_encoder(s, "numeric")
    assert 424_242.0 not in enc.spikes
    codes = enc.encode(s)
    rng2 = np.random.default_rng(5)
    draws = codes[rng2.integers(0, len(codes), 400_000)]
    out = enc.decode(draws, rng2.random(len(draws))).to_numpy()
    share = float((out == 424_242).mean())
    assert 0.5 * 60 / len(x) <= share <= 1.5 * 60 / len(x), share
    assert float((out == 777_777).mean()) < 0.5 * 2 / len(x)


def test_smoothing_is_determined_by_the_seed() -> None:
    train = orders(7, 500)
    a = TabularSynthesizer(seed=3, select=False).fit(train).sample(800, seed=11)
    b = TabularSynthesizer(seed=3, select=False).fit(train).sample(800, seed=11)
    c = TabularSynthesizer(seed=3, select=False).fit(train).sample(800, seed=12)
    assert a.write_csv() == b.write_csv()
    assert a["amount"].to_list() != c["amount"].to_list()


def test_a_model_saved_without_bin_rows_decodes_between_the_points(tmp_path: Path) -> None:
    train = orders(8, 400)
    TabularSynthesizer(seed=1, select=False).fit(train).save(tmp_path / "m")
    assert drop_fields(tmp_path / "m", ["bin_rows"], lambda e: e.get("name") == "amount") == 1
    model = TabularSynthesizer.load(tmp_path / "m")
    enc: ColumnEncoder = model.table_.encoders["amount"]
    assert enc.bin_rows is None
    q = enc.quantiles
    codes = np.full(5, len(enc.spikes) + 3)
    u = np.array([0.0, 0.1, 0.5, 0.77, 0.999])
    pos = u * (q.shape[1] - 1)
    lo = np.floor(pos).astype(int)
    want = q[3, lo] + (q[3, np.minimum(lo + 1, q.shape[1] - 1)] - q[3, lo]) * (pos - lo)
    assert enc.decode(codes, u).to_list() == np.round(want, 2).tolist()


def test_value_copy_rate_metric_tells_copied_values_from_fresh_ones() -> None:
    check_metric(ValueCopyRate)
    train, holdout = orders(20, 600), orders(21, 600)
    infos = None
    copied = ValueCopyRate().compute(train, train.sample(600, seed=1), holdout=holdout, infos=infos)
    fresh = ValueCopyRate().compute(train, orders(22, 600), holdout=holdout, infos=infos)
    head_copied, head_fresh = copied[0], fresh[0]
    assert head_copied.raw == 1.0 and head_copied.score is not None and head_copied.score < 0.2
    assert head_fresh.score is not None and head_fresh.score > 0.9
    parts = value_copies(train, train.sample(600, seed=1), holdout, infer_columns(train))[1:]
    assert {r.columns for r in parts} == {("price",), ("amount",), ("day",), ("items",)}
    assert {r.metric for r in parts} == {"value_copy_column"} and len(copied) == 1
    assert ValueCopyRate().compute(train, train)[0].error == "needs a holdout (real rows the synthesizer never saw)"
    # no number or date: said so
    only_text = train.select("segment")
    out = value_copies(only_text, only_text, only_text, [])
    assert out[0].error == "no number or date columns to compare"


@pytest.mark.parametrize(("seed", "grain", "decimals"), [(0, 100.0, 0), (1, 0.05, 2), (2, 25.0, 0)])
def test_values_written_on_a_coarser_grain_keep_it(seed: int, grain: float, decimals: int) -> None:
    """House values in hundreds (a floor of 14999 off the grain in a few rows), prices in nickels, counts in
    quarters of a hundred: sampled within bins on the same grain, so they land on training values as often as
    fresh ones do (California's house values: 0.125 against 0.929 held out before)."""
    rng = np.random.default_rng(seed)

    def make(n: int) -> pl.DataFrame:
        units = rng.integers(1, 4000, n) * grain
        v = np.round(np.where(rng.random(n) < 0.002, 14999 if grain >= 1 else 0.37, units), decimals)
        return pl.DataFrame({"v": v, "w": rng.normal(size=n).round(3), "c": rng.choice(["a", "b"], n)})

    train, fresh = make(3000), make(5000)
    out = TabularSynthesizer(seed=seed, select=False).fit(train).sample(3000, seed=seed)
    units = np.round(out["v"].to_numpy() / grain, 6)
    assert float((units == np.round(units)).mean()) == 1.0
    got, base = value_copy_rates(train, out, fresh, ["v"])["v"]
    # off the grain, hardly a value would be a training value; on it, a few points over the fresh rate (the
    # kernel's residue, as for whole counts above)
    assert base - 0.03 <= got <= base + 0.09, (got, base)
    assert out["v"].min() >= train["v"].min() and out["v"].max() <= train["v"].max()


def test_no_grain_where_the_values_hold_none() -> None:
    rng = np.random.default_rng(3)
    assert fit_encoder(pl.Series("v", rng.integers(0, 10**6, 2000)), "numeric").grain is None
    assert fit_encoder(pl.Series("v", np.round(rng.lognormal(4, 1, 2000), 2)), "numeric").grain is None
    assert fit_encoder(pl.Series("v", rng.integers(0, 30, 2000) * 100), "numeric").grain is None  # 30 values: chance
