"""``generate`` lays a parent's periods one after another (issue 13): a customer's subscriptions, a tenant's
tenancies, an employee's jobs — ``periods: [start, end]`` with ``per: [parent key]``. ``generate`` refused the rule
(only a fitted model's ``sample`` laid it), so a hand-written or drafted spec could not be generated. Planted in
three worlds — date and datetime bounds, the end ``after`` the start or drawn from its own range, open ends at
0–50%, 1–8 periods per parent, several seeds: ``validate`` finds no overlap (in memory and streamed), every value
stays inside its column's declared range, CSV, Parquet and DuckDB hold the same rows at chunk sizes 7, 1000 and
100000, and a rule that cannot be kept is refused before anything is written, located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.unit.generation.period_worlds import same_bytes_at_chunk_sizes

import simulacra
from simulacra.cli.main import main
from simulacra.constraints import check_dataset, periods_bad
from simulacra.errors import GenerationError, SpecValidationError
from simulacra.io import read_dataset
from simulacra.pipeline import check_streaming, generate
from simulacra.spec import load_plan

Spec = dict[str, Any]


def _world(name: str, seed: int, *, most: int = 8, open_rate: float = 0.3) -> Spec:
    """Three shapes of a parent's periods: (parent, key, child, key, start, end) and how their dates are made."""
    count = {"distribution": "uniform", "low": 1, "high": most}
    if name == "subscriptions":  # dates; the end some days after the start, open where the customer stays
        parent, pk, child, ck, s, e = "customers", "customer_id", "subscriptions", "subscription_id", "started", "ended"
        start = {"generator": "date", "start": "2019-01-01", "end": "2024-12-31"}
        end = {
            "generator": "date",
            "after": s,
            "offset": {"distribution": "uniform", "low": 10, "high": 400, "unit": "days"},
            "end": "2025-06-30",
            "null_rate": open_rate,
        }
        extra = {
            "fee": {"generator": "uniform", "low": 5, "high": 60, "round": 2},
            "billed": {  # drawn after the start: made again from the laid one
                "generator": "date",
                "after": s,
                "offset": {"distribution": "uniform", "low": 0, "high": 5, "unit": "days"},
            },
        }
    elif name == "tenancies":  # dates; start and end each drawn from its own range, ends ordered by a check
        parent, pk, child, ck, s, e = "tenants", "tenant_id", "tenancies", "tenancy_id", "move_in", "move_out"
        start = {"generator": "date", "start": "2010-01-01", "end": "2022-12-31"}
        end = {"generator": "date", "start": "2010-01-01", "end": "2023-12-31", "null_rate": open_rate}
        extra = {"year_in": {"generator": "expression", "expr": f"EXTRACT(YEAR FROM {s})"}}
    else:  # jobs: datetimes, the end hours to months after the start
        parent, pk, child, ck, s, e = "employees", "employee_id", "jobs", "job_id", "began", "left_at"
        start = {"generator": "datetime", "start": "2021-03-01T08:00:00", "end": "2023-09-30T18:00:00"}
        end = {
            "generator": "datetime",
            "after": s,
            "offset": {"distribution": "uniform", "low": 2, "high": 2000, "unit": "hours"},
            "end": "2023-12-31T00:00:00",
            "null_rate": open_rate,
        }
        extra = {"grade": {"generator": "integer", "low": 1, "high": 9}}
    return {
        "seed": seed,
        "tables": {
            parent: {"rows": 60, "primary_key": pk, "columns": {pk: {"generator": "sequence"}}},
            child: {
                "rows": {"per": parent, "count": count},
                "primary_key": ck,
                "columns": {
                    ck: {"generator": "sequence"},
                    pk: {"generator": "foreign_key", "references": f"{parent}.{pk}"},
                    s: start,
                    e: end,
                    **extra,
                },
            },
        },
        "constraints": [
            {"table": child, "periods": [s, e], "per": [pk]},
            *([{"table": child, "check": f"{e} >= {s}"}] if name == "tenancies" else []),
        ],
    }


WORLDS = ["subscriptions", "tenancies", "jobs"]


