"""`make test`'s worker count: the cores this process may use and the memory it has, never the host's cores."""

from __future__ import annotations

import pytest

from tests._workers import cgroup_cpu_limit, meminfo_total_gib, worker_count


@pytest.mark.parametrize(
    ("text", "cores"),
    [("200000 100000\n", 2.0), ("150000 100000", 1.5), ("max 100000\n", None), ("", None), ("0 100000", None)],
)
def test_cgroup_cpu_limit(text: str, cores: float | None) -> None:
    assert cgroup_cpu_limit(text) == cores


def test_meminfo_total_gib() -> None:
    assert meminfo_total_gib("MemFree: 10 kB\nMemTotal:       25165824 kB\n") == 24.0
    assert meminfo_total_gib("MemFree: 10 kB\n") is None


@pytest.mark.parametrize(
    ("cores", "quota", "mem", "workers"),
    [
        (64, 2.0, 256.0, 2),  # a container on a big host: the quota, not the host's cores
        (64, 1.5, 256.0, 2),  # a part core still runs a worker
        (2, None, 24.0, 2),  # the CI machine
        (16, None, 8.0, 2),  # memory caps it: 4 GiB a worker
        (1, None, None, 1),
        (8, 0.5, 1.0, 1),  # never below one
    ],
)
def test_worker_count(cores: int, quota: float | None, mem: float | None, workers: int) -> None:
    assert worker_count(cores, quota, mem) == workers
