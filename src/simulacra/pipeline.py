"""The public verbs, wiring spec -> engine -> sinks, and dataset -> checks."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from simulacra import __version__
from simulacra.constraints import Finding, check_dataset
from simulacra.errors import DataValidationError
from simulacra.generation.engine import Engine, GenerationStats
from simulacra.spec import model as m
from simulacra.spec.load import load_plan, spec_hash
from simulacra.spec.plan import Plan

__all__ = ["GenerationResult", "check", "generate", "validate"]

SpecLike = str | Path | Mapping[str, Any] | m.DatasetSpec | Plan
Progress = Callable[[str, int, int], None]


@dataclass
class GenerationResult:
    """What a run made: row counts, where, and its manifest; ``frames`` when kept in memory."""

    output: str | None
    manifest: dict[str, Any]
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)

    @property
    def rows(self) -> dict[str, int]:
        return dict(self.manifest["rows"])


def _plan(spec: SpecLike) -> Plan:
    if isinstance(spec, Plan):
        return spec
    if isinstance(spec, Mapping):
        return load_plan(dict(spec))
    return load_plan(spec)


def table_schemas(plan: Plan, engine: Engine) -> list[Any]:
    """Sink schemas (parents first) with keys, foreign keys and unique constraints."""
    from simulacra.io import ColumnSchema, ForeignKeySchema, TableSchema

    out = []
    for t, tp in plan.tables.items():
        schema = engine.schema(t)
        keys = tp.spec.key_columns
        cols = tuple(ColumnSchema(c, d, nullable=c not in keys) for c, d in schema.items())
        fks = tuple(ForeignKeySchema((lk.column,), lk.table, (lk.key,)) for lk in tp.links.values())
        uniques = [(c,) for c, s in tp.spec.columns.items() if s.unique and (c,) != keys]
        uniques += [tuple(c.unique) for c in plan.spec.constraints if c.table == t and c.unique is not None]
        out.append(TableSchema(t, cols, primary_key=keys, foreign_keys=fks, unique=tuple(dict.fromkeys(uniques))))
    return out


def _manifest(plan: Plan, engine: Engine, stats: GenerationStats, started: dt.datetime, seconds: float,
              output: str | None, chunk_size: int) -> dict[str, Any]:
    spec = plan.spec
    return {
        "simulacra_version": __version__,
        "method": "rules",
        "spec_name": spec.name,
        "spec_hash": spec_hash(spec),
        "seed": engine.seed,
        "scale": engine.scale,
        "chunk_size": chunk_size,
        "locale": spec.locale,
        "intended_use": spec.intended_use,
        "rows": dict(stats.rows),
        "scenario_rows": dict(stats.scenario_rows),
        "regenerated_rows": {t: v.get("rows", 0) for t, v in stats.regenerated.items()},
        "started_at": started.isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "output": output,
        "spec": spec.model_dump(mode="json", by_alias=True, exclude_none=True),
    }


def generate(spec: SpecLike, output: str | Path | None = None, *, seed: int | None = None, scale: float = 1.0,
             chunk_size: int = 100_000, format: str | None = None, if_exists: str = "fail",  # noqa: A002
             progress: Progress | None = None) -> GenerationResult:
    """Generate the dataset a spec describes, into ``output`` (any sink) or, without one, into memory."""
    plan = _plan(spec)
    engine = Engine(plan, seed=seed, scale=scale, chunk_size=chunk_size, progress=progress)
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    if output is None:
        frames = engine.frames()
        manifest = _manifest(plan, engine, engine.stats, started, time.perf_counter() - t0, None, chunk_size)
        return GenerationResult(None, manifest, frames)
    from simulacra.io import open_sink

    sink = open_sink(str(output), format=format, if_exists=if_exists)
    try:
        sink.open(table_schemas(plan, engine))
        for table, chunks in engine.tables():
            for chunk in chunks:
                sink.write(table, chunk)
        manifest = _manifest(plan, engine, engine.stats, started, time.perf_counter() - t0, _safe(str(output)), chunk_size)
        sink.write_manifest(manifest)
        sink.close()
    except BaseException:
        sink.abort()
        raise
    return GenerationResult(str(output), manifest)


def _safe(url: str) -> str:
    """An output name without a password in it."""
    if "://" in url and "@" in url:
        from sqlalchemy.engine import make_url

        try:
            return make_url(url).render_as_string(hide_password=True)
        except Exception:
            return url.split("://")[0] + "://***"
    return url


def check(spec: SpecLike, source: str | Path | Mapping[str, pl.DataFrame], *, format: str | None = None) -> list[Finding]:  # noqa: A002
    """Every check of ``spec`` against a dataset (a path/URL any reader accepts, or frames)."""
    plan = _plan(spec)
    if isinstance(source, Mapping):
        frames = dict(source)
    else:
        from simulacra.io import read_dataset

        frames = read_dataset(str(source), format=format)
    return check_dataset(plan, frames)


def validate(spec: SpecLike, source: str | Path | Mapping[str, pl.DataFrame], *, format: str | None = None) -> list[Finding]:  # noqa: A002
    """Like :func:`check`, but raises DataValidationError listing every failed check."""
    plan = _plan(spec)
    findings = check(plan, source, format=format)
    bad = [f for f in findings if not f.ok]
    if bad:
        raise DataValidationError([f.problem(plan.index.file) for f in bad])
    return findings

