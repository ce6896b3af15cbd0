"""fit/sample against real sources: the Berka sample (8 tables, inferred keys), a real PostgreSQL
server in and out, SQLite; bad sources; the source is never modified."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa

import simulacra
from simulacra.errors import DataValidationError, ModelError, SpecError
from simulacra.io import read_dataset

BERKA = Path(__file__).resolve().parents[1] / "data" / "berka_sample"


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def berka_model(tmp_path_factory: pytest.TempPathFactory) -> simulacra.DatasetSynthesizer:
    before = _digest(BERKA)
    result = simulacra.fit(str(BERKA), output=tmp_path_factory.mktemp("m") / "model", seed=0)
    assert _digest(BERKA) == before  # the source is never modified
    return result.model


def test_berka_all_tables_with_integrity(berka_model: simulacra.DatasetSynthesizer, tmp_path: Path) -> None:
    model = berka_model
    assert set(model.tables_) == {"district", "account", "client", "disp", "card", "loan", "order", "trans"}
    assert model.tables_["disp"].parent == "account"  # owner + disponent per account, not 1 per client
    assert "client_id" in model.tables_["disp"].secondary
    assert model.tables_["trans"].sequence_column == "date"
    out = tmp_path / "berka.db"
    result = simulacra.sample(model, out, scale=1.5, seed=3)
    frames = read_dataset(str(out))
    assert {t: f.height for t, f in frames.items() if not t.startswith("_")} == result.rows
    for child, col, parent, key in [
        ("account", "district_id", "district", "A1"),
        ("disp", "account_id", "account", "account_id"),
        ("disp", "client_id", "client", "client_id"),
        ("card", "disp_id", "disp", "disp_id"),
        ("trans", "account_id", "account", "account_id"),
        ("loan", "account_id", "account", "account_id"),
    ]:
        assert frames[child][col].drop_nulls().is_in(frames[parent][key].implode()).all(), (child, col)
    # every account has exactly one owner, as in the real data
    owners = frames["disp"].filter(pl.col("type") == "OWNER").group_by("account_id").len()
    assert owners["len"].max() == 1 and owners.height >= 0.9 * frames["account"].height


def test_postgres_source_and_target_round_trip(postgres_db: str, tmp_path: Path, postgres_url: str) -> None:
    engine = sa.create_engine(postgres_db.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as con:
        con.execute(sa.text("CREATE TABLE shops (shop_id integer PRIMARY KEY, region text NOT NULL, size integer)"))
        con.execute(
            sa.text(
                "CREATE TABLE sales (sale_id integer PRIMARY KEY, shop_id integer REFERENCES shops(shop_id),"
                " amount double precision, channel text, sold date)"
            )
        )
        con.execute(
            sa.text(
                "INSERT INTO shops SELECT g, (ARRAY['north','south','east'])[1 + g % 3], 10 + g % 7"
                " FROM generate_series(1, 120) g"
            )
        )
        con.execute(
            sa.text(
                "INSERT INTO sales SELECT g, 1 + g % 120, (g % 97) * 3.5 + CASE WHEN g % 120 % 3 = 0 THEN 500 ELSE 0 END,"
                " (ARRAY['web','store'])[1 + g % 2], DATE '2024-01-01' + (g % 300) FROM generate_series(1, 2400) g"
            )
        )
    before = pl.read_database("SELECT * FROM sales ORDER BY sale_id", engine)
    model_dir = tmp_path / "model"
    fitted = simulacra.fit(postgres_db, output=model_dir, seed=1)
    assert fitted.model.tables_["sales"].parent == "shops"  # the declared foreign key
    base, _, _ = postgres_url.rpartition("/")
    import psycopg

    target_name = "learn_target"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{target_name}"')
    try:
        target = f"{base}/{target_name}"
        result = simulacra.sample(str(model_dir), target, seed=2)
        out = read_dataset(target)
        assert out["sales"].height == result.rows["sales"] and out["shops"].height == 120
        assert out["sales"]["shop_id"].is_in(out["shops"]["shop_id"].implode()).all()
        by_region = out["sales"].join(out["shops"], on="shop_id").group_by("region").agg(pl.col("amount").mean())
        means = dict(by_region.iter_rows())
        assert means["south"] > means["north"] + 300 and means["south"] > means["east"] + 300  # learned per region
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
    after = pl.read_database("SELECT * FROM sales ORDER BY sale_id", engine)
    assert after.equals(before)  # the source is untouched
    engine.dispose()


def test_sqlite_source_with_orphans(tmp_path: Path) -> None:
    db = tmp_path / "src.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    parents = pl.DataFrame({"pid": list(range(1, 101)), "kind": ["a", "b"] * 50})
    children = pl.DataFrame(
        {
            "cid": list(range(1, 601)),
            "pid": [1 + i % 100 for i in range(600)],
            "value": [float(i % 13) for i in range(600)],
        }
    )
    children = children.with_columns(pl.when(pl.col("cid") <= 6).then(999).otherwise(pl.col("pid")).alias("pid"))
    parents.write_database("parents", engine)
    children.write_database("children", engine)
    result = simulacra.fit(f"sqlite:///{db}", seed=0)
    assert result.model.tables_["children"].parent == "parents"  # inferred despite the orphans
    assert "6 row(s) whose pid matches no parents.pid" in " ".join(result.notes)
    out = simulacra.sample(result.model, seed=0).frames
    assert out is not None and out["children"]["pid"].is_in(out["parents"]["pid"].implode()).all()
    engine.dispose()


def test_empty_table_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "things.csv").write_text("id,kind\n")
    with pytest.raises(DataValidationError, match="table 'things': the table is empty: nothing to learn from"):
        simulacra.fit(str(folder))


def test_model_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a saved simulacra model"):
        simulacra.sample(str(tmp_path))


def test_conditions_on_an_unknown_table_are_named() -> None:
    model = simulacra.fit({"t": pl.DataFrame({"a": ["x", "y"] * 50, "b": list(range(100))})}, seed=0).model
    for kwargs in ({"rebalance": ["a=0.5"]}, {"where": "a = 'x'"}):
        with pytest.raises(SpecError, match="unknown table 'nope'"):
            simulacra.sample(model, table="nope", **kwargs)
