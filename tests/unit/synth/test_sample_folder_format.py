"""A folder sampled from a model learnt on files is written in the files' own format by default.

A new user fits a folder of CSV files and samples into a folder: the sample came back as
Parquet files their spreadsheet could not open, although everything else (separators, decimal
marks, date formats) is written back as read. Planted: folders of CSV, TSV, JSON lines and
Parquet files, a folder mixing two formats (no single format: the default stays Parquet), and an
explicit format (it wins).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra


def _tables(seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n = 120
    parent = pl.DataFrame(
        {"pid": np.arange(1, n + 1), "kind": rng.choice(["a", "b", "c"], n), "size": rng.integers(1, 50, n)}
    )
    m = 300
    child = pl.DataFrame(
        {"cid": np.arange(1, m + 1), "pid": rng.integers(1, n + 1, m), "amount": np.round(rng.lognormal(3, 1, m), 2)}
    )
    return {"parent": parent, "child": child}


def _write(folder: Path, tables: dict[str, pl.DataFrame], suffixes: dict[str, str]) -> Path:
    folder.mkdir()
    for name, frame in tables.items():
        path = folder / f"{name}{suffixes[name]}"
        if suffixes[name] == ".parquet":
            frame.write_parquet(path)
        elif suffixes[name] == ".jsonl":
            frame.write_ndjson(path)
        else:
            frame.write_csv(path, separator="\t" if suffixes[name] == ".tsv" else ",")
    return folder


@pytest.mark.parametrize(
    ("suffix", "written"), [(".csv", ".csv"), (".tsv", ".csv"), (".jsonl", ".jsonl"), (".parquet", ".parquet")]
)
def test_a_folder_is_sampled_in_the_format_it_was_read(tmp_path: Path, suffix: str, written: str) -> None:
    src = _write(tmp_path / "src", _tables(1), {"parent": suffix, "child": suffix})
    simulacra.fit(src, output=tmp_path / "model")
    simulacra.sample(tmp_path / "model", output=tmp_path / "out", seed=2)
    files = sorted(p.name for p in (tmp_path / "out").iterdir() if p.name != "manifest.json")
    assert files == [f"child{written}", f"parent{written}"]
    if suffix == ".tsv":  # delimited text keeps its separator
        assert "\t" in (tmp_path / "out" / "child.csv").read_text().splitlines()[0]


def test_mixed_formats_or_an_explicit_format_keep_the_sinks_choice(tmp_path: Path) -> None:
    src = _write(tmp_path / "src", _tables(2), {"parent": ".csv", "child": ".parquet"})
    simulacra.fit(src, output=tmp_path / "model")
    simulacra.sample(tmp_path / "model", output=tmp_path / "mixed", seed=2)
    assert {p.suffix for p in (tmp_path / "mixed").iterdir() if p.name != "manifest.json"} == {".parquet"}
    simulacra.sample(tmp_path / "model", output=tmp_path / "asked", seed=2, format="jsonl")
    assert {p.suffix for p in (tmp_path / "asked").iterdir() if p.name != "manifest.json"} == {".jsonl"}
