"""Where a Dask worker's memory goes as tasks accumulate (issue 19).

One LocalCluster of 1 worker (the one ``--engine dask --workers 1`` starts), the person table of person_table.py made
BATCHES times, CHUNK rows per task, TASKS tasks per batch, ``parquet-parts``. After each batch, on the worker: its RSS
and peak (VmHWM, MiB), Dask's bounded per-worker deques (entries, pickled MiB), the size of the statistical profiler's
two histories (the trees, recursively, MiB) and the objects the garbage collector tracks; at the end the RSS once the
profile histories are cleared and ``malloc_trim(0)`` has run. Extra ``key=value`` arguments are set in Dask's
configuration first (values read as Python literals).

    PYTHONPATH=src .venv/bin/python benchmarks/dask_worker_memory.py 2000 500 8     # CHUNK TASKS BATCHES
"""

from __future__ import annotations

import ast
import ctypes
import gc
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from person_table import person_spec  # noqa: E402


def _status(*keys: str) -> dict[str, float]:
    lines = Path("/proc/self/status").read_text().splitlines()
    return {line.split(":")[0]: int(line.split()[1]) / 1024 for line in lines if line.startswith(keys)}


def _deep(obj: Any, seen: set[int]) -> int:
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    n = sys.getsizeof(obj)
    if isinstance(obj, dict):
        n += sum(_deep(k, seen) + _deep(v, seen) for k, v in obj.items())
    elif isinstance(obj, list | tuple | set | frozenset) or type(obj).__name__ == "deque":
        n += sum(_deep(x, seen) for x in obj)
    return n


def probe(dask_worker: Any) -> dict[str, Any]:
    w = dask_worker
    st = _status("VmRSS", "VmHWM")
    out: dict[str, Any] = {"rss": round(st["VmRSS"], 1), "hwm": round(st["VmHWM"], 1)}
    for name, obj in [
        ("state.log", w.state.log),
        ("stimulus_log", w.state.stimulus_log),
        ("profile_history", w.profile_history),
        ("profile_keys_history", w.profile_keys_history),
        ("data", list(w.data)),
    ]:
        out[name] = (len(obj), round(len(pickle.dumps(list(obj), protocol=5)) / 2**20, 2))
    out["gc_objects"] = len(gc.get_objects())
    seen: set[int] = set()
    out["profile_deep_MiB"] = round((_deep(w.profile_history, seen) + _deep(w.profile_keys_history, seen)) / 2**20, 2)
    return out


def trim(dask_worker: Any) -> dict[str, float]:
    dask_worker.profile_history.clear()
    dask_worker.profile_keys_history.clear()
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    return _status("VmRSS")


def main() -> None:
    chunk, batch, batches = (int(a) for a in sys.argv[1:4])
    import dask

    def literal(v: str) -> Any:
        try:
            return ast.literal_eval(v)
        except (ValueError, SyntaxError):
            return v

    dask.config.set({k: literal(v) for k, v in (a.split("=", 1) for a in sys.argv[4:])})
    from simulacra.distributed import DaskExecutor
    from simulacra.distributed._cluster import connect
    from simulacra.pipeline import generate

    t0, tasks = time.perf_counter(), 0
    with tempfile.TemporaryDirectory() as d, connect(workers=1) as client:
        for b in range(batches):
            ex = DaskExecutor(client)
            spec = person_spec(chunk * batch)
            generate(spec, Path(d) / f"o{b}", distribute=ex, format="parquet-parts", chunk_size=chunk, documents=False)
            tasks += ex.tasks
            (r,) = client.run(probe).values()
            wall, load = time.perf_counter() - t0, os.getloadavg()[0]
            print(f"tasks {tasks} wall {wall:.0f}s load {load:.1f}: {r}", flush=True)
        (t,) = client.run(trim).values()
        print("after clearing the profile histories, gc and malloc_trim(0):", t, flush=True)


if __name__ == "__main__":
    main()
