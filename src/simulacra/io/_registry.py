"""Sinks by name: each kind of output is a factory registered with its URL schemes and file suffixes.

``open_sink`` resolves an OUTPUT string to a kind (a ``scheme://`` URL by its scheme, a file by its
suffix, a folder by ``format=``) and calls that kind's factory. Adding an output is its sink class,
one ``register_sink`` call and ``simulacra.testing.check_sink`` in its test (docs/extending.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simulacra.errors import SinkError, did_you_mean

from ._base import BaseSink
from ._target import Target

__all__ = [
    "SinkFactory",
    "SinkKind",
    "register_sink",
    "sink_kind",
    "sink_kind_for_scheme",
    "sink_kind_for_suffix",
    "sink_kinds",
]

#: ``(target, if_exists) -> sink``; the target says where (``path``, ``url`` or the URL ``text``) and the format
SinkFactory = Callable[[Target, str], BaseSink]


@dataclass(frozen=True)
class SinkKind:
    """One kind of output: its name (the ``format=``/``--format`` value), factory, URL schemes and file suffixes."""

    name: str
    factory: SinkFactory
    schemes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    #: True: ``format=name`` with a path means a folder of files of this kind (parquet, csv, jsonl)
    folder: bool = False


_KINDS: dict[str, SinkKind] = {}


def register_sink(
    name: str,
    factory: SinkFactory,
    *,
    schemes: tuple[str, ...] = (),
    suffixes: tuple[str, ...] = (),
    folder: bool = False,
    replace: bool = False,
) -> SinkKind:
    """Register a kind of output; a name, scheme or suffix already taken is an error unless ``replace=True``."""
    kind = SinkKind(name, factory, tuple(s.lower() for s in schemes), tuple(s.lower() for s in suffixes), folder)
    if not replace:
        for other in _KINDS.values():
            if other.name == name:
                raise ValueError(f"a sink named '{name}' is already registered")
            taken = (set(other.schemes) & set(kind.schemes)) | (set(other.suffixes) & set(kind.suffixes))
            if taken:
                raise ValueError(f"sink '{name}': {', '.join(sorted(taken))} already belong(s) to sink '{other.name}'")
    if any(not s.startswith(".") for s in kind.suffixes):
        raise ValueError(f"sink '{name}': suffixes start with a dot ('.db'), got {kind.suffixes}")
    _KINDS[name] = kind
    return kind


def sink_kinds() -> dict[str, SinkKind]:
    """Every registered kind, by name (a copy)."""
    return dict(_KINDS)


def sink_kind(name: str) -> SinkKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise SinkError(
            f"unknown sink '{name}'{did_you_mean(name, _KINDS)}; expected one of {', '.join(sorted(_KINDS))}"
        ) from None


def sink_kind_for_scheme(scheme: str) -> SinkKind | None:
    """The kind a ``scheme://`` URL writes to (``postgresql+psycopg`` counts as ``postgresql``)."""
    base = scheme.lower().split("+", 1)[0]
    return next((k for k in _KINDS.values() if base in k.schemes), None)


def sink_kind_for_suffix(suffix: str) -> SinkKind | None:
    """The kind a file with this suffix (``.duckdb``) is written as."""
    return next((k for k in _KINDS.values() if suffix.lower() in k.suffixes), None)
