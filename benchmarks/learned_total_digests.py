"""Digests of learned samples that move children toward a total (house62): before/after a change to that step.

Both weighted moves of children toward a total run here: `synth.dataset._match_total` (every learned child table
drawn per parent) and `synth._total_reach.within_reach` (a reviewed `rows.total`). The three planted shapes of
`learned_total_by_value.py` (theatre, clinic, warehouse), seeds 1 and 2, each fitted with its reviewed spec and
with the spec `inspect` drafts, sampled at scale 1 and 0.5: 24 samples, the sha256 of every table's CSV each, and
how many calls of each step had rows to move (so a run shows both paths were taken). Run it on two trees and
`diff` the output.

    PYTHONPATH=src .venv/bin/python benchmarks/learned_total_digests.py
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

import learned_total_by_value as bench  # noqa: E402

from simulacra import DatasetSynthesizer  # noqa: E402
from simulacra.inspection import inspect  # noqa: E402
from simulacra.spec.model import DatasetSpec  # noqa: E402
from simulacra.synth import dataset as ds  # noqa: E402

MOVED = {"match_total": 0, "within_reach": 0}
_MATCH_TOTAL, _WITHIN_REACH = ds._match_total, ds.within_reach


def _counting_match_total(counts: Any, target: int, stream: Any, power: int = 1) -> Any:
    MOVED["match_total"] += int(counts.sum()) != target and bool(counts.any())
    return _MATCH_TOTAL(counts, target, stream, power)


def _counting_within_reach(counts: Any, reach: Any, target: Any, stream: Any, **kw: Any) -> Any:
    if target is not None:
        hi = reach.hi if kw.get("room") is None else np.minimum(reach.hi, kw["room"])
        MOVED["within_reach"] += int(np.clip(counts, np.minimum(reach.lo, hi), hi).sum()) != target
    return _WITHIN_REACH(counts, reach, target, stream, **kw)


def _drafted(shape: Any, frames: dict[str, pl.DataFrame], name: str) -> DatasetSpec:
    return DatasetSpec.model_validate(inspect(bench.source(shape, frames, name)).spec_data)


def _sha(out: dict[str, pl.DataFrame]) -> str:
    h = hashlib.sha256()
    for t in sorted(out):
        h.update(t.encode())
        h.update(out[t].write_csv().encode())
    return h.hexdigest()[:16]


def main() -> int:
    ds._match_total, ds.within_reach = _counting_match_total, _counting_within_reach  # count the moves
    wall, cpu = time.perf_counter(), time.process_time()
    for name, shape in bench.SHAPES.items():
        for seed in (1, 2):
            frames = bench.planted(shape, seed)
            specs = (
                ("reviewed", bench.reviewed(shape, frames, f"{name}{seed}")),
                ("drafted", _drafted(shape, frames, f"d{name}{seed}")),
            )
            for kind, spec in specs:
                model = DatasetSynthesizer(seed=0).fit(frames, spec)
                for scale in (1.0, 0.5):
                    out = model.sample(seed=seed, scale=scale)
                    rows = out[shape.child].height
                    print(f"{name:10s} seed {seed} {kind:8s} scale {scale:3.1f} rows {rows:6d} sha {_sha(out)}")
    print("calls that moved rows:", MOVED)
    print(f"{time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
