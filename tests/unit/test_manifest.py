"""One manifest builder, one key set: generate's and sample's manifests start with the same run keys."""

from __future__ import annotations

import datetime as dt

import pytest

import simulacra
from simulacra._manifest import DEPRECATED_KEYS, RUN_KEYS, run_manifest
from simulacra.examples import example_path


def test_the_builder_puts_the_run_keys_first_in_one_order() -> None:
    started = dt.datetime(2026, 1, 2, 3, 4, 5, 600_000, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    m = run_manifest(method="rules", seed=7, started=started, seconds=1.23456, rows={"a": 3}, spec_name="x")
    assert tuple(m)[: len(RUN_KEYS)] == RUN_KEYS
    assert m["started_at"] == "2026-01-02T01:04:05+00:00"  # UTC, to the second
    assert m["seconds"] == 1.235 and m["rows"] == {"a": 3} and m["spec_name"] == "x"
    assert m["simulacra_version"] == simulacra.__version__
    assert "started" not in m
    assert run_manifest(method="learned", seed=1, started=started, legacy=True)["started"] == m["started_at"]
    with pytest.raises(ValueError, match="started_at are run keys"):
        run_manifest(method="x", seed=1, started=started, started_at="now")


def test_generate_writes_the_run_keys() -> None:
    m = simulacra.generate(example_path("shop"), seed=3, scale=0.02).manifest
    assert tuple(m)[: len(RUN_KEYS)] == RUN_KEYS
    assert m["method"] == "rules" and m["seed"] == 3 and m["output"] is None
    assert not set(DEPRECATED_KEYS) & set(m)
