"""Argument helpers shared by the commands."""

from __future__ import annotations

from pathlib import Path

from simulacra.examples import example_path

__all__ = ["refuse_existing", "resolve_spec"]


def resolve_spec(arg: str) -> Path:
    """A spec path; ``example:NAME`` names a shipped example."""
    if arg.startswith("example:"):
        return example_path(arg.split(":", 1)[1])
    return Path(arg)


def refuse_existing(output: str, replace: bool) -> None:
    """The command line's one overwrite rule: an output that exists (a file, or a folder that is not empty,
    whoever wrote it) is replaced only with --replace. Database URLs: the sink refuses existing tables."""
    if replace or "://" in output:
        return
    path = Path(output).expanduser()
    if path.is_symlink() or path.is_file() or (path.is_dir() and any(path.iterdir())):
        from simulacra.errors import SinkError

        raise SinkError(f"{output}: exists; pass --replace to replace it (nothing was written)")
