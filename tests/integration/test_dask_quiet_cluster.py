"""The LocalCluster that ``--engine dask --workers N`` starts (``_cluster.connect``) runs Dask's periodic housekeeping
at slower intervals (``_cluster.QUIET``): the event loop's health check (20 ms -> 1 s), the nannies' memory poll
(100 ms -> 500 ms), the servers' CPU and memory samples (500 ms -> 2 s). The scheduler and the nannies run in the
client's process, so at Dask's defaults they cost it 22-42 ms of CPU per second of wall beside its serial work per
chunk (``benchmarks/RESULTS.md``, dask13). Checked on real clusters of 1 and 2 worker processes: every server
started with the slower intervals (the scheduler, each worker, and a worker the nanny starts again after a SIGKILL),
the user's own Dask setting kept, and the process's Dask configuration as it was once the cluster is up."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import pytest

dask = pytest.importorskip("dask")  # the dask extra is in dev: CI has it
pytest.importorskip("distributed")

from simulacra.distributed._cluster import QUIET, connect  # noqa: E402

TICK = "distributed.admin.tick.interval"
MEMORY = "distributed.worker.memory.monitor-interval"
SYSTEM = "distributed.admin.system-monitor.interval"


def _on_worker(dask_worker: Any) -> tuple[float, float, str, str, int]:
    """A worker's event-loop check (ms), its memory monitor's period (ms), its configuration's two intervals, pid."""
    memory = dask_worker.periodic_callbacks.get("memory_monitor")
    return (
        dask_worker.periodic_callbacks["tick"].callback_time,
        memory.callback_time if memory is not None else -1.0,
        dask.config.get(MEMORY),
        dask.config.get(SYSTEM),
        os.getpid(),
    )


def _nanny_memory(dask_worker: Any) -> float:
    """The nanny's poll of its worker's memory (ms; run on the nanny, in the client's process)."""
    return dask_worker.periodic_callbacks["memory_monitor"].callback_time


@pytest.mark.parametrize("workers", [1, 2])
def test_every_server_starts_quiet_and_the_config_is_left_as_it_was(workers: int) -> None:
    before = {key: dask.config.get(key) for key in QUIET}
    assert before == {key: default for key, (default, _) in QUIET.items()}  # (Dask's defaults in this process)
    with connect(workers=workers) as client:
        scheduler = client.cluster.scheduler
        assert scheduler.periodic_callbacks["tick"].callback_time == 1000
        got = client.run(_on_worker)
        assert len(got) == workers
        for tick, memory, memory_cfg, system_cfg, _ in got.values():
            assert (tick, memory_cfg, system_cfg) == (1000, "500ms", "2s")
            assert memory in (500, -1.0)  # (the worker's own monitor: only where it spills or pauses)
        assert set(client.run(_nanny_memory, nanny=True).values()) == {500}
        assert {key: dask.config.get(key) for key in QUIET} == before  # nothing else in the process slowed
    assert {key: dask.config.get(key) for key in QUIET} == before


def test_the_users_own_setting_is_kept() -> None:
    with dask.config.set({TICK: "300ms"}), connect(workers=1) as client:
        assert client.cluster.scheduler.periodic_callbacks["tick"].callback_time == 300
        [(tick, _, memory_cfg, _, _)] = client.run(_on_worker).values()
        assert (tick, memory_cfg) == (300, "500ms")  # (the user's value; the others still slowed)


def test_a_worker_started_again_after_a_kill_is_quiet_too() -> None:
    with connect(workers=1) as client:
        [(_, _, _, _, pid)] = client.run(_on_worker).values()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while True:
            try:
                got = list(client.run(_on_worker).values())
            except Exception:  # noqa: BLE001 - the worker is gone or not back yet
                got = []
            if got and got[0][4] != pid:
                break
            assert time.monotonic() < deadline, "the nanny did not start the worker again within 60 s"
            time.sleep(0.3)
        tick, _, memory_cfg, system_cfg, _ = got[0]
        assert (tick, memory_cfg, system_cfg) == (1000, "500ms", "2s")
