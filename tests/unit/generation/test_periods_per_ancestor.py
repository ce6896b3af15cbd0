"""``generate`` lays periods whose ``per`` is not the key the rows are made per (issue 13): a subscription's monthly
bills laid one after another per customer (the grandparent, ``customer_id`` an expression copying
``subscription_id.customer_id``), per region (three links up), per subscription where the bills are made per
customer and the subscription is a foreign key matched to the bill's customer (a sibling key), and per the parent
and a second column. ``generate`` refused every one of them (only ``per: [the parent key]`` was laid). Planted at
weekly, monthly and yearly lengths, 10 to 5,000 rows, several seeds and open-end rates: ``validate`` finds no
overlap within a group, every end is on/after its start and inside the declared range, every start is on/after the
date of the ancestor the group lies under, and chunk sizes 7, 1,000 and 1,000,000 write the same bytes; a ``per``
no ancestor holds whole is refused before anything is written, located on its column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from tests.unit.generation.period_worlds import same_bytes_at_chunk_sizes, uniform

import simulacra
from simulacra.cli.main import main
from simulacra.constraints import check_dataset, periods_bad
from simulacra.errors import SpecValidationError
from simulacra.pipeline import generate
from simulacra.spec import load_plan

Spec = dict[str, Any]

# a period's length in days: a week, a month, a year
GRAIN = {"week": (6, 7), "month": (27, 30), "year": (359, 365)}


def _world(shape: str, seed: int, *, grain: str = "month", regions: int = 6, open_rate: float = 0.2) -> Spec:
    """regions -> customers -> subscriptions -> bills; the bills' periods laid per the group ``shape`` names:
    ``customer`` (the grandparent, through an expression), ``region`` (three links up, an expression of an
    expression), ``subscription`` (bills made per customer, the subscription a foreign key matched to the bill's
    customer), ``parent_kind`` (per the parent key and a second column)."""
    lo, hi = GRAIN[grain]
    customers = {
        "rows": {"per": "regions", "count": uniform(1, 4, None)},
        "primary_key": "customer_id",
        "columns": {
            "customer_id": {"generator": "sequence"},
            "region_id": {"generator": "foreign_key", "references": "regions.region_id"},
            "joined": {"generator": "date", "start": "2012-01-01", "end": "2016-12-31"},
        },
    }
    subscriptions = {
        "rows": {"per": "customers", "count": uniform(1, 3, None)},
        "primary_key": "subscription_id",
        "columns": {
            "subscription_id": {"generator": "sequence"},
            "customer_id": {"generator": "foreign_key", "references": "customers.customer_id"},
            "started": {"generator": "date", "after": "customer_id.joined", "offset": uniform(0, 300)},
            "plan": {"generator": "categorical", "values": ["basic", "plus"]},
        },
    }
    bill_start = {"generator": "date", "after": "subscription_id.started", "offset": uniform(0, 3 * hi)}
    bills_columns: dict[str, Any] = {
        "bill_id": {"generator": "sequence"},
        "subscription_id": {"generator": "foreign_key", "references": "subscriptions.subscription_id"},
        "period_start": {**bill_start, "end": "2035-12-31"},
        "period_end": {
            "generator": "date",
            "after": "period_start",
            "offset": uniform(lo, hi),
            "end": "2036-12-31",
            "null_rate": open_rate,
        },
        "amount": {"generator": "uniform", "low": 5, "high": 90, "round": 2},
    }
    bills: dict[str, Any] = {
        "rows": {"per": "subscriptions", "count": uniform(1, 6, None)},
        "primary_key": "bill_id",
        "columns": bills_columns,
    }
    if shape == "customer":
        bills_columns["customer_id"] = {"generator": "expression", "expr": "subscription_id.customer_id"}
        per = ["customer_id"]
    elif shape == "region":
        bills_columns["region_id"] = {"generator": "expression", "expr": "subscription_id.region_id"}
        subscriptions["columns"]["region_id"] = {"generator": "expression", "expr": "customer_id.region_id"}
        bills["rows"]["count"] = uniform(1, 2, None)
        per = ["region_id"]
    elif shape == "subscription":  # made per customer; the subscription one of the bill's customer's
        bills["rows"] = {"per": "customers", "count": uniform(1, 8, None)}
        bills_columns["customer_id"] = {"generator": "foreign_key", "references": "customers.customer_id"}
        bills_columns["subscription_id"] = {
            "generator": "foreign_key",
            "references": "subscriptions.subscription_id",
            "match": {"customer_id": "customer_id"},
        }
        per = ["subscription_id"]
    else:  # parent_kind: per the parent key and a second column
        bills_columns["kind"] = {"generator": "categorical", "values": ["usage", "rent", "fee"]}
        bills["rows"]["count"] = uniform(1, 9, None)
        per = ["subscription_id", "kind"]
    return {
        "seed": seed,
        "tables": {
            "regions": {
                "rows": regions,
                "primary_key": "region_id",
                "columns": {"region_id": {"generator": "sequence"}},
            },
            "customers": customers,
            "subscriptions": subscriptions,
            "bills": bills,
        },
        "constraints": [{"table": "bills", "periods": ["period_start", "period_end"], "per": per}],
    }


SHAPES = ["customer", "region", "subscription", "parent_kind"]


def _per(spec: Spec) -> list[str]:
    return list(spec["constraints"][0]["per"])


def _laid_well(spec: Spec, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The bills with their group's ancestor date, after asserting every group's periods consecutive."""
    bills = frames["bills"]
    per = _per(spec)
    assert int(periods_bad(bills, ["period_start", "period_end"], per).sum()) == 0
    assert [f for f in check_dataset(load_plan(spec), frames) if f.failed] == []
    # an end on/after its start, an open end only once per group, all inside the declared ranges
    assert (bills.get_column("period_end") >= bills.get_column("period_start")).fill_null(True).all()
    opened = bills.group_by(per).agg(pl.col("period_end").is_null().sum().alias("n"))
    assert int(opened.get_column("n").max()) <= 1  # type: ignore[arg-type]
    assert bills.get_column("period_start").max() <= pl.Series(["2035-12-31"]).str.to_date()[0]  # type: ignore[operator]
    assert bills.get_column("period_end").max() <= pl.Series(["2036-12-31"]).str.to_date()[0]  # type: ignore[operator]
    return bills


