"""Argument helpers shared by the commands."""

from __future__ import annotations

from pathlib import Path

from simulacra.examples import example_path

__all__ = ["resolve_spec"]


def resolve_spec(arg: str) -> Path:
    """A spec path; ``example:NAME`` names a shipped example."""
    if arg.startswith("example:"):
        return example_path(arg.split(":", 1)[1])
    return Path(arg)
