"""`simulacra sample --where "TABLE: SQL"` on a model fitted from a folder of CSV files (issue 13, defect 7)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.unit.synth.test_child_conditions import bank

from simulacra.cli.main import main


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bank")
    for name, frame in bank(n_customers=200, seed=5).items():
        frame.write_csv(folder / f"{name}.csv")
    out = folder.parent / "bank-model"
    assert main(["fit", str(folder), "-o", str(out), "-q", "--seed", "2"]) == 0
    return out


def test_sample_where_on_a_child_table(model: Path, tmp_path: Path) -> None:
    db = tmp_path / "rich.db"
    args = ["sample", str(model), "-o", str(db), "-q", "--seed", "3"]
    assert main([*args, "--where", "loans: amount > 2500", "--where", "loans: status = 'paid'"]) == 0
    with sqlite3.connect(db) as con:
        n, bad = con.execute("SELECT COUNT(*), SUM(amount <= 2500 OR status <> 'paid') FROM loans").fetchone()
        orphans = con.execute(
            "SELECT COUNT(*) FROM loans l LEFT JOIN customers c ON l.customer_id = c.customer_id "
            "WHERE c.customer_id IS NULL"
        ).fetchone()[0]
    assert n > 0 and bad == 0 and orphans == 0


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("loans: amont > 1", ["table 'loans' has no column 'amont'", "'amount'", "'status'"]),
        ("amont > 1", ["table 'customers' has no column 'amont'", "'tier'"]),
        ("loans: amount < 0", ["table 'loans'", "amount < 0"]),
    ],
)
def test_sample_where_errors_name_the_table_and_write_nothing(
    model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, words: list[str]
) -> None:
    db = tmp_path / "out.db"
    code = main(["sample", str(model), "-o", str(db), "-q", "--where", where])
    err = " ".join(capsys.readouterr().err.split())
    assert code != 0 and not db.exists() and not list(tmp_path.iterdir())
    for w in words:
        assert w in err, (w, err)


def test_sample_help_documents_table_conditions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sample", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.replace("│", " ").split())  # (rich draws the help in a box)
    assert "TABLE: SQL" in text and "given the same parent" in text