@pytest.mark.parametrize(
    ("shape", "grain", "seed", "regions"),
    [
        ("customer", "month", 1, 6),
        ("customer", "week", 2, 40),
        ("customer", "year", 3, 3),
        ("region", "week", 4, 30),
        ("region", "month", 5, 8),
        ("subscription", "month", 6, 40),
        ("subscription", "year", 7, 6),
        ("parent_kind", "week", 8, 20),
        ("parent_kind", "month", 9, 1),
    ],
)
def test_each_group_s_periods_follow_one_another_inside_its_ancestor(
    shape: str, grain: str, seed: int, regions: int
) -> None:
    open_rate = [0.0, 0.2, 0.5][seed % 3]
    spec = _world(shape, seed, grain=grain, regions=regions, open_rate=open_rate)
    frames = generate(spec).frames
    bills = _laid_well(spec, frames)
    assert 10 <= bills.height <= 5000
    per = _per(spec)
    groups = bills.group_by(per).len()
    assert int(groups.get_column("len").max()) > 2  # type: ignore[arg-type]  # groups of several periods laid
    # every start on/after the date of the ancestor its group lies under: the customer's joining (the
    # subscription's start where the group is one subscription)
    subs = frames["subscriptions"].select("subscription_id", "customer_id", "started")
    joined = frames["customers"].select("customer_id", "joined")
    sub_col = "subscription_id"
    with_dates = bills.select(sub_col, "period_start").join(subs, on=sub_col).join(joined, on="customer_id")
    assert with_dates.height == bills.height
    assert (with_dates.get_column("period_start") >= with_dates.get_column("joined")).all()
    if shape in ("subscription", "parent_kind"):  # a group inside one subscription: on/after its start
        assert (with_dates.get_column("period_start") >= with_dates.get_column("started")).all()
    # laid in length: a closed period keeps its drawn length (the gaps shrink first), a week, a month or a year;
    # one drawn open that is not its group's last ends where the next drawn start is (any length)
    lo, hi = GRAIN[grain]
    days = (bills.get_column("period_end") - bills.get_column("period_start")).dt.total_days().drop_nulls()
    kept = ((days >= lo) & (days <= hi)).mean()
    assert kept == 1.0 if open_rate == 0.0 else kept > 0.5  # type: ignore[operator]


