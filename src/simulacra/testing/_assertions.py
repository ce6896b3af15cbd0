"""Assertions over generated or sampled datasets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

__all__ = ["assert_referential_integrity"]


def assert_referential_integrity(spec: Any, frames: Mapping[str, pl.DataFrame]) -> None:
    """AssertionError naming each broken key: primary keys unique and not null, every foreign key
    (and self-reference) found in its parent, unique columns unique.

    ``spec``: a ``Plan``, a ``DatasetSpec``, a spec mapping or a spec file path.
    """
    from simulacra._dataset_checks import check_dataset
    from simulacra.spec import load_plan
    from simulacra.spec.plan import Plan

    plan = spec if isinstance(spec, Plan) else load_plan(dict(spec) if isinstance(spec, Mapping) else spec)
    keys = ("primary key", "foreign key", "self-reference", "' unique", "table is missing", "is missing")
    broken = [f for f in check_dataset(plan, frames) if not f.ok and any(k in f.check for k in keys)]
    if broken:
        lines = [f"{f.table}: {f.check}: {f.failed} of {f.total} rows" for f in broken]
        raise AssertionError("referential integrity broken:\n  " + "\n  ".join(lines))
