"""Argument helpers shared by the commands."""

from __future__ import annotations

from pathlib import Path

import typer

from simulacra.examples import example_path

__all__ = [
    "check_engine",
    "not_null_option",
    "refuse_existing",
    "resolve_spec",
    "scheduler_option",
    "workers_option",
]


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


def workers_option() -> int | None:
    """``--workers``, as every verb that can start a local Dask cluster declares it."""
    return typer.Option(
        None, "--workers", min=1, help="With --engine dask: a local cluster of N worker processes (default 2)."
    )


def scheduler_option() -> str | None:
    """``--scheduler``, as every verb that runs on Dask declares it."""
    return typer.Option(
        None, "--scheduler", help="With --engine dask: the address of a running Dask scheduler, tcp://HOST:PORT."
    )


def not_null_option() -> list[str]:
    """``--not-na``, as every verb that reads delimited text for its values declares it."""
    return typer.Option(
        [],
        "--not-na",
        help="Delimited text: read this default marker (NA, NULL, None...) as a value in every column; repeat. "
        "(A marker shaped like a code column's codes and as common is read there as a value already.)",
    )


def check_engine(engine: str, *, workers: int | None, scheduler: str | None, dask_only: dict[str, object]) -> None:
    """The ``--engine`` options every verb that runs on Dask shares, checked one way: a known engine,
    Dask-only options (``dask_only``: flag → value) only with ``--engine dask``, and a local cluster
    (``--workers``) or a scheduler address, not both."""
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"unknown engine '{engine}'; expected local or dask", param_hint="--engine")
    given = [flag for flag, value in dask_only.items() if value is not None]
    if engine == "local" and given:
        names = " and ".join([", ".join(given[:-1]), given[-1]] if len(given) > 1 else given)
        raise typer.BadParameter(f"{names} need{'' if len(given) > 1 else 's'} --engine dask", param_hint="--engine")
    if scheduler is not None and workers is not None:
        raise typer.BadParameter("give --workers or --scheduler, not both", param_hint="--workers")
