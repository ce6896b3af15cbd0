"""Small helpers shared by tests."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl

from simulacra.generation.engine import Engine
from simulacra.sources import ForeignKey, Source
from simulacra.spec import load_plan
from simulacra.spec.plan import Plan


def plan_of(yaml_text: str, file: str = "spec.yaml") -> Plan:
    return load_plan(file, text=textwrap.dedent(yaml_text))


def frames_of(spec: str | dict[str, Any] | Plan, **kw: Any) -> dict[str, pl.DataFrame]:
    plan = spec if isinstance(spec, Plan) else (load_plan(spec) if isinstance(spec, dict) else plan_of(spec))
    return Engine(plan, **kw).frames()


def visits_unique_spec(seed: int, rate: float, unique: list[str], *, people: int, x_high: int) -> dict[str, Any]:
    """Visits per person with a ``unique`` set over nullable columns (``x`` null at ``rate``, ``y`` at half of
    it): the planted shape of the NULLS DISTINCT tests, in memory and in PostgreSQL."""
    return {
        "seed": seed,
        "tables": {
            "people": {"rows": people, "primary_key": "pid", "columns": {"pid": {"generator": "sequence"}}},
            "visits": {
                "rows": {"per": "people", "count": {"distribution": "uniform", "low": 3, "high": 12}},
                "primary_key": "vid",
                "columns": {
                    "vid": {"generator": "sequence"},
                    "pid": {"generator": "foreign_key", "references": "people.pid"},
                    "x": {"generator": "integer", "low": 1, "high": x_high, "null_rate": rate},
                    "y": {"generator": "categorical", "values": {"a": 0.4, "b": 0.3, "c": 0.3}, "null_rate": rate / 2},
                },
            },
        },
        "constraints": [{"table": "visits", "unique": unique}],
    }


def folder_source(frames: dict[str, pl.DataFrame], keys: list[ForeignKey], name: str) -> Source:
    """Planted frames as a folder source: each table's first column its primary key, ``keys`` its foreign keys,
    ``name`` its location and fingerprint."""
    pks = {t: [f.columns[0]] for t, f in frames.items()}
    return Source(location=name, kind="folder", frames=frames, primary_keys=pks, foreign_keys=keys, fingerprint=name)


#: the repository's root: where ``benchmarks/`` and its scripts are
ROOT = Path(__file__).resolve().parents[1]


def load_script(name: str) -> ModuleType:
    """A script of ``benchmarks/`` (``"synth_structure"``) imported as a module, registered under its name first
    (a dataclass of the script looks its own module up while it is made)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod
