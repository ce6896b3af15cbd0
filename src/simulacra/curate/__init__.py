"""Curation: generate broadly, filter hard.

Deduplication (exact and MinHash LSH, within an output and against a reference), privacy filters,
scorers, declarative pipelines with a funnel per step, provenance, dataset cards and training and
evaluation exports. See ``docs/pipelines.md``.
"""

from __future__ import annotations

from simulacra.curate.config import PipelineConfig, load_pipeline
from simulacra.curate.dedupe import (
    REASONS,
    DuplicateFilter,
    KeyIndex,
    MinHasher,
    Verdict,
    lsh_params,
)
from simulacra.curate.run import Pipeline, PipelineResult, run_pipeline

__all__ = [
    "REASONS",
    "DuplicateFilter",
    "KeyIndex",
    "MinHasher",
    "Pipeline",
    "PipelineConfig",
    "PipelineResult",
    "Verdict",
    "load_pipeline",
    "lsh_params",
    "run_pipeline",
]
