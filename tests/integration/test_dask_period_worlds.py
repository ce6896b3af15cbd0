"""generate --engine dask on the features proven only in one process (issue 19): a parent's periods laid one after
another (dates and datetimes), periods inside an ancestor's bound (the parent's, the grandparent's through an
expression, an end bound read two links up in a ``BETWEEN``, a start bound above and below), one child per month of a
parent's period, ``rows.total`` and a total brought within reach at a ``--scale``. The period and total worlds are
the ones their unit tests plant (``tests/unit/generation/test_periods_*.py``, ``test_rows_total.py``; the monthly
invoices and the one club are planted here), their tables renamed apart so one spec holds them all, with a parent's
aggregate over its laid or monthly children on top (a chunk of the parent makes its children for it).

Two seeds (at --scale 0.5 and 1.5), Parquet and CSV, partition counts 1, 3 and 7 (7: a chunk size whose boundaries
fall inside a customer's group of bills): the Dask output is the bytes one process writes, and every bound holds in
it. On main two of the worlds differed: a parent's aggregate over children laid per the grandparent read its
children laid in pieces (its chunks cut a customer's group), and a lease's count over its monthly invoices was
drawn before the lease's period was there (an error on the client)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.unit.generation import test_periods_bound_forms as bound_forms
from tests.unit.generation import test_periods_inside_ancestor as inside
from tests.unit.generation import test_periods_laid as laid
from tests.unit.generation import test_periods_start_bounds as start_bounds
from tests.unit.generation import test_rows_total as rows_total

from simulacra.constraints import check_dataset, periods_bad
from simulacra.io import read_dataset
from simulacra.pipeline import generate
from simulacra.spec import load_plan

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskExecutor  # noqa: E402

Spec = dict[str, Any]
#: (seed, --scale, format, partition counts): each seed split in 1, 3 and 7 partitions, in both formats, 7 (where a
#: parent's aggregate is split too) in both seeds (a Dask run costs seconds: twelve were too slow for the suite)
CASES = [(1, 0.5, "parquet", (3, 7)), (1, 0.5, "csv", (1,)), (2, 1.5, "csv", (3, 7)), (2, 1.5, "parquet", (1,))]


def _months(seed: int) -> Spec:
    """Leases and one rent invoice per month of each lease's period (to ``until`` while open), the lease counting
    its invoices."""
    days = {"distribution": "uniform", "low": 20, "high": 200, "unit": "days"}
    return {
        "seed": seed,
        "tables": {
            "leases": {
                "rows": 20,
                "primary_key": "lease_id",
                "columns": {
                    "lease_id": {"generator": "sequence"},
                    "start_date": {"generator": "date", "start": "2023-06-01", "end": "2024-09-30"},
                    "end_date": {"generator": "date", "after": "start_date", "offset": days, "null_rate": 0.2},
                    "invoices": {"generator": "aggregate", "function": "count", "of": "rent"},
                },
            },
            "rent": {
                "rows": {
                    "per": "leases",
                    "count": {"distribution": "poisson", "lam": 6},
                    "months": {"column": "month", "start": "start_date", "end": "end_date", "until": "2024-12-01"},
                },
                "primary_key": "invoice_id",
                "columns": {
                    "invoice_id": {"generator": "sequence"},
                    "lease_id": {"generator": "foreign_key", "references": "leases.lease_id"},
                    "month": {"generator": "date", "start": "2023-06-01", "end": "2025-12-31"},
                },
            },
        },
    }


def _reach(seed: int) -> Spec:
    """One club (1 row: never none at a --scale) and 6 members in all, 5 to 7 a club: at --scale 0.5 the 3 members
    are out of the one club's reach, at 1.5 the 9 out of the two clubs', each brought to the nearest total that
    fits (5, 10)."""
    return {
        "seed": seed,
        "tables": {
            "clubs": {"rows": 1, "primary_key": "id", "columns": {"id": {"generator": "sequence"}}},
            "members": {
                "rows": {"per": "clubs", "count": {"distribution": "uniform", "low": 5, "high": 8}, "total": 6},
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "club_id": {"generator": "foreign_key", "references": "clubs.id"},
                },
            },
        },
    }


def _grand(seed: int) -> Spec:
    """Bills laid per customer inside the customer's span, each subscription keeping its last bill's end."""
    spec = inside._world("grandparent", seed, customers=20)
    cols = spec["tables"]["subscriptions"]["columns"]
    cols["last_end"] = {"generator": "aggregate", "function": "max", "of": "bills.period_end"}
    return spec


#: world -> its spec at a seed: each is a unit test's planted world
WORLDS: dict[str, Callable[[int], Spec]] = {
    "laid": lambda seed: laid._world("subscriptions", seed, most=4),
    "jobs": lambda seed: laid._world("jobs", seed, most=4),
    "parent": lambda seed: inside._world("parent", seed, customers=20),
    "grand": _grand,
    "depth2": lambda seed: bound_forms._world("between", "grandparent", "week", seed),
    "start": lambda seed: start_bounds._spec("conjunction", "grandparent", seed),
    "months": _months,
    "total": lambda seed: rows_total.spec_of(rows_total._COUNTS["bounded_poisson"][0], 120, parents=48, nested=True),
    "reach": _reach,
}


def _renamed(spec: Spec, prefix: str) -> Spec:
    """``spec`` with every table ``t`` named ``<prefix>_t`` (its keys, rows, aggregates and constraints follow)."""
    name = {t: f"{prefix}_{t}" for t in spec["tables"]}

    def ref(r: str) -> str:
        t, _, c = r.partition(".")
        return f"{name[t]}.{c}" if c else name[t]

    tables = {}
    for t, table in copy.deepcopy(spec["tables"]).items():
        if isinstance(table["rows"], dict):
            table["rows"]["per"] = name[table["rows"]["per"]]
        for col in table["columns"].values():
            if col["generator"] == "foreign_key":
                col["references"] = ref(col["references"])
            elif col["generator"] == "aggregate":
                col["of"] = ref(col["of"])
        tables[name[t]] = table
    cons = [{**c, "table": name[c["table"]]} for c in copy.deepcopy(spec.get("constraints", []))]
    return {"tables": tables, "constraints": cons}


def world_specs(seed: int) -> dict[str, Spec]:
    return {w: make(seed) for w, make in WORLDS.items()}


def merged(seed: int) -> Spec:
    """One spec holding every world, its tables renamed apart."""
    out: Spec = {"seed": seed, "tables": {}, "constraints": []}
    for w, spec in world_specs(seed).items():
        r = _renamed(spec, w)
        out["tables"].update(r["tables"])
        out["constraints"].extend(r["constraints"])
    return out


def _of(frames: dict[str, pl.DataFrame], world: str) -> dict[str, pl.DataFrame]:
    """A world's frames under its own table names."""
    return {t[len(world) + 1 :]: f for t, f in frames.items() if t.startswith(world + "_")}


def checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every data file (the manifest holds times)."""
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.iterdir())
        if f.name != "manifest.json"
    }


@pytest.fixture(scope="module")
def client(_dask_cluster: Any) -> Any:
    """The session's LocalCluster of two worker processes (``tests/integration/conftest.py``), once for the module."""
    return _dask_cluster.ready()


def _month(d: dt.date) -> int:
    return d.year * 12 + d.month


def assert_bounds(seed: int, scale: float, frames: dict[str, pl.DataFrame]) -> None:
    """Every world's bounds in one output, computed here from the rows (not read from the engine)."""
    specs = world_specs(seed)
    assert [f for f in check_dataset(load_plan(merged(seed)), frames, declared=True) if f.failed] == []
    for w in ("laid", "jobs"):
        child, s, e, pk = laid._parts(specs[w])
        df = _of(frames, w)[child]
        assert df.height > 20 and int(periods_bad(df, [s, e], [pk]).sum()) == 0, w
        assert int(df.group_by(pk).agg(pl.col(e).is_null().sum()).get_column(e).max()) <= 1  # type: ignore[arg-type]
    inside._inside(specs["parent"], _of(frames, "parent"))
    got = _of(frames, "grand")
    inside._inside(specs["grand"], got)
    last = got["bills"].group_by("subscription_id").agg(pl.col("period_end").max().alias("want"))
    subs = got["subscriptions"].join(last, on="subscription_id", how="left")
    assert subs.filter(pl.col("last_end").ne_missing(pl.col("want"))).height == 0  # the aggregate: its bills' own
    bound_forms._inside(specs["depth2"], _of(frames, "depth2"), "between", "grandparent")
    # starts at least 7 days after the customer joined and before 3 days before the customer left
    got = _of(frames, "start")
    anc = got["subscriptions"].join(got["customers"], on="customer_id").select("subscription_id", "joined", "left")
    j = got["bills"].join(anc, on="subscription_id")
    assert j.height == got["bills"].height > 10
    assert j.filter(pl.col("period_start") < pl.col("joined") + pl.duration(days=7)).height == 0
    assert j.filter(pl.col("period_start") >= pl.col("left") - pl.duration(days=3)).height == 0
    assert int(periods_bad(got["bills"], ["period_start", "period_end"], ["customer_id"]).sum()) == 0
    # each lease's invoices: its months in order, from its start's month to its end's (2024-12 while open)
    got = _of(frames, "months")
    until = _month(dt.date(2024, 12, 1))
    rent = got["rent"].group_by("lease_id", maintain_order=True).agg("month")
    months = dict(zip(rent.get_column("lease_id").to_list(), rent.get_column("month").to_list(), strict=True))
    for lease, start, end, n in got["leases"].select("lease_id", "start_date", "end_date", "invoices").iter_rows():
        first, stop = _month(start), (until if end is None else _month(end))
        assert [_month(d) for d in months.get(lease, [])] == list(range(first, stop + 1)), lease
        assert n == stop - first + 1, lease
    # the totals at the scale: exact, and brought within the one club's reach (5 to 7)
    assert _of(frames, "total")["pets"].height == round(120 * scale)
    got = _of(frames, "reach")
    clubs = got["clubs"].height
    assert clubs == max(round(scale), 1)
    assert got["members"].height == min(max(round(6 * scale), 5 * clubs), 7 * clubs)


