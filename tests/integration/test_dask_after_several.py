"""A date ``after`` several columns (parents in two tables, one table twice, nulls among them) made on Dask
workers: the parts are the bytes one process writes, at two partition sizes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from simulacra.pipeline import generate

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskExecutor  # noqa: E402

sys.path.insert(0, str(Path(__file__).parents[1] / "unit" / "generation"))
sys.path.insert(0, str(Path(__file__).parent))
from test_after_several import one_table_twice, three_tables, with_nulls  # noqa: E402
from test_dask_parts import parts  # noqa: E402


@pytest.mark.parametrize("rows", [97, 1000])
def test_workers_write_the_bytes_one_process_writes(dask_client: Any, tmp_path: Path, rows: int) -> None:
    for make in (three_tables, one_table_twice, with_nulls):
        spec = make(12)
        one, dask = tmp_path / f"{make.__name__}_one", tmp_path / f"{make.__name__}_dask"
        generate(spec, one, format="parquet-parts", chunk_size=rows, documents=False)
        ex = DaskExecutor(dask_client)
        generate(spec, dask, format="parquet-parts", chunk_size=rows, documents=False, distribute=ex)
        want = parts(one)
        assert len(want) >= 3 and parts(dask) == want, make.__name__
