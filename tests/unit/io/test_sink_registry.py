"""Sinks by URL scheme and suffix; the in-memory sink; the shipped sinks keep the Sink contract."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import polars as pl
import pytest

import simulacra
from simulacra.errors import SinkError
from simulacra.examples import example_path
from simulacra.io import (
    BaseSink,
    DuckDBSink,
    FolderSink,
    MemorySink,
    SQLiteSink,
    _registry,
    open_sink,
    read_dataset,
    register_sink,
    sink_kinds,
)
from simulacra.testing import assert_referential_integrity, check_sink

SHOP = example_path("shop")


def test_the_shipped_kinds_are_registered_with_their_schemes_and_suffixes() -> None:
    kinds = sink_kinds()
    assert {"sqlite", "duckdb", "postgresql", "parquet", "csv", "jsonl", "memory"} <= set(kinds)
    assert kinds["sqlite"].suffixes == (".db", ".sqlite", ".sqlite3")
    assert kinds["postgresql"].schemes == ("postgresql", "postgres")
    assert kinds["parquet"].folder and not kinds["duckdb"].folder


def test_outputs_resolve_through_the_registry(tmp_path: Path) -> None:
    assert isinstance(open_sink(tmp_path / "a.sqlite3"), SQLiteSink)
    assert isinstance(open_sink(f"duckdb:///{tmp_path / 'b.duckdb'}"), DuckDBSink)
    assert isinstance(open_sink(tmp_path / "c", format="csv"), FolderSink)
    mem = open_sink("memory://shop")
    assert isinstance(mem, MemorySink) and mem.display == "memory://shop"
    given = MemorySink()
    assert open_sink(given) is given
    with pytest.raises(SinkError, match="unknown format 'parquett'.*did you mean 'parquet'"):
        open_sink(tmp_path / "d", format="parquett")


class _JsonSink(MemorySink):
    """A toy third-party sink: a whole dataset as one JSON file, written on close."""

    format = "json1"

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    def _commit(self, manifest_json: str) -> None:
        super()._commit(manifest_json)
        import json

        self.path.write_text(json.dumps({t: f.to_dicts() for t, f in self.frames.items()}))


@pytest.fixture
def json1() -> Iterator[None]:
    register_sink(
        "json1", lambda t, if_exists: _JsonSink(t.path or Path(t.text or "")), suffixes=(".json1",), schemes=("json1",)
    )
    yield
    _registry._KINDS.pop("json1")


def test_a_registered_sink_is_found_by_suffix_scheme_and_format(tmp_path: Path, json1: None) -> None:
    assert isinstance(open_sink(tmp_path / "x.json1"), _JsonSink)
    assert isinstance(open_sink(tmp_path / "y", format="json1"), _JsonSink)
    assert isinstance(open_sink("json1://somewhere"), _JsonSink)
    with pytest.raises(ValueError, match="already belong"):
        register_sink("other", lambda t, i: MemorySink(), suffixes=(".json1",))
    with pytest.raises(ValueError, match="already registered"):
        register_sink("json1", lambda t, i: MemorySink())


def test_generate_writes_into_a_memory_sink() -> None:
    sink = MemorySink("shop")
    result = simulacra.generate(SHOP, sink, seed=7, scale=0.05, documents=False)
    assert result.output == "memory://shop"
    assert set(sink.frames) >= {"customers", "orders"}
    assert sink.manifest is not None and sink.manifest["seed"] == 7
    assert sink.manifest["sink"]["format"] == "memory"
    assert_referential_integrity(SHOP, sink.frames)
    in_memory = simulacra.generate(SHOP, seed=7, scale=0.05).frames
    for t, f in in_memory.items():
        assert sink.frames[t].equals(f), t


def test_assert_referential_integrity_names_an_orphan() -> None:
    sink = MemorySink()
    simulacra.generate(SHOP, sink, seed=1, scale=0.05, documents=False)
    frames = dict(sink.frames)
    frames["orders"] = frames["orders"].with_columns(
        pl.lit(-1, dtype=frames["orders"]["customer_id"].dtype).alias("customer_id")
    )
    with pytest.raises(AssertionError, match="orders: foreign key customer_id"):
        assert_referential_integrity(SHOP, frames)


# --- every shipped file/memory sink keeps the contract (PostgreSQL: tests/integration) ----------------


def _read(path: Path, fmt: str | None = None) -> Mapping[str, pl.DataFrame] | None:
    if not path.exists():
        return None
    return read_dataset(path, format=fmt) if fmt else read_dataset(path)


@pytest.mark.parametrize("kind", ["sqlite", "duckdb", "parquet", "csv", "jsonl", "parquet-parts"])
def test_shipped_sinks_keep_the_contract(tmp_path: Path, kind: str) -> None:
    n = iter(range(100))

    def make() -> BaseSink:
        target = tmp_path / (f"out{next(n)}" + {"sqlite": ".db", "duckdb": ".duckdb"}.get(kind, ""))
        sink = open_sink(target, format=None if kind in ("sqlite", "duckdb") else kind)
        sink.target_path = target  # type: ignore[attr-defined]
        return sink

    def read_back(sink: BaseSink) -> Mapping[str, pl.DataFrame] | None:
        return _read(sink.target_path, None if kind in ("sqlite", "duckdb") else kind)  # type: ignore[attr-defined]

    check_sink(make, read_back)


def test_the_memory_sink_keeps_the_contract() -> None:
    check_sink(MemorySink, lambda sink: sink.frames)  # type: ignore[attr-defined]