def _parts(spec: Spec) -> tuple[str, str, str, str]:
    con = spec["constraints"][0]
    return con["table"], con["periods"][0], con["periods"][1], con["per"][0]


def _bounds(spec: Spec, child: str, col: str) -> tuple[Any, Any]:
    c = spec["tables"][child]["columns"][col]
    parse = pl.Series([c.get("start"), c.get("end")], dtype=pl.String)
    kind = pl.Date if c["generator"] == "date" else pl.Datetime("us")
    return tuple(parse.str.to_datetime(strict=False).cast(kind).to_list())  # type: ignore[return-value]


@pytest.mark.parametrize("world", WORLDS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_parent_s_periods_overlap_and_all_stay_in_range(world: str, seed: int) -> None:
    spec = _world(world, seed, open_rate=[0.0, 0.3, 0.5][seed - 1])
    child, s, e, pk = _parts(spec)
    frames = generate(spec).frames
    df = frames[child]
    assert df.height > 60  # parents with several periods
    assert int(periods_bad(df, [s, e], [pk]).sum()) == 0
    assert [f for f in check_dataset(load_plan(spec), frames) if f.failed] == []
    # an open end only on a parent's last period; every start and end inside its column's declared range
    last = df.sort([pk, s]).group_by(pk, maintain_order=True).agg(pl.col(e).is_null().arg_max(), pl.len())
    opened = df.group_by(pk).agg(pl.col(e).is_null().sum().alias("n"))
    assert int(opened.get_column("n").max()) <= 1  # type: ignore[arg-type]
    assert last.height == df.get_column(pk).n_unique()
    lo_s, hi_s = _bounds(spec, child, s)
    lo_e, hi_e = _bounds(spec, child, e)
    assert df.get_column(s).min() >= lo_s and df.get_column(s).max() <= hi_s  # type: ignore[operator]
    ends = df.get_column(e).drop_nulls()
    assert ends.max() <= hi_e  # type: ignore[operator]
    if lo_e is not None:
        assert ends.min() >= lo_e  # type: ignore[operator]
    assert (df.get_column(e) >= df.get_column(s)).fill_null(True).all()
    if world == "tenancies":
        return  # (an end drawn anywhere up to the range's end: a parent's periods fill it, shrunk end to end)
    # the periods are laid, not piled up: many keep a gap, not every one starts when the one before ended
    nxt = df.sort([pk, s]).with_columns(pl.col(e).shift(1).over(pk).alias("__before")).drop_nulls("__before")
    assert (nxt.get_column(s) > nxt.get_column("__before")).mean() > 0.2  # type: ignore[operator]


@pytest.mark.parametrize("seed", [1, 2])
def test_columns_made_from_the_dates_follow_the_laid_ones(seed: int) -> None:
    df = generate(_world("tenancies", seed)).frames["tenancies"]
    assert df.get_column("year_in").equals(df.get_column("move_in").dt.year(), check_names=False, check_dtypes=False)
    df = generate(_world("subscriptions", seed)).frames["subscriptions"]
    days = (df.get_column("billed") - df.get_column("started")).dt.total_days()
    assert days.min() >= 0 and days.max() <= 5  # type: ignore[operator]


@pytest.mark.parametrize("world", WORLDS)
def test_the_same_bytes_at_any_chunk_size_and_rows_in_every_sink(world: str, tmp_path: Path) -> None:
    spec = _world(world, 5)
    child, s, e, pk = _parts(spec)
    same_bytes_at_chunk_sizes(spec, tmp_path, (7, 1000, 100_000), tables=2)
    parquet = {}
    for size in (7, 100_000):
        out = tmp_path / f"pq{size}"
        generate(spec, out, format="parquet", chunk_size=size)
        parquet[size] = pl.read_parquet(out / f"{child}.parquet")
    assert parquet[7].equals(parquet[100_000])
    duck = tmp_path / "d.duckdb"
    generate(spec, duck, format="duckdb", chunk_size=7)
    from_duck = read_dataset(duck)[child]
    from_csv = pl.read_csv(tmp_path / "csv7" / f"{child}.csv", try_parse_dates=True)
    assert from_duck.get_column(s).cast(pl.String).equals(parquet[7].get_column(s).cast(pl.String))
    assert from_duck.get_column(e).cast(pl.String).equals(parquet[7].get_column(e).cast(pl.String))
    assert from_csv.height == parquet[7].height == from_duck.height
    assert int(periods_bad(parquet[7], [s, e], [pk]).sum()) == 0
    assert [f for f in check_streaming(spec, str(tmp_path / "csv7"), chunk_size=7) if f.failed] == []


def test_many_datetime_periods_in_one_chunk_keep_every_microsecond() -> None:
    """Thousands of runs of microsecond lengths in one chunk: a sum across the chunk would pass 2**53 and round
    them differently from small chunks."""
    spec = _world("jobs", 8)
    spec["tables"]["employees"]["rows"] = 4000
    whole = generate(spec, chunk_size=100_000).frames["jobs"]
    cut = generate(spec, chunk_size=500).frames["jobs"]
    assert whole.height > 10_000 and whole.equals(cut)
    assert int(periods_bad(whole, ["began", "left_at"], ["employee_id"]).sum()) == 0


def test_a_lone_period_per_parent_keeps_its_drawn_dates() -> None:
    spec = _world("subscriptions", 6, most=1)
    alone = generate(spec).frames["subscriptions"]
    spec["constraints"] = []
    assert alone.equals(generate(spec).frames["subscriptions"])  # nothing to lay: the same rows as without the rule


def test_a_range_no_two_periods_fit_is_refused_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for world, shift in [("tenancies", "2023-01-01"), ("jobs", "2023-10-01T00:00:00")]:
        spec = _world(world, 1)
        child, _, e, _ = _parts(spec)
        end = spec["tables"][child]["columns"][e]
        end.pop("after", None)
        end.pop("offset", None)
        end["start"] = shift  # every end after the latest start: a second period can never follow the first
        with pytest.raises(SpecValidationError) as err:
            simulacra.generate(spec)
        problem = err.value.problems[0]
        assert problem.location.table == child and e in problem.message
        assert "second period cannot start" in problem.message
    import yaml

    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    out = tmp_path / "out"
    assert main(["generate", str(path), "-o", str(out), "--format", "csv"]) == 2
    assert not out.exists()
    assert "s.yaml:" in capsys.readouterr().err  # the rule's file and line


def test_a_rule_per_another_key_or_two_kinds_is_refused_located(tmp_path: Path) -> None:
    spec = _world("jobs", 1)
    spec["tables"]["jobs"]["rows"] = 300  # not made per employee: a parent's rows span chunks
    with pytest.raises(SpecValidationError, match="made per") as err:
        simulacra.generate(spec)
    assert err.value.problems[0].location.table == "jobs"
    import yaml

    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    assert main(["spec", "validate", str(path)]) == 0  # still a valid spec: `fit --spec` and `sample` keep it
    spec = _world("jobs", 1)
    spec["tables"]["jobs"]["columns"]["left_at"] = {"generator": "date", "start": "2021-01-01", "end": "2024-01-01"}
    with pytest.raises(SpecValidationError, match="one kind"):
        simulacra.generate(spec)


def test_periods_too_long_for_the_range_fail_located(tmp_path: Path) -> None:
    spec = _world("tenancies", 1)
    cols = spec["tables"]["tenancies"]["columns"]
    cols["move_in"] = {"generator": "date", "start": "2020-01-01", "end": "2020-01-10"}
    cols["move_out"] = {"generator": "date", "start": "2020-01-08", "end": "2020-01-12"}
    with pytest.raises(GenerationError) as err:
        simulacra.generate(spec)
    assert "periods move_in..move_out" in str(err.value) and "tenant_id" in str(err.value)
    assert "declared range" in str(err.value)
    assert err.value.location is not None and err.value.location.table == "tenancies"
    out = tmp_path / "out"
    with pytest.raises(GenerationError):
        simulacra.generate(spec, out, format="csv", chunk_size=7)
    assert not out.exists()  # the sink's staging discarded: nothing written
