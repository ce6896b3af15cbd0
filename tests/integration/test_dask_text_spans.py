"""Span labels of ``text`` columns on Dask: the chunks' spans come back with their rows and the client
writes the same span files, byte for byte, as one process, at several chunk sizes and in every folder
format, including parts the workers write themselves (a real LocalCluster of processes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from tests.unit.generation.test_text_spans import spec_file  # noqa: E402

from simulacra.distributed import DaskExecutor  # noqa: E402
from simulacra.pipeline import generate  # noqa: E402


@pytest.mark.parametrize(("chunk", "fmt"), [(7, "csv"), (13, "parquet-parts"), (1000, "jsonl")])
def test_span_files_on_dask_are_those_of_one_process(dask_client: Any, tmp_path: Path, chunk: int, fmt: str) -> None:
    spec = spec_file(tmp_path, rows=60)
    one = generate(spec, tmp_path / "one", format=fmt, chunk_size=chunk, documents=False)
    many = generate(
        spec, tmp_path / "many", format=fmt, chunk_size=chunk, documents=False, distribute=DaskExecutor(dask_client)
    )
    a = (tmp_path / "one.spans" / "stays.note.spans.jsonl").read_bytes()
    b = (tmp_path / "many.spans" / "stays.note.spans.jsonl").read_bytes()
    assert a == b and len(a.splitlines()) == 60
    assert one.manifest["text"]["stays.note"]["spans"] == many.manifest["text"]["stays.note"]["spans"] > 0
    assert many.spans_path == str(tmp_path / "many.spans")
    # the provenance adds up over the workers' chunks as in one process (rows per method, asks, rejects)
    strip = {"spans_file"}
    mine = {k: v for k, v in many.manifest["text"]["stays.note"].items() if k not in strip}
    assert mine == {k: v for k, v in one.manifest["text"]["stays.note"].items() if k not in strip}
    assert mine["rows_offline"] == 60
