"""Multi-table learned samples reach their sink table by table, in chunks (issue 15): the same bytes as whole
frames written at once, at every chunk size, in CSV, Parquet and SQLite; what later tables read of a table
made (keys, parent references, the dates their windows count from) is all that is kept of it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import polars as pl
import pytest
from tests.structure_data import motorsport
from tests.unit.synth.test_child_conditions import bank

from simulacra.inspection import inspect
from simulacra.io import open_sink
from simulacra.learning import _schemas, sample
from simulacra.sources import Source, apply_forms
from simulacra.synth import DatasetSynthesizer

SINKS = [("csv", "out", "csv"), ("parquet", "out", "parquet"), ("sqlite", "out.db", None)]


def _fit(frames: dict[str, pl.DataFrame], name: str) -> DatasetSynthesizer:
    spec = inspect(Source(location=name, kind="folder", frames=frames, fingerprint=name)).spec
    return DatasetSynthesizer(seed=0).fit(frames, spec)


@pytest.fixture(scope="module", params=["motorsport", "bank"])
def model(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two structures: a lookup parent, a sequence (races in time per circuit), a second parent with a span
    (drivers' birth dates) and uniqueness within a parent; and a plain parent with children."""
    frames = motorsport(n_races=50, seed=3) if request.param == "motorsport" else bank(n_customers=150, seed=2)
    path = tmp_path_factory.mktemp(request.param) / "model"
    _fit(frames, request.param).save(path)
    return path


def _whole(model: Path, out: Path, fmt: str | None, **kw) -> None:
    """The reference: every table sampled whole, then written whole (what `sample` did before)."""
    synth = DatasetSynthesizer.load(model)
    frames = synth.sample(seed=7, **kw)
    out.parent.mkdir(parents=True, exist_ok=True)
    sink = open_sink(str(out), format=fmt)
    text = fmt == "csv"
    frames = {t: apply_forms(f, synth.tables_[t].learned.forms, text=text) for t, f in frames.items()}
    sink.open(_schemas(synth, {t: f.schema for t, f in frames.items()}))
    for t, f in frames.items():
        sink.write(t, f)
    sink.write_manifest({})
    sink.close()


def _content(out: Path, tables: list[str]) -> dict[str, str]:
    """Each table's bytes (files) or rows (SQLite: the file also holds the run manifest, with its times)."""
    if out.suffix == ".db":
        with sqlite3.connect(out) as con:
            return {t: repr(con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()) for t in tables}
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(out.iterdir()) if f.suffix != ".json"}


@pytest.mark.parametrize(("kind", "name", "fmt"), SINKS)
def test_same_bytes_as_whole_frames_at_every_chunk_size(model: Path, tmp_path: Path, kind, name, fmt) -> None:
    tables = list(DatasetSynthesizer.load(model).tables_)
    _whole(model, tmp_path / "whole" / name, fmt)
    want = _content(tmp_path / "whole" / name, tables)
    assert len(want) == len(tables)
    for chunk_rows in (1, 37, 100_000):
        out = tmp_path / f"c{chunk_rows}" / name
        out.parent.mkdir()
        result = sample(model, out, seed=7, format=fmt, chunk_rows=chunk_rows)
        assert _content(out, tables) == want, chunk_rows
        chunks = result.manifest["chunks"]
        assert chunks["rows"] == chunk_rows and chunks["count"] >= len(tables)
        if chunk_rows == 1:
            assert chunks["count"] == sum(result.manifest["rows"].values())  # one file per row: really chunked


def test_a_conditioned_sample_streams_the_same_bytes_too(tmp_path: Path) -> None:
    path = tmp_path / "model"
    _fit(bank(n_customers=150, seed=2), "bank").save(path)
    where = ["tier = 'gold'", "loans: amount > 2000"]
    _whole(path, tmp_path / "whole", "csv", where=where)
    sample(path, tmp_path / "chunks", seed=7, format="csv", chunk_rows=11, where=where)
    assert _content(tmp_path / "chunks", []) == _content(tmp_path / "whole", [])


def test_only_what_later_tables_read_is_kept_of_a_table(model: Path) -> None:
    synth = DatasetSynthesizer.load(model)
    kept = synth.kept_columns()
    whole = synth.sample(seed=7)
    streamed: dict[str, pl.DataFrame] = {}
    for t, frame in synth.sample_tables(seed=7, trim=True):
        streamed[t] = frame
    assert all(streamed[t].equals(whole[t]) for t in whole)
    for t, tp in synth.plan_.tables.items():
        children = [c for c in synth.plan_.tables.values() if any(lk.table == t for lk in c.links.values())]
        if not children:
            assert not kept[t] or all(c == t for c in [lk.table for lk in tp.links.values()])
        else:
            assert kept[t] and kept[t] < set(whole[t].columns)  # some, never every column
