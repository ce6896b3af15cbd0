"""Children of a laid period stay inside it (issue 13): ``sample`` lays a parent's ``periods`` one after another
(``synth._following``), moving or shrinking a period; the dates its children hold inside it in the source (a
call inside its subscription, a rent payment inside its tenancy, a procedure inside its admission) must land
inside the period as laid. Planted in three generated three-level databases (names, sizes, date kinds, periods
per parent, children per period and seeds differ); the periods must still not overlap."""

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

# name: (top table, its key, period table, its key, start, end, child table, its key, child date, parents,
#        most periods, most children per period, child date kind, share of last periods open)
SHAPES = {
    "calls": ("customers", "customer_id", "subscriptions", "subscription_id", "start_date", "end_date", "calls",
              "call_id", "started_at", 300, 4, 8, "datetime", 0.5),
    "payments": ("properties", "property_id", "tenancies", "tenancy_id", "move_in", "move_out", "payments",
                 "payment_id", "paid_on", 120, 5, 6, "date", 0.3),
    "procedures": ("patients", "patient_id", "admissions", "admission_id", "admitted", "discharged", "procedures",
                   "procedure_id", "performed", 400, 3, 5, "date", 0.25),
}  # fmt: skip


def world(shape: str, seed: int) -> tuple[dict[str, pl.DataFrame], list[ForeignKey]]:
    """Parents, each with 1..most periods one after another (the last open at its share), each period with
    1..most children dated inside it (a date-time child: any moment of its days)."""
    pt, pk, st, sk, s, e, ct, ck, cd, n_p, most, kids, kind, open_share = SHAPES[shape]
    rng = np.random.default_rng(seed)
    tops, periods, children = [], [], []
    last_day = dt.date(2019, 12, 31)
    for p in range(1, n_p + 1):
        tops.append({pk: p, "region": str(rng.choice(["north", "south", "east"]))})
        start = dt.date(2015, 1, 1) + dt.timedelta(days=int(rng.integers(0, 700)))
        k = int(rng.integers(1, most + 1))
        for i in range(k):
            length = int(rng.lognormal(np.log(120), 0.7)) + 1
            end: dt.date | None = start + dt.timedelta(days=length)
            if i == k - 1 and rng.random() < open_share:
                end = None
            pid = len(periods) + 1
            periods.append({sk: pid, pk: p, s: start, e: end, "plan": str(rng.choice(["a", "b", "c"]))})
            span = ((end or last_day) - start).days
            for _ in range(int(rng.integers(1, kids + 1))):
                day = start + dt.timedelta(days=int(rng.integers(0, span + 1)))
                value: dt.date | dt.datetime = day
                if kind == "datetime":
                    value = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=int(rng.integers(0, 86_400)))
                children.append({ck: len(children) + 1, sk: pid, cd: value, "amount": float(rng.gamma(3, 5))})
            if end is None:
                break
            start = end + dt.timedelta(days=int(rng.integers(0, 20)))
    frames = {
        pt: pl.DataFrame(tops),
        st: pl.DataFrame(periods, schema_overrides={e: pl.Date}),
        ct: pl.DataFrame(children),
    }
    return frames, [ForeignKey(st, pk, pt, pk), ForeignKey(ct, sk, st, sk)]


def _inside(out: dict[str, pl.DataFrame], shape: str) -> float:
    """The share of children inside their parent's period: on/after its start, and (closed) not after its end
    day (a date-time: before the day after it) — the source's rule, measured on the tables alone."""
    _, _, st, sk, s, e, ct, _, cd, *_ = SHAPES[shape]
    j = out[ct].join(out[st].select(sk, s, e), on=sk, how="inner")
    if j.schema[cd] == pl.Date:
        ok = (pl.col(cd) >= pl.col(s)) & (pl.col(e).is_null() | (pl.col(cd) <= pl.col(e)))
    else:
        after = pl.col(e).cast(pl.Datetime("us")) + pl.duration(days=1)
        ok = (pl.col(cd) >= pl.col(s).cast(pl.Datetime("us"))) & (pl.col(e).is_null() | (pl.col(cd) < after))
    assert j.height > 0
    return float(j.select(ok.mean()).item())


def _no_overlap(df: pl.DataFrame, pk: str, s: str, e: str) -> float:
    d = df.sort(pk, s).with_columns(
        pl.col(e).shift(1).over(pk).alias("__before"), (pl.int_range(pl.len()).over(pk) > 0).alias("__later")
    )
    hit = d.filter(pl.col("__later") & (pl.col("__before").is_null() | (pl.col(s) < pl.col("__before"))))
    return 1 - hit.get_column(pk).n_unique() / df.get_column(pk).n_unique()


