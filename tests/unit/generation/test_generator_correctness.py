"""Regressions for the generator's silent wrong data (issue 11): each test plants the defect's situation."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.helpers import frames_of

from simulacra.errors import GenerationError, SpecValidationError
from simulacra.generation.engine import Engine
from simulacra.pipeline import generate
from simulacra.spec import load_plan
from simulacra.spec.refs import expression, expression_for

PEOPLE: dict[str, Any] = {
    "seed": 5,
    "tables": {
        "people": {
            "rows": 300,
            "primary_key": "id",
            "columns": {
                "id": {"generator": "sequence"},
                "code": {
                    "generator": "pattern",
                    "pattern": "?##",
                    "unique": True,
                },  # 2,600 values for 300 rows: some draws collide
                "age": {"generator": "integer", "low": 0, "high": 99},
            },
        }
    },
    "constraints": [{"table": "people", "check": "age >= 60"}],
}  # most rows regenerated


def test_unique_holds_after_regeneration_in_every_sink(tmp_path: Path) -> None:
    for fmt in ("parquet", "csv", "jsonl"):
        out = tmp_path / fmt
        generate(PEOPLE, out, format=fmt, chunk_size=37)
        df = (
            pl.read_parquet(out / "people.parquet")
            if fmt == "parquet"
            else (pl.read_csv(out / "people.csv") if fmt == "csv" else pl.read_ndjson(out / "people.jsonl"))
        )
        assert df.height == 300 and not df["code"].is_duplicated().any()
    generate(PEOPLE, tmp_path / "db.sqlite", chunk_size=37)  # SQLite refuses duplicates itself


def test_unique_emails_hold_after_regeneration() -> None:
    spec = {
        "seed": 5,
        "tables": {
            "people": {
                "rows": 120,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "email": {"generator": "email", "unique": True},
                    "age": {"generator": "integer", "low": 0, "high": 99},
                },
            }
        },
        "constraints": [{"table": "people", "check": "age >= 60"}],
    }
    df = frames_of(spec, chunk_size=30)["people"]
    assert not df["email"].is_duplicated().any()


def test_a_scenario_repeating_a_unique_value_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    spec = {
        "tables": {
            "t": {
                "rows": 200,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "iban": {"generator": "pattern", "pattern": "DE{seq:08d}", "unique": True},
                },
            }
        },
        "scenarios": [
            {
                "name": "ghost",
                "table": "t",
                "rate": 0.2,
                "labels": {"ghost": 1},
                "columns": {"iban": {"generator": "constant", "value": "DE-SHARED"}},
            }
        ],
    }
    with pytest.raises(GenerationError, match="unique"):
        generate(spec, tmp_path / "out", format="parquet")
    assert not (tmp_path / "out").exists()


RUNNING: dict[str, Any] = {
    "seed": 2,
    "tables": {
        "accounts": {"rows": 30, "primary_key": "id", "columns": {"id": {"generator": "sequence"}}},
        "tx": {
            "rows": {"per": "accounts", "count": {"distribution": "poisson", "lam": 4}},
            "primary_key": "id",
            "columns": {
                "id": {"generator": "sequence"},
                "account_id": {"generator": "foreign_key", "references": "accounts.id"},
                "amount": {"generator": "integer", "low": -50, "high": 100},
                "n": {"generator": "running_sum", "of": "1"},
                "balance": {"generator": "running_sum", "of": "amount", "start": 100},
                "overdrawn": {"generator": "expression", "expr": "balance < 0"},
                "tier": {"generator": "case", "cases": [{"when": "balance > 200", "then": "high"}], "else": "low"},
                "tier_code": {"generator": "lookup", "key": "tier", "mapping": {"high": 1, "low": 0}},
            },
        },
    },
    "constraints": [{"table": "tx", "check": "amount != 0"}],
}


def test_running_sums_are_readable_count_with_a_constant_and_stay_integer() -> None:
    tx = frames_of(RUNNING, chunk_size=7)["tx"]
    assert tx.schema["balance"] == pl.Int64 and tx.schema["n"] == pl.Int64
    assert tx["overdrawn"].null_count() == 0 and tx["tier"].null_count() == 0 and tx["tier_code"].null_count() == 0
    want = tx.select(
        n=pl.int_range(1, pl.len() + 1).over("account_id"), balance=100 + pl.col("amount").cum_sum().over("account_id")
    )
    assert tx["n"].to_list() == want["n"].to_list()
    assert tx["balance"].to_list() == want["balance"].to_list()
    assert (tx["overdrawn"] == (tx["balance"] < 0)).all()
    assert tx.equals(frames_of(RUNNING, chunk_size=100_000)["tx"])


def test_aggregate_min_max_of_datetimes_are_datetimes_and_derived_columns_may_read_aggregates(tmp_path: Path) -> None:
    spec = {
        "tables": {
            "c": {
                "rows": 20,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "last": {"generator": "aggregate", "function": "max", "of": "o.at"},
                    "first_day": {"generator": "aggregate", "function": "min", "of": "o.day"},
                    "n": {"generator": "aggregate", "function": "count", "of": "o"},
                    "big": {"generator": "expression", "expr": "n >= 3"},
                },
            },
            "o": {
                "rows": {"per": "c", "count": {"distribution": "poisson", "lam": 3}},
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "c_id": {"generator": "foreign_key", "references": "c.id"},
                    "at": {"generator": "datetime", "start": "2024-01-01", "end": "2024-06-30"},
                    "day": {"generator": "date", "start": "2024-01-01", "end": "2024-06-30"},
                },
            },
        }
    }
    frames = frames_of(spec)
    c, o = frames["c"], frames["o"]
    assert c.schema["last"] == pl.Datetime("us") and c.schema["first_day"] == pl.Date
    want = o.group_by("c_id").agg(pl.col("at").max().alias("w"))
    joined = c.join(want, left_on="id", right_on="c_id", how="left")
    assert joined["last"].to_list() == joined["w"].to_list()
    assert (c["big"] == (c["n"] >= 3)).all()
    generate(spec, tmp_path / "p", format="parquet")
    assert pl.read_parquet(tmp_path / "p" / "c.parquet").schema["last"] == pl.Datetime("us")
    generate(spec, tmp_path / "d.sqlite")
    from simulacra.io import read_dataset

    back = read_dataset(str(tmp_path / "d.sqlite"))["c"]
    assert back.schema["last"] != pl.Float64


def test_a_child_reading_what_derives_from_its_own_aggregate_is_a_cycle() -> None:
    spec = {
        "tables": {
            "c": {
                "rows": 5,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "n": {"generator": "aggregate", "function": "count", "of": "o"},
                    "twice": {"generator": "expression", "expr": "n * 2"},
                },
            },
            "o": {
                "rows": {"per": "c", "count": {"distribution": "fixed", "value": 2}},
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "c_id": {"generator": "foreign_key", "references": "c.id"},
                    "x": {"generator": "expression", "expr": "c.twice"},
                },
            },
        }
    }
    with pytest.raises(SpecValidationError, match="cycle"):
        load_plan(spec)


@pytest.mark.parametrize(
    ("expr", "value", "want"),
    [
        ("ROUND(x)", 2.5, 3.0),
        ("ROUND(x)", -2.5, -3.0),
        ("ROUND(x, 2)", 2.675, 2.68),
        ("ROUND(x, 2)", -2.675, -2.68),
        ("ROUND(x, 2)", 1.005, 1.01),
        ("ROUND(x, 1)", 0.25, 0.3),
        ("ROUND(x)", 0.5, 1.0),
        ("ROUND(x)", 1.4999, 1.0),
    ],
)
def test_round_half_away_from_zero_as_sqlite(expr: str, value: float, want: float) -> None:
    import sqlite3

    got = pl.DataFrame({"x": [value]}).select(expression(expr)).item()
    assert got == want
    assert sqlite3.connect(":memory:").execute(f"SELECT {expr.replace('x', repr(value))}").fetchone()[0] == want


def test_date_arithmetic() -> None:
    df = pl.DataFrame({"d": [dt.date(2024, 1, 31)], "t": [dt.datetime(2024, 1, 31, 10)], "n": [3]})
    row = df.select(
        a=expression("DATE_ADD(d, n)"),
        b=expression("DATE_ADD(d, 1, 'month')"),
        c=expression("DATE_SUB(t, 2, 'hour')"),
        e=expression("EXTRACT(month FROM d)"),
        f=expression("d + n * INTERVAL '1 day'"),
        g=expression("DATE_ADD(d, -1, 'year')"),
    ).row(0)
    assert row == (
        dt.date(2024, 2, 3),
        dt.date(2024, 2, 29),
        dt.datetime(2024, 1, 31, 8),
        1,
        dt.date(2024, 2, 3),
        dt.date(2023, 1, 31),
    )
    with pytest.raises(ValueError, match="literal"):
        expression("DATE_ADD(d, n, 'month')")
    plus = df.select(
        a=expression_for("d + n", df.schema),
        b=expression_for("d - 31", df.schema),
        c=expression_for("t + 1", df.schema),
        e=expression_for("CASE WHEN d + 1 > DATE '2024-01-31' THEN 1 ELSE 0 END", df.schema),
    ).row(0)
    assert plus == (dt.date(2024, 2, 3), dt.date(2023, 12, 31), dt.datetime(2024, 2, 1, 10), 1)


def test_date_plus_days_in_a_spec() -> None:
    spec = {
        "tables": {
            "t": {
                "rows": 20,
                "columns": {
                    "hired": {"generator": "date", "start": "2024-01-01", "end": "2024-06-30"},
                    "probation_end": {"generator": "expression", "expr": "hired + 90"},
                },
            }
        },
        "constraints": [{"table": "t", "check": "probation_end - 90 = hired"}],
    }
    t = frames_of(spec)["t"]
    assert ((t["probation_end"] - t["hired"]).dt.total_days() == 90).all()


def test_dates_after_another_are_drawn_within_the_window_not_clipped() -> None:
    spec = {
        "seed": 1,
        "tables": {
            "a": {
                "rows": 2000,
                "columns": {
                    "opened": {"generator": "datetime", "start": "2024-01-01", "end": "2024-12-31"},
                    "closed": {
                        "generator": "datetime",
                        "after": "opened",
                        "end": "2024-12-31",
                        "offset": {"distribution": "exponential", "mean": 90, "unit": "days"},
                    },
                },
            }
        },
    }
    a = frames_of(spec)["a"]
    assert (a["closed"] >= a["opened"]).all() and a["closed"].max() < dt.datetime(2025, 1, 1)
    last = a["closed"].max()
    assert (a["closed"] == last).sum() == 1  # clipping put about a quarter of the rows on this instant
    assert (a["closed"].dt.date() == dt.date(2024, 12, 31)).sum() < 60


def test_parquet_bytes_do_not_depend_on_chunk_size(tmp_path: Path) -> None:
    from simulacra.io import plan_schemas
    from simulacra.io._files import FolderSink

    plan = load_plan(RUNNING)
    digests = set()
    for chunk in (3, 17, 1000):
        engine = Engine(plan, chunk_size=chunk)
        sink = FolderSink(tmp_path / f"o{chunk}", "parquet", row_group_rows=10)
        sink.open(plan_schemas(plan, {t: engine.schema(t) for t in plan.tables}))
        for t, chunks in engine.tables():
            for c in chunks:
                sink.write(t, c)
        sink.write_manifest({})
        sink.close()
        digests.add(
            tuple(
                hashlib.sha256((tmp_path / f"o{chunk}" / f"{t}.parquet").read_bytes()).hexdigest() for t in plan.tables
            )
        )
    assert len(digests) == 1


def test_a_unique_value_a_running_sum_reads_is_redrawn_with_the_sums_made_again() -> None:
    spec = {
        "tables": {
            "a": {"rows": 5, "primary_key": "id", "columns": {"id": {"generator": "sequence"}}},
            "t": {
                "rows": {"per": "a", "count": {"distribution": "fixed", "value": 30}},
                "columns": {
                    "a_id": {"generator": "foreign_key", "references": "a.id"},
                    "amount": {"generator": "integer", "low": 1, "high": 200, "unique": True},
                    "balance": {"generator": "running_sum", "of": "amount"},
                },
            },
        }
    }
    t = frames_of(spec)["t"]  # 150 draws of 1..200 repeat: redrawn, and the balances follow the values kept
    assert t.get_column("amount").is_unique().all()
    want = t.with_columns(pl.col("amount").cum_sum().over("a_id").alias("want"))
    assert (want.get_column("balance") == want.get_column("want")).all()


def test_columns_derived_from_aggregates_survive_regenerated_rows() -> None:
    spec = {
        "seed": 0,
        "tables": {
            "p": {
                "rows": 30,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "v": {"generator": "integer", "low": 0, "high": 9},
                    "n": {"generator": "aggregate", "function": "count", "of": "c"},
                    "n10": {"generator": "expression", "expr": "n * 10 + v"},
                },
            },
            "c": {
                "rows": {"per": "p", "count": {"distribution": "poisson", "lam": 2}},
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "p_id": {"generator": "foreign_key", "references": "p.id"},
                },
            },
        },
        "constraints": [{"table": "p", "check": "v >= 5"}],
    }
    for chunk in (1, 7, 1000):
        p = frames_of(spec, chunk_size=chunk)["p"]
        assert (p["n10"] == p["n"] * 10 + p["v"]).all() and (p["v"] >= 5).all()


def test_reading_a_parent_through_one_of_two_foreign_keys() -> None:
    spec = {
        "seed": 4,
        "tables": {
            "employees": {
                "rows": 30,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "office": {"generator": "categorical", "values": ["Berlin", "Paris", "Leeds"]},
                },
            },
            "tickets": {
                "rows": 200,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "reporter_id": {"generator": "foreign_key", "references": "employees.id"},
                    "assignee_id": {"generator": "foreign_key", "references": "employees.id"},
                    "reporter_office": {"generator": "expression", "expr": "reporter_id.office"},
                    "same_office": {"generator": "expression", "expr": "reporter_id.office = assignee_id.office"},
                },
            },
        },
    }
    plan = load_plan(spec)
    f = Engine(plan).frames()
    office = dict(zip(f["employees"]["id"], f["employees"]["office"]))
    t = f["tickets"]
    assert t["reporter_office"].to_list() == [office[r] for r in t["reporter_id"]]
    assert t["same_office"].to_list() == [office[r] == office[a] for r, a in zip(t["reporter_id"], t["assignee_id"])]
    from simulacra.pipeline import validate

    validate(plan, f)


@pytest.mark.parametrize(
    ("generator", "start", "step"),
    [("date", "2023-12-30", 1), ("datetime", "2024-02-28T22:00:00", 21_600), ("date", "2020-01-06", 7)],
)
def test_a_date_sequence_is_distinct_valid_dates_whatever_the_chunks(generator: str, start: str, step: int) -> None:
    """``step`` on a date column (a calendar's day, a key date): row i is start + i * step; a pattern of its
    text used to make 2023-19-47, a range repeated days."""
    spec = {
        "seed": 3,
        "tables": {
            "calendar": {
                "rows": 400,
                "primary_key": "day",
                "columns": {
                    "day": {"generator": generator, "start": start, "step": step},
                    "n": {"generator": "sequence"},
                },
            }
        },
    }
    day = frames_of(spec, chunk_size=37)["calendar"]["day"]
    first = dt.datetime.fromisoformat(start)
    unit = dt.timedelta(days=step) if generator == "date" else dt.timedelta(seconds=step)
    want = [first + i * unit for i in range(400)]
    assert [d if isinstance(d, dt.datetime) else dt.datetime.combine(d, dt.time()) for d in day.to_list()] == want
    assert day.n_unique() == 400
    assert day.equals(frames_of(spec, chunk_size=100_000)["calendar"]["day"])
