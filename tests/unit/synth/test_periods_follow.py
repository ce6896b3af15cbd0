"""Periods of one parent that follow one another (issue 13): a customer's subscriptions, a property's tenancies, a
patient's admissions, a vehicle's rentals — a start and an end date per row, no two of a parent's overlapping, an
open end (null) only on the last. ``inspect`` drafts ``periods: [start, end]`` with ``per: [parent key]``,
``sample`` lays each parent's periods one after another (learned gaps and lengths; ``generate`` from the draft
too, its drawn ones) and ``validate`` checks the rule on any data. Planted in generated databases of several names, sizes, gaps and seeds; siblings whose periods
do overlap in the source get no rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.helpers import folder_source

from simulacra import DatasetSynthesizer
from simulacra.constraints import check_dataset
from simulacra.inspection import inspect
from simulacra.pipeline import check_streaming
from simulacra.sources import ForeignKey
from simulacra.spec import load_plan
from simulacra.spec.model import ConstraintSpec

# name: (parent table, parent key, parent date, child table, child key, start, end, parents, most periods,
#        least gap days, most gap days, share of last periods open)
SHAPES = {
    "subscriptions": ("customers", "customer_id", "signup", "subscriptions", "subscription_id", "start_date",
                      "end_date", 300, 4, 1, 14, 0.6),
    "tenancies": ("properties", "property_id", "built", "tenancies", "tenancy_id", "move_in", "move_out", 120, 6, 0,
                  60, 0.5),
    "admissions": ("patients", "patient_id", "born", "admissions", "admission_id", "admitted", "discharged", 800, 3,
                   2, 400, 0.0),
    "assignments": ("employees", "employee_id", "hired", "assignments", "assignment_id", "began", "ended", 50, 5, 0,
                    0, 0.3),
}  # fmt: skip


def world(shape: str, seed: int, *, overlap: bool = False) -> tuple[dict[str, pl.DataFrame], list[ForeignKey]]:
    """Parents with a date, each with 1..most periods after it: a learned length (days), a gap of ``least`` to
    ``most`` days before the next; the last open at its share. ``overlap``: each next period starts before the one
    before it ends (a customer's second line beside the first)."""
    pt, pk, pdate, ct, ck, s, e, n_p, most, lo, hi, open_share = SHAPES[shape]
    rng = np.random.default_rng(seed)
    parents, rows = [], []
    for p in range(1, n_p + 1):
        born = dt.date(2015, 1, 1) + dt.timedelta(days=int(rng.integers(0, 900)))
        parents.append({pk: p, pdate: born, "size": int(rng.integers(1, 5))})
        start = born + dt.timedelta(days=int(rng.integers(0, 30)))
        k = int(rng.integers(1, most + 1))
        for i in range(k):
            length = int(rng.lognormal(np.log(200), 0.6)) + 1
            end: dt.date | None = start + dt.timedelta(days=length)
            if i == k - 1 and rng.random() < open_share:
                end = None
            rows.append({ck: len(rows) + 1, pk: p, s: start, e: end, "fee": round(float(rng.gamma(4, 10)), 2)})
            if end is None:
                break
            gap = int(rng.integers(lo, hi + 1))
            start = (start + dt.timedelta(days=length // 2)) if overlap else end + dt.timedelta(days=gap)
    frames = {
        pt: pl.DataFrame(parents),
        ct: pl.DataFrame(rows, schema_overrides={e: pl.Date}),
    }
    return frames, [ForeignKey(ct, pk, pt, pk)]


def _rules(spec, table: str) -> list[tuple[list[str], list[str]]]:  # noqa: ANN001
    # (getattr: a spec model without the rule drafts none)
    found = [(getattr(c, "periods", None), c.per) for c in spec.constraints if c.table == table]
    return [(list(p), list(per or [])) for p, per in found if p]


def _no_overlap(df: pl.DataFrame, pk: str, s: str, e: str) -> float:
    """The share of parents none of whose periods overlaps another: in start order each starts on/after the one
    before ended, and none follows an open one."""
    d = df.sort(pk, s).with_columns(
        pl.col(e).shift(1).over(pk).alias("__before"), (pl.int_range(pl.len()).over(pk) > 0).alias("__later")
    )
    hit = d.filter(pl.col("__later") & (pl.col("__before").is_null() | (pl.col(s) < pl.col("__before"))))
    return 1 - hit.get_column(pk).n_unique() / df.get_column(pk).n_unique()


def _gaps_and_lengths(df: pl.DataFrame, pk: str, s: str, e: str) -> tuple[float, float]:
    d = df.sort(pk, s).with_columns(
        (pl.col(s) - pl.col(e).shift(1).over(pk)).dt.total_days().alias("__gap"),
        (pl.col(e) - pl.col(s)).dt.total_days().alias("__len"),
    )
    return float(d["__gap"].drop_nulls().median()), float(d["__len"].drop_nulls().median())  # type: ignore[arg-type]


CASES = [("subscriptions", 1), ("subscriptions", 4), ("tenancies", 2), ("admissions", 3), ("assignments", 5)]


@pytest.mark.parametrize(("shape", "seed"), CASES)
def test_periods_follow_one_another_in_samples(shape: str, seed: int) -> None:
    pt, pk, pdate, ct, _, s, e, *_ = SHAPES[shape]
    frames, keys = world(shape, seed)
    spec = inspect(folder_source(frames, keys, f"{shape}{seed}")).spec
    assert _rules(spec, ct) == [([s, e], [pk])], spec.constraints
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    assert [f.problem() for f in check_dataset(model.plan_, frames) if not f.ok] == []  # the source validates
    for sample_seed in (1, 2):
        out = model.sample(seed=sample_seed)
        kids = out[ct]
        assert kids.height > 0.5 * frames[ct].height
        assert _no_overlap(kids, pk, s, e) >= 0.99, shape
        failed = [f for f in check_dataset(model.plan_, out) if not f.ok and "periods" in f.check]
        assert failed == []
        real_gap, real_len = _gaps_and_lengths(frames[ct], pk, s, e)
        gap, length = _gaps_and_lengths(kids, pk, s, e)
        assert abs(gap - real_gap) <= max(3.0, 0.5 * real_gap), (gap, real_gap)
        assert 0.6 * real_len <= length <= 1.5 * real_len, (length, real_len)
        # the first on/after its parent's date, as in the source
        joined = kids.join(out[pt].select(pk, pdate), on=pk).group_by(pk).agg(pl.col(s).min(), pl.col(pdate).first())
        assert (joined[s] >= joined[pdate]).mean() >= 0.99  # type: ignore[operator]
    assert model.sample(seed=1)[ct].equals(model.sample(seed=1)[ct])  # the same seed, the same dates


@pytest.mark.parametrize(("shape", "seed"), [("subscriptions", 7), ("tenancies", 8), ("admissions", 9)])
def test_periods_that_overlap_get_no_rule(shape: str, seed: int) -> None:
    _, _, _, ct, *_ = SHAPES[shape]
    frames, keys = world(shape, seed, overlap=True)
    assert _rules(inspect(folder_source(frames, keys, f"over{shape}{seed}")).spec, ct) == []


@pytest.mark.parametrize(("shape", "seed"), [("subscriptions", 11), ("tenancies", 12)])
def test_validate_locates_an_overlap(shape: str, seed: int, tmp_path: Path) -> None:
    _, pk, _, ct, _, s, e, *_ = SHAPES[shape]
    frames, keys = world(shape, seed)
    spec = inspect(folder_source(frames, keys, f"bad{shape}{seed}")).spec
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    out = dict(model.sample(seed=3))
    kids = out[ct].sort(pk, s)
    # a parent with two or more periods: its second starts a day before its first ends
    twice = kids.group_by(pk).len().filter(pl.col("len") >= 2).get_column(pk).sort()[0]
    rows = kids.with_row_index("__i").filter(pl.col(pk) == twice)
    i, first_end = int(rows["__i"][1]), rows[e][0]
    kids = kids.with_columns(
        pl.when(pl.int_range(pl.len()) == i).then(first_end - dt.timedelta(days=1)).otherwise(pl.col(s)).alias(s)
    )
    out[ct] = kids
    found = [f for f in check_dataset(model.plan_, out) if not f.ok]
    assert len(found) >= 1
    rule = next(f for f in found if "periods" in f.check)
    assert rule.table == ct and rule.column == s and rule.failed == 1
    assert f"{pk} {twice!r}" in rule.problem().message
    # validate reading the tables chunk by chunk finds the same row
    for name, df in out.items():
        df.write_parquet(tmp_path / f"{name}.parquet", row_group_size=50)
    streamed = [f for f in check_streaming(model.spec_, tmp_path, chunk_size=37) if "periods" in f.check]
    assert [(f.failed, f.first_row, f.group) for f in streamed] == [(1, rule.first_row, rule.group)]


def test_a_periods_rule_needs_two_columns_and_a_group() -> None:
    with pytest.raises(ValueError, match="periods"):
        ConstraintSpec(table="t", periods=["a"], per=["p"])
    with pytest.raises(ValueError, match="periods"):
        ConstraintSpec(table="t", periods=["a", "b"])
    con = ConstraintSpec(table="t", periods=["a", "b"], per=["p"])
    assert con.describe() == "periods a..b follow one another per (p)"


@pytest.mark.parametrize(("shape", "seed"), [("tenancies", 13), ("subscriptions", 14)])
def test_generate_lays_the_drafted_rule(shape: str, seed: int) -> None:
    """``generate`` on the draft itself (no fitted model) lays each parent's periods (generation/periods.py)."""
    from simulacra.pipeline import generate

    frames, keys = world(shape, seed)
    spec = inspect(folder_source(frames, keys, f"draft{seed}")).spec
    assert _rules(spec, SHAPES[shape][3])  # the rule is drafted
    made = generate(spec, seed=seed).frames
    _, pk, _, ct, _, s, e, *_ = SHAPES[shape]
    assert made[ct].height > len(made[SHAPES[shape][0]])  # parents with several periods
    assert _no_overlap(made[ct], pk, s, e) == 1.0
    assert not [f for f in check_dataset(load_plan(spec), made) if f.failed and "periods" in f.check]
