"""The bill world the period tests plant (issue 13): customers -> subscriptions -> bills, the bills' periods laid
per the subscription or per the customer and bounded by a check on an ancestor's columns. One builder for
``test_periods_inside_ancestor.py``, ``test_periods_bound_forms.py`` and ``test_periods_start_bounds.py``, which
differ only in the check, where a bill starts, how often an ancestor is open and what else a world holds; and the
checks the period test files share: laid and valid, each bill beside its ancestor's span, the same bytes at any
chunk size."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import polars as pl

from simulacra.constraints import check_dataset, periods_bad
from simulacra.pipeline import generate
from simulacra.spec import load_plan

Spec = dict[str, Any]
GRAIN = {"week": (6, 7), "month": (27, 30)}  # a bill period's days
LIFE = {"week": (25, 70), "month": (100, 260)}  # an ancestor's days: up to 8 bills laid pass it often


def uniform(low: int, high: int, unit: str | None = "days") -> dict[str, Any]:
    d: dict[str, Any] = {"distribution": "uniform", "low": low, "high": high}
    return {**d, "unit": unit} if unit else d


def bill_world(
    per: str,
    seed: int,
    *,
    check: str,
    since: str,
    grain: str,
    customers: int,
    open_rate: float,
    life: tuple[int, int],
    bills: tuple[int, int] = (1, 8),
    copy_customer: bool = False,
    more: tuple[dict[str, Any], ...] = (),
) -> Spec:
    """The world: bills laid per ``per`` (``parent``: the subscription; ``grandparent``: the customer, through an
    expression), each starting after ``since`` and held by ``check``; a customer's ``left`` and a subscription's
    ``ended`` null (open) at ``open_rate``, an ancestor living ``life`` days; ``copy_customer`` copies the customer's
    ``joined``/``left`` onto its subscriptions; ``more``: constraints after the check and the laying."""
    lo, hi = GRAIN[grain]
    bill_cols: dict[str, Any] = {
        "bill_id": {"generator": "sequence"},
        "subscription_id": {"generator": "foreign_key", "references": "subscriptions.subscription_id"},
        "period_start": {"generator": "date", "after": since, "offset": uniform(0, 2 * hi)},
        "period_end": {"generator": "date", "after": "period_start", "offset": uniform(lo, hi), "null_rate": 0.1},
    }
    group = ["subscription_id"]
    if per == "grandparent":
        bill_cols["customer_id"] = {"generator": "expression", "expr": "subscription_id.customer_id"}
        group = ["customer_id"]
    sub_cols: dict[str, Any] = {
        "subscription_id": {"generator": "sequence"},
        "customer_id": {"generator": "foreign_key", "references": "customers.customer_id"},
        "started": {"generator": "date", "after": "customer_id.joined", "offset": uniform(0, 200)},
        "ended": {"generator": "date", "after": "started", "offset": uniform(*life), "null_rate": open_rate},
    }
    if copy_customer:
        sub_cols["customer_left"] = {"generator": "expression", "expr": "customer_id.left"}
        sub_cols["customer_joined"] = {"generator": "expression", "expr": "customer_id.joined"}
    return {
        "seed": seed,
        "tables": {
            "customers": {
                "rows": customers,
                "primary_key": "customer_id",
                "columns": {
                    "customer_id": {"generator": "sequence"},
                    "joined": {"generator": "date", "start": "2015-01-01", "end": "2019-12-31"},
                    "left": {"generator": "date", "after": "joined", "offset": uniform(*life), "null_rate": open_rate},
                },
            },
            "subscriptions": {
                "rows": {"per": "customers", "count": uniform(1, 3, None)},
                "primary_key": "subscription_id",
                "columns": sub_cols,
            },
            "bills": {
                "rows": {"per": "subscriptions", "count": uniform(*bills, None)},
                "primary_key": "bill_id",
                "columns": bill_cols,
            },
        },
        "constraints": [
            {"table": "bills", "check": check},
            {"table": "bills", "periods": ["period_start", "period_end"], "per": group},
            *more,
        ],
    }


def bills_drawn_as(spec: Spec, kind: str, *, end_null_rate: float | None = None) -> Spec:
    """``spec`` (a :func:`bill_world`) with its bills' ``period_start`` and ``period_end`` drawn as ``kind`` (``date``
    or ``datetime``), and ``end_null_rate`` of the bills drawn open where given; changed in place, and returned."""
    cols = spec["tables"]["bills"]["columns"]
    for c in ("period_start", "period_end"):
        cols[c]["generator"] = kind
    if end_null_rate is not None:
        cols["period_end"]["null_rate"] = end_null_rate
    return spec


def ancestor_refs(per: str) -> tuple[str, str]:
    """The ancestor's start and end as the bills read them: the subscription's, or the customer's through two
    links."""
    if per == "parent":
        return "subscription_id.started", "subscription_id.ended"
    return "subscription_id.customer_id.joined", "subscription_id.customer_id.left"


def bounded_world(
    per: str, grain: str, seed: int, *, check: str, customers: int = 20, laid_ancestor: bool = False
) -> Spec:
    """customers -> subscriptions -> bills, the bills' periods laid per ``per``, each starting after the ancestor's
    start and held by ``check`` (``START`` / ``END``: the ancestor's start and end refs, :func:`ancestor_refs`);
    ``laid_ancestor``: a customer's subscriptions themselves laid one after another."""
    start_ref, end_ref = ancestor_refs(per)
    laid = ({"table": "subscriptions", "periods": ["started", "ended"], "per": ["customer_id"]},)
    return bill_world(
        per,
        seed,
        check=check.replace("START", start_ref).replace("END", end_ref),
        since=start_ref,
        grain=grain,
        customers=customers,
        open_rate=0.2,
        life=LIFE[grain],
        more=laid if laid_ancestor else (),
    )


def assert_laid_and_valid(spec: Spec, frames: dict[str, pl.DataFrame]) -> None:
    """No two bills of a group overlap and every rule of ``spec`` holds on ``frames``."""
    bills = frames["bills"]
    assert int(periods_bad(bills, ["period_start", "period_end"], spec["constraints"][1]["per"]).sum()) == 0
    assert [f for f in check_dataset(load_plan(spec), frames) if f.failed] == []


def beside_ancestor(spec: Spec, frames: dict[str, pl.DataFrame], per: str) -> pl.DataFrame:
    """The bills beside their ancestor's start (``from``) and end (``to``), read from the ancestor's own columns
    (not from the check), after :func:`assert_laid_and_valid`."""
    assert_laid_and_valid(spec, frames)
    bills = frames["bills"]
    subs = frames["subscriptions"]
    if per == "parent":
        anc = subs.select("subscription_id", pl.col("started").alias("from"), pl.col("ended").alias("to"))
    else:
        anc = subs.select("subscription_id", "customer_id").join(
            frames["customers"].select("customer_id", pl.col("joined").alias("from"), pl.col("left").alias("to")),
            on="customer_id",
        )
    j = bills.join(anc.select("subscription_id", "from", "to"), on="subscription_id")
    assert j.height == bills.height
    return j


def csv_digests(folder: Path) -> dict[str, str]:
    """Each table file's sha256 (the manifest records the run: its time, its chunk size)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))}


def same_bytes_at_chunk_sizes(spec: Spec, tmp_path: Path, sizes: tuple[int, ...], *, tables: int) -> Path:
    """``spec`` written as CSV at each chunk size (into ``tmp_path / csv<size>``), asserting each wrote the same
    ``tables`` files byte for byte; the folder of the first size."""
    got = {}
    for size in sizes:
        out = tmp_path / f"csv{size}"
        generate(spec, out, format="csv", chunk_size=size)
        got[size] = csv_digests(out)
    first = got[sizes[0]]
    assert len(first) == tables and all(d == first for d in got.values())
    return tmp_path / f"csv{sizes[0]}"


def read_bill_world(folder: Path) -> dict[str, pl.DataFrame]:
    """A bill world's tables as written to ``folder`` in CSV."""
    return {t: pl.read_csv(folder / f"{t}.csv", try_parse_dates=True) for t in ("customers", "subscriptions", "bills")}
