"""De-identify free text by synthesis: find sensitive entities, replace them with consistent fakes.

::

    from simulacra.text import deidentify, analyze

    deidentify("Call Alice Smith on 415-555-0132.", seed=1)
    # 'Call Gloria Luna on 423-863-0848.'  (same input + seed -> same output)
    analyze("Call Alice Smith on 415-555-0132.")
    # [Span(start=5, end=16, label='PERSON', ...), Span(start=20, end=32, label='PHONE', ...)]

Pipeline: recognizers (patterns as data in ``patterns.yaml`` with checksum hooks
and whole-word context; a small spaCy NER model trained on synthetic text) ->
``Span`` records -> overlap resolution -> operators per entity type from a
``Policy`` (synthesize, redact, mask, hash, keep) -> text where everything outside
the spans is unchanged. See docs/deid.md.

Each call of these functions builds its own ``Deidentifier`` (nothing is cached between calls: with
``consistency: corpus`` one call is one corpus). For many calls, build one ``Deidentifier`` and call
its methods. Operators are registered by name (``simulacra.text.operators.register_operator``);
custom recognizers go in ``Deidentifier(extra_recognizers=[...])`` and their labels become entity
types a policy may name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulacra.text.engine import Deidentifier, DeidResult
from simulacra.text.policy import ENTITY_TYPES, OperatorSpec, Policy, load_policy
from simulacra.text.spans import Span, resolve

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "ENTITY_TYPES",
    "DeidResult",
    "Deidentifier",
    "OperatorSpec",
    "Policy",
    "PolicyLike",
    "Span",
    "analyze",
    "deidentify",
    "deidentify_frame",
    "deidentify_many",
    "load_policy",
    "resolve",
]

PolicyLike = Policy | str | Path | dict[str, Any] | None


def _engine(policy: PolicyLike, seed: int) -> Deidentifier:
    """A new de-identifier for one call: no engine (nor its corpus-wide surrogate scope) outlives the call.
    Building one is cheap once the NER weights are loaded; to reuse one, hold a ``Deidentifier``."""
    return Deidentifier(policy, seed=int(seed))


def analyze(text: str, *, policy: PolicyLike = None) -> list[Span]:
    """The sensitive entity spans in ``text`` (non-overlapping, sorted)."""
    return _engine(policy, 0).analyze(text)


def deidentify(text: str, *, policy: PolicyLike = None, seed: int = 0, key: str | int = 0) -> str:
    """``text`` with its sensitive entities replaced as the policy says (default: realistic fakes)."""
    return _engine(policy, seed).deidentify(text, key=key).text


def deidentify_many(
    texts: Iterable[str], *, policy: PolicyLike = None, seed: int = 0, keys: Sequence[str | int] | None = None
) -> list[str]:
    """``deidentify`` over many texts; document ``i`` is keyed ``i`` unless ``keys`` are given."""
    items = list(texts)
    return [r.text for r in _engine(policy, seed).deidentify_many(items, keys=keys)]


def deidentify_frame(
    frame: Any, columns: Sequence[str] | None = None, *, policy: PolicyLike = None, seed: int = 0
) -> Any:
    """A copy of ``frame`` with text ``columns`` (default: every string column) de-identified.

    ``frame`` is a polars, pandas or Arrow table; the copy is of the same kind. Each cell is its
    own document keyed ``column:row``; nulls stay null. With ``consistency: corpus`` in the
    policy, one real entity gets one fake in every cell.
    """
    from simulacra._frames import frame_kind, like, to_polars

    if frame_kind(frame) is None:
        raise TypeError(f"deidentify_frame expects a data frame (polars, pandas or Arrow), got {type(frame).__name__}")
    return like(_deidentify_polars(to_polars(frame), columns, policy=policy, seed=seed), frame)


def _deidentify_polars(
    frame: pl.DataFrame, columns: Sequence[str] | None, *, policy: PolicyLike, seed: int
) -> pl.DataFrame:
    import polars as pl

    from simulacra.errors import DataValidationError, Location, Problem

    cols = list(columns) if columns is not None else [c for c, t in frame.schema.items() if t == pl.String]
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise DataValidationError([Problem(Location(column=c), "no such column") for c in missing])
    engine = _engine(policy, seed)
    out = {}
    for c in cols:
        if frame.schema[c] != pl.String:
            raise DataValidationError([Problem(Location(column=c), f"expected a text column, found {frame.schema[c]}")])
        values = frame[c].to_list()
        idx = [i for i, v in enumerate(values) if v is not None]
        texts = [values[i] for i in idx]
        new = [r.text for r in engine.deidentify_many(texts, keys=[f"{c}:{i}" for i in idx])]
        col = list(values)
        for i, t in zip(idx, new, strict=True):
            col[i] = t
        out[c] = pl.Series(c, col, dtype=pl.String)
    return frame.with_columns(**out) if out else frame.clone()
