"""``rows.total`` made on Dask workers: each parent's count is a function of its row alone, so the parts are the
bytes one process writes, for parents sized by a number or per a grandparent, at two partition sizes (draft23)."""

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
from test_dask_parts import parts  # noqa: E402
from test_rows_total import _COUNTS, spec_of  # noqa: E402


@pytest.mark.parametrize("rows", [97, 1000])
@pytest.mark.parametrize("nested", [False, True])
def test_workers_write_the_bytes_one_process_writes(dask_client: Any, tmp_path: Path, rows: int, nested: bool) -> None:
    spec = spec_of(_COUNTS["bounded_poisson"][0], 1100, nested=nested)
    one, dask = tmp_path / "one", tmp_path / "dask"
    generate(spec, one, format="parquet-parts", chunk_size=rows, documents=False)
    generate(spec, dask, format="parquet-parts", chunk_size=rows, documents=False, distribute=DaskExecutor(dask_client))
    want = parts(one)
    assert len(want) >= 2 and parts(dask) == want


@pytest.mark.parametrize("rows", [97, 1000])
@pytest.mark.parametrize("nested", [False, True])
def test_a_total_by_value_on_workers(dask_client: Any, tmp_path: Path, rows: int, nested: bool) -> None:
    # the workers send back each parent row's value; the client spreads the total once the parent is made
    # (engine-total57)
    from test_total_by_value import spec_of as by_spec_of
    from test_total_by_value import total_at

    spec = by_spec_of("three_statuses", total_at("three_statuses", 0.5), nested=nested)
    one, dask = tmp_path / "one", tmp_path / "dask"
    generate(spec, one, format="parquet-parts", chunk_size=rows, documents=False)
    generate(spec, dask, format="parquet-parts", chunk_size=rows, documents=False, distribute=DaskExecutor(dask_client))
    want = parts(one)
    assert len(want) >= 2 and parts(dask) == want