CASES = [("calls", 1), ("calls", 4), ("payments", 2), ("payments", 5), ("procedures", 3)]


@pytest.mark.parametrize(("shape", "seed"), CASES)
def test_children_land_inside_their_laid_period(shape: str, seed: int) -> None:
    _, pk, st, _, s, e, ct, *_ = SHAPES[shape]
    frames, keys = world(shape, seed)
    assert _inside(frames, shape) == 1.0  # the planted source holds the rule
    spec = inspect(folder_source(frames, keys, f"inside{shape}{seed}")).spec
    assert any(getattr(c, "periods", None) and c.table == st for c in spec.constraints), spec.constraints
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    for sample_seed in (1, 2):
        out = dict(model.sample(seed=sample_seed))
        assert out[ct].height > 0.5 * frames[ct].height
        assert _inside(out, shape) >= 0.99, (shape, seed, sample_seed)
        assert _no_overlap(out[st], pk, s, e) >= 0.99
    again = model.sample(seed=1)
    assert again[ct].equals(model.sample(seed=1)[ct])  # the same seed, the same dates


def test_children_the_source_lets_out_are_left_as_drawn() -> None:
    """A child date the source does not keep inside its parent's period (a tenancy's payment up to 40 days after it
    ends) gets no rule: sample leaves it where it is drawn, past the end."""
    frames, keys = world("payments", 6)
    late = frames["payments"].join(frames["tenancies"].select("tenancy_id", "move_out"), on="tenancy_id")
    rng = np.random.default_rng(6)
    late = late.with_columns(
        pl.when(pl.col("move_out").is_not_null() & pl.Series(rng.random(late.height) < 0.3))
        .then(pl.col("move_out") + pl.duration(days=pl.Series(rng.integers(1, 40, late.height))))
        .otherwise(pl.col("paid_on"))
        .alias("paid_on")
    ).drop("move_out")
    frames["payments"] = late
    assert _inside(frames, "payments") < 0.95
    model = DatasetSynthesizer(seed=0).fit(frames, inspect(folder_source(frames, keys, "late6")).spec)
    assert getattr(model.tables_["payments"], "inside", []) == []  # (getattr: a model from before has none)
    assert _inside(dict(model.sample(seed=1)), "payments") < 0.99


def test_a_saved_model_keeps_its_children_inside(tmp_path: Path) -> None:
    frames, keys = world("calls", 8)
    model = DatasetSynthesizer(seed=0).fit(frames, inspect(folder_source(frames, keys, "saved8")).spec)
    assert [r.column for r in model.tables_["calls"].inside] == ["started_at"]
    loaded = DatasetSynthesizer.load(model.save(tmp_path / "m"))
    assert loaded.tables_["calls"].inside == model.tables_["calls"].inside
    assert loaded.sample(seed=3)["calls"].equals(model.sample(seed=3)["calls"])


@pytest.mark.parametrize("n", [1, 3, 9])
def test_children_past_a_shrunk_end_are_scaled_into_it_in_order(n: int) -> None:
    """A parent's children past its end keep their order and spacing, the latest on the end day; a child before
    the start goes to it; children of an open period or inside theirs are left; nulls stay null."""
    from simulacra.synth._inside_period import Inside, keep_inside  # (here: the planted tests above run on main)

    parent = pl.DataFrame(
        {"s": [dt.date(2020, 1, 1), dt.date(2020, 3, 1), dt.date(2021, 1, 1)],
         "e": [dt.date(2020, 1, 11), None, dt.date(2021, 12, 31)]},
        schema={"s": pl.Date, "e": pl.Date},
    )  # fmt: skip
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=5 * i) for i in range(n)] + [dt.date(2020, 2, 10)]
    child = pl.DataFrame(
        {"d": [*days, dt.date(2019, 12, 1), dt.date(2024, 1, 1), None, dt.date(2021, 5, 5)]},
        schema={"d": pl.Date},
    )
    pidx = np.array([0] * (n + 2) + [1, 1, 2], dtype=np.int64)
    got = keep_inside(child, Inside("d", "date", "s", "e", False), pidx, parent, None).get_column("d").to_list()
    mine = got[: n + 2]
    assert all(dt.date(2020, 1, 1) <= d <= dt.date(2020, 1, 11) for d in mine)
    assert mine[n] == dt.date(2020, 1, 11) and mine[n + 1] == dt.date(2020, 1, 1)
    assert mine[: n + 1] == sorted(mine[: n + 1])  # their order kept
    assert got[n + 2 :] == [dt.date(2024, 1, 1), None, dt.date(2021, 5, 5)]
