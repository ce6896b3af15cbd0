"""simulacra: synthetic data you can trust.

The public API; importing it stays light (heavy modules load on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ConstraintError",
    "DataValidationError",
    "DatasetSpec",
    "GenerationError",
    "GenerationResult",
    "SimulacraError",
    "SinkError",
    "SourceError",
    "SpecError",
    "SpecValidationError",
    "__version__",
    "check",
    "generate",
    "load_spec",
    "read_dataset",
    "validate",
]

from simulacra.errors import (
    ConstraintError,
    DataValidationError,
    GenerationError,
    SimulacraError,
    SinkError,
    SourceError,
    SpecError,
    SpecValidationError,
)

_LAZY = {
    "DatasetSpec": "simulacra.spec",
    "load_spec": "simulacra.spec",
    "GenerationResult": "simulacra.pipeline",
    "check": "simulacra.pipeline",
    "generate": "simulacra.pipeline",
    "validate": "simulacra.pipeline",
    "read_dataset": "simulacra.io",
}

if TYPE_CHECKING:
    from simulacra.io import read_dataset
    from simulacra.pipeline import GenerationResult, check, generate, validate
    from simulacra.spec import DatasetSpec, load_spec


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'simulacra' has no attribute '{name}'")
    import importlib

    return getattr(importlib.import_module(module), name)
