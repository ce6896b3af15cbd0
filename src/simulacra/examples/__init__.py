"""Example specs shipped with the package (the same files as ``examples/`` in the repository)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["EXAMPLES", "example_path"]

EXAMPLES = ("shop", "support", "bank", "hr")


def example_path(name: str) -> Path:
    """Path of a shipped example spec (shop, support, bank, hr)."""
    if name not in EXAMPLES:
        from simulacra.errors import SpecError, did_you_mean

        raise SpecError(
            f"unknown example '{name}'; expected one of {', '.join(EXAMPLES)}" + did_you_mean(name, EXAMPLES)
        )
    return Path(str(resources.files(__name__).joinpath(f"{name}.yaml")))
