"""A ``distinct`` foreign key with ``match`` and ``where`` made on Dask workers (issues 13, 20): each sibling's place
in its 'per' parent's permutation is a function of its row and the parent's, so the workers write the bytes one
process writes, at two partition sizes and two seeds."""

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
from test_distinct_match import _spec  # noqa: E402


@pytest.mark.parametrize("rows", [64, 500])
@pytest.mark.parametrize("seed", [0, 7])
def test_workers_write_the_bytes_one_process_writes(dask_client: Any, tmp_path: Path, rows: int, seed: int) -> None:
    spec = _spec("crowded", seed, where=seed == 7)
    one, dask = tmp_path / "one", tmp_path / "dask"
    generate(spec, one, format="parquet-parts", chunk_size=rows, documents=False)
    generate(spec, dask, format="parquet-parts", chunk_size=rows, documents=False, distribute=DaskExecutor(dask_client))
    want = parts(one)
    assert len(want) >= 2 and parts(dask) == want
