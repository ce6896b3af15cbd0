"""The one exception tree of simulacra.

::

    SimulacraError                      exit 1
    ├── SpecError(ValueError)           exit 2   a spec that cannot be used
    │   └── SpecValidationError                  many problems, reported at once
    ├── GenerationError(RuntimeError)   exit 3   generation could not finish
    │   └── ConstraintError                      constraints that cannot be satisfied
    ├── DataValidationError(ValueError) exit 4   a dataset that breaks its spec
    │   └── MismatchError                        evaluate's inputs do not line up
    ├── SinkError(OSError)              exit 5   an output that cannot be written
    ├── SourceError(OSError)            exit 6   an input that cannot be read
    ├── ModelError(ValueError)          exit 7   a saved model that cannot be used
    ├── NotFittedError(AttributeError)  exit 8   a synthesizer used before fit
    └── EvaluationFailedError           exit 9   scores below the thresholds that gate a pipeline

Every error knows *where*: a ``Location`` (file, line, table, column) rendered in
front of the message, e.g. ``shop.yaml:14: table 'orders', column 'amount':
expected >= 0``. Exceptions never print or log.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BackendError",
    "ConstraintError",
    "DataValidationError",
    "EvaluationFailedError",
    "GenerationError",
    "Location",
    "MismatchError",
    "ModelError",
    "NotFittedError",
    "Problem",
    "SimulacraError",
    "SinkError",
    "SourceError",
    "SpecError",
    "SpecValidationError",
    "did_you_mean",
]


@dataclass(frozen=True)
class Location:
    """Where a problem is: any of file, line, table, column."""

    file: str | None = None
    line: int | None = None
    table: str | None = None
    column: str | None = None

    def render(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(f"{self.file}:{self.line}" if self.line is not None else self.file)
        what: list[str] = []
        if self.table is not None:
            what.append(f"table '{self.table}'")
        if self.column is not None:
            what.append(f"column '{self.column}'")
        if what:
            parts.append(", ".join(what))
        return ": ".join(parts)

    def with_(self, **changes: object) -> Location:
        data = {**self.__dict__, **changes}
        return Location(**data)


@dataclass(frozen=True)
class Problem:
    """One finding: where it is and what was expected."""

    location: Location
    message: str

    def render(self) -> str:
        where = self.location.render()
        return f"{where}: {self.message}" if where else self.message


class SimulacraError(Exception):
    """Base of every error simulacra raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, location: Location | None = None) -> None:
        self.message = message
        self.location = location or Location()
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return Problem(self.location, self.message).render()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its attributes (problems, location), so it crosses to another process whole (a Dask worker)."""
        return (_rebuild, (type(self), dict(self.__dict__), self.args))


class SpecError(SimulacraError, ValueError):
    """The spec cannot be used as written."""

    exit_code = 2


class SpecValidationError(SpecError):
    """Several problems in one spec, reported together."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else Problem(Location(), "invalid spec")
        super().__init__(first.message, location=first.location)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the spec:"
        return "\n".join([head, *("  " + p.render() for p in self.problems)])


class GenerationError(SimulacraError, RuntimeError):
    """Generation could not finish."""

    exit_code = 3


class ConstraintError(GenerationError):
    """Constraints that still fail after the bounded number of regeneration attempts."""

    def __init__(self, failures: Sequence[Problem]) -> None:
        self.failures = list(failures)
        first = self.failures[0]
        super().__init__(first.message, location=first.location)

    def __str__(self) -> str:
        lines = ["constraints cannot be satisfied (nothing was written):"]
        lines += ["  " + p.render() for p in self.failures]
        return "\n".join(lines)


class DataValidationError(SimulacraError, ValueError):
    """A dataset breaks the spec it is checked against."""

    exit_code = 4

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        super().__init__(first.message, location=first.location)

    def __str__(self) -> str:
        n = len(self.problems)
        lines = [f"{n} check{'s' if n != 1 else ''} failed:"]
        lines += ["  " + p.render() for p in self.problems]
        return "\n".join(lines)


class MismatchError(DataValidationError):
    """The real, synthetic and holdout data do not line up (exit code 4); every mismatch is listed."""

    def __str__(self) -> str:
        n = len(self.problems)
        lines = [
            f"{n} mismatch{'es' if n != 1 else ''} between the inputs; nothing was evaluated "
            "(fix the inputs, or pass --allow-mismatch / allow_mismatch=True to evaluate what lines up):"
        ]
        lines += ["  " + p.render() for p in self.problems]
        return "\n".join(lines)


class SinkError(SimulacraError, OSError):
    """An output that cannot be written."""

    exit_code = 5


class SourceError(SimulacraError, OSError):
    """An input that cannot be read."""

    exit_code = 6


class BackendError(SourceError):
    """The language-model backend cannot give an answer (unreachable, refused, out of retries, malformed reply)."""


class ModelError(SimulacraError, ValueError):
    """A saved model that cannot be loaded or used (unknown version, damaged files)."""

    exit_code = 7


class NotFittedError(SimulacraError, AttributeError):
    """A synthesizer asked to sample or save before it was fitted."""

    exit_code = 8


class EvaluationFailedError(SimulacraError):
    """Scores fell short of the thresholds given with ``--fail-under`` or in the spec."""

    exit_code = 9


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _rebuild(cls: type[SimulacraError], state: dict[str, Any], args: tuple[Any, ...]) -> SimulacraError:
    err = cls.__new__(cls)
    err.__dict__.update(state)
    err.args = args
    return err
