"""Inspect the Berka bank sample (8 undeclared-key tables) and the Adult sample; generate from the drafts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

import simulacra
from simulacra.inspection import Inspection, inspect
from simulacra.sources import coerce, read_source
from simulacra.spec import load_spec, spec_hash

DATA = Path(__file__).resolve().parents[1] / "data"
BERKA = DATA / "berka_sample"
ADULT = DATA / "sources" / "adult_sample.csv"

EXPECTED_FKS = {
    ("account", "district_id", "district", "A1"),
    ("client", "district_id", "district", "A1"),
    ("disp", "account_id", "account", "account_id"),
    ("disp", "client_id", "client", "client_id"),
    ("loan", "account_id", "account", "account_id"),
    ("order", "account_id", "account", "account_id"),
    ("trans", "account_id", "account", "account_id"),
    ("card", "disp_id", "disp", "disp_id"),
}


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            h.update(f.name.encode() + f.read_bytes() + str(f.stat().st_mtime_ns).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def berka() -> Inspection:
    return inspect(BERKA)


def test_berka_tables_and_primary_keys(berka: Inspection) -> None:
    assert sorted(berka.tables) == ["account", "card", "client", "disp", "district", "loan", "order", "trans"]
    assert berka.primary_keys == {
        "account": ["account_id"],
        "card": ["card_id"],
        "client": ["client_id"],
        "disp": ["disp_id"],
        "district": ["A1"],
        "loan": ["loan_id"],
        "order": ["order_id"],
        "trans": ["trans_id"],
    }


def test_berka_foreign_keys_are_inferred_with_evidence(berka: Inspection) -> None:
    got = {(k.table, k.column, k.ref_table, k.ref_column) for k in berka.keys}
    assert got == EXPECTED_FKS  # all eight, and nothing else (no loan.duration -> district.A1)
    for k in berka.keys:
        assert not k.declared and k.confidence >= 0.9
        assert k.evidence and "inclusion 100%" in k.evidence and "unique" in k.evidence and "name match" in k.evidence


def test_berka_column_kinds(berka: Inspection) -> None:
    c = berka.columns
    assert (c["account", "date"].kind, c["account", "date"].parse_format) == ("date", "%y%m%d")
    assert (c["card", "issued"].kind, c["card", "issued"].parse_format) == ("date", "%y%m%d %H:%M:%S")
    assert (c["client", "birth_number"].kind, c["client", "birth_number"].pii_kind) == ("pii", "national_id")
    assert c["trans", "amount"].kind == "numeric" and c["trans", "type"].kind == "categorical"
    assert c["account", "district_id"].kind == "identifier" and "foreign key" in c["account", "district_id"].evidence
    assert c["trans", "k_symbol"].null_rate > 0


def test_berka_spec_round_trips_and_generates(berka: Inspection, tmp_path: Path) -> None:
    text = berka.to_yaml()
    assert "# foreign key -> district.A1 (inferred" in text and "inclusion 100%" in text
    out = berka.write(tmp_path / "berka.yaml")
    assert spec_hash(load_spec(out)) == spec_hash(berka.spec)
    assert list(berka.spec.tables["trans"].columns) == [
        "trans_id",
        "account_id",
        "date",
        "type",
        "operation",
        "amount",
        "balance",
        "k_symbol",
        "bank",
        "account",
    ]  # source order
    assert berka.spec.tables["trans"].rows.per == "account"  # type: ignore[union-attr]
    assert berka.spec.tables["disp"].rows.per == "account"  # type: ignore[union-attr]  # 1-2 per account, 1 per client
    result = simulacra.generate(berka.spec, seed=0)
    frames = result.frames
    assert set(frames) == set(berka.tables)
    for child, col, parent, key in EXPECTED_FKS:
        assert frames[child][col].is_in(frames[parent][key].implode()).all(), (child, col)
    assert frames["trans"].height > 500
    again = simulacra.generate(load_spec(out), seed=0).frames
    assert all(again[t].equals(frames[t]) for t in frames)


def test_rare_categories_are_written_only_in_a_closed_vocabulary(berka: Inspection) -> None:
    src = read_source(BERKA)
    # account.frequency: three codes of how often a statement is issued, 'POPLATEK PO OBRATU' once in the sample —
    # a closed vocabulary (a code identifies no one): every value listed, marked keep_rare, the evidence said
    counts = src.frames["account"]["frequency"].value_counts()
    assert counts.filter(pl.col("count") < 5).height > 0
    col = berka.spec.tables["account"].columns["frequency"]
    assert col.generator == "categorical" and col.keep_rare and set(col.values) == set(counts["frequency"].to_list())
    assert "keep_rare" in berka.to_yaml()
    # any other category keeps no value its source holds fewer than 5 times, but a lookup table's, which fit
    # copies whole (district: 72 names, each once)
    checked = 0
    for t, table in berka.spec.tables.items():
        if any("a lookup table" in (berka.comments.get(("tables", t, "columns", c)) or "") for c in table.columns):
            continue
        for c, spec in table.columns.items():
            if spec.generator != "categorical" or spec.keep_rare or t not in src.frames:
                continue
            seen = src.frames[t][c].drop_nulls().value_counts()
            rare = {str(v) for v in seen.filter(pl.col("count") < 5)[c].to_list()}
            checked += bool(rare)
            assert not rare & {str(v) for v in spec.values}, (t, c)
    assert checked


def test_inspection_is_deterministic(berka: Inspection) -> None:
    assert inspect(BERKA).to_yaml() == berka.to_yaml()
    assert inspect(BERKA, sample_rows=200, seed=1).to_yaml() == inspect(BERKA, sample_rows=200, seed=1).to_yaml()


def test_sample_rows_profile_a_sample_but_keep_row_counts(tmp_path: Path) -> None:
    r = inspect(BERKA, sample_rows=100, seed=3)
    assert r.rows["trans"] == 2790 and len(r.keys) == 8
    assert r.columns["trans", "amount"].n_rows == 100


def test_inspect_never_modifies_the_source(tmp_path: Path) -> None:
    before = tree_digest(BERKA)
    inspect(BERKA).write(tmp_path / "s.yaml")
    assert tree_digest(BERKA) == before


def test_coerce_types_berka_for_learning(berka: Inspection) -> None:
    typed = coerce(read_source(BERKA).frames, berka)
    assert typed["account"]["date"].dtype == pl.Date
    assert typed["account"]["date"].min().year == 1993  # type: ignore[union-attr]
    assert typed["card"]["issued"].dtype == pl.Date


def test_adult_classification_and_generation(tmp_path: Path) -> None:
    r = inspect(ADULT)
    kinds = {c: p.kind for (_, c), p in r.columns.items()}
    assert kinds["age"] == "numeric" and kinds["fnlwgt"] == "numeric" and kinds["hours-per-week"] == "numeric"
    for c in (
        "workclass",
        "education",
        "marital-status",
        "occupation",
        "relationship",
        "race",
        "sex",
        "native-country",
        "Y",
    ):
        assert kinds[c] == "categorical", c
    assert r.columns["adult_sample", "workclass"].null_rate > 0.02  # '?' read as null
    assert not any(p.kind == "pii" for p in r.columns.values())
    out = simulacra.generate(load_spec(r.write(tmp_path / "adult.yaml")), seed=0).frames["adult_sample"]
    assert out.height == 1000 and out.columns == list(r.spec.tables["adult_sample"].columns)
    assert 30 < out["age"].mean() < 47  # type: ignore[operator]
    assert set(out["sex"].drop_nulls().unique().to_list()) <= {"Male", "Female", "(other)"}
