"""`simulacra fit --dp-epsilon` and `simulacra sample` of the DP model: the budget is recorded and printed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.cli.main import main


@pytest.fixture(scope="module")
def census(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(3)
    n = 1500
    age = rng.integers(18, 80, n)
    job = rng.choice(["clerk", "nurse", "driver", "teacher"], n).astype(object)
    job[11] = "astronaut"  # one row: never released
    frame = pl.DataFrame(
        {
            "id": np.arange(n),
            "age": age,
            "job": job.astype(str),
            "income": np.where(age + rng.normal(0, 8, n) > 55, ">50K", "<=50K"),
        }
    )
    folder = tmp_path_factory.mktemp("census")
    frame.write_csv(folder / "census.csv")
    (folder / "domain.yaml").write_text("columns:\n  age: {bounds: [18, 80], bins: 12}\n")
    return folder


def test_fit_with_dp_records_and_prints_the_spend(
    census: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "model"
    args = ["fit", str(census / "census.csv"), "-o", str(model), "--dp-epsilon", "2", "--dp-delta", "1e-5"]
    assert main([*args, "--dp-domain", str(census / "domain.yaml")]) == 0
    out = capsys.readouterr().out
    assert "differential privacy: epsilon 2 of 2" in out and "two-way marginals" in out
    manifest = json.loads((model / "manifest.json").read_text())
    dp = manifest["privacy"]["differential_privacy"]
    assert dp["epsilon_spent"] == pytest.approx(2.0) and dp["delta"] == 1e-5
    assert sum(c["epsilon_share"] for c in dp["components"].values()) == pytest.approx(2.0)
    assert "astronaut" not in (model / "manifest.json").read_text()
    assert "id" not in manifest["columns"]  # a key: made by rules, not learned

    out_file = tmp_path / "synthetic.csv"
    assert main(["sample", str(model), "-o", str(out_file), "--n-rows", "800", "--seed", "1"]) == 0
    printed = capsys.readouterr().out
    assert "differential privacy: epsilon 2 of 2" in printed
    rows = pl.read_csv(out_file)
    assert rows.height == 800 and set(rows.columns) == {"age", "job", "income"}
    assert rows.get_column("age").min() >= 18 and rows.get_column("age").max() <= 80
    assert "astronaut" not in rows.get_column("job").to_list()


def test_dp_without_bounds_names_the_column(census: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fit", str(census / "census.csv"), "-o", str(tmp_path / "m"), "--dp-epsilon", "1"]) == 2
    err = capsys.readouterr().err
    assert "column 'age'" in err and "needs declared bounds" in err
    assert main(["fit", str(census / "census.csv"), "-o", str(tmp_path / "m"), "--dp-epsilon", "0"]) == 2
    assert "epsilon must be a positive" in capsys.readouterr().err


def test_the_evaluation_report_shows_the_budget(census: Path, tmp_path: Path) -> None:
    from simulacra.evaluation import evaluate

    model, out_file = tmp_path / "model", tmp_path / "synthetic.parquet"
    args = ["fit", str(census / "census.csv"), "-o", str(model), "--dp-epsilon", "1", "-q"]
    assert main([*args, "--dp-domain", str(census / "domain.yaml")]) == 0
    assert main(["sample", str(model), "-o", str(out_file), "--n-rows", "500", "-q"]) == 0
    real = str(census / "census.csv")
    report = evaluate(real, str(out_file), holdout=real, allow_mismatch=True)  # the key column is not learned
    dp = report.sections["differential_privacy"]
    assert dp["epsilon_spent"] == pytest.approx(1.0)
    html = report.to_html()
    assert 'id="dp-budget"' in html and "two-way marginals" in html


def test_fit_and_sample_two_tables_under_dp(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = np.random.default_rng(1)
    n = 400
    cid = np.arange(100, 100 + n)
    per = rng.integers(0, 4, n)
    per[5] = 30  # one customer far above the declared bound
    src = tmp_path / "src"
    src.mkdir()
    pl.DataFrame({"customer_id": cid, "age": rng.integers(18, 80, n)}).write_csv(src / "customers.csv")
    oc = np.repeat(cid, per)
    orders = {"order_id": np.arange(len(oc)) + 9000, "customer_id": oc, "amount": rng.uniform(0, 200, len(oc))}
    pl.DataFrame(orders).write_csv(src / "orders.csv")
    domain = tmp_path / "domain.yaml"
    domain.write_text(
        "tables:\n  customers:\n    columns:\n      age: {bounds: [18, 80], bins: 12}\n"
        "  orders:\n    max_children: 5\n    columns:\n      amount: {bounds: [0, 200], bins: 10}\n"
    )
    model = tmp_path / "model"
    assert main(["fit", str(src), "-o", str(model), "--dp-epsilon", "1", "--dp-domain", str(domain)]) == 0
    out = capsys.readouterr().out
    assert "2 tables under customers" in out and "orders: children per customers" in out
    dp = json.loads((model / "manifest.json").read_text())["privacy"]["differential_privacy"]
    assert dp["unit"] == "customers" and dp["contribution"] == {"customers": 1, "orders": 5}
    assert dp["epsilon_spent"] == pytest.approx(1.0)

    assert main(["sample", str(model), "-o", str(tmp_path / "out"), "--seed", "3"]) == 0
    assert "foreign keys checked" in capsys.readouterr().out
    customers = pl.read_parquet(tmp_path / "out" / "customers.parquet")
    drawn = pl.read_parquet(tmp_path / "out" / "orders.parquet")
    assert drawn.get_column("customer_id").is_in(customers.get_column("customer_id").implode()).all()
    assert drawn.group_by("customer_id").len().get_column("len").to_numpy().max() <= 5
