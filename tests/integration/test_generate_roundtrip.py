"""Generated datasets through real databases and files, read back and validated against their spec."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa

from simulacra.errors import SinkError
from simulacra.examples import example_path
from simulacra.io import read_dataset, read_manifest
from simulacra.pipeline import generate, validate
from simulacra.spec import load_plan


@pytest.fixture(scope="module")
def shop_plan():  # type: ignore[no-untyped-def]
    return load_plan(example_path("shop"))


@pytest.fixture(scope="module")
def shop_frames(shop_plan):  # type: ignore[no-untyped-def]
    return generate(shop_plan, scale=0.1, seed=11).frames


def _same(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> None:
    assert set(a) == set(b)
    for t in a:
        assert a[t].equals(b[t]), t


@pytest.mark.parametrize("name", ["shop.db", "shop.duckdb", "parquet", "csv", "jsonl"])
def test_files_round_trip_and_validate(shop_plan, shop_frames, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    fmt = None if "." in name else name
    out = tmp_path / name
    result = generate(shop_plan, out, scale=0.1, seed=11, format=fmt, chunk_size=500)
    assert result.rows == {t: f.height for t, f in shop_frames.items()}
    _same(read_dataset(str(out), format=fmt), shop_frames)
    assert validate(shop_plan, out, format=fmt)
    manifest = read_manifest(str(out))
    assert (
        manifest is not None and manifest["intended_use"] and manifest["scenario_rows"]["account_takeover_fraud"] >= 0
    )


@pytest.mark.postgres
def test_postgres_round_trip_and_validate(shop_plan, shop_frames, postgres_db: str) -> None:  # type: ignore[no-untyped-def]
    generate(shop_plan, postgres_db, scale=0.1, seed=11, chunk_size=1000)
    back = read_dataset(postgres_db)
    _same({t: f for t, f in back.items() if t in shop_frames}, shop_frames)
    assert validate(shop_plan, postgres_db)
    engine = sa.create_engine(postgres_db.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as con:  # the database enforces the keys itself
        with pytest.raises(sa.exc.IntegrityError):
            con.execute(
                sa.text(
                    "INSERT INTO order_items (item_id, order_id, product_id, quantity, unit_price, line_total) "
                    "VALUES (999999, 'NOPE', 1, 1, 1.0, 1.0)"
                )
            )
            con.commit()
    engine.dispose()


@pytest.mark.postgres
def test_postgres_failure_commits_nothing(shop_plan, postgres_db: str) -> None:  # type: ignore[no-untyped-def]
    generate(shop_plan, postgres_db, scale=0.02, seed=1)
    with pytest.raises(SinkError, match="already exists"):
        generate(shop_plan, postgres_db, scale=0.02, seed=2)
    engine = sa.create_engine(postgres_db.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as con:
        n = con.execute(sa.text("SELECT count(*) FROM customers")).scalar()
    engine.dispose()
    assert n == 40  # the first run's rows, untouched


def test_interrupted_run_leaves_nothing(shop_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop.db"
    calls = {"n": 0}

    def boom(table: str, done: int, total: int) -> None:
        calls["n"] += 1
        if table == "orders":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate(shop_plan, out, scale=0.05, progress=boom)
    assert calls["n"] > 0
    assert list(tmp_path.iterdir()) == []