def test_a_grandparent_s_periods_run_across_its_parents_in_start_order() -> None:
    """Per customer, not per subscription: a customer's bills of two subscriptions never overlap (the rule made
    per the parent alone would leave them overlapping), and a subscription's bills do not overlap either."""
    spec = _world("customer", 11, grain="month", regions=30, open_rate=0.0)
    bills = generate(spec).frames["bills"]
    spans = bills.group_by("customer_id").agg(pl.col("subscription_id").n_unique().alias("subs"))
    assert int(spans.get_column("subs").max()) > 1  # type: ignore[arg-type]  # customers with several subscriptions
    assert int(periods_bad(bills, ["period_start", "period_end"], ["customer_id"]).sum()) == 0
    assert int(periods_bad(bills, ["period_start", "period_end"], ["subscription_id"]).sum()) == 0
    spec["constraints"] = [{"table": "bills", "periods": ["period_start", "period_end"], "per": ["subscription_id"]}]
    per_parent = generate(spec).frames["bills"]
    assert int(periods_bad(per_parent, ["period_start", "period_end"], ["customer_id"]).sum()) > 0  # (the planting)


@pytest.mark.parametrize(
    ("shape", "seed", "regions"), [("customer", 21, 150), ("region", 22, 400), ("subscription", 23, 200)]
)
def test_the_same_bytes_at_any_chunk_size(shape: str, seed: int, regions: int, tmp_path: Path) -> None:
    """Chunks end where a group's ancestor ends: 7 rows (every chunk cut at an ancestor), 1,000 and 1,000,000."""
    spec = _world(shape, seed, regions=regions, grain="week")
    same_bytes_at_chunk_sizes(spec, tmp_path, (7, 1000, 1_000_000), tables=4)
    bills = pl.read_csv(tmp_path / "csv7" / "bills.csv", try_parse_dates=True)
    assert 1000 < bills.height <= 5000  # several chunks of 1,000
    assert int(periods_bad(bills, ["period_start", "period_end"], _per(spec)).sum()) == 0


def test_which_ancestor_holds_a_group() -> None:
    from simulacra.generation.periods import ancestor_depth  # (here: the other tests run on a build without it)

    plan = load_plan(_world("region", 1))
    assert ancestor_depth(plan, "bills", "bill_id") == 0
    assert ancestor_depth(plan, "bills", "subscription_id") == 1
    assert ancestor_depth(plan, "bills", "subscription_id.customer_id") == 2
    assert ancestor_depth(plan, "bills", "region_id") == 3  # an expression of an expression
    assert ancestor_depth(plan, "bills", "amount") is None
    assert ancestor_depth(plan, "bills", "subscription_id.plan") is None  # a parent's value, not a key
    plan = load_plan(_world("subscription", 1))
    assert ancestor_depth(plan, "bills", "subscription_id") == 1  # matched to the bill's customer
    assert ancestor_depth(plan, "bills", "customer_id") == 1


def _refused(spec: Spec, column: str) -> None:
    with pytest.raises(SpecValidationError) as err:
        simulacra.generate(spec)
    problem = err.value.problems[0]
    assert problem.location.table == "bills" and problem.location.column == column
    assert "expected in 'per'" in problem.message and "subscription_id" in problem.message


@pytest.mark.parametrize("case", ["a plain column", "a parent's value", "an unmatched key", "a matched share"])
def test_a_group_no_ancestor_holds_whole_is_refused_located(case: str, tmp_path: Path) -> None:
    spec = _world("customer", 1)
    cols = spec["tables"]["bills"]["columns"]
    if case == "a plain column":
        per = "amount"
    elif case == "a parent's value":
        cols["plan"] = {"generator": "expression", "expr": "subscription_id.plan"}
        per = "plan"
    else:
        spec = _world("subscription", 1)
        cols = spec["tables"]["bills"]["columns"]
        per = "subscription_id"
        if case == "an unmatched key":
            del cols[per]["match"]
        else:
            cols[per]["match_share"] = 0.8
        spec["tables"]["bills"]["rows"] = {"per": "customers", "count": uniform(1, 8, None)}
    spec["constraints"][0]["per"] = [per]
    _refused(spec, per)
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    assert main(["spec", "validate", str(path)]) == 0  # still a valid spec: `fit --spec` and `sample` keep it
    out = tmp_path / "out"
    assert main(["generate", str(path), "-o", str(out), "--format", "csv"]) == 2
    assert not out.exists()