@pytest.mark.parametrize(("seed", "scale", "fmt", "partitions"), CASES)
def test_dask_writes_the_bytes_one_process_writes(
    client: Any, tmp_path: Path, seed: int, scale: float, fmt: str, partitions: tuple[int, ...]
) -> None:
    spec = merged(seed)
    result = generate(spec, tmp_path / "one", format=fmt, scale=scale, documents=False)
    want = checksums(tmp_path / "one")
    assert len(want) == len(spec["tables"])
    bills, subs = (result.manifest["rows"][f"grand_{t}"] for t in ("bills", "subscriptions"))
    for k in partitions:
        size = math.ceil(bills / k)  # k partitions of the bills laid per customer (the rest in as many rows)
        ex = DaskExecutor(client)
        out = tmp_path / f"k{k}"
        generate(spec, out, format=fmt, scale=scale, chunk_size=size, documents=False, distribute=ex)
        got = checksums(out)
        assert [t for t in want if got.get(t) != want[t]] == [], (k, size)
        assert set(ex.placement.values()) == {"dask"} and ex.tasks >= len(spec["tables"]) + k
        if k == 7:
            assert size < subs  # the subscriptions, which keep their bills' last end, in several chunks too
            # the chunk size cuts inside a customer's group of bills: the chunks end where the customer does
            customer = read_dataset(out)["grand_bills"].get_column("customer_id")
            assert any(customer[c - 1] == customer[c] for c in range(size, customer.len(), size)), size
    if fmt == "parquet":  # (every other output of the seed is these bytes, or the same rows as CSV)
        assert_bounds(seed, scale, read_dataset(out))
