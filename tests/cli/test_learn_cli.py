"""`simulacra fit` and `simulacra sample` from the command line: outputs, manifest, conditions, errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.cli.main import main
from simulacra.io import read_dataset, read_manifest


@pytest.fixture(scope="module")
def census(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(3)
    n = 1500
    age = rng.integers(18, 80, n)
    frame = pl.DataFrame(
        {
            "age": age,
            "hours": rng.choice([20, 40, 40, 40, 50], n),
            "job": rng.choice(["clerk", "nurse", "driver", "teacher"], n),
            "income": np.where(age + rng.normal(0, 8, n) > 55, ">50K", "<=50K"),
        }
    )
    folder = tmp_path_factory.mktemp("census")
    frame.write_csv(folder / "census.csv")
    return folder / "census.csv"


def test_fit_then_sample_with_conditions(census: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "model"
    assert main(["fit", str(census), "-o", str(model), "--first", "income", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "learned 1 table(s)" in out and "census" in out
    manifest = json.loads((model / "manifest.json").read_text())
    assert manifest["format"] == "simulacra-model" and manifest["seed"] == 4
    assert manifest["source"]["fingerprint"] and "census" in manifest["spec"]["tables"]
    assert "copy_rejection" in json.dumps(manifest["privacy"])

    db = tmp_path / "out.db"
    assert main(["sample", str(model), "-o", str(db), "--n-rows", "2000", "--rebalance", "income=0.5", "-q"]) == 0
    frame = read_dataset(str(db))["census"]
    assert frame.height == 2000 and abs(float((frame["income"] == ">50K").mean()) - 0.5) < 0.04
    meta = read_manifest(str(db))
    assert meta["method"] == "learned" and meta["rows"] == {"census": 2000}

    rich = tmp_path / "rich"
    assert (
        main(
            [
                "sample",
                str(model),
                "-o",
                str(rich),
                "--format",
                "parquet",
                "--n-rows",
                "300",
                "--where",
                "income = '>50K'",
                "-q",
            ]
        )
        == 0
    )
    assert set(read_dataset(str(rich))["census"]["income"]) == {">50K"}


def test_sample_errors_have_exit_codes(census: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sample", str(tmp_path / "nothing"), "-o", str(tmp_path / "x.db")]) == 7  # ModelError
    assert "not a saved simulacra model" in capsys.readouterr().err
    model = tmp_path / "model"
    assert main(["fit", str(census), "-o", str(model), "-q"]) == 0
    assert main(["fit", str(census), "-o", str(model), "-q"]) == 5  # exists: SinkError
    assert main(["sample", str(model), "-o", str(tmp_path / "y.db"), "--where", "job = 'astronaut'", "-q"]) == 2
    assert "not a learned category of 'job'" in capsys.readouterr().err
    # a numeric column has no classes to rebalance: a clear spec error, not 'internal error: ValueError'
    assert main(["sample", str(model), "-o", str(tmp_path / "z.db"), "--rebalance", "age=0.5", "-q"]) == 2
    err = capsys.readouterr().err
    assert "cannot rebalance 'age': it is a number" in err and "--where" in err and "internal error" not in err
    assert not (tmp_path / "z.db").exists()


def test_sample_writes_one_table_to_one_file(census: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`sample -o synthetic.parquet` (and .csv): one file plus its manifest beside it; never replaced silently."""
    model = tmp_path / "model"
    assert main(["fit", str(census), "-o", str(model), "-q"]) == 0
    for ext in ("parquet", "csv"):
        out = tmp_path / f"synthetic.{ext}"
        assert main(["sample", str(model), "-o", str(out), "--n-rows", "120", "--seed", "3", "-q"]) == 0
        frame = read_dataset(str(out))["synthetic"]
        assert frame.height == 120 and frame.columns == ["age", "hours", "job", "income"]
        assert frame.schema["age"] == pl.Int64 and read_manifest(str(out))["rows"] == {"census": 120}
        first = out.read_bytes()
        assert main(["sample", str(model), "-o", str(out), "--n-rows", "120", "--seed", "4", "-q"]) == 5
        err = capsys.readouterr().err
        assert "--replace" in err and "if_exists" not in err and out.read_bytes() == first
        assert main(["sample", str(model), "-o", str(out), "--n-rows", "120", "--seed", "3", "-q", "--replace"]) == 0
        assert out.read_bytes() == first  # same model and seed: the same bytes
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("synthetic")) == [
        "synthetic.csv",
        "synthetic.csv.manifest.json",
        "synthetic.parquet",
        "synthetic.parquet.manifest.json",
    ]


@pytest.mark.parametrize("stem", ["my-data", "sales.2024.v2", "Q1 report"])
def test_fit_a_file_whose_name_is_not_a_table_name(stem: str, tmp_path: Path) -> None:
    # the spec calls 'my-data.csv' table 'my_data': fit used to refuse its own draft ("no table 'my_data'")
    rng = np.random.default_rng(len(stem))
    n = 300
    frame = pl.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "day": [f"{d:02d}.03.2024" for d in rng.integers(1, 29, n)],
            "kind": rng.choice(["a", "b", "?"], n),  # '?' is a missing-value marker: written back
            "amount": rng.integers(1, 900, n),
        }
    )
    src = tmp_path / f"{stem}.csv"
    frame.write_csv(src)
    model = tmp_path / "model"
    assert main(["fit", str(src), "-o", str(model)]) == 0
    out = tmp_path / "s.csv"
    assert main(["sample", str(model), "-o", str(out), "--seed", "2"]) == 0
    back = pl.read_csv(out, infer_schema=False)
    assert back.height == n
    assert bool(back["day"].str.contains(r"^[0-9]{2}\.03\.2024$").all())  # the date's form, found by table
    assert "?" in set(back["kind"].to_list())
