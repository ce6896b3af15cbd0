"""The LocalCluster that ``--engine dask --workers N`` starts (``_cluster.connect``) runs its workers without Dask's
statistical profiler (``_cluster.QUIET``). At Dask's default the profiler samples the running task every 10 ms and
keeps a tree of the samples per second of work, twice (``Worker.profile_history``, ``profile_keys_history``), for
the last 1,000 seconds: ≈0.12–0.13 MiB per second, so a worker's memory grew with the run's wall, not its chunk (≈64 MiB
at the 487 s of the 10⁸-row person run; ``benchmarks/RESULTS.md``, branch dask-mem51). Checked here on clusters of
1 and 2 workers running a hundred or more tiny chunks for seconds: the histories stay empty on every worker
(they grow by one entry per second of work at Dask's default), whatever the table's shape and seed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

dask = pytest.importorskip("dask")  # the dask extra is in dev: CI has it
pytest.importorskip("distributed")

from simulacra.distributed import DaskExecutor  # noqa: E402
from simulacra.distributed._cluster import connect  # noqa: E402
from simulacra.pipeline import generate  # noqa: E402


def _spec(seed: int, rows: int, columns: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "profile",
        "seed": seed,
        "tables": {"t": {"rows": rows, "primary_key": "id", "columns": {"id": "sequence", **columns}}},
    }


PEOPLE = {"first": "first_name", "last": "last_name", "city": "city", "email": "email"}
NUMBERS = {
    "age": {"generator": "normal", "mean": 40, "std": 12, "min": 18, "max": 90, "round": 0},
    "score": {"generator": "uniform", "low": 0, "high": 1, "round": 4},
    "code": {"generator": "pattern", "pattern": "??##-####"},
}


def _profiles(dask_worker: Any) -> tuple[int, int, int]:
    """A worker's two profile histories (entries), and their size in bytes (the trees, recursively)."""

    def size(obj: Any, seen: set[int]) -> int:
        if id(obj) in seen:
            return 0
        seen.add(id(obj))
        n = sys.getsizeof(obj)
        if isinstance(obj, dict):
            n += sum(size(k, seen) + size(v, seen) for k, v in obj.items())
        elif isinstance(obj, list | tuple | set) or type(obj).__name__ == "deque":
            n += sum(size(x, seen) for x in obj)
        return n

    seen: set[int] = set()
    history, keys = dask_worker.profile_history, dask_worker.profile_keys_history
    return len(history), len(keys), size(history, seen) + size(keys, seen)


class TestWorkerProfilesStayEmpty:
    @pytest.mark.parametrize(
        ("workers", "seed", "rows", "chunk", "columns"),
        [(1, 3, 24_000, 200, PEOPLE), (1, 8, 36_000, 300, NUMBERS), (2, 5, 20_000, 200, PEOPLE)],
    )
    def test_many_tiny_chunks_leave_no_profile_on_any_worker(
        self, tmp_path: Path, workers: int, seed: int, rows: int, chunk: int, columns: dict[str, Any]
    ) -> None:
        with connect(workers=workers) as client:
            ex = DaskExecutor(client)
            out = tmp_path / "out"
            generate(_spec(seed, rows, columns), out, distribute=ex, format="parquet-parts", chunk_size=chunk)
            assert ex.tasks >= rows // chunk  # a hundred or more tasks, seconds of work on the workers
            got = client.run(_profiles)
        assert len(got) == workers
        for entries, key_entries, nbytes in got.values():
            # at Dask's default: one entry per second of work in each history, ≈0.12–0.13 MiB per second in all
            assert (entries, key_entries) == (0, 0), (
                f"a worker's profile histories grew: {entries}, {key_entries} entries"
            )
            assert nbytes < 4096  # (two empty deques)
