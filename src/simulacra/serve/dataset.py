"""What a server serves: a spec generated in memory, or a dataset opened from a database or folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from simulacra.spec.plan import Plan

__all__ = ["Source", "is_spec", "load_source"]

_SPEC_SUFFIXES = (".yaml", ".yml")


@dataclass
class Source:
    """The rows to serve, the plan that made them (None for a dataset without a spec) and the seed."""

    name: str
    description: str | None
    frames: dict[str, pl.DataFrame]
    plan: Plan | None
    seed: int


def is_spec(source: str) -> bool:
    return source.startswith("example:") or Path(source).suffix.lower() in _SPEC_SUFFIXES


def _spec_path(source: str) -> Path:
    if source.startswith("example:"):
        from simulacra.examples import example_path

        return example_path(source.split(":", 1)[1])
    return Path(source)


def load_source(source: str | Any, *, seed: int | None = None, scale: float = 1.0) -> Source:
    """Generate a spec (a YAML path, ``example:NAME`` or a mapping) or open a dataset (``.db`` file, folder, URL)."""
    from simulacra.pipeline import generate
    from simulacra.spec.load import load_plan

    if not isinstance(source, str) or is_spec(source):
        made = (
            source if isinstance(source, Plan) else load_plan(_spec_path(source) if isinstance(source, str) else source)
        )
        result = generate(made, seed=seed, scale=scale, documents=False)
        return Source(made.spec.name, made.spec.description, result.frames, made, int(result.manifest["seed"]))
    from simulacra.io import read_dataset, read_manifest

    frames = read_dataset(source)
    manifest = read_manifest(source) or {}
    plan: Plan | None = None
    if isinstance(manifest.get("spec"), dict):
        try:
            plan = load_plan(manifest["spec"])
        except Exception:  # a manifest whose spec no longer loads: served from the frames alone  # noqa: BLE001
            plan = None
    name = str(manifest.get("spec_name") or Path(str(source)).stem)
    used = int(manifest.get("seed", 0) if seed is None else seed)
    return Source(name, plan.spec.description if plan else None, frames, plan, used)
