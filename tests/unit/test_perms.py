"""Outputs respect the umask; the de-identification mapping stays private (issue 12: outputs were 0600/0700)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra._perms import PRIVATE_FILE, current_umask
from simulacra.io import open_sink
from simulacra.io._schema import ColumnSchema, TableSchema


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def _write(out: str, fmt: str | None = None) -> None:
    sink = open_sink(out, format=fmt)
    sink.open([TableSchema("t", (ColumnSchema("x", pl.Int64()),))])
    sink.write("t", pl.DataFrame({"x": [1, 2, 3]}))
    sink.write_manifest({"seed": 0})
    sink.close()


def test_outputs_follow_the_umask(tmp_path: Path, umask_022: None) -> None:
    assert current_umask() == 0o022
    _write(str(tmp_path / "folder"), "csv")
    _write(str(tmp_path / "one.parquet"))
    _write(str(tmp_path / "a.db"))
    assert mode(tmp_path / "folder") == 0o755
    for f in (tmp_path / "folder").iterdir():
        assert mode(f) == 0o644, f.name  # t.csv and manifest.json
    for f in ("one.parquet", "one.parquet.manifest.json", "a.db"):
        assert mode(tmp_path / f) == 0o644, f


def test_models_and_deid_outputs_follow_the_umask_mapping_stays_private(
    tmp_path: Path, umask_022: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simulacra import TabularSynthesizer
    from simulacra.text.runner import deidentify_path

    rng = np.random.default_rng(0)
    model = TabularSynthesizer(seed=0).fit(
        pl.DataFrame({"a": rng.integers(0, 9, 100), "b": rng.choice(["x", "y"], 100)})
    )
    model.save(tmp_path / "model")
    assert mode(tmp_path / "model") == 0o755 and all(mode(f) == 0o644 for f in (tmp_path / "model").iterdir())

    (tmp_path / "note.txt").write_text("Call Alice Smith on 020 7946 0018.\n")
    monkeypatch.setenv("SIMULACRA_MAPPING_KEY", "a long test passphrase for the mapping")
    deidentify_path(tmp_path / "note.txt", tmp_path / "note-deid.txt", seed=1, mapping=tmp_path / "map.bin")
    assert mode(tmp_path / "note-deid.txt") == 0o644
    assert mode(tmp_path / "map.bin") == PRIVATE_FILE == 0o600
