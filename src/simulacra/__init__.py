"""simulacra: synthetic data you can trust.

The public API; importing it stays light (heavy modules load on first use).
"""

from __future__ import annotations

import typing as _typing

from simulacra._version import __version__

__all__ = [
    "BackendError",
    "ConstraintError",
    "DataValidationError",
    "DatasetSpec",
    "DatasetSynthesizer",
    "Deidentifier",
    "Environment",
    "EvaluationFailedError",
    "GenerationError",
    "GenerationResult",
    "MismatchError",
    "ModelError",
    "NotFittedError",
    "Report",
    "SimulacraError",
    "SinkError",
    "SourceError",
    "SpecError",
    "SpecValidationError",
    "TabularSynthesizer",
    "__version__",
    "analyze",
    "build_environment",
    "check",
    "deidentify",
    "deidentify_frame",
    "deidentify_many",
    "evaluate",
    "fit",
    "generate",
    "inspect_source",
    "load_spec",
    "read_dataset",
    "read_source",
    "sample",
    "validate",
]

from simulacra.errors import (
    BackendError,
    ConstraintError,
    DataValidationError,
    EvaluationFailedError,
    GenerationError,
    MismatchError,
    ModelError,
    NotFittedError,
    SimulacraError,
    SinkError,
    SourceError,
    SpecError,
    SpecValidationError,
)

_LAZY = {
    "evaluate": "simulacra.evaluation",
    "Report": "simulacra.evaluation",
    "DatasetSpec": "simulacra.spec",
    "load_spec": "simulacra.spec",
    "GenerationResult": "simulacra.pipeline",
    "check": "simulacra.pipeline",
    "generate": "simulacra.pipeline",
    "validate": "simulacra.pipeline",
    "read_dataset": "simulacra.io",
    "fit": "simulacra.learning",
    "sample": "simulacra.learning",
    "DatasetSynthesizer": "simulacra.synth",
    "TabularSynthesizer": "simulacra.synth",
    "inspect_source": "simulacra.inspection",
    "read_source": "simulacra.sources",
    "Deidentifier": "simulacra.text",
    "analyze": "simulacra.text",
    "deidentify": "simulacra.text",
    "deidentify_frame": "simulacra.text",
    "deidentify_many": "simulacra.text",
    "Environment": "simulacra.envs",
    "build_environment": "simulacra.envs",
}

if _typing.TYPE_CHECKING:
    from simulacra.envs import Environment, build_environment
    from simulacra.evaluation import Report, evaluate
    from simulacra.inspection import inspect_source
    from simulacra.io import read_dataset
    from simulacra.learning import fit, sample
    from simulacra.pipeline import GenerationResult, check, generate, validate
    from simulacra.sources import read_source
    from simulacra.spec import DatasetSpec, load_spec
    from simulacra.synth import DatasetSynthesizer, TabularSynthesizer
    from simulacra.text import Deidentifier, analyze, deidentify, deidentify_frame, deidentify_many


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'simulacra' has no attribute '{name}'")
    import importlib

    return getattr(importlib.import_module(module), name)
