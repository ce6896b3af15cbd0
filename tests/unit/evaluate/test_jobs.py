"""Threads: a default that does not oversubscribe a shared machine, and results that never depend on it (issue 12)."""

from __future__ import annotations

import os

import polars as pl
import pytest

import simulacra.evaluation._api as api
from simulacra.evaluation import evaluate


def test_default_threads_leave_busy_cores_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("joblib.cpu_count", lambda only_physical_cores=False: 4 if only_physical_cores else 8)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.0, 0.0))
    assert api.default_jobs() == 4  # physical cores, not the 8 hyper-threads
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert api.default_jobs() == 2  # only the cores this process may run on
    monkeypatch.setattr(os, "getloadavg", lambda: (13.0, 0.0, 0.0))
    assert api.default_jobs() == 1  # a loaded machine: one thread, never a spinning pool


def test_results_do_not_depend_on_threads(train: pl.DataFrame) -> None:
    real, syn = train[:300], train[300:600]
    spec = {"privacy": False, "detection_folds": 2}
    one = evaluate(real, syn, target="Y", n_jobs=1, spec=spec, seed=3)
    two = evaluate(real, syn, target="Y", n_jobs=2, spec=spec, seed=3)
    assert one.summary == two.summary and one.inputs["threads"] == 1 and two.inputs["threads"] == 2


def test_progress_says_what_is_being_computed(train: pl.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import contextmanager

    seen: list[str] = []

    @contextmanager
    def recorder(enabled: bool):  # type: ignore[no-untyped-def]
        yield seen.append

    monkeypatch.setattr(api, "_progress", recorder)
    evaluate(
        train[:200], train[200:400], target="Y", n_jobs=1, spec={"privacy": False, "detection_folds": 2}, progress=True
    )
    assert seen[:2] == [
        "reading the inputs",
        "aligning real, synthetic and holdout (names, types, categories, target classes)",
    ]
    assert any(s.startswith("detection: gradient boosting") for s in seen) and any("TSTR/TRTR" in s for s in seen)
