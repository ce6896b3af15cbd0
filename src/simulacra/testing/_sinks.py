"""``check_sink``: the Sink contract, run against any sink factory (shipped or third-party)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from simulacra.errors import SinkError
from simulacra.io import BaseSink, ColumnSchema, ForeignKeySchema, TableSchema

__all__ = ["check_sink", "sample_tables"]


def sample_tables() -> tuple[list[TableSchema], dict[str, pl.DataFrame]]:
    """Two related tables (a parent and a child with a foreign key and nulls) and their rows."""
    parent = TableSchema(
        "customers",
        (
            ColumnSchema("id", pl.Int64(), nullable=False),
            ColumnSchema("name", pl.String()),
            ColumnSchema("score", pl.Float64()),
        ),
        primary_key=("id",),
    )
    child = TableSchema(
        "orders",
        (
            ColumnSchema("id", pl.Int64(), nullable=False),
            ColumnSchema("customer_id", pl.Int64()),
            ColumnSchema("paid", pl.Boolean()),
        ),
        primary_key=("id",),
        foreign_keys=(ForeignKeySchema(("customer_id",), "customers", ("id",)),),
    )
    rows = {
        "customers": pl.DataFrame(
            {"id": [1, 2, 3], "name": ["Ana", None, "Chloé"], "score": [0.5, 1.25, None]},
            schema={"id": pl.Int64, "name": pl.String, "score": pl.Float64},
        ),
        "orders": pl.DataFrame(
            {"id": [10, 11, 12, 13], "customer_id": [1, 1, 3, None], "paid": [True, False, None, True]},
            schema={"id": pl.Int64, "customer_id": pl.Int64, "paid": pl.Boolean},
        ),
    }
    return [parent, child], rows


def check_sink(
    make_sink: Callable[[], BaseSink], read_back: Callable[[BaseSink], Mapping[str, pl.DataFrame] | None]
) -> None:
    """Raise AssertionError unless sinks from ``make_sink`` keep the Sink contract.

    ``make_sink()`` returns a new sink for a new output each call; ``read_back(sink)`` returns what that
    output holds now (``None``/empty when there is nothing). Checked: parents are written before
    children in batches and read back equal (nulls, dtypes); nothing is visible before ``close``;
    ``abort`` leaves nothing; the manifest carries the caller's keys and the sink's section; writing
    an unknown table, writing after close and a second open raise ``SinkError``; a sink works as a
    context manager (an exception inside aborts).
    """
    tables, rows = sample_tables()

    # the lifecycle, in batches, parents first
    sink = make_sink()
    sink.open(tables)
    for name in ("customers", "orders"):
        frame = rows[name]
        sink.write(name, frame.head(2))
        sink.write(name, frame.slice(2))
        sink.write(name, frame.clear())  # an empty batch is fine
    sink.write_manifest({"seed": 7, "method": "check_sink"})
    assert not read_back(sink), "the output is visible before close()"
    sink.close()
    got = read_back(sink)
    assert got, "close() left no output"
    for name, want in rows.items():
        assert name in got, f"table {name!r} is missing after close()"
        have = got[name].select(want.columns).sort("id")
        assert have.height == want.height, f"{name}: {have.height} rows read back, {want.height} written"
        assert have.cast(want.schema).equals(want.sort("id")), f"{name}: rows read back differ:\n{have}\n{want}"
    manifest = sink.full_manifest()
    assert manifest.get("seed") == 7 and manifest.get("method") == "check_sink", "the caller's manifest keys are lost"
    assert manifest["sink"]["tables"]["orders"]["rows"] == rows["orders"].height, "the manifest miscounts rows"
    _raises(lambda: sink.write("customers", rows["customers"]), "write() after close()")
    _raises(lambda: sink.open(tables), "open() after close()")

    # abort leaves nothing
    sink = make_sink()
    sink.open(tables)
    sink.write("customers", rows["customers"])
    sink.abort()
    assert not read_back(sink), "abort() left an output behind"
    sink.abort()  # a second abort is harmless

    # unknown tables and the context manager
    sink = make_sink()
    sink.open(tables)
    _raises(lambda: sink.write("nope", rows["customers"]), "write() to a table not given to open()")
    sink.abort()
    sink = make_sink()
    try:
        with sink:
            sink.open(tables)
            sink.write("customers", rows["customers"])
            raise _Boom
    except _Boom:
        pass
    assert not read_back(sink), "an exception inside `with sink:` left an output behind"


class _Boom(Exception):
    pass


def _raises(fn: Callable[[], Any], what: str) -> None:
    try:
        fn()
    except SinkError:
        return
    raise AssertionError(f"{what} did not raise SinkError")
