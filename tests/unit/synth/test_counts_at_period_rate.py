"""A period's children grow with its laid length (issue 13): a subscription's calls, a tenancy's payments, a loan's
repayments come at a rate per day, so a longer period has more. ``sample`` lays a parent's ``periods`` one after
another (``synth._following``); the number of its children must follow the period as laid: the sample's
corr(length, children) and the per-day rate's median as the source's. Planted in three generated three-level
databases (names, sizes, date kinds, rates per parent and seeds differ); a count drawn whatever the length must
stay unrelated to it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.helpers import folder_source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey

# name: (top table, its key, period table, its key, start, end, child table, its key, child date, top parents,
#        most periods per parent, median children per day, child date kind, share of last periods open)
SHAPES = {
    "calls": ("customers", "customer_id", "subscriptions", "subscription_id", "start_date", "end_date", "calls",
              "call_id", "started_at", 150, 4, 0.04, "datetime", 0.5),
    "payments": ("properties", "property_id", "tenancies", "tenancy_id", "move_in", "move_out", "payments",
                 "payment_id", "paid_on", 100, 5, 0.033, "date", 0.3),
    "repayments": ("borrowers", "borrower_id", "loans", "loan_id", "opened", "closed", "repayments",
                   "repayment_id", "paid", 200, 3, 0.035, "date", 0.2),
}  # fmt: skip
LAST_DAY = dt.date(2019, 12, 31)


def world(shape: str, seed: int, *, flat: bool = False) -> tuple[dict[str, pl.DataFrame], list[ForeignKey]]:
    """Parents, each with 1..most periods of 1..36 months one after another (the last open at its share), each
    period with Poisson(rate × its days) children dated inside it, the rate the parent's own (lognormal about the
    shape's median); ``flat``: 1..8 children whatever the period's length."""
    pt, pk, st, sk, s, e, ct, ck, cd, n_p, most, rate, kind, open_share = SHAPES[shape]
    rng = np.random.default_rng(seed)
    tops, periods, children = [], [], []
    for p in range(1, n_p + 1):
        tops.append({pk: p, "region": str(rng.choice(["north", "south", "east"]))})
        own = rate * float(rng.lognormal(0.0, 0.5))
        start = dt.date(2008, 1, 1) + dt.timedelta(days=int(rng.integers(0, 4000)))  # a long history
        k = int(rng.integers(1, most + 1))
        for i in range(k):
            if start >= LAST_DAY - dt.timedelta(days=30):  # (the next would start after the data ends)
                break
            end: dt.date | None = start + dt.timedelta(days=int(rng.integers(1, 37)) * 30 + int(rng.integers(-3, 4)))
            if (i == k - 1 and rng.random() < open_share) or (end is not None and end >= LAST_DAY):
                end = None
            pid = len(periods) + 1
            periods.append({sk: pid, pk: p, s: start, e: end, "plan": str(rng.choice(["a", "b", "c"]))})
            span = ((end or LAST_DAY) - start).days
            n = int(rng.integers(1, 9)) if flat else int(rng.poisson(own * (span + 1)))
            for _ in range(n):
                day = start + dt.timedelta(days=int(rng.integers(0, span + 1)))
                value: dt.date | dt.datetime = day
                if kind == "datetime":
                    value = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=int(rng.integers(0, 86_400)))
                children.append({ck: len(children) + 1, sk: pid, cd: value, "amount": float(rng.gamma(3, 5))})
            if end is None:
                break
            start = end + dt.timedelta(days=int(rng.integers(0, 30)))
    frames = {
        pt: pl.DataFrame(tops),
        st: pl.DataFrame(periods, schema_overrides={e: pl.Date}),
        ct: pl.DataFrame(children),
    }
    return frames, [ForeignKey(st, pk, pt, pk), ForeignKey(ct, sk, st, sk)]


def _lengths_and_counts(out: dict[str, pl.DataFrame], shape: str) -> pl.DataFrame:
    """Per period: its days (inclusive; an open one to the last day observed) and its children — measured on the
    tables alone."""
    _, _, st, sk, s, e, ct, *_ = SHAPES[shape]
    per = out[ct].group_by(sk).len()
    return (
        out[st]
        .select(sk, ((pl.col(e).fill_null(LAST_DAY) - pl.col(s)).dt.total_days() + 1).cast(pl.Float64).alias("days"))
        .join(per, on=sk, how="left")
        .with_columns(pl.col("len").fill_null(0).cast(pl.Float64))
    )


def _corr(d: pl.DataFrame) -> float:
    return float(np.corrcoef(d["days"].to_numpy(), d["len"].to_numpy())[0, 1])


def _median_rate(d: pl.DataFrame) -> float:
    return float((d["len"] / d["days"]).median())  # type: ignore[arg-type]


CASES = [("calls", 1), ("calls", 4), ("payments", 2), ("payments", 5), ("repayments", 3), ("repayments", 6)]


@pytest.mark.parametrize(("shape", "seed"), CASES)
def test_children_follow_their_laid_period_length(shape: str, seed: int) -> None:
    st, ct = SHAPES[shape][2], SHAPES[shape][6]
    frames, keys = world(shape, seed)
    real = _lengths_and_counts(frames, shape)
    assert _corr(real) > 0.5  # the planted source holds the class
    spec = inspect(folder_source(frames, keys, f"rate{shape}{seed}")).spec
    assert any(getattr(c, "periods", None) and c.table == st for c in spec.constraints), spec.constraints
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    samples = {sample_seed: dict(model.sample(seed=sample_seed)) for sample_seed in (1, 2)}
    for sample_seed, out in samples.items():
        got = _lengths_and_counts(out, shape)
        assert abs(_corr(got) - _corr(real)) <= 0.1, (shape, seed, sample_seed, _corr(got), _corr(real))
        assert abs(_median_rate(got) / _median_rate(real) - 1) <= 0.2, (_median_rate(got), _median_rate(real))
    # the same seed, the same children: seed 1 drawn again (after seed 2) against its first draw, not two more draws
    assert model.sample(seed=1)[ct].equals(samples[1][ct])


@pytest.mark.parametrize(("shape", "seed"), [("calls", 7), ("payments", 8), ("repayments", 9)])
def test_a_count_drawn_whatever_the_length_stays_unrelated(shape: str, seed: int) -> None:
    """1..8 children per period whatever its length: no rate is learned and the sample's count stays unrelated
    to the length."""
    ct = SHAPES[shape][6]
    frames, keys = world(shape, seed, flat=True)
    assert abs(_corr(_lengths_and_counts(frames, shape))) < 0.15
    model = DatasetSynthesizer(seed=0).fit(frames, inspect(folder_source(frames, keys, f"flat{shape}{seed}")).spec)
    assert getattr(model.tables_[ct], "rate", None) is None  # (getattr: a model from before has none)
    assert abs(_corr(_lengths_and_counts(dict(model.sample(seed=1)), shape))) < 0.2


def test_a_saved_model_keeps_its_rate(tmp_path: Path) -> None:
    frames, keys = world("payments", 10)
    model = DatasetSynthesizer(seed=0).fit(frames, inspect(folder_source(frames, keys, "saved10")).spec)
    rule = model.tables_["payments"].rate
    assert rule is not None and (rule.start, rule.end) == ("move_in", "move_out")
    loaded = DatasetSynthesizer.load(model.save(tmp_path / "m"))
    assert loaded.tables_["payments"].rate == rule
    assert loaded.sample(seed=3)["payments"].equals(model.sample(seed=3)["payments"])


def test_the_counts_go_out_by_rate_per_band_of_length() -> None:
    """The drawn counts are handed out in the order of a rate drawn from the parent's band of length times its
    length: a rate that differs between short and long periods (a short stay's more children a day) is kept per
    band, the counts themselves are the ones drawn, and a parent without a start keeps its own."""
    from simulacra._random import Stream  # (here: the planted tests above run on main)
    from simulacra.synth._period_rates import counts_at_rate, learn_period_rate

    rng = np.random.default_rng(0)
    days = rng.integers(1, 1000, 400)
    start = [dt.date(2015, 1, 1) + dt.timedelta(days=int(v)) for v in rng.integers(0, 300, 400)]
    parent = pl.DataFrame({"s": start, "e": [a + dt.timedelta(days=int(d) - 1) for a, d in zip(start, days)]})
    rate = np.where(days < 250, 0.12, 0.04)
    counts = rng.poisson(rate * days)
    rule = learn_period_rate(parent, np.repeat(np.arange(400), counts), "s", "e", "date")
    assert rule is not None and len(rule.rates) == 4
    laid = parent.with_columns(pl.Series("s", [None, *start[1:]], dtype=pl.Date))
    drawn = rng.permutation(counts)  # the count model's draw: the source's counts, in no order
    got = counts_at_rate(rule, laid, drawn, Stream(5))
    assert got[0] == drawn[0] and sorted(got) == sorted(drawn)
    assert float(np.corrcoef(days, got)[0, 1]) > 0.5 > abs(float(np.corrcoef(days, drawn)[0, 1]))
    short, long_ = (days < 200)[1:], (days > 500)[1:]
    assert 0.08 < float(np.median(got[1:][short] / days[1:][short])) < 0.16
    assert 0.03 < float(np.median(got[1:][long_] / days[1:][long_])) < 0.05
    assert np.array_equal(got, counts_at_rate(rule, laid, drawn, Stream(5)))
